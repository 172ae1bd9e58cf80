"""Synthetic NLI pairs made from news sentences parsed by spaCy.

Each generator takes a parsed sentence (a spaCy ``Span``) and a random generator
and returns a hypothesis string, or ``None`` when the edit does not apply:

contradiction  number swap, date swap, entity swap (another entity of the same
               type from the same story), negation inserted or removed, antonym
entailment     clause dropped, attribution stripped ("X said Y" -> "Y"),
               paraphrase templates (number and unit spellings, reordered
               attribution, contractions, synonyms)
neutral        the reverse of a clause drop or an attribution strip (the
               hypothesis adds what the premise does not say); other sentences of
               the same story are paired in ``prepare_data.py``
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from spacy.tokens import Span, Token

Generator = Callable[[Span, random.Random, dict[str, list[str]]], str | None]

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "hundred": 100,
    "thousand": 1000, "dozens": 24, "hundreds": 200, "thousands": 2000,
}
ANTONYMS = {
    "increase": "decrease", "increased": "decreased", "increases": "decreases",
    "rose": "fell", "rise": "fall", "rising": "falling", "risen": "fallen",
    "won": "lost", "win": "lose", "wins": "loses", "winning": "losing",
    "approved": "rejected", "approve": "reject", "accepted": "refused", "accept": "refuse",
    "higher": "lower", "more": "fewer", "most": "fewest", "larger": "smaller",
    "before": "after", "guilty": "innocent", "majority": "minority",
    "support": "oppose", "supports": "opposes", "supported": "opposed",
    "allowed": "banned", "allow": "ban", "legal": "illegal", "open": "closed",
    "opened": "closed", "strong": "weak", "stronger": "weaker", "success": "failure",
    "successful": "unsuccessful", "agreed": "refused", "confirmed": "denied",
    "confirm": "deny", "admitted": "denied", "alive": "dead",
    "passed": "failed", "ally": "enemy", "allies": "enemies", "peace": "war",
    "praised": "criticised", "praise": "criticise", "expanded": "reduced",
    "raised": "cut", "gained": "lost", "gain": "loss", "up": "down",
    "increasing": "decreasing", "entered": "left", "joined": "left",
    "hired": "fired", "released": "detained", "acquitted": "convicted",
    "convicted": "acquitted", "cheaper": "costlier", "positive": "negative",
    "victory": "defeat", "boost": "cut", "started": "ended", "began": "ended",
    "public": "secret", "true": "false", "always": "never",
}
ANTONYMS.update({v: k for k, v in list(ANTONYMS.items()) if v not in ANTONYMS})
SYNONYMS = {
    "said": "stated", "says": "states", "big": "large", "large": "big", "buy": "purchase",
    "bought": "purchased", "began": "started", "begin": "start", "help": "assist",
    "helped": "assisted", "showed": "demonstrated", "about": "approximately",
    "approximately": "about", "nearly": "almost", "almost": "nearly", "people": "individuals",
    "children": "kids", "kids": "children", "told": "informed", "killed": "slain",
    "died": "were killed", "officials": "authorities", "authorities": "officials",
    "government": "administration", "car": "vehicle", "cars": "vehicles", "home": "house",
    "attempt": "try", "tried": "attempted", "quickly": "rapidly", "enough": "sufficient",
    "meeting": "gathering", "answer": "response", "reply": "response", "called": "named",
    "however": "but", "also": "additionally", "doctor": "physician", "doctors": "physicians",
    "rules": "regulations", "law": "legislation", "leader": "head", "chief": "head",
    "percent": "per cent", "per cent": "percent",
}
SAY_VERBS = {
    "say", "tell", "report", "claim", "state", "announce", "add", "note", "confirm",
    "insist", "argue", "warn", "explain", "write", "allege", "suggest", "believe",
    "estimate", "acknowledge", "contend", "maintain", "assert", "testify",
}
UNSAFE_MARKS = {"if", "unless", "until", "whether", "lest", "though", "although", "without"}
NEGATIONS = {"not", "n't", "never", "no"}


def _render(tokens: list[str], spaces: list[str]) -> str:
    text = "".join(t + s for t, s in zip(tokens, spaces, strict=True)).strip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"^\W+", "", text)
    text = re.sub(r"\s*[:;,]+\s*([.!?])$", r"\1", text)
    text = re.sub(r"\s*[:;,]+$", ".", text)
    return text[:1].upper() + text[1:] if text else text


def _replace(sent: Span, start: int, end: int, new: str) -> str:
    """The sentence with tokens ``start:end`` (indices into ``sent``) replaced by ``new``."""
    before = sent[:start].text_with_ws
    after = sent[end:].text_with_ws if end < len(sent) else ""
    ws = sent[end - 1].whitespace_ if end - 1 < len(sent) else ""
    return (before + new + ws + after).strip()


def _match_case(word: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _format_number(value: float, like: str) -> str:
    if value == int(value):
        value = int(value)
        return f"{value:,}" if "," in like else str(value)
    return f"{value:.1f}"


def number_swap(sent: Span, rng: random.Random, _: dict[str, list[str]]) -> str | None:
    cands = [t for t in sent if t.like_num and t.ent_type_ not in {"DATE", "TIME", "ORDINAL"}]
    if not cands:
        return None
    tok = rng.choice(cands)
    raw = tok.text.replace(",", "")
    low = tok.text.lower()
    if low in WORD_NUMBERS:
        others = [w for w in WORD_NUMBERS if WORD_NUMBERS[w] != WORD_NUMBERS[low]]
        new = _match_case(rng.choice(others), tok.text)
    else:
        try:
            value = float(raw)
        except ValueError:
            return None
        if value == 0:
            return None
        factor = rng.choice([2, 3, 0.5, 10, 0.1, 1.5])
        changed = value * factor if rng.random() < 0.6 else value + rng.randint(1, 9)
        if changed == value:
            return None
        new = _format_number(round(changed, 1) if changed != int(changed) else changed, tok.text)
    return _replace(sent, tok.i - sent.start, tok.i - sent.start + 1, new)


def date_swap(sent: Span, rng: random.Random, _: dict[str, list[str]]) -> str | None:
    cands: list[tuple[Token, str]] = []
    for t in sent:
        if t.text in MONTHS:
            cands.append((t, rng.choice([m for m in MONTHS if m != t.text])))
        elif t.text in WEEKDAYS:
            cands.append((t, rng.choice([d for d in WEEKDAYS if d != t.text])))
        elif re.fullmatch(r"(19|20)\d\d", t.text) and t.ent_type_ == "DATE":
            cands.append((t, str(int(t.text) + rng.choice([-3, -2, -1, 1, 2, 3]))))
        elif t.lower_ in {"yesterday", "today", "tomorrow"}:
            alt = {"yesterday": "tomorrow", "today": "last year", "tomorrow": "yesterday"}
            cands.append((t, _match_case(alt[t.lower_], t.text)))
    if not cands:
        return None
    tok, new = rng.choice(cands)
    return _replace(sent, tok.i - sent.start, tok.i - sent.start + 1, new)


def entity_swap(sent: Span, rng: random.Random, story_ents: dict[str, list[str]]) -> str | None:
    ents = [e for e in sent.ents if e.label_ in {"PERSON", "ORG", "GPE", "NORP", "LOC"}]
    rng.shuffle(ents)
    for ent in ents:
        text = ent.text
        others = [
            o for o in story_ents.get(ent.label_, [])
            if o.lower() not in text.lower() and text.lower() not in o.lower()
            and o.split()[-1].lower() != text.split()[-1].lower()
        ]
        if others:
            return _replace(sent, ent.start - sent.start, ent.end - sent.start, rng.choice(others))
    return None


def _root(sent: Span) -> Token:
    return sent.root


def negation(sent: Span, rng: random.Random, _: dict[str, list[str]]) -> str | None:
    root = _root(sent)
    if root.pos_ not in {"VERB", "AUX"}:
        return None
    negs = [c for c in root.children if c.dep_ == "neg"]
    if negs:
        neg = negs[0]
        if neg.lower_ == "n't":
            return None
        if neg.lower_ == "never":
            return _replace(sent, neg.i - sent.start, neg.i - sent.start + 1, "always")
        if neg.lower_ == "no":
            return None
        return _replace(sent, neg.i - sent.start, neg.i - sent.start + 1, "").replace("  ", " ")
    auxes = [c for c in root.children if c.dep_ in {"aux", "auxpass"} and c.i < root.i]
    if auxes:
        aux = auxes[0]
        j = aux.i - sent.start
        return _replace(sent, j, j + 1, aux.text + " not")
    if root.pos_ == "AUX" and root.lemma_ == "be":
        j = root.i - sent.start
        return _replace(sent, j, j + 1, root.text + " not")
    do = {"VBD": "did", "VBZ": "does", "VBP": "do"}.get(root.tag_)
    if do is None or not root.lemma_.isalpha():
        return None
    j = root.i - sent.start
    return _replace(sent, j, j + 1, f"{do} not {root.lemma_}")


def _in_compound(t: Token) -> bool:
    """A token glued to a hyphen ("41-year-old")."""
    doc = t.doc
    before = t.i > 0 and doc[t.i - 1].text == "-" and not doc[t.i - 1].whitespace_
    after = t.i + 1 < len(doc) and doc[t.i + 1].text == "-" and not t.whitespace_
    return before or after


def antonym(sent: Span, rng: random.Random, _: dict[str, list[str]]) -> str | None:
    cands = [
        t for t in sent
        if t.lower_ in ANTONYMS and t.pos_ in {"VERB", "ADJ", "ADV", "NOUN"}
        and not t.ent_type_ and not _in_compound(t)
    ]
    if not cands:
        return None
    tok = rng.choice(cands)
    new = _match_case(ANTONYMS[tok.lower_], tok.text)
    return _replace(sent, tok.i - sent.start, tok.i - sent.start + 1, new)


def _droppable(sent: Span) -> list[Token]:
    out = []
    for t in sent:
        if t.dep_ not in {"advcl", "appos", "relcl", "prep", "acl", "npadvmod"} or t == sent.root:
            continue
        sub = list(t.subtree)
        n = len(sub)
        if n < 2 or n > 0.6 * len(sent) or sub[-1].i - sub[0].i + 1 != n:
            continue
        if any(x.lower_ in UNSAFE_MARKS or x.lower_ in NEGATIONS for x in sub):
            continue
        if t.dep_ == "prep" and t.head.pos_ not in {"VERB", "AUX"}:
            continue
        after = sub[-1].i + 1
        if sub[0].ent_iob_ == "I" or (after < sent.end and sent.doc[after].ent_iob_ == "I"):
            continue
        if t.dep_ == "prep" and t.lower_ in {"of", "without", "except", "instead"}:
            continue
        out.append(t)
    return out


def _drop(sent: Span, tok: Token) -> str:
    sub = list(tok.subtree)
    start, end = sub[0].i - sent.start, sub[-1].i - sent.start + 1
    if start > 0 and sent[start - 1].text == ",":
        start -= 1
    if end < len(sent) and sent[end].text == "," and start > 0 and sent[start].text != ",":
        end += 1
    kept = [t for k, t in enumerate(sent) if not start <= k < end]
    return _render([t.text for t in kept], [t.whitespace_ for t in kept])


def clause_drop(sent: Span, rng: random.Random, _: dict[str, list[str]]) -> str | None:
    cands = _droppable(sent)
    if not cands:
        return None
    out = _drop(sent, rng.choice(cands))
    return out if len(out.split()) >= 4 and out != sent.text.strip() else None


def attribution_content(sent: Span) -> str | None:
    """The reported content of 'X said (that) Y' / 'Y, X said' / 'According to X, Y'."""
    first = sent[0]
    if first.lower_ == "according" and len(sent) > 4:
        commas = [t.i for t in sent if t.text == ","]
        if commas:
            rest = sent[commas[0] - sent.start + 1 :]
            return _render([t.text for t in rest], [t.whitespace_ for t in rest])
    root = sent.root
    if root.lemma_ not in SAY_VERBS:
        return None
    comps = [c for c in root.children if c.dep_ in {"ccomp", "xcomp"} and c.pos_ in {"VERB", "AUX"}]
    if not comps:
        return None
    sub = [t for t in comps[0].subtree if t.dep_ != "mark" or t.head != comps[0]]
    if len(sub) < 4 or any(t.text in {'"', "“", "”"} for t in sub[:1]):
        return None
    raw = "".join(t.text_with_ws for t in sub)
    raw = re.sub(r"\s+", " ", re.sub(r"[\"“”]", " ", raw)).strip()
    text = _render([raw], [""])
    return text.rstrip(",") + ("" if text.endswith((".", "!", "?")) else ".")


def attribution_strip(sent: Span, rng: random.Random, _: dict[str, list[str]]) -> str | None:
    return attribution_content(sent)


def paraphrase(sent: Span, rng: random.Random, _: dict[str, list[str]]) -> str | None:
    text = sent.text.strip()
    options: list[str] = []
    for t in sent:
        key = t.lower_
        if key in SYNONYMS:
            j = t.i - sent.start
            options.append(_replace(sent, j, j + 1, _match_case(SYNONYMS[key], t.text)))
    for pat, rep in (
        (r"\bper cent\b", "percent"), (r"(\d) percent\b", r"\1%"), (r"(\d)%", r"\1 percent"),
        (r"\bdid not\b", "didn't"), (r"\bis not\b", "isn't"), (r"\bwas not\b", "wasn't"),
        (r"\bdo not\b", "don't"), (r"\bU\.S\.", "United States"), (r"\bUnited States\b", "U.S."),
        (r"\bUK\b", "Britain"), (r"\b(\d{1,3}),(\d{3})\b", r"\1\2"),
    ):
        if re.search(pat, text):
            options.append(re.sub(pat, rep, text, count=1))
    for t in sent:
        if t.text.isdigit() and 2 <= int(t.text) <= 10 and t.ent_type_ not in {"DATE", "TIME"}:
            word = {v: k for k, v in WORD_NUMBERS.items() if v <= 10}[int(t.text)]
            j = t.i - sent.start
            options.append(_replace(sent, j, j + 1, word))
    root = sent.root
    subj = [c for c in root.children if c.dep_ == "nsubj"]
    content = attribution_content(sent)
    if content and subj and root.lemma_ == "say" and sent[0].lower_ != "according":
        who = " ".join(t.text for t in subj[0].subtree)
        if who.lower() not in {"he", "she", "they", "it", "i", "we", "you"}:
            options.append(content.rstrip(".") + f", according to {who}.")
    options = [o for o in options if o and o != text]
    return rng.choice(options) if options else None


def neutral_reverse_drop(sent: Span, rng: random.Random, ents: dict[str, list[str]]) -> str | None:
    """Marker generator: the caller swaps premise and hypothesis of a clause drop."""
    return clause_drop(sent, rng, ents)


CONTRADICTION: dict[str, Generator] = {
    "number_swap": number_swap,
    "date_swap": date_swap,
    "entity_swap": entity_swap,
    "negation": negation,
    "antonym": antonym,
}
ENTAILMENT: dict[str, Generator] = {
    "clause_drop": clause_drop,
    "attribution_strip": attribution_strip,
    "paraphrase": paraphrase,
}
