"""The cleaner: removes what a scraper kept that is not the article, and logs every cut.

Scraped text carries navigation ("Don't Miss", "Most Read", "Trending on GB
News"), teasers and links to other stories ("Read more: ..."), promotions
("Sign up to our newsletter"), share buttons, section labels ("LATEST
DEVELOPMENTS:"), photo and reporting credits ("REUTERS", "AP Photo/Evan
Vucci", "(Image: Getty)", "Reporting by ..."), the headline repeated at the top
of the body, and photo captions or teasers that repeat a sentence of the body.

:func:`clean_article` works line by line on ``article.raw_text``:

1. each line is matched against the boilerplate rules below; a rule only ever
   matches a line as a whole (or a credit in parentheses inside a line), and
   only a short one, so a sentence of the article is never taken for boilerplate;
2. a line that repeats the article's title is dropped (the title stays in
   ``article.title``), unless that title was read off the text's own first
   line (``article.meta["title_source"] == "text"``);
3. of two lines where one repeats the other word for word (a caption repeating
   a body sentence without its final period, a teaser cut short), the fuller
   one is kept, once; the other is dropped. A line that differs by a number, a
   name, a negation or any other word is another claim and stays (see
   :func:`is_repeat`).

Every cut is a :class:`~crosswire.document.Removal` with offsets into
``raw_text`` and a reason, one of :data:`REASONS`. The clean text is the kept
lines, each stripped of surrounding whitespace, joined by ``"\\n"`` (blank lines
and surrounding whitespace are not logged as removals); ``article.offset_map``
maps each of its characters back to ``raw_text``, so that
``raw_text[offset_map[i]] == text[i]`` for every ``i``.

Assigned attributes (stage ``"clean"``):

===============  ==========================================================
``text``         the clean text
``offset_map``   clean offset -> raw offset (``len(text) + 1`` entries)
``removed``      the :class:`~crosswire.document.Removal` list, in raw order
===============  ==========================================================
"""

from __future__ import annotations

import logging
import re
import sys
from array import array
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import repeat

import numpy as np

from .document import Article, OffsetMap, Removal
from .errors import EmptyInputError
from .number_words import CARDINALS, ORDINALS, SCALES
from .pipeline import Stage, stage

__all__ = [
    "WHITESPACE",
    "CleanOptions",
    "classify_line",
    "clean_article",
    "clean_stage",
    "is_repeat",
    "tokens",
]

logger = logging.getLogger(__name__)

#: Why a stretch of text was removed.
REASONS: dict[str, str] = {
    "navigation": "site navigation or a list heading (Don't Miss, Most Read, Trending on ...)",
    "related link": "a link or teaser to another story (Read more: ..., Related: ...)",
    "promotion": "a newsletter, subscription, app or social-media call to action",
    "share buttons": "share and social-media buttons",
    "section label": "an all-capitals section label ending with a colon",
    "photo credit": "a photo or video credit (REUTERS, Getty Images, (Image: ...))",
    "copyright": "a copyright notice",
    "reporting credit": "a credit line (Reporting by ..., ... contributed to this report)",
    "byline": "a byline (By Jane Doe)",
    "timestamp": "a publication or update time on its own line",
    "tags": "a list of tags or categories",
    "separator": "a decorative rule (*** or ---- or |---|---|)",
    "title": "the headline repeated in the body (kept in the article's title)",
    "duplicate": "a caption or teaser that repeats a fuller line kept elsewhere",
}


