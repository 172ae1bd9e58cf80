"""The claims stage: atomic claims, each wrapped in the attribution frame that reports it.

Assigned layer ``claims``: :class:`~crosswire.document.Claim` objects with ids
``f"{article.id}:c{n}"`` numbered in text order, so the same text always gets
the same ids. Per sentence:

- an attribution that reports speech, writing or belief (see
  :func:`reports_speech`) whose cue is in the sentence makes one claim spanning its
  source, cue and content inside the sentence ("The British Ministry of Defence
  estimates approximately 6,000 ..."); a frame nested in another frame's content
  in the same sentence is part of that claim, not a claim of its own;
- a sentence inside the content of a frame that started earlier (a quotation
  running over several sentences) is a claim with that frame's attribution;
- any other sentence is split into its coordinated main clauses when each has
  its own subject ("Kim wept and the crowd applauded" is two claims), and each
  clause is a claim without attribution.

Fragments without a verb or shorter than four words (headings, captions,
"LATEST DEVELOPMENTS:") make no claim. Certainty, kind and check-worthiness are
set by the stages that follow (:mod:`.certainty`, :mod:`.checkworthiness`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..document import Article, Attribution, Claim, Span
from ..ranges import RangeIndex
from .lexicon import REPORTING_LEMMAS, SPEECH_LEMMAS

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

__all__ = ["FINITE", "segment_claims"]

MIN_WORDS = 4
_SPEECH = SPEECH_LEMMAS | REPORTING_LEMMAS
_EDGE = " \t\n,;:\u2014\u2013-"


def _inside(attribution: Attribution, start: int) -> bool:
    content = attribution.content
    return content is not None and content.start <= start < content.end


def _has_verb(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.pos_ in {"VERB", "AUX"} for t in span)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _clauses(sent: SpacySpan) -> list[tuple[int, int]]:
    """Character ranges of the coordinated main clauses of a sentence."""
    root = sent.root
    cuts: list[int] = []
    for child in root.children:
        if child.dep_ != "conj" or child.pos_ not in {"VERB", "AUX"}:
            continue
        if not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in child.children):
            continue
        cut = child.left_edge
        # Start the second clause at its coordinator ("but", "and") when there is one.
        previous = sent.doc[cut.i - 1] if cut.i > sent.start else None
        if previous is not None and previous.dep_ == "cc" and previous.head == root:
            cut = previous
        cuts.append(cut.idx)
    for token in sent:
        if token.text == ";" and token.head == root:
            cuts.append(token.idx + 1)
    bounds = [sent.start_char, *sorted(set(cuts)), sent.end_char]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


#: Penn tags of finite verbs: a stretch of words with one of them states something
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _rest(sent: SpacySpan, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of a sentence outside ``taken`` that hold a finite verb of their own."""
    free = [t for t in sent if not any(a <= t.idx < b for a, b in taken)]
    stretches: list[list[SpacySpan]] = []
    for token in free:
        if stretches and stretches[-1][-1].i == token.i - 1:
            stretches[-1].append(token)
        else:
            stretches.append([token])
    found = []
    for stretch in stretches:
        words = [t for t in stretch if t.is_alpha]
        if len(words) >= MIN_WORDS and any(t.tag_ in FINITE for t in stretch):
            found.append((stretch[0].idx, stretch[-1].idx + len(stretch[-1].text)))
    return found


def _figures_after(sent: SpacySpan, end: int, s_end: int) -> int:
    """``s_end`` when what follows a frame to the sentence's end is figures without a verb of
    their own (", 46 percent to 44 percent": what the frame's content reports, in numbers),
    else ``end``."""
    tail = [t for t in sent if end <= t.idx < s_end and not t.is_punct]
    if tail and any(t.like_num for t in tail) and not any(t.pos_ in {"VERB", "AUX"} for t in tail):
        return s_end
    return end


def reports_speech(attribution: Attribution, doc: Doc) -> bool:
    """Whether a frame reports what its source says, writes or believes, and so wraps a claim.

    The attribution layer also holds stance and action frames ("The president is
    doubling down on ...", "Trump decided to ...") that PolNeAR counts as
    attributions; a claim they hold is the article's own, not reported.
    """
    cue = attribution.cue
    if cue is None or not attribution.source:
        return False
    if cue.text.lower() == "according to" or not cue.text[:1].isalpha():
        return True  # "according to X", a headline's "X:", a quote signed "― X"
    span = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    return span is not None and span.root.lemma_.lower() in _SPEECH


def segment_claims(article: Article, doc: Doc) -> list[Claim]:
    """The atomic claims of an article (see the module docstring), without certainty or scores."""
    text = article.text
    attributions = [a for a in article.attributions if reports_speech(a, doc)]
    # each sentence asks for the frames whose cue it holds and those whose content covers
    # its ends: indexed by position, not scanned, so long articles stay linear
    cues = RangeIndex(attributions, lambda a: (a.cue.start, a.cue.start + 1) if a.cue else None)
    numbered = list(enumerate(attributions))
    contents = RangeIndex(
        numbered, lambda n: (n[1].content.start, n[1].content.end) if n[1].content else None
    )
    ranges: list[tuple[int, int, Attribution | None]] = []
    for sent in doc.sents:
        s_start, s_end = _trim(text, sent.start_char, sent.end_char)
        if s_end <= s_start:
            continue
        framed = cues.inside(s_start, s_end)
        outer = [
            a
            for a in framed
            if not any(b is not a and a.cue is not None and _inside(b, a.cue.start) for b in framed)
        ]
        if outer:
            framed_ranges = []
            for attribution in outer:
                parts = [attribution.cue, attribution.content, attribution.source_span]
                start = max(s_start, min(p.start for p in parts if p is not None))
                end = min(s_end, max(p.end for p in parts if p is not None))
                end = _figures_after(sent, end, s_end)
                framed_ranges.append(_trim(text, start, end))
                ranges.append((*framed_ranges[-1], attribution))
            # what the frames leave of the sentence is a claim of its own when it states
            # something ("Officials have certified X, but critics have demanded Y")
            for r_start, r_end in _rest(sent, framed_ranges):
                ranges.append((*_trim(text, r_start, r_end), None))
            continue
        covering = contents.holding(s_start) + contents.holding(s_end - 1)
        if covering:
            ranges.append((s_start, s_end, max(covering, key=lambda n: n[0])[1]))
            continue
        for c_start, c_end in _clauses(sent):
            ranges.append((*_trim(text, c_start, c_end), None))
    claims: list[Claim] = []
    seen: set[tuple[int, int]] = set()
    for start, end, attribution in sorted(ranges, key=lambda r: (r[0], r[1])):
        if (start, end) in seen or len(text[start:end].split()) < MIN_WORDS:
            continue
        if not _has_verb(doc, start, end):
            continue
        seen.add((start, end))
        claims.append(
            Claim(
                id=f"{article.id}:c{len(claims) + 1}",
                span=Span(start, end, text[start:end]),
                attribution=attribution,
                certainty="reported" if attribution is not None else "asserted",
            )
        )
    return claims
