"""The public API is exactly what crosswire.__all__ lists, and each name is importable."""

from __future__ import annotations

import crosswire

EXPECTED = {
    "Article", "Attribution", "Claim", "CrosswireError", "Failure", "Framing", "Group",
    "IngestOptions", "InputError", "Limits", "Link", "Options", "Pipeline", "Removal", "Report",
    "Span", "Stage", "__version__", "analyse_articles", "compare", "demo_paths", "load_schema",
    "read", "read_inputs", "read_text", "stage", "validate",
}  # fmt: skip


def test_exported_members_are_pinned() -> None:
    assert set(crosswire.__all__) == EXPECTED


def test_exported_members_exist() -> None:
    for name in crosswire.__all__:
        assert getattr(crosswire, name) is not None, name


def test_exported_compare_is_the_function() -> None:
    assert callable(crosswire.compare)