@dataclass(frozen=True, kw_only=True)
class CleanOptions:
    """What the cleaner removes.

    ``boilerplate``
        navigation, related links, promotions, share buttons, section labels,
        credits, bylines, timestamps, tags and separators (the line rules);
    ``title``
        a line that repeats the article's title;
    ``duplicates``
        a line that repeats a fuller line kept elsewhere;
    ``min_duplicate_words``
        the shortest line (in words) that can count as a repeat;
    ``duplicate_overlap``
        the share of a line's words that must be identical in the fuller line
        (the others may only be spelling variants);
    ``disabled_reasons``
        reasons (keys of :data:`REASONS`) whose removals are not made.
    """

    boilerplate: bool = True
    title: bool = True
    duplicates: bool = True
    min_duplicate_words: int = 6
    duplicate_overlap: float = 0.9
    disabled_reasons: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.min_duplicate_words < 1:
            raise ValueError(f"min_duplicate_words must be >= 1, not {self.min_duplicate_words}")
        if not 0.5 <= self.duplicate_overlap <= 1.0:
            raise ValueError(
                f"duplicate_overlap must lie in [0.5, 1], not {self.duplicate_overlap}"
            )
        unknown = set(self.disabled_reasons) - set(REASONS)
        if unknown:
            raise ValueError(f"unknown removal reasons: {', '.join(sorted(unknown))}")


# --- words and overlap -------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def tokens(text: str) -> list[str]:
    """The lower-cased words of a text."""
    return _WORD.findall(text.lower())


#: words that name a number: two lines that differ in one of them say different things
_NUMBER_WORDS = frozenset({*CARDINALS, *SCALES, *(f"{word}s" for word in SCALES), *ORDINALS,
                           "dozen", "dozens", "half", "quarter"})


def _spelt_alike(mine: str, theirs: str) -> bool:
    """Two spellings of one word ("whilst" / "while", "defence" / "defense")."""
    if mine == theirs:
        return True
    if any(c.isdigit() for c in mine + theirs) or {mine, theirs} & _NUMBER_WORDS:
        return False
    prefix = 0
    for a, b in zip(mine, theirs, strict=False):
        if a != b:
            break
        prefix += 1
    return prefix >= 3 and SequenceMatcher(None, mine, theirs).ratio() >= 0.7


def is_repeat(part: list[str], whole: list[str], *, overlap: float = 0.9) -> bool:
    """Whether ``part`` occurs in ``whole`` word for word, up to spelling variants.

    ``whole`` may carry words before and after ``part`` (the rest of a fuller
    sentence) but none inside it, and ``part`` may differ only by single words
    spelt alike ("whilst" / "while": same first letters, mostly the same
    letters, not numbers), at most ``1 - overlap`` of its words. A
    word left out, a word added, a changed number or a different word
    ("ten" / "twenty") makes another sentence, not a repeat.
    """
    if not part or len(part) > len(whole):
        return False
    ops = SequenceMatcher(None, part, whole, autojunk=False).get_opcodes()
    while ops and ops[0][0] == "insert":
        ops.pop(0)
    while ops and ops[-1][0] == "insert":
        ops.pop()
    changed = 0
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        if tag != "replace" or i2 - i1 != j2 - j1:
            return False
        for mine, theirs in zip(part[i1:i2], whole[j1:j2], strict=True):
            if not _spelt_alike(mine, theirs):
                return False
        changed += i2 - i1
    return changed <= (1 - overlap) * len(part) + 1e-9


# --- the line rules ----------------------------------------------------------------------------

_NAVIGATION = frozenset(
    item.strip()
    for item in """
    don't miss|do not miss|dont miss|most read|most popular|most viewed|most shared|most commented
    trending|trending now|trending stories|trending news|latest|latest news|latest stories
    latest videos|top stories|top news|related|related articles|related stories|related content
    related news|related posts|related topics|related video|related videos|more stories|more news
    more|also|see also|see more|you may also like|you might also like|you may like|recommended
    recommended for you|recommended stories|read more|read next|read also|also read
    continue reading|keep reading|show more|load more|more on this story|more on this topic
    advertisement|advertisements|advert|ad|ads|sponsored|sponsored content|sponsored links
    promoted|promoted content|paid content|partner content|skip advertisement
    story continues below advertisement|article continues below advertisement
    article continues below|story continues below|content continues below
    scroll to continue with content|continue reading below|comments|comment|view comments
    show comments|leave a comment|add a comment|post a comment|join the conversation
    sign up|subscribe|subscribe now|log in|login|sign in|register|menu|home|search|close
    back to top|print|print this article|copy link|copy url|link copied|tell us what you think
    listen|listen to this article|listen to article|watch|watch now|watch video|watch live|video
    view gallery|view image|view images|gallery|enlarge|click to enlarge|click to tweet
    live|live updates|breaking|breaking news|newsletter|follow|follow us|next|previous
    next article|previous article|next story|cookie policy|privacy policy|terms of use
    terms and conditions|all rights reserved|open in app|get the app|download the app
    full screen|fullscreen|loading|please enable javascript|report an error
    report a correction|editor's picks|editors' picks|editor's choice|featured|in pictures
    in photos|more videos|up next|advertising|sponsored stories|promoted stories
    """.replace("\n", "|").split("|")
    if item.strip()
)

