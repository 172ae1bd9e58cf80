"""crosswire: compare news coverage of one event across outlets, claim by claim.

The public API::

    import crosswire

    report = crosswire.compare(["a.html", "b.txt", "https://example.org/c"])
    report.to_dict()                      # the v1 report contract
    article = crosswire.read_text("...")  # an article from a string
"""

from __future__ import annotations

import logging

from ._version import __version__
from .api import Limits, Options, analyse_articles, compare, demo_paths, read_inputs
from .document import Article, Attribution, Claim, Removal, Span
from .errors import CrosswireError, InputError
from .ingest import IngestOptions, read, read_text
from .pipeline import Failure, Pipeline, Stage, stage
from .report import Framing, Group, Link, Report, load_schema, validate

__all__ = [
    "Article",
    "Attribution",
    "Claim",
    "CrosswireError",
    "Failure",
    "Framing",
    "Group",
    "IngestOptions",
    "InputError",
    "Limits",
    "Link",
    "Options",
    "Pipeline",
    "Removal",
    "Report",
    "Span",
    "Stage",
    "__version__",
    "analyse_articles",
    "compare",
    "demo_paths",
    "load_schema",
    "read",
    "read_inputs",
    "read_text",
    "stage",
    "validate",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
