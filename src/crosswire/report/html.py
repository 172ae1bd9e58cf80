"""The HTML report: one standalone file, or the body of a page of the web app.

:func:`render_html` writes a single HTML file that needs nothing else: its CSS
and JavaScript are inline, a Content-Security-Policy ``<meta>`` forbids every
request and allows only those two inline blocks (by hash), and what the page
script needs of the report (its claims, groups and shown links, once: see
:func:`~crosswire.report.view.script_data`) travels in a
``<script type="application/json">`` block that the script reads and turns
into DOM nodes with ``textContent`` only. The article texts are on the page
once, marked up; the whole report is the JSON output's business.

Everything an article says is text to this module: Jinja2 escapes it
(autoescape on), the highlighted article bodies are built with
:func:`markupsafe.escape`, links are only drawn for ``http(s)`` URLs, and the
JSON block escapes ``<``, ``>``, ``&`` and U+2028/U+2029 so no article can
close it. A hostile article renders as the text it is.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from .view import (
    RELATION_LABELS,
    STATUS_LABELS,
    STATUS_SYMBOLS,
    ArticleView,
    ReportView,
    Segment,
    attribution_chain,
    build_view,
    loaded_note,
    script_data,
)

__all__ = [
    "asset",
    "configure_report_templates",
    "json_for_script",
    "render_html",
    "report_context",
    "safe_url",
    "standalone_csp",
]

#: Characters that must not appear raw inside a ``<script>`` block.
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def render_html(report: dict[str, Any], *, title: str | None = None) -> str:
    """The report as one standalone HTML document (no external requests).

    ``report`` is the v1 JSON object (``Report.to_dict()`` or a stored
    report); ``title`` defaults to the outlets compared.
    """
    css = asset("report.css")
    js = asset("report.js")
    csp = standalone_csp()
    template = _environment().get_template("standalone.html.j2")
    context = report_context(report, title=title)
    return template.render(
        **context, csp=csp, inline_css=Markup(css), inline_js=Markup(js), standalone=True
    )


def standalone_csp() -> str:
    """The Content-Security-Policy of the standalone report: its own inline code, nothing else."""
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src '{_sha256(asset('report.js'))}'",
            f"style-src '{_sha256(asset('report.css'))}'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def report_context(report: dict[str, Any], *, title: str | None = None) -> dict[str, Any]:
    """What ``report_body.html.j2`` needs: the derived view and the script's JSON data block."""
    view = build_view(report, title=title)
    return {"view": view, "report_json": json_for_script(script_data(view))}


def json_for_script(data: Any) -> Markup:
    """``data`` as JSON that is safe inside a ``<script type="application/json">`` block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _SCRIPT_ESCAPES.items():
        text = text.replace(raw, escaped)
    return Markup(text)


def safe_url(value: Any) -> str | None:
    """``value`` if it is an ``http``/``https`` URL a link may point at, else ``None``."""
    if not isinstance(value, str):
        return None
    stripped = value.strip()
    try:
        parts = urlsplit(stripped)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return stripped
    return None


def asset(name: str) -> str:
    """The text of a bundled report asset (``report.css``, ``report.js``)."""
    return _asset(name)


@cache
def _asset(name: str) -> str:
    return resources.files("crosswire.report").joinpath("templates", name).read_text("utf-8")


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("crosswire.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    configure_report_templates(env)
    return env


def configure_report_templates(env: jinja2.Environment) -> None:
    """Add the filters and helpers the report templates use to ``env`` (the web app's too)."""
    env.filters["safe_url"] = safe_url
    env.filters["status_label"] = lambda s: STATUS_LABELS.get(s, str(s).replace("_", " "))
    env.filters["status_symbol"] = lambda s: STATUS_SYMBOLS.get(s, "")
    env.filters["relation_label"] = lambda k: RELATION_LABELS.get(k, str(k))
    env.filters["chain"] = _chain_text
    env.filters["excerpt"] = _excerpt
    env.filters["loaded_note"] = loaded_note
    env.globals["article_body"] = article_body


def _chain_text(claim: dict[str, Any]) -> str:
    return " → ".join(attribution_chain(claim))


def _excerpt(text: Any, limit: int = 160) -> str:
    value = " ".join(str(text).split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def article_body(view: ReportView, article: ArticleView) -> Markup:
    """An article's clean text with its claims and framing terms marked up.

    Consecutive pieces covered by the same claims make one ``<mark>``; framing
    terms are spans inside it. Every piece of text goes through
    :func:`markupsafe.escape`; the markup around it carries only claim ids
    (escaped), statuses and labels.
    """
    parts: list[str] = []
    for run in _runs(article.segments):
        text = Markup("").join(_term(segment) for segment in run)
        first, last = run[0], run[-1]
        owner = first.owner
        if owner is not None:
            status = view.status.get(owner, "single_source")
            nested = " nested" if len(first.claims) > 1 else ""
            # data-claims names the enclosing claims too, only where there are some
            covering = (
                Markup(' data-claims="{}"').format(" ".join(first.claims))
                if len(first.claims) > 1
                else Markup("")
            )
            if first.anchors:
                text = Markup(
                    '<mark class="claim st-{}{}" data-claim="{}"{} id="{}"'
                    ' tabindex="0" role="button" aria-haspopup="dialog">{}</mark>'
                ).format(status, nested, owner, covering, "claim-" + owner, text)
            else:
                text = Markup('<mark class="claim st-{}{}" data-claim="{}"{}>{}</mark>').format(
                    status, nested, owner, covering, text
                )
        parts.append(text)
        for claim_id in last.endings:
            status = view.status.get(claim_id, "single_source")
            parts.append(
                Markup('<span class="tag st-{}" data-for="{}">{} {}</span>').format(
                    status,
                    claim_id,
                    STATUS_SYMBOLS.get(status, ""),
                    STATUS_LABELS.get(status, status),
                )
            )
    return Markup("").join(parts)


def _runs(segments: list[Segment]) -> list[list[Segment]]:
    """Consecutive segments covered by the same claims (a new run starts at an anchor)."""
    runs: list[list[Segment]] = []
    for segment in segments:
        if runs and runs[-1][-1].claims == segment.claims and not segment.anchors:
            runs[-1].append(segment)
        else:
            runs.append([segment])
    return runs


def _term(segment: Segment) -> Markup:
    text = escape(segment.text)
    term = segment.term
    if term is None:
        return text
    note = "framing of " + str(term["referent"])
    if term["loaded"]:
        note += ": " + loaded_note(term["reasons"])
    css = "term loaded" if term["loaded"] else "term"
    return Markup('<span class="{}" title="{}">{}</span>').format(css, note, text)