_COUNTER = re.compile(r"^\d[\d,.]*k? (?:comments?|shares?|views?|reactions?|replies)$")

_SHARE_WORDS = frozenset(
    """share shares sharing facebook twitter x whatsapp email e mail print linkedin pinterest
    reddit copy link comments comment tweet messenger telegram flipboard save tumblr pocket sms
    on this article story via mastodon bluesky threads instagram youtube tiktok snapchat
    google gmail vk weibo wechat url""".split()
)
_SHARE_CORE = frozenset(
    """share facebook twitter whatsapp linkedin pinterest reddit tweet messenger telegram
    flipboard email tumblr""".split()
)

_NAV_ON = re.compile(
    r"^(?:trending|most read|most popular|most viewed|most shared|latest|popular|top stories|"
    r"more stories|more news|breaking news|more) (?:on|from|at|in) [\w .&'-]{1,40}$"
)
_ALSO_ON = re.compile(r"^also on [\w-]+\.[a-z]{2,}\b")
_RELATED = re.compile(
    r"^\[?(?:read more|read also|also read|read next|related|related posts?|related articles?|"
    r"related stor(?:y|ies)|related content|related coverage|see more|see also|more|also|"
    r"recommended|recommended reading|don't miss|dont miss|most read|watch|watch now|listen|"
    r"in pictures|pictures|video|explore more|more on this|editor's pick|you may also like|"
    r"you might also like|trending|latest|must read|further reading)\s*[:|>\u00bb-]\s*\S"
)
_TAGGED = re.compile(
    r"\[(?:insight|news|reveal|video|pictures|latest|analysis|poll|reaction|warning|spotlight|"
    r"update|explained|live|comment|opinion|photos|map|graphic|interview)\]\s*\|?$"
)
_PROMO_START = re.compile(r"^(?:sign up|signup|subscribe|register|get|receive|want|join)\b")
_PROMO_WORD = re.compile(
    r"\b(?:newsletters?|inbox|subscribe|subscription|subscribers?|delivered to)\b"
)
_FOLLOW = re.compile(
    r"^(?:follow|like|find) (?:us|[\w@.&' -]{1,40}) on (?:twitter|facebook|instagram|x|linkedin|"
    r"youtube|tiktok|threads|bluesky|mastodon|whatsapp|telegram)\b"
)
_CALL = re.compile(
    r"^(?:click here|tap here|tell us what you think|like this story|enjoyed this article|"
    r"if you enjoyed this article|have a tip|got a story|got a tip|do you have a story|"
    r"download the [\w .'-]{1,30} app|this copy is for your personal, non-commercial use)"
)
_TAGS = re.compile(r"^(?:tags|tagged|tagged with|filed under|topics|categories|keywords)\s*:")
_TIME_START = re.compile(
    r"^(?:published|updated|last updated|first published|posted|modified|created|last modified)"
    r"\b"
)
#: a timestamp line that gives the date first or names what was published: "23 July 2013 Last
#: updated at 13:42 GMT", "Friday, Sep 10, 2010 | Updated 8:52 PM EDT", "Article posted on
#: 08.07.2012"; every word of it is a stamp word, a month, a day, a clock word or a time zone
_STAMP_KEY = re.compile(r"\b(?:published|posted|updated|modified)\b")
_STAMP_WORDS = frozenset({
    "published", "posted", "updated", "modified", "last", "first", "originally", "article",
    "date", "on", "at", "am", "pm", "a", "p", "m", "st", "nd", "rd", "th",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
    "sun", "gmt", "utc", "bst", "cet", "cest", "et", "est", "edt", "ct", "cst", "cdt", "mt",
    "mst", "mdt", "pt", "pst", "pdt", "hkt", "ist", "jst", "aest", "aedt",
})


