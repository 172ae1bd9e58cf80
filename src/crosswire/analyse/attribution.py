"""The attribution stage: who says what, through which cue, on whose authority.

Assigned layer ``attributions``: one :class:`~crosswire.document.Attribution`
per attribution frame, each with

- ``cue``: the verb ("said", "estimates", "alleges", "has confirmed"'s verb), the
  phrase "According to", a headline's colon or the dash before a signature;
- ``source`` / ``source_span``: the resolved name ("He added" gives the person
  "he" stands for; "Lee" the full name met earlier; "The NIS" the name the
  acronym stands for; "experts, who said" the experts) and the span of the
  source phrase as written;
- ``content``: the reported clause, stretched over the whole quotation when it
  sits in quotation marks (a quote can run over several sentences);
- ``chain``: outermost reporter first. "According to Reuters, citing the NIS"
  gives ``[Reuters, National Intelligence Service ...]``; "Ukrainian officials
  told Lee" gives ``[Rob Lee, Ukrainian officials]`` when Lee is a source met
  earlier or a news outlet; a frame inside another frame's content is nested
  under it;
- ``source_kind``: see :mod:`crosswire.analyse.sources`.

Frames found: "X said/told/noted/estimates/alleges/suggests/reported ... (that)
...", the inverted '"...," X said' and "..., X said, ...", "X said:" followed by
a quotation, '"..." He said.' after a quotation, "according to X", "X, citing
Y", "first reported by X" and other passive agents, "X's comments suggest
...", "experts, who said ...", "with experts suggesting ...", a headline's
"Pence: ..." and a transcript's "PENCE: ...", and a quotation signed "― Name".
Which verbs are cues is decided by the word lists and the cue classifier (see
:mod:`crosswire.analyse.cue_model`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..document import Article, Attribution, Span
from .cue_model import cue_features, load_cue_model
from .lexicon import CUE_LEMMAS, NON_CUE_LEMMAS, REPORTING_LEMMAS, UNNAMED_HEADS
from .logistic import HashedLogistic, hash_features
from .quotes import find_quote_spans
from .sources import SourceResolver, core_span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

__all__ = ["Frame", "extract_attributions", "find_frames"]

_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "parataxis")
_FIRST_PERSON = {"i", "we"}
_OPINION_VERBS = {"think", "believe", "guess", "feel", "hope", "suppose", "know", "mean", "bet"}
_DASHES = {"\u2015", "\u2014", "--", "\u2013"}
_NOT_SOURCES = {
    "update", "note", "watch", "related", "q", "a", "photo", "video", "source", "sources",
    "editor", "correction", "advertisement", "read", "more", "breaking", "exclusive", "opinion",
    "analysis", "live", "tags", "share", "topics", "credit", "developments", "latest", "updates", "warning", "alert", "wrap", "crosstalk", "applause", "laughter",
}  # fmt: skip
_RECIPIENT_VERBS = {"tell", "inform", "assure", "warn", "remind", "brief"}
_CONTENT_PREPS = {"for", "about", "of", "against", "on", "to"}
_NO_PREP_CONTENT = {"say", "tell", "write", "add", "note", "report", "state", "explain", "speak"}
_NO_DOBJ_CONTENT = {"tell", "inform", "assure", "remind", "brief", "ask", "urge", "quote"}
_TRIM = " \t\n,;:\u2014\u2013-"
#: the marks that end a sentence: one between a cue and a quotation parts them
_SENTENCE_END = frozenset(".!?")


@dataclass
class Frame:
    """An attribution frame before its source is resolved (token and character offsets)."""

    cue: tuple[int, int]
    content: tuple[int, int]
    source_head: Token | None = None
    source_range: tuple[int, int] | None = None
    recipient: Token | None = None
    cited: list[Token] = field(default_factory=list)
    features: tuple[str, ...] = ()
    listed: bool = False


def _char_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character range of tokens [start, end)."""
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and (text[end - 1] in _TRIM or text[end - 1] == "."):
        end -= 1
    return start, end


def _subtree_range(token: Token) -> tuple[int, int]:
    """Token range [start, end) of ``token``'s subtree."""
    return token.left_edge.i, token.right_edge.i + 1


