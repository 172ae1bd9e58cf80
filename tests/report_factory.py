"""Hand-written report dicts (the v1 contract) for the report and web tests.

:func:`make_report` writes a small but complete comparison of two articles
about the seed event: claims found by their text (so offsets always match),
an attribution frame nesting the claim it wraps, links with reasons, groups of
every status, framing terms with spans, and the cleaner's removals.
:func:`hostile_article` adds a third article whose text tries every way to run
a script: tags, event-handler attributes, ``javascript:`` links, a closing
``</script>`` and the line separators that end a JavaScript string.
"""

from __future__ import annotations

from typing import Any

from crosswire.report import validate

GB_RAW = (
    "Don't Miss\n"
    "Most Read\n"
    "North Korea's leader Kim Jong-un was visibly emotional during a ceremony commemorating "
    "soldiers who perished while fighting for Russia in Ukraine.\n"
    "The 41-year-old was filmed kneeling beside a coffin wrapped in the North Korean flag.\n"
    "REUTERS\n"
    "The British Ministry of Defence estimates approximately 6,000 North Korean troops have been "
    "killed or wounded in the Kursk region.\n"
    "North Korean forces were deployed to Kursk to assist Moscow after Russia's invasion was "
    "met by Ukrainian forces.\n"
    "The dictator appeared to weep as he viewed battlefield footage.\n"
)
GB_REMOVED = ["Don't Miss\n", "Most Read\n", "REUTERS\n"]

OTHER_TEXT = (
    "North Korean leader Kim Jong-un delivered a deeply emotional tribute to North Korean "
    "soldiers who perished in the Ukraine conflict.\n"
    "Kim was seen placing his hand on a North Korean flag draped over a grave.\n"
    "According to Reuters, citing the National Intelligence Service of South Korea (NIS), North "
    "Korea may deploy additional troops to Russia in July or August.\n"
    "Military expert Evgeny Mikhaylov has speculated that troops could follow the recent "
    "liberation of the Kursk region by Russian forces.\n"
)

HOSTILE_TEXT = (
    'Breaking: <script>window.__pwned = "script tag"; alert(1)</script> officials said.\n'
    "An image <img src=x onerror=\"window.__pwned = 'onerror'\"> was shown to reporters.\n"
    "Read more <a href=\"javascript:window.__pwned = 'link'\">here</a> and "
    "</script><script>window.__pwned = 'breakout'</script> too.\n"
    "A line separator \u2028 and a paragraph separator \u2029 sit in this sentence.\n"
    'Styles <style>body{display:none}</style> and <iframe src="https://evil.example/"></iframe> '
    "and {{ 7*7 }} stay text.\n"
)


def _clean(raw: str, removed: list[str]) -> tuple[str, list[dict[str, Any]]]:
    """Remove whole lines of ``raw``; returns the clean text and the removals."""
    removals = []
    kept = []
    offset = 0
    for line in raw.splitlines(keepends=True):
        if line in removed:
            reason = "credit line" if line.strip().isupper() else "boilerplate line"
            removals.append(
                {"start": offset, "end": offset + len(line), "text": line, "reason": reason}
            )
        else:
            kept.append(line)
        offset += len(line)
    return "".join(kept), removals


def _span(text: str, needle: str) -> dict[str, Any]:
    start = text.index(needle)
    return {"start": start, "end": start + len(needle), "text": needle}


def _claim(
    cid: str,
    article: str,
    text: str,
    needle: str,
    *,
    certainty: str = "asserted",
    cue: str | None = None,
    source: str | None = None,
    chain: tuple[str, ...] = (),
    attribution_cue: str | None = None,
) -> dict[str, Any]:
    span = _span(text, needle)
    attribution = None
    if source is not None:
        attribution = {
            "source": source,
            "cue": attribution_cue,
            "chain": list(chain),
            "source_kind": "organisation",
            "source_span": _span(text, source) if source in text else None,
            "cue_span": _span(text, attribution_cue) if attribution_cue else None,
            "content_span": None,
        }
    cue_span = None
    if cue is not None:
        cue_start = text.index(cue, span["start"])
        cue_span = {"start": cue_start, "end": cue_start + len(cue), "text": cue}
    return {
        "id": cid,
        "article": article,
        **span,
        "attribution": attribution,
        "certainty": certainty,
        "certainty_cue": cue_span,
        "checkworthiness": 0.7,
        "kind": "fact",
    }