def _stamp_line(norm: str) -> bool:
    words = re.findall(r"[a-z]+", norm)
    return (_STAMP_KEY.search(norm) is not None and any(c.isdigit() for c in norm)
            and all(w in _STAMP_WORDS for w in words))


_MEDIA_LABEL = re.compile(
    r"^\(?(?:image|images|photo|photos|picture|pictures|pic|pics|photograph|photography|credit|"
    r"credits|image credit|photo credit|picture credit|photo illustration|source|video|footage|"
    r"illustration|graphic|main image|top image|header image|cover image)\s*:\s*[^.]{1,100}\)?$"
)
_COPYRIGHT = re.compile(
    r"^(?:\u00a9|\(c\)\s|copyright\s*(?:\u00a9|\(c\)|(?:19|20)\d\d\b))|all rights reserved"
)
_NOTICE = re.compile(r"\b(?:(?:19|20)\d\d|all rights reserved|ltd|inc|llc|plc)\b")
_LEADING_CREDIT = re.compile(
    r"^(?:\u00a9|\(c\))\s*(?P<who>[A-Za-z][\w.-]*(?:\s+[A-Za-z][\w.-]*){0,2})\s+"
)
_INLINE_CREDIT = re.compile(
    r"\s*\((?:image|images|photo|photos|picture|pictures|pic|credit|photograph|video|source)"
    r"(?: credit)?\s*:[^()\n]{1,100}\)",
    re.IGNORECASE,
)
_CLICK_TO_TWEET = re.compile(r"\s*Click To Tweet\s*$")
_CREDIT_BY = re.compile(
    r"^(?:\(?(?:reporting|additional reporting|writing|editing) by\b|"
    r"\((?:compiled|edited|written|reported|translated|research) by\b)"
)
_CONTRIBUTED = re.compile(
    r"\b(?:contributed (?:to )?(?:this|the) (?:report|story|article)|contributed reporting\b[^.]*)"
    r"\.?\)?$"
)
_BYLINE = re.compile(
    r"^By\s+[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|and|&|de|del|van|von|der|den|da|di|"
    r"du|le|la|bin|ibn|al|el),?)*(?:\s*[|,\u2013\u2014-]\s*(?:[A-Z][\w.'\u2019&-]*\s*){1,5})?$"
)
_SEPARATOR = re.compile(r"^(?:[-\u2013\u2014=*_~#\u2022\u00b7+|:]\s*){3,}$")
_SECTION_LABEL = re.compile(r"^[^a-z]*[A-Z]{2}[^a-z]*:$")

_AGENCY_NAMES = frozenset(
    " ".join(item.split())
    for item in """
    reuters|afp|ap|pa|epa|getty|getty images|gettyimages|getty images plus|shutterstock|alamy
    bloomberg|anadolu|anadolu agency|xinhua|tass|ria novosti|sputnik|kcna|kns|yonhap|efe|ansa
    dpa|dpa-zentralbild|sipa|rex|rex features|pa wire|pa media|pa images|ap photo|ap images
    afp photo|reuters photo|epa photo|epa-efe|nurphoto|sopa images|lightrocket|zuma|zuma press
    zuma wire|abaca|universal images group|istock|istockphoto|mirrorpix|handout|file photo|file
    pool|pool photo|supplied|stock image|stock photo|nasa|press association|associated press
    the associated press|agence france-presse|agence france presse|screengrab|screenshot|wenn
    backgrid|splash|splash news|corbis|imago|photoshot|eyevine|polaris|redux
    """.replace("\n", "|").split("|")
    if item.strip()
)
_CREDIT_SPLIT = re.compile(r"\s*(?:[/|,;&+]|\bvia\b|\bfor\b|\band\b|\s-\s)\s*", re.IGNORECASE)
_NAME_PART = re.compile(r"^[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}$")


