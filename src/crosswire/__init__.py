"""crosswire: compare news coverage of one event across outlets, claim by claim.

The public API::

    import crosswire

    report = crosswire.compare(["a.html", "b.txt", "https://example.org/c"])
    report.to_dict()                      # the v1 report contract
    article = crosswire.read_text("...")  # an article from a string
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .api import (
    Limits,
    Options,
    Progress,
    analyse_articles,
    check_output,
    compare,
    compare_story,
    demo_paths,
    keep_output,
    read_inputs,
    save_report,
    warm_up,
    write_output,
)
from .document import Article, Attribution, Claim, Removal, Span, article_to_dict
from .errors import (
    AddressInUseError,
    ConfigurationError,
    CrosswireError,
    InputError,
    NoArticleError,
    NotFoundError,
    OutputError,
    RequestTooLargeError,
    StorageError,
)
from .ingest import IngestOptions, read, read_many, read_text
from .pipeline import Failure, Pipeline, Stage, stage
from .report import Framing, Group, Link, Notice, Report, load_schema, validate

if TYPE_CHECKING:
    from .comparison import CompareOptions
    from .corpus import ingest as ingest_sources
    from .eval import TASKS as EVAL_TASKS
    from .eval import evaluate
    from .report.html import (
        configure_report_templates,
        render_html,
        report_context,
        standalone_csp,
    )
    from .report.markdown import render_markdown
    from .report.view import build_view
    from .store import Store, open_store
    from .corpus import list_stories, update_stories

#: names loaded on first use, so that ``import crosswire`` stays light: the store
#: (SQLAlchemy), the HTML report (Jinja) and the evaluations
_LAZY = {
    "CompareOptions": ("crosswire.comparison", "CompareOptions"),
    "EVAL_TASKS": ("crosswire.eval", "TASKS"),
    "Store": ("crosswire.store", "Store"),
    "evaluate": ("crosswire.eval", "evaluate"),
    "ingest_sources": ("crosswire.corpus", "ingest"),
    "list_stories": ("crosswire.corpus", "list_stories"),
    "open_store": ("crosswire.store", "open_store"),
    "build_view": ("crosswire.report.view", "build_view"),
    "configure_report_templates": ("crosswire.report.html", "configure_report_templates"),
    "render_html": ("crosswire.report.html", "render_html"),
    "report_context": ("crosswire.report.html", "report_context"),
    "standalone_csp": ("crosswire.report.html", "standalone_csp"),
    "render_markdown": ("crosswire.report.markdown", "render_markdown"),
    "update_stories": ("crosswire.corpus", "update_stories"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'crosswire' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "EVAL_TASKS",
    "AddressInUseError",
    "Article",
    "Attribution",
    "Claim",
    "CompareOptions",
    "ConfigurationError",
    "CrosswireError",
    "Failure",
    "Framing",
    "Group",
    "IngestOptions",
    "InputError",
    "Limits",
    "Link",
    "NoArticleError",
    "NotFoundError",
    "Notice",
    "Options",
    "OutputError",
    "Pipeline",
    "Progress",
    "Removal",
    "Report",
    "RequestTooLargeError",
    "Span",
    "Stage",
    "StorageError",
    "Store",
    "__version__",
    "analyse_articles",
    "article_to_dict",
    "build_view",
    "check_output",
    "compare",
    "compare_story",
    "configure_report_templates",
    "demo_paths",
    "evaluate",
    "ingest_sources",
    "keep_output",
    "list_stories",
    "load_schema",
    "open_store",
    "read",
    "read_inputs",
    "read_many",
    "read_text",
    "render_html",
    "render_markdown",
    "report_context",
    "save_report",
    "stage",
    "standalone_csp",
    "update_stories",
    "validate",
    "warm_up",
    "write_output",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