def _subject(verb: Token) -> Token | None:
    """The subject of a cue verb, inherited from the verb it hangs on when it has none."""
    token: Token | None = verb
    for _ in range(3):
        if token is None:
            return None
        subjects = [c for c in token.children if c.dep_ in {"nsubj", "csubj"}]
        if subjects:
            # a relative "who" is resolved to its antecedent by the resolver; of two subjects
            # the parse gives one verb ('"Not a decision I wanted," Hannah-Jones told'), the
            # one beside it speaks
            return min(subjects, key=lambda c: abs(c.i - token.i))
        for child in token.children:
            if child.dep_ == "agent":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
        if token.dep_ == "acl" and token.head.pos_ in {"NOUN", "PROPN", "PRON"}:
            # "with some experts suggesting that ...": only a noun that can speak
            speaker = token.head
            if token.tag_ == "VBG" and (
                speaker.pos_ in {"PROPN", "PRON"}
                or speaker.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}
                or speaker.lemma_.lower() in UNNAMED_HEADS
                or speaker.lower_ in UNNAMED_HEADS
            ):
                return speaker
            return None
        if token.dep_ in {"conj", "advcl", "xcomp"} and token.head.pos_ in {"VERB", "AUX"}:
            token = token.head
            continue
        if token.dep_ == "pcomp" and token.head.head.pos_ in {"VERB", "AUX"}:
            token = token.head.head  # "began by saying ...", "after saying ..."
            continue
        if token.dep_ == "ROOT":
            return _person_before(token)
        return None
    return None


def _person_before(verb: Token) -> Token | None:
    """The person named right before a verb the parse gave no subject, with only an
    apposition and commas between: "In a statement issued Thursday, Mark Sheridan, a partner
    with Patton Boggs, said ..." (the parse joins "Sheridan" to "Thursday")."""
    i = verb.i - 1
    sent_start = verb.sent.start
    while i >= sent_start and verb.doc[i].is_punct:
        i -= 1
    if i < sent_start:
        return None
    for ent in verb.doc.ents:
        if ent.label_ != "PERSON" or ent.end > verb.i or ent.start < sent_start:
            continue
        root = ent.root
        between = verb.doc[ent.end : verb.i]
        if all(t.is_punct or root in t.ancestors for t in between) and (
                ent.end - 1 == i or root in verb.doc[i].ancestors):
            return root
    return None


def _content_child(verb: Token) -> Token | None:
    for dep in _CONTENT_DEPS:
        for child in verb.children:
            if child.dep_ != dep:
                continue
            if dep == "dobj" and verb.lemma_ in _NO_DOBJ_CONTENT:
                continue
            return child
    if verb.lemma_ not in _NO_PREP_CONTENT:
        for child in verb.children:
            # "called for reducing the rate", "warned of a crisis", "spoke about the plan"
            if child.dep_ == "prep" and child.lower_ in _CONTENT_PREPS and child.i > verb.i:
                return child
    return _that_clause_after(verb)