def _normalise(line: str) -> str:
    text = " ".join(line.translate(_QUOTES).split()).lower()
    return text.strip(" \t-\u2013\u2014\u2022\u00b7*|:>\u00bb\u203a<\u00ab\u2039.\u2026!#")


def _is_credit(line: str) -> bool:
    """A line that is only photo agencies and photographers' names ("AP Photo/Evan Vucci")."""
    bare = line.strip().strip("()[]").strip()
    if not bare or len(bare.split()) > 10:
        return False
    parts = [p for p in _CREDIT_SPLIT.split(bare) if p and p.strip()]
    if not parts:
        return False
    agencies = 0
    for part in parts:
        key = " ".join(part.lower().split()).strip(".")
        if key in _AGENCY_NAMES:
            agencies += 1
        elif not _NAME_PART.match(part.strip()):
            return False
    return agencies > 0


def classify_line(line: str) -> str | None:
    """The boilerplate reason for a whole line (one of :data:`REASONS`), or ``None``."""
    stripped = line.strip()
    if not stripped:
        return None
    norm = _normalise(stripped)
    n_words = len(stripped.split())
    if _SEPARATOR.match(stripped):
        return "separator"
    if not norm:
        return None
    if n_words <= 8 and (norm in _NAVIGATION or _COUNTER.match(norm) or _NAV_ON.match(norm)):
        return "navigation"
    words = tokens(norm)
    if n_words <= 15 and words and set(words) <= _SHARE_WORDS and set(words) & _SHARE_CORE:
        return "share buttons"
    if n_words <= 6 and _SECTION_LABEL.match(stripped):
        return "section label"
    if n_words <= 10 and _is_credit(stripped):
        return "photo credit"
    if n_words <= 14 and _MEDIA_LABEL.match(norm):
        return "photo credit"
    if n_words <= 15 and _COPYRIGHT.search(norm) and (n_words <= 6 or _NOTICE.search(norm)):
        return "copyright"
    if n_words <= 30 and (_RELATED.match(norm) or _ALSO_ON.match(norm) or _TAGGED.search(norm)):
        # The headline of a linked story; a long line ending like a sentence is the story's own.
        if n_words <= 12 or not stripped.rstrip("\"'\u201d\u2019").endswith("."):
            return "related link"
    promo = _PROMO_START.match(norm)
    if n_words <= 35 and promo and _PROMO_WORD.search(norm, promo.end()):
        return "promotion"
    if n_words <= 12 and "newsletter" in norm:
        return "promotion"
    if n_words <= 30 and (_FOLLOW.match(norm) or _CALL.match(norm)):
        return "promotion"
    if n_words <= 60 and _CREDIT_BY.match(norm):
        return "reporting credit"
    if n_words <= 40 and _CONTRIBUTED.search(norm):
        return "reporting credit"
    if n_words <= 40 and _TAGS.match(norm):
        return "tags"
    if n_words <= 12 and (_TIME_START.match(norm) and any(c.isdigit() for c in norm)):
        return "timestamp"
    if n_words <= 14 and _stamp_line(norm):
        return "timestamp"
    if n_words <= 10 and _BYLINE.match(stripped):
        return "byline"
    return None


# --- lines of the raw text ---------------------------------------------------------------------


@dataclass
class _Line:
    """One non-blank line of the raw text: ``raw[start:end]`` with outer whitespace stripped."""

    index: int
    start: int
    end: int
    text: str
    cuts: list[tuple[int, int, str]] = field(default_factory=list)
    reason: str | None = None
    words: list[str] = field(default_factory=list)

    def kept_text(self) -> str:
        pieces: list[str] = []
        position = self.start
        for start, end, _ in self.cuts:
            pieces.append(self.text[position - self.start : start - self.start])
            position = end
        pieces.append(self.text[position - self.start :])
        return "".join(pieces)