def make_report(*, hostile: bool = False) -> dict[str, Any]:
    """A valid v1 report of two seed-like articles (and a hostile third one if asked)."""
    gb_text, gb_removed = _clean(GB_RAW, GB_REMOVED)
    gb, other = "a1b2c3d4e5f60718", "f0e1d2c3b4a59687"
    articles = [
        {
            "id": gb,
            "source": "000_84ebddc1e97f28c0.txt",
            "title": "Kim Jong-un weeps at ceremony",
            "outlet": "GB News",
            "url": "https://www.gbnews.com/news/kim",
            "author": None,
            "published": "2025-06-30",
            "text": gb_text,
            "raw_text": GB_RAW,
            "removed": gb_removed,
        },
        {
            "id": other,
            "source": "004_eea8d92375387218.txt",
            "title": None,
            "outlet": None,
            "url": None,
            "author": None,
            "published": None,
            "text": OTHER_TEXT,
            "raw_text": OTHER_TEXT,
            "removed": [],
        },
    ]
    claims = [
        _claim(
            "c1",
            gb,
            gb_text,
            "North Korea's leader Kim Jong-un was visibly emotional during a "
            "ceremony commemorating soldiers who perished while fighting for Russia in Ukraine.",
        ),
        _claim(
            "c2",
            gb,
            gb_text,
            "The 41-year-old was filmed kneeling beside a coffin wrapped in the North Korean flag.",
        ),
        _claim(
            "c3",
            gb,
            gb_text,
            "approximately 6,000 North Korean troops have been killed or "
            "wounded in the Kursk region",
            certainty="reported",
            source="British Ministry of Defence",
            chain=("British Ministry of Defence",),
            attribution_cue="estimates",
        ),
        _claim(
            "c4",
            gb,
            gb_text,
            "The dictator appeared to weep as he viewed battlefield footage.",
            certainty="hedged",
            cue="appeared",
        ),
        _claim(
            "c5",
            other,
            OTHER_TEXT,
            "North Korean leader Kim Jong-un delivered a deeply "
            "emotional tribute to North Korean soldiers who perished in the Ukraine conflict.",
        ),
        _claim(
            "c6",
            other,
            OTHER_TEXT,
            "Kim was seen placing his hand on a North Korean flag draped over a grave.",
        ),
        # An attribution frame and the claim it wraps: c7 nests c8.
        _claim(
            "c7",
            other,
            OTHER_TEXT,
            "According to Reuters, citing the National Intelligence "
            "Service of South Korea (NIS), North Korea may deploy additional troops to Russia "
            "in July or August.",
            certainty="hedged",
            cue="may",
            source="Reuters",
            chain=("Reuters", "NIS"),
            attribution_cue="According to",
        ),
        _claim(
            "c8",
            other,
            OTHER_TEXT,
            "North Korea may deploy additional troops to Russia in July or August",
            certainty="hedged",
            cue="may",
            source="NIS",
            chain=("Reuters", "NIS"),
            attribution_cue="citing",
        ),
        _claim(
            "c9",
            other,
            OTHER_TEXT,
            "troops could follow the recent liberation of the Kursk region by Russian forces",
            certainty="speculative",
            cue="could",
            source="Evgeny Mikhaylov",
            chain=("Evgeny Mikhaylov",),
            attribution_cue="has speculated",
        ),
    ]
    links = [
        {
            "a": "c1",
            "b": "c5",
            "relation": "corroborates",
            "score": 0.91,
            "reasons": [
                "same event: Kim emotional at a ceremony for soldiers killed for Russia",
                "entailment 0.91",
            ],
        },
        {
            "a": "c2",
            "b": "c6",
            "relation": "contradicts",
            "score": 0.77,
            "reasons": [
                'place differs: "coffin" vs "grave"',
                'action differs: "kneeling beside" vs "placing his hand on"',
            ],
        },
    ]
    groups = [
        {"id": "g1", "claims": ["c1", "c5"], "status": "corroborated", "independent_sources": 2},
        {"id": "g2", "claims": ["c2", "c6"], "status": "contested", "independent_sources": 2},
        {"id": "g3", "claims": ["c3"], "status": "single_source", "independent_sources": 1},
        {"id": "g4", "claims": ["c7", "c8"], "status": "single_source", "independent_sources": 1},
    ]
    framing = [
        {
            "referent": "the Kursk offensive",
            "terms": {
                gb: [{**_span(gb_text, "Russia's invasion"), "loaded": False}],
                other: [
                    {
                        **_span(OTHER_TEXT, "liberation of the Kursk region"),
                        "loaded": True,
                        "reasons": ["Kremlin term for the occupation"],
                    }
                ],
            },
        },
        {
            "referent": "Kim Jong-un",
            "terms": {
                gb: [_span(gb_text, "The dictator")],
                other: ["North Korean leader"],
            },
        },
    ]
    report: dict[str, Any] = {
        "schema_version": "1",
        "generator": "crosswire 0.1.0",
        "created": "2026-11-22T18:00:00+00:00",
        "articles": articles,
        "claims": claims,
        "links": links,
        "groups": groups,
        "framing": framing,
        "failures": [{"source": "missing.html", "reason": "file not found", "stage": "ingest"}],
    }
    if hostile:
        add_hostile_article(report)
    validate(report)
    return report


