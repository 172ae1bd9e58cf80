"""The public API is exactly what crosswire.__all__ lists, and each name is importable."""

from __future__ import annotations

import crosswire

EXPECTED = {
    "AddressInUseError", "Article", "Attribution", "Claim", "CompareOptions",
    "ConfigurationError", "CrosswireError", "EVAL_TASKS", "Failure", "Framing", "Group",
    "IngestOptions", "InputError", "Limits", "Link", "NoArticleError", "NotFoundError",
    "Options", "OutputError", "Pipeline", "Removal", "Report", "Span", "Stage", "Store",
    "__version__", "analyse_articles", "check_output", "compare", "compare_story",
    "demo_paths", "evaluate", "ingest_sources", "keep_output", "list_stories", "load_schema",
    "open_store", "read", "read_inputs", "read_text", "render_html", "render_markdown",
    "save_report", "stage", "update_stories", "validate", "write_output", "Notice", "Progress",
    "RequestTooLargeError", "StorageError", "article_to_dict", "build_view",
    "configure_report_templates", "read_many", "report_context", "standalone_csp", "warm_up",
}  # fmt: skip


def test_exported_members_are_pinned() -> None:
    assert set(crosswire.__all__) == EXPECTED


def test_exported_members_exist() -> None:
    for name in crosswire.__all__:
        assert getattr(crosswire, name) is not None, name


def test_exported_compare_is_the_function() -> None:
    assert callable(crosswire.compare)
