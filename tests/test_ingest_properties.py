"""Properties of the readers on generated input: only InputErrors, and offsets that hold."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosswire.clean import clean_article
from crosswire.document import Article, content_hash
from crosswire.errors import EmptyInputError, InputError
from crosswire.ingest import IngestOptions, read_bytes

OPTIONS = IngestOptions(max_bytes=50_000)
KINDS = st.sampled_from([None, "text", "html", "jsonl", "feed"])
WORDS = st.sampled_from(
    [
        "Kim",
        "wept",
        "at",
        "the",
        "ceremony",
        "REUTERS",
        "Most Read",
        "6,000",
        "\u00e9t\u00e9",
        "\u0416",
        "&amp;",
        "&#0;",
        "\u00a0",
        "\ufeff",
        "\r\n",
        "\n",
        "<",
        ">",
        '"',
        "'",
        "\x00",
    ]
)
TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<html>",
        "<body>",
        "<article>",
        "</article>",
        "<br>",
        "<script>",
        "</script>",
        "<title>",
        "</title>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<meta charset='koi8-r'>",
        "<rss>",
        "<channel>",
        "<item>",
        "</item>",
        "<description>",
        "</description>",
        "<?xml version='1.0'?>",
        "<feed>",
        "<entry>",
        "<content type='html'>",
    ]
)
MARKUP = st.lists(st.one_of(WORDS, TAGS), max_size=60).map("".join)
JSON_LINES = st.lists(
    st.one_of(
        st.fixed_dictionaries({"text": st.one_of(st.text(max_size=80), MARKUP)}),
        st.fixed_dictionaries({"html": MARKUP, "title": st.text(max_size=20)}),
        st.dictionaries(
            st.text(max_size=8), st.one_of(st.none(), st.integers(), st.text(max_size=20))
        ),
        st.lists(st.integers(), max_size=3),
    ),
    max_size=5,
).map(lambda records: "\n".join(json.dumps(r) for r in records))


def check(items: list[Article | InputError]) -> None:
    for item in items:
        if isinstance(item, InputError):
            continue
        assert item.raw_text.strip()
        assert item.id == content_hash(item.raw_text)
        try:
            clean_article(item)
        except EmptyInputError:
            continue
        assert all(item.raw_text[item.offset_map[i]] == ch for i, ch in enumerate(item.text))
        item.check_spans()


def read_all(data: bytes, kind: str | None) -> None:
    try:
        items = list(read_bytes(data, source="<generated>", kind=kind, options=OPTIONS))
    except InputError as exc:
        assert exc.source.startswith("<generated>")
        assert exc.reason
        return
    check(items)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.binary(max_size=400), KINDS)
def test_ingest_properties_arbitrary_bytes(data: bytes, kind: str | None) -> None:
    read_all(data, kind)


@SETTINGS
@given(MARKUP, KINDS, st.sampled_from(["utf-8", "utf-16", "cp1252", "koi8-r"]))
def test_ingest_properties_markup(text: str, kind: str | None, encoding: str) -> None:
    read_all(text.encode(encoding, errors="replace"), kind)


@SETTINGS
@given(JSON_LINES)
def test_ingest_properties_jsonl(text: str) -> None:
    read_all(text.encode(), "jsonl")
