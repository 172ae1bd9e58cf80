"""The comparison report: what crosswire found across articles, and its JSON form (contract v1).

:class:`Report` holds the analysed articles and what the comparison found
between them (:class:`Link`, :class:`Group`, :class:`Framing`), the inputs that
failed (``failures``) and what went through with a caveat (``warnings``,
:class:`Notice`). ``to_dict()``
writes the versioned JSON object described by ``schema_v1.json``, led by its
``summary`` (:func:`~crosswire.report.summary.summarise`); every report
is validated against it in the tests, and :func:`validate` does it on demand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any, Literal

from .._version import __version__
from ..document import Article, article_to_dict, claim_to_dict
from ..pipeline import Failure
from .summary import summarise

__all__ = [
    "Framing",
    "FramingTerm",
    "Group",
    "Link",
    "Notice",
    "Report",
    "load_schema",
    "validate",
]

SCHEMA_VERSION = "1"

Relation = Literal["corroborates", "contradicts", "related"]
GroupStatus = Literal["corroborated", "contested", "single_source"]


@dataclass(frozen=True, slots=True)
class Link:
    """A relation between two claims of different articles, with its reasons in words."""

    a: str
    b: str
    relation: Relation
    score: float
    reasons: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "a": self.a,
            "b": self.b,
            "relation": self.relation,
            "score": round(float(self.score), 4),
            "reasons": list(self.reasons),
        }
        data.update(self.details)
        return data


@dataclass(frozen=True, slots=True)
class Group:
    """Claims of several articles that say the same thing, and how well it stands."""

    id: str
    claims: tuple[str, ...]
    status: GroupStatus
    independent_sources: int
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "claims": list(self.claims),
            "status": self.status,
            "independent_sources": self.independent_sources,
        }
        data.update(self.details)
        return data


@dataclass(frozen=True, slots=True)
class FramingTerm:
    """A term an article uses for a referent, at its span; ``loaded`` when a lexicon flags it."""

    text: str
    start: int
    end: int
    loaded: bool = False
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        if self.loaded:
            data["loaded"] = True
        if self.reasons:
            data["reasons"] = list(self.reasons)
        return data


@dataclass(frozen=True, slots=True)
class Framing:
    """How each article names one referent."""

    referent: str
    terms: dict[str, tuple[FramingTerm, ...]]
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "referent": self.referent,
            "terms": {aid: [t.to_dict() for t in terms] for aid, terms in self.terms.items()},
        }
        data.update(self.details)
        return data


@dataclass(frozen=True, slots=True)
class Notice:
    """An input that went through with a caveat: its source, the stage that noticed, and why.

    ``article`` is the id of the article in the report it concerns, when there is one.
    """

    source: str
    reason: str
    stage: str = ""
    article: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source, "reason": self.reason, "stage": self.stage}
        if self.article is not None:
            data["article"] = self.article
        return data


def article_notices(article: Article) -> list[Notice]:
    """The caveats an article carries: bytes replaced in decoding, the analysis stages' warnings."""
    notices: list[Notice] = []
    decoding = article.meta.get("decoding")
    if decoding:
        notices.append(Notice(article.source, str(decoding), "read", article.id))
    for warning in article.meta.get("warnings", []) or []:
        if isinstance(warning, dict) and warning.get("reason"):
            stage = str(warning.get("stage", ""))
            notices.append(Notice(article.source, str(warning["reason"]), stage, article.id))
    return notices


@dataclass
class Report:
    """The result of comparing articles: the articles with their claims, and what links them."""

    articles: list[Article]
    links: list[Link] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    framing: list[Framing] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    created: datetime = field(default_factory=lambda: datetime.now(UTC))
    #: Caveats about inputs the report holds or merged (the articles' own are added by
    #: :meth:`all_warnings`).
    warnings: list[Notice] = field(default_factory=list)

    def all_warnings(self) -> list[Notice]:
        """``warnings`` and then each article's own (language, decoding), in article order."""
        notices = list(self.warnings)
        for article in self.articles:
            notices += article_notices(article)
        return notices

    @property
    def claims(self) -> list[dict[str, Any]]:
        return [claim_to_dict(c, a.id) for a in self.articles for c in a.claims]

    def summary(self) -> dict[str, Any]:
        """Counts a reader wants first: claims, groups by status, links by relation.

        ``to_dict()`` writes them in ``summary`` beside what the outlets agree on, dispute
        and say alone (see :mod:`crosswire.report.summary`).
        """
        statuses = {"corroborated": 0, "contested": 0, "single_source": 0}
        for group in self.groups:
            statuses[group.status] += 1
        relations = {"corroborates": 0, "contradicts": 0, "related": 0}
        for link in self.links:
            relations[link.relation] += 1
        return {
            "articles": len(self.articles),
            "claims": sum(len(a.claims) for a in self.articles),
            "groups": statuses,
            "links": relations,
            "framing": len(self.framing),
            "removed": sum(len(a.removed) for a in self.articles),
            "failures": len(self.failures),
            "warnings": len(self.all_warnings()),
        }

    def to_dict(self) -> dict[str, Any]:
        """The report as the v1 JSON contract writes it."""

        parts: dict[str, Any] = {
            "articles": [_article_entry(a) for a in self.articles],
            "claims": self.claims,
            "links": [link.to_dict() for link in self.links],
            "groups": [group.to_dict() for group in self.groups],
        }
        return {
            "schema_version": SCHEMA_VERSION,
            "generator": f"crosswire {__version__}",
            "created": self.created.isoformat(timespec="seconds"),
            "summary": {**self.summary(), **summarise(parts)},
            **parts,
            "framing": [f.to_dict() for f in self.framing],
            "failures": [f.to_dict() for f in self.failures],
            "warnings": [w.to_dict() for w in self.all_warnings()],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


#: what a report says of each article it compares (the v1 contract's article entry)
REPORT_ARTICLE_FIELDS = (
    "id", "source", "title", "outlet", "url", "author", "published", "text", "raw_text",
    "removed", "language",
)  # fmt: skip


def _article_entry(article: Article) -> dict[str, Any]:
    return article_to_dict(article, fields=REPORT_ARTICLE_FIELDS)


@cache
def load_schema() -> dict[str, Any]:
    """The JSON Schema of the report contract v1."""
    text = resources.files("crosswire.report").joinpath("schema_v1.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate(report: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` if ``report`` breaks the v1 contract."""
    import jsonschema

    jsonschema.validate(report, load_schema())