#: What the cleaner strips around lines without logging it (whitespace, BOM, zero-width).
WHITESPACE = (
    " \t\r\f\v\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
)


def _lines(raw: str) -> Iterator[_Line]:
    position = 0
    index = 0
    for piece in raw.split("\n"):
        stripped = piece.strip(WHITESPACE)
        if stripped:
            start = position + (len(piece) - len(piece.lstrip(WHITESPACE)))
            yield _Line(index, start, start + len(stripped), stripped)
            index += 1
        position += len(piece) + 1


def _inline_cuts(line: _Line) -> None:
    """Credits inside a line: "(Image: Getty)" and a trailing "Click To Tweet"."""
    for match in _INLINE_CREDIT.finditer(line.text):
        line.cuts.append((line.start + match.start(), line.start + match.end(), "photo credit"))
    leading = _LEADING_CREDIT.match(line.text)
    if leading:
        words = leading.group("who").split()
        for size in range(len(words), 0, -1):
            if " ".join(words[:size]).lower().strip(".") in _AGENCY_NAMES:
                end = line.text.index(words[size - 1], leading.start("who")) + len(words[size - 1])
                end += len(line.text[end:]) - len(line.text[end:].lstrip())
                if end < len(line.text):
                    line.cuts.append((line.start, line.start + end, "photo credit"))
                break
    tweet = _CLICK_TO_TWEET.search(line.text)
    if tweet and tweet.start() > 0:
        line.cuts.append((line.start + tweet.start(), line.start + tweet.end(), "share buttons"))
    line.cuts.sort()


def _fullness(line: _Line) -> tuple[int, int, int]:
    """Sort key: the least full line first (fewest words, no final stop, latest)."""
    final = 1 if line.text.rstrip("\"'\u201d\u2019)]").endswith((".", "!", "?")) else 0
    return (len(line.words), final, -line.index)


def _key_terms(text: str) -> set[str]:
    """Numbers and capitalised words: what makes two similar sentences different claims."""
    return {
        word.lower()
        for word in _WORD.findall(text)
        if any(c.isdigit() or c.isupper() for c in word)
    }


_LIST_ITEM = re.compile(r"^(?:[-*\u2022\u25aa\u25cf|>]\s|\d{1,3}[.)]\s)")


def _mark_duplicates(lines: list[_Line], options: CleanOptions) -> None:
    """Drop each line that repeats a fuller kept line; the fuller one stays, once.

    Lines that cannot be captions or teasers are never dropped: list items and
    table rows (they repeat by design), lines shorter than
    ``min_duplicate_words``, lines whose words recur three or more times (a
    repeated template), and lines that fit several different fuller lines (a
    list of variations, not a repeat of one sentence). A line whose numbers or
    names are not all in the fuller line is another claim and stays. Only
    lines that share rare word trigrams are compared, so the work stays near
    linear in the number of lines.
    """
    kept = [line for line in lines if line.reason is None]
    for line in kept:
        line.words = [sys.intern(word) for word in tokens(line.kept_text())]
    copies: dict[tuple[str, ...], list[int]] = {}
    words, grams = _Postings(), _Postings()
    for position, line in enumerate(kept):
        copies.setdefault(tuple(line.words), []).append(position)
        words.add(position, set(line.words))
        grams.add(position, _grams(line.words))
    words.freeze()
    grams.freeze()
    order = sorted(range(len(kept)), key=lambda i: _fullness(kept[i]))
    rank = {index: r for r, index in enumerate(order)}
    for i in order:
        line = kept[i]
        if len(line.words) < options.min_duplicate_words or len(copies[tuple(line.words)]) >= 3:
            continue
        if _LIST_ITEM.match(line.text):
            continue
        candidates = _candidates(line, kept, words, grams, options) - {i}
        if len(candidates) > _MAX_CANDIDATES:
            logger.debug("%d lines resemble %r: not checked", len(candidates), line.text[:60])
            continue
        fuller: dict[tuple[str, ...], int] = {}
        for j in sorted(candidates):
            other = kept[j]
            other_key = tuple(other.words)
            if other.reason is not None or rank[j] < rank[i] or other_key in fuller:
                continue
            if is_repeat(line.words, other.words, overlap=options.duplicate_overlap):
                fuller[other_key] = j
        if not fuller:
            continue
        longest = max(fuller, key=len)
        if any(
            not is_repeat(list(k), list(longest), overlap=options.duplicate_overlap) for k in fuller
        ):
            continue  # it fits several different lines: a list of variations
        line.reason = "duplicate"
        logger.debug("duplicate %r of %r", line.text[:60], kept[fuller[longest]].text[:60])