def hostile_article(article_id: str = "badbadbadbadbad0") -> dict[str, Any]:
    """An article whose text and metadata try to run scripts in a report."""
    return {
        "id": article_id,
        "source": "<img src=x onerror=\"window.__pwned='source'\">.html",
        "title": "<script>window.__pwned = 'title'</script>",
        "outlet": "Evil <b onmouseover=\"window.__pwned='outlet'\">Outlet</b>",
        "url": "javascript:window.__pwned='url'",
        "author": "\"><script>window.__pwned='author'</script>",
        "published": None,
        "text": HOSTILE_TEXT,
        "raw_text": "<script>window.__pwned='raw'</script>\n" + HOSTILE_TEXT,
        "removed": [
            {
                "start": 0,
                "end": 39,
                "text": "<script>window.__pwned='raw'</script>\n",
                "reason": "<b onclick=\"window.__pwned='reason'\">script</b>",
            }
        ],
    }


def add_hostile_article(report: dict[str, Any]) -> dict[str, Any]:
    """Add :func:`hostile_article` to ``report``, with claims, a link and framing on it."""
    article = hostile_article()
    text = article["text"]
    report["articles"].append(article)
    first = report["claims"][0]["id"]
    report["claims"] += [
        _claim(
            "h1",
            article["id"],
            text,
            'Breaking: <script>window.__pwned = "script tag"; alert(1)</script> officials said.',
            certainty="reported",
            source="<script>window.__pwned='source'</script>",
            chain=("<img src=x onerror=\"window.__pwned='chain'\">",),
        ),
        _claim("h2", article["id"], text, "</script><script>window.__pwned = 'breakout'</script>"),
        _claim(
            "h3",
            article["id"],
            text,
            "A line separator \u2028 and a paragraph separator \u2029 sit in this sentence.",
        ),
    ]
    report["links"].append(
        {
            "a": first,
            "b": "h1",
            "relation": "related",
            "score": 0.4,
            "reasons": ["<script>window.__pwned='reason'</script>"],
        }
    )
    report["groups"].append(
        {
            "id": "<script>g</script>",
            "claims": ["h1", "h2", "h3"],
            "status": "single_source",
            "independent_sources": 1,
        }
    )
    report["framing"].append(
        {
            "referent": "<svg onload=\"window.__pwned='referent'\">",
            "terms": {
                article["id"]: [
                    {**_span(text, "officials"), "loaded": True, "reasons": ["<script>x</script>"]}
                ]
            },
        }
    )
    return report