def _that_clause_after(verb: Token) -> Token | None:
    """A "that" clause the parse hung on the noun of a phrase after the verb: in "said in a
    statement that Strzok was fired" it reads "that Strzok was fired" as a clause of
    "statement"; it is what was said."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i < verb.i:
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj":
                continue
            for clause in noun.children:
                if clause.dep_ in {"acl", "relcl"} and clause.i > noun.i and any(
                        c.dep_ == "mark" and c.lower_ == "that" and c.i == clause.left_edge.i
                        for c in clause.children):
                    return clause
    return None


def _cited(sent: SpacySpan, after: int) -> list[Token]:
    """Objects of "citing X" in ``sent`` from token ``after`` on."""
    cited: list[Token] = []
    for token in sent:
        if token.i >= after and token.lemma_ == "cite" and token.tag_ == "VBG":
            cited += [c for c in token.children if c.dep_ in {"dobj", "pobj"}]
    return cited


#: the dependencies of a quoted name within a noun phrase or as a verb's object
_NAME_DEPS = frozenset({"dobj", "pobj", "nmod", "compound", "appos", "npadvmod", "dative", "poss"})


class _Finder:
    def __init__(self, doc: Doc, mode: str, cue_model: HashedLogistic | None) -> None:
        self.doc = doc
        self.text = doc.text
        # the quotations in text order (by start, then end), looked up by bisection
        self.quotes = find_quote_spans(doc.text)
        self._starts = [q[0] for q in self.quotes]
        self._longest = max((q[1] - q[0] for q in self.quotes), default=0)
        self._by_end = sorted(self.quotes, key=lambda q: (q[1], q[0]))
        self._ends = [q[1] for q in self._by_end]
        self.mode = mode
        self.cue_model = cue_model

    def in_quote(self, char: int) -> bool:
        low = bisect_right(self._starts, char - self._longest)
        high = bisect_right(self._starts, char)
        return any(self.quotes[k][1] > char for k in range(low, high))

    def stretch(self, start: int, end: int, cue: int) -> tuple[int, int]:
        """Stretch a content range over every quotation it overlaps that does not hold the cue,
        the quotations taken in text order (the range grows as it goes)."""
        # the quotations before the first that can reach ``start`` end at or before it
        k = bisect_right(self._starts, start - self._longest)
        while k < len(self.quotes) and self.quotes[k][0] < end:
            q_start, q_end = self.quotes[k]
            if start < q_end and not q_start <= cue < q_end:
                start, end = min(start, q_start), max(end, q_end)
            k += 1
        return start, end

    def quote_after(self, char: int, limit: int = 4) -> tuple[int, int] | None:
        k = bisect_left(self._starts, char)
        if k < len(self.quotes) and self.quotes[k][0] <= char + limit:
            return self.quotes[k]
        return None

    def quote_before(self, char: int, limit: int = 4) -> tuple[int, int] | None:
        """The first quotation in text order that ends within ``limit`` characters before
        ``char``."""
        low, high = bisect_left(self._ends, char - limit), bisect_right(self._ends, char)
        return min(self._by_end[low:high], default=None)

    def names_a_thing(self, quote: tuple[int, int]) -> bool:
        """Whether a quotation is a name inside a noun phrase (a show, a book, a slogan named:
        'told "CBS This Morning"'), not words someone says: no verb in it, and the words that
        hang on something outside it are nouns' dependents or a verb's object."""
        span = self.doc.char_span(*quote, alignment_mode="expand")
        if span is None:
            return False
        words = [t for t in span if not t.is_punct]
        if not words or any(t.pos_ in {"VERB", "AUX"} for t in words):
            return False
        tops = [t for t in words if not span.start <= t.head.i < span.end]
        return all(t.dep_ in _NAME_DEPS for t in tops)

    def said_after(self, quote: tuple[int, int]) -> bool:
        """Whether a quotation's own sentence goes on with a reporting verb after it
        ('"...," she said'): the words are that verb's content."""
        last = self.doc.char_span(quote[1] - 1, quote[1], alignment_mode="expand")
        if last is None:
            return False
        sent = last[0].sent
        return any(t.lemma_.lower() in REPORTING_LEMMAS and t.pos_ in {"VERB", "AUX"}
                   for t in self.doc[last[0].i + 1 : sent.end])

    def adjacent_quote(self, token: Token, source: Token, sent: SpacySpan) -> tuple[int, int] | None:
        """A quotation right after the cue ("He added: ..."), or right before the cue and its
        source ('"...," said Tim Hess', '"..." He said.')."""
        cue_end = token.idx + len(token.text)
        quote = self.quote_after(cue_end)
        if quote is not None and self.names_a_thing(quote):
            quote = None  # 'told "CBS This Morning"': the name of whom it was told
        if (quote is not None and _SENTENCE_END & set(self.text[cue_end : quote[0]])
                and self.said_after(quote)):
            quote = None  # 'Kline refused. "We have waited," she said': another's words
        if quote is None and self.doc[sent.end - 1].text == ":":
            quote = self.quote_after(sent.end_char, limit=3)
        if quote is None:
            left = min(token.idx, source.left_edge.idx)
            quote = self.quote_before(left, limit=3)
            if quote is None and self.text[sent.start_char : left].strip(_TRIM) == "":
                quote = self.quote_before(sent.start_char)
        return quote

    def according(self, token: Token, sent: SpacySpan) -> Frame | None:
        nxt = token.nbor(1) if token.i + 1 < len(self.doc) else None
        if nxt is None or nxt.lower_ != "to":
            return None
        pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        frame_end = pobj.right_edge.i + 1
        cited = _cited(sent, frame_end)
        for cite in cited:
            frame_end = max(frame_end, cite.head.right_edge.i + 1)
        left = self.text[sent.start_char : token.idx].strip(_TRIM + "\"\u201c")
        if not left:
            start, end = _char_range(self.doc, frame_end, sent.end) if frame_end < sent.end else (0, 0)
        else:
            right_start = self.doc[min(frame_end, sent.end - 1)].idx
            right = self.text[right_start : sent.end_char].strip(_TRIM + ".")
            if len(right) > len(left):
                start, end = right_start, sent.end_char
            else:
                start, end = sent.start_char, token.idx
        start, end = _trim(self.text, start, end)
        if end <= start:
            return None
        return Frame(
            cue=(token.idx, nxt.idx + len(nxt.text)),
            content=self.stretch(start, end, token.idx),
            source_head=pobj,
            source_range=core_span(pobj),
            cited=cited,
        )

    def verb(self, token: Token, sent: SpacySpan) -> Frame | None:
        lemma = token.lemma_.lower()
        listed = lemma in REPORTING_LEMMAS
        if token.pos_ not in {"VERB", "AUX"} or lemma in NON_CUE_LEMMAS:
            return None
        if not listed and self.mode == "lexicon" and lemma not in CUE_LEMMAS:
            return None
        if token.lemma_ == "cite" and token.tag_ == "VBG":
            return None
        source = _subject(token)
        if source is None:
            return None
        if source.lower_ in _FIRST_PERSON | {"you"} and (
            token.lemma_ in _OPINION_VERBS or _content_child(token) is None
        ):
            return None  # "I think ..." hedges the speaker's own words; it attributes nothing
        content: tuple[int, int] | None = None
        child = _content_child(token)
        cue_end = token.idx + len(token.text)
        kind = child.dep_ if child is not None else "none"
        if child is not None and child.dep_ == "dobj":
            # "backs Clinton for president", "showed Kim with tears in his eyes"
            start = child.left_edge.i if child.i > token.i else token.i + 1
            end = token.right_edge.i + 1
            if end > start:
                content = _char_range(self.doc, start, end)
        elif child is not None:
            content = _char_range(self.doc, *_subtree_range(child))
        elif token.dep_ in {"parataxis", "ccomp"} and token.i > token.head.i:
            # '"...," he said': the cue hangs on the quoted clause before it.
            if token.left_edge.i > sent.start:
                content = _char_range(self.doc, sent.start, token.left_edge.i)
        elif token.dep_ == "parataxis" and token.i < token.head.i:
            # "Too often, Mr. Clarke said, the debate is ...": the larger side of the clause.
            head = token.head
            left = (head.left_edge.i, token.left_edge.i)
            right = (token.right_edge.i + 1, head.right_edge.i + 1)
            best = max(left, right, key=lambda r: r[1] - r[0])
            if best[1] > best[0]:
                content = _char_range(self.doc, *best)
        if content is None and token.tag_ == "VBN":
            # "The story was first reported by the BBC", "a report, first published by X, ..."
            patient = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
            if patient is not None:
                content = _char_range(self.doc, *_subtree_range(patient))
                kind = "passive"
            elif token.dep_ == "acl":
                content = _char_range(self.doc, *core_span(token.head))
                kind = "passive-acl"
        if content is None:
            content = self.adjacent_quote(token, source, sent)
            kind = "quote"
        if content is None:
            return None
        start, end = _trim(self.text, *content)
        if end <= start:
            return None
        features: tuple[str, ...] = ()
        if self.mode != "lexicon":
            features = cue_features(token, source, kind, self.in_quote(token.idx))
        if self.mode == "model" and self.cue_model is not None:
            # Always-cue verbs are dropped only where the context makes a cue very unlikely.
            model = self.cue_model
            floor = model.veto if listed else model.threshold
            if model.probability(hash_features(features, model.dims_log2)) < floor:
                return None
        recipient = None
        if token.lemma_ in _RECIPIENT_VERBS:
            recipient = next((c for c in token.children if c.dep_ in {"dobj", "dative"}), None)
        head = source
        return Frame(
            cue=(token.idx, cue_end),
            content=self.stretch(start, end, token.idx),
            source_head=head,
            source_range=core_span(head) if head is not None else None,
            recipient=recipient,
            features=features,
            listed=listed,
            cited=[
                c
                for c in _cited(sent, sent.start)
                if next(iter(c.ancestors), None) is not None
                and any(a in (token, head) for a in c.ancestors)
            ],
        )

    def colon(self, token: Token, sent: SpacySpan) -> Frame | None:
        """A headline's "Pence: Trump was mocking Clinton" (name, colon, what they say)."""
        before = self.doc[sent.start : token.i]
        after = self.doc[token.i + 1 : sent.end]
        if not 1 <= len(before) <= 5 or len(after) < 3 or "\n" in self.text[token.idx : after[-1].idx]:
            return None
        words = [t for t in before if not t.is_punct]
        if not words or any(t.pos_ in {"VERB", "AUX", "NUM"} for t in words):
            return None
        if before.text.isupper() and (len(words) > 2 or words[-1].lower_ in _NOT_SOURCES):
            return None  # "LATEST DEVELOPMENTS:"; a transcript's "PENCE: ..." passes
        head = words[-1] if before.text.isupper() else before.root
        if head.pos_ not in {"PROPN", "NOUN"} and not before.text.isupper():
            return None
        if not words[0].text[:1].isupper():
            return None
        if head.lower_ in _NOT_SOURCES:
            return None
        start, end = _trim(self.text, after[0].idx, after[-1].idx + len(after[-1].text))
        return Frame(
            cue=(token.idx, token.idx + 1),
            content=(start, end),
            source_head=head,
            source_range=(words[0].i, words[-1].i + 1),
        )

    def dash(self, token: Token, sent: SpacySpan) -> Frame | None:
        """'"He represents our greatest shame." ― Sonya Herridge' (a quote signed after a dash)."""
        quote = self.quote_before(token.idx, limit=2)
        if quote is None or token.i + 1 >= len(self.doc):
            return None
        after = [t for t in self.doc[token.i + 1 : min(sent.end + 2, len(self.doc))] if not t.is_space]
        if not after:
            return None
        name = after[0]
        if name.pos_ != "PROPN":
            return None
        head = name
        while head.head.pos_ == "PROPN" and head.head.i > head.i and head.head.i < sent.end:
            head = head.head
        return Frame(
            cue=(token.idx, token.idx + len(token.text)),
            content=quote,
            source_head=head,
            source_range=core_span(head),
        )

    def frames(self) -> list[Frame]:
        found: list[Frame] = []
        for sent in self.doc.sents:
            for token in sent:
                frame = None
                if token.lower_ == "according":
                    frame = self.according(token, sent)
                elif token.text in _DASHES:
                    frame = self.dash(token, sent)
                elif token.pos_ in {"VERB", "AUX"}:
                    frame = self.verb(token, sent)
                elif token.text == ":" and token.i - sent.start <= 5:
                    frame = self.colon(token, sent)
                if frame is not None:
                    found.append(frame)
        return found


