"""Reports: the v1 JSON contract (with its JSON Schema), Markdown and standalone HTML."""

from __future__ import annotations

from .model import (
    SCHEMA_VERSION,
    Framing,
    FramingTerm,
    Group,
    Link,
    Notice,
    Report,
    load_schema,
    validate,
)

__all__ = [
    "SCHEMA_VERSION",
    "Framing",
    "FramingTerm",
    "Group",
    "Link",
    "Notice",
    "Report",
    "load_schema",
    "validate",
]
