"""Properties of the cleaner on generated text: offsets point at the text, nothing is lost."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosswire.clean import WHITESPACE, clean_article
from crosswire.document import Article
from crosswire.errors import EmptyInputError

BOILERPLATE = [
    "Don't Miss",
    "Most Read",
    "Trending on GB News",
    "REUTERS",
    "LATEST DEVELOPMENTS:",
    "Advertisement",
    "AP Photo/Evan Vucci",
    "(Image: Getty)",
    "Share on Facebook",
    "* * *",
    "Read more: Kim visits a resort",
    "By Jane Doe",
    "Sign up to our newsletter",
]
SENTENCES = [
    "The ceremony took place just days after Kim had opened a new coastal resort.",
    "The ceremony took place just days after Kim had opened a new coastal resort",
    "State media broadcast showed Kim with tears in his eyes, breathing rapidly.",
    "State media broadcast showed Kim with tears in his eyes",
    "Kim at the ceremony (Image: KCNA via REUTERS) in Pyongyang.",
    "\u00a9 AFP Cardinal O'Malley accompanied the Pope in Latin America",
    "Officials said 6,000 troops were killed or wounded.",
]
NOISE = st.text(
    alphabet=st.sampled_from(
        list("ab Z.,:;!?()*-|'\"\u00a9\u00a0\ufeff\t\r\u2019\u201c\u0416\u6f22")
    ),
    max_size=40,
)
LINE = st.one_of(st.sampled_from(BOILERPLATE), st.sampled_from(SENTENCES), NOISE)
TEXT = st.builds(
    lambda lines, seps: "".join(line + sep for line, sep in zip(lines, seps, strict=False)),
    st.lists(LINE, min_size=1, max_size=14),
    st.lists(st.sampled_from(["\n", "\r\n", "\n\n", "  \n"]), min_size=14, max_size=14),
)
BLANK = set(WHITESPACE) | {"\n"}


def check(article: Article) -> None:
    raw, text, offsets = article.raw_text, article.text, article.offset_map
    assert len(offsets) == len(text) + 1
    assert all(raw[offsets[i]] == ch for i, ch in enumerate(text))
    assert all(a < b for a, b in zip(offsets[:-1], offsets[1:-1], strict=False))
    article.check_spans()
    covered = set(offsets[:-1])
    previous_end = -1
    for removal in article.removed:
        assert removal.start >= previous_end, "removals overlap"
        assert raw[removal.start : removal.end] == removal.text
        assert not covered & set(range(removal.start, removal.end)), "a kept character was removed"
        covered.update(range(removal.start, removal.end))
        previous_end = removal.end
    lost = [raw[i] for i in range(len(raw)) if i not in covered and raw[i] not in BLANK]
    assert lost == [], "characters vanished without a removal record"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_clean_properties_offsets_and_removals_account_for_every_character(raw: str) -> None:
    article = Article.from_text(raw, source="<generated>")
    try:
        clean_article(article)
    except EmptyInputError:
        return
    check(article)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_clean_properties_any_text_is_cleaned_or_refused(raw: str) -> None:
    article = Article.from_text(raw, source="<generated>")
    try:
        clean_article(article)
    except EmptyInputError:
        return
    check(article)