class _Postings:
    """Which lines hold each key (a word, a word trigram), in little memory: the keys'
    hashes and the lines' positions as two numpy arrays sorted by hash, not a set of lines
    per key (a 20 MB text has millions of trigrams). Two keys with one hash are taken for
    one, which at worst makes a line a candidate that :func:`is_repeat` then turns down."""

    def __init__(self) -> None:
        self._added_hashes = array("q")
        self._added_lines = array("q")
        self._hashes = np.zeros(0, dtype=np.int64)
        self._lines = np.zeros(0, dtype=np.int64)

    def add(self, line: int, keys: Iterable[Hashable]) -> None:
        """Record that ``line`` holds each of ``keys`` (each key once)."""
        before = len(self._added_hashes)
        self._added_hashes.extend(map(hash, keys))
        self._added_lines.extend(repeat(line, len(self._added_hashes) - before))

    def freeze(self) -> None:
        """Sort what was added; lines stay in the order added within one key."""
        hashes = np.frombuffer(self._added_hashes, dtype=np.int64)
        lines = np.frombuffer(self._added_lines, dtype=np.int64)
        by_hash = np.argsort(hashes, kind="stable")
        self._hashes, self._lines = hashes[by_hash], lines[by_hash]
        del hashes, lines, by_hash
        self._added_hashes, self._added_lines = array("q"), array("q")

    def _bounds(self, keys: Sequence[Hashable]) -> tuple[np.ndarray, np.ndarray]:
        wanted = np.fromiter((hash(k) for k in keys), dtype=np.int64, count=len(keys))
        return (np.searchsorted(self._hashes, wanted, "left"),
                np.searchsorted(self._hashes, wanted, "right"))

    def counts(self, keys: Sequence[Hashable]) -> list[int]:
        """How many lines hold each key."""
        low, high = self._bounds(keys)
        return [int(n) for n in high - low]

    def union(self, keys: Sequence[Hashable]) -> set[int]:
        """The lines that hold any of ``keys``."""
        low, high = self._bounds(keys)
        found: set[int] = set()
        for lo, hi in zip(low.tolist(), high.tolist(), strict=True):
            found.update(self._lines[lo:hi].tolist())
        return found

    def keep_holding(self, lines: set[int], key: Hashable) -> set[int]:
        """Those of ``lines`` that hold ``key``."""
        (lo,), (hi,) = self._bounds([key])
        holding = self._lines[lo:hi]  # sorted: lines were added in order
        if not len(holding):
            return set()
        wanted = np.fromiter(sorted(lines), dtype=np.int64, count=len(lines))
        at = np.minimum(np.searchsorted(holding, wanted), len(holding) - 1)
        return set(wanted[holding[at] == wanted].tolist())


#: A line that resembles more lines than this is part of a repetitive list, not a caption.
_MAX_CANDIDATES = 200


def _grams(words: list[str]) -> set[tuple[str, ...]]:
    """Word trigrams (single words for lines of fewer than three)."""
    if len(words) < 3:
        return {(word,) for word in words}
    return {tuple(words[k : k + 3]) for k in range(len(words) - 2)}