def _dedupe(chain: list[str]) -> tuple[str, ...]:
    kept: list[str] = []
    for name in chain:
        if name and (not kept or kept[-1] != name):
            kept.append(name)
    return tuple(kept)


def find_frames(doc: Doc, *, mode: str = "model") -> list[Frame]:
    """Attribution frames in ``doc``, in cue order, before their sources are resolved.

    ``mode``: ``"lexicon"`` takes cue verbs from the word lists only; ``"model"``
    (the default) also takes other verbs the cue classifier accepts in context
    (see :mod:`.cue_model`); ``"open"`` takes every verb with a subject and a
    content, with its classifier features (for training the classifier).
    """
    cue_model = load_cue_model() if mode == "model" else None
    return sorted(_Finder(doc, mode, cue_model).frames(), key=lambda f: f.cue)


def extract_attributions(article: Article, doc: Doc, *, mode: str = "model") -> list[Attribution]:
    """Every attribution frame in ``doc`` (the parse of ``article.text``), in text order."""
    text = article.text
    frames = find_frames(doc, mode=mode)
    resolver = SourceResolver(doc)
    built: list[Attribution] = []
    open_contents: list[Attribution] = []
    for frame in frames:
        source: str | None = None
        source_span: Span | None = None
        kind = ""
        chain: list[str] = []
        if frame.source_head is not None and frame.source_range is not None:
            resolved = resolver.resolve(frame.source_head, *frame.source_range)
            s_start, s_end = _char_range(doc, *frame.source_range)
            source_span = Span(s_start, s_end, text[s_start:s_end])
            source, kind = resolved.name, resolved.kind
            if frame.recipient is not None:
                recipient = resolver.name_of(frame.recipient)
                if resolver.named_earlier(recipient) or _is_outlet(recipient):
                    chain.append(recipient)
            chain.append(source)
            chain += [resolver.name_of(cited) for cited in frame.cited]
        content = Span(frame.content[0], frame.content[1], text[frame.content[0] : frame.content[1]])
        cue = Span(frame.cue[0], frame.cue[1], text[frame.cue[0] : frame.cue[1]])
        # Nest under the innermost earlier frame whose content holds this cue. Cues come
        # in text order, so a content that ends before this cue holds no later one either:
        # only the contents still open are looked at.
        open_contents = [a for a in open_contents if a.content is not None
                         and cue.start < a.content.end]
        outer = [a for a in open_contents if a.content is not None
                 and a.content.start <= cue.start]
        if outer:
            chain = list(outer[-1].chain) + chain
        attribution = Attribution(
            source=source,
            cue=cue,
            content=content,
            source_span=source_span,
            chain=_dedupe(chain),
            source_kind=kind,
        )
        built.append(attribution)
        open_contents.append(attribution)
    return built


def _is_outlet(name: str) -> bool:
    from .lexicon import NEWS_OUTLET_WORDS

    return bool(set(name.lower().split()) & NEWS_OUTLET_WORDS) and name[:1].isupper()