def _candidates(
    line: _Line,
    kept: list[_Line],
    words: _Postings,
    grams: _Postings,
    options: CleanOptions,
) -> set[int]:
    """The lines that may hold ``line`` word for word (see :func:`is_repeat`).

    Such a line has all of ``line``'s numbers and names, and all but a few of
    its trigrams: a spelling variant breaks at most three, so it has at least
    one of the ``3k + 1`` rarest, ``k`` being the variants allowed.
    """
    misses = int(len(line.words) * (1 - options.duplicate_overlap) + 1e-9)
    own = list(_grams(line.words))
    ranked = sorted(zip(grams.counts(own), own, strict=True), key=lambda p: p[0])[: 3 * misses + 1]
    if all(count <= 1 for count, _ in ranked):
        return set()  # those trigrams are in this line alone: no other line can hold it
    found = grams.union([gram for _, gram in ranked])
    terms = list(_key_terms(line.kept_text()))
    if len(found) <= _FEW:  # a few lines: look at their words
        return {j for j in found if all(term in kept[j].words for term in terms)}
    for _, term in sorted(zip(words.counts(terms), terms, strict=True), key=lambda p: p[0]):
        found = words.keep_holding(found, term)
        if not found:
            break
    return found


#: Up to this many candidate lines are checked for the key terms word by word, not by index.
_FEW = 64


def clean_article(article: Article, *, options: CleanOptions | None = None) -> Article:
    """Set ``article.text``, ``offset_map`` and ``removed`` from ``article.raw_text``.

    Returns the same article. Raises :class:`~crosswire.errors.EmptyInputError`
    when nothing is left (every line was boilerplate).
    """
    options = options or CleanOptions()
    raw = article.raw_text
    lines = list(_lines(raw))
    disabled = options.disabled_reasons
    title_words: list[str] = []
    if options.title and article.title and article.meta.get("title_source") != "text":
        title_words = tokens(article.title)
    for line in lines:
        if options.boilerplate:
            reason = classify_line(line.text)
            if reason and reason not in disabled:
                line.reason = reason
                continue
            _inline_cuts(line)
            line.cuts = [cut for cut in line.cuts if cut[2] not in disabled]
            if line.cuts and not line.kept_text().strip():
                line.reason, line.cuts = line.cuts[0][2], []
                continue
        if len(title_words) >= 3 and "title" not in disabled:
            if tokens(line.kept_text()) == title_words:
                line.reason = "title"
    if options.duplicates and "duplicate" not in disabled:
        _mark_duplicates(lines, options)

    text_parts: list[str] = []
    offsets = OffsetMap()
    removed: list[Removal] = []
    previous_end: int | None = None
    for line in lines:
        if line.reason is not None:
            removed.append(Removal(line.start, line.end, line.text, line.reason))
            continue
        for start, end, reason in line.cuts:
            removed.append(Removal(start, end, raw[start:end], reason))
        if previous_end is not None:
            text_parts.append("\n")
            offsets.append(raw.index("\n", previous_end))
        position = line.start
        segments = [(s, e) for s, e, _ in line.cuts] + [(line.end, line.end)]
        for cut_start, cut_end in segments:
            text_parts.append(raw[position:cut_start])
            offsets.extend(position, cut_start)
            position = cut_end
        previous_end = line.end
    text = "".join(text_parts)
    if not text.strip():
        raise EmptyInputError(
            article.source, f"nothing left after cleaning: all {len(lines)} line(s) were removed"
        )
    offsets.append(previous_end if previous_end is not None else len(raw))
    removed.sort(key=lambda r: r.start)
    article.set_text(text, offsets)
    article.removed = removed
    if removed:
        logger.debug("%s: removed %d stretch(es)", article.source, len(removed))
    return article


def clean_stage(options: CleanOptions | None = None) -> Stage:
    """The pipeline stage that cleans: :func:`clean_article` with ``options``."""

    @stage("clean", requires=("raw_text",), assigns=("text", "removed"))
    def clean(article: Article) -> Article:
        return clean_article(article, options=options)

    return clean
