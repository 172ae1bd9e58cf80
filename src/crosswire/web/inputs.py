"""What a comparison request brings, checked against the limits and turned into inputs.

A request may bring pasted texts, URLs, uploaded files and ids of stored
articles, in any mix. :func:`collect` checks each against
:class:`~crosswire.web.settings.WebSettings` and returns a :class:`Batch`:
the inputs :func:`crosswire.api.compare` takes (articles for texts and stored
articles, URLs as strings, uploads written to a private temporary folder) and
the names a reader should see for the uploads instead of their temporary paths.
The number of inputs (``max_texts``) and the pasted texts' length together
(``max_total_chars``, counted as pasted) are checked at once; URLs and files
are counted once read, by the comparison.

:meth:`Batch.fetch` reads the URLs before the comparison runs (see
:mod:`crosswire.web.jobs`): each becomes the articles it gave, or a failure.

No server path reaches a reader: :meth:`Batch.rename` gives the articles,
failures and warnings of a report (a JSONL line ``a.jsonl:3``, a feed entry
``feed.xml#2``, a WARC record ``crawl.warc#uri`` too) the uploaded file's own
name, :meth:`Batch.public_data` does it for every string of the report's JSON
form (group and link details quote sources too), and :meth:`Batch.rename_error`
for an error.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from .. import (
    Article,
    Failure,
    InputError,
    NoArticleError,
    Notice,
    Report,
    RequestTooLargeError,
    Store,
)
from .settings import WebSettings

if TYPE_CHECKING:
    from .. import IngestOptions

__all__ = ["Batch", "FetchFn", "Upload", "collect", "fetch_urls"]

FetchFn = Callable[[list[str], "IngestOptions | None"], list["Article | InputError"]]
"""``fetch(urls, options) -> [article or error, ...]``: read URLs (as :func:`fetch_urls`)."""

_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True, slots=True)
class Upload:
    """An uploaded file: its name as the user gave it, and its bytes."""

    name: str
    data: bytes


@dataclass
class Batch:
    """Inputs ready for ``compare``, and how to name the uploads afterwards."""

    inputs: list[Any] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    folder: Path | None = None

    def fetch(
        self, fetch: FetchFn, options: IngestOptions | None
    ) -> tuple[list[Any], list[Failure]]:
        """The inputs with every URL replaced by the articles ``fetch`` read from it (not yet
        cleaned), and a failure (stage ``ingest``) for each URL or article it could not read."""
        urls = [item for item in self.inputs if isinstance(item, str) and _is_url(item)]
        if not urls:
            return list(self.inputs), []
        fetched: dict[str, list[Article]] = {url: [] for url in urls}
        failures: list[Failure] = []
        for url in urls:
            for item in fetch([url], options):
                if isinstance(item, InputError):
                    failures.append(Failure(item.source, item.reason, "ingest"))
                else:
                    fetched[url].append(item)
        inputs: list[Any] = []
        for item in self.inputs:
            if isinstance(item, str) and item in fetched:
                inputs += fetched[item]
            else:
                inputs.append(item)
        return inputs, failures

    def close(self) -> None:
        """Delete the uploads' temporary folder."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def public(self, text: str) -> str:
        """``text`` with every upload's temporary path replaced by the uploaded name."""
        for path, name in sorted(self.names.items(), key=lambda item: -len(item[0])):
            text = text.replace(path, name)
        if self.folder is not None:
            text = text.replace(str(self.folder), "upload")
        return text

    def public_data(self, data: dict[str, Any]) -> dict[str, Any]:
        """A JSON-ready object (a report's ``to_dict()``) with no upload path left in it."""
        if not self.names:
            return data
        text = json.dumps(data, ensure_ascii=False)
        pairs = sorted(self.names.items(), key=lambda item: -len(item[0]))
        if self.folder is not None:
            pairs.append((str(self.folder), "upload"))
        for path, name in pairs:
            text = text.replace(_in_json(path), _in_json(name))
        renamed: dict[str, Any] = json.loads(text)
        return renamed

    def rename(self, report: Report) -> None:
        """Give articles, failures and warnings from uploads the uploaded name, not the path."""
        for article in report.articles:
            article.source = self.public(article.source)
        report.failures = [self._failure(f) for f in report.failures]
        report.warnings = [self._notice(n) for n in report.warnings]

    def rename_error(self, exc: InputError) -> InputError:
        """The same error, naming uploads by their uploaded name."""
        source, reason = self.public(exc.source), self.public(exc.reason)
        if isinstance(exc, NoArticleError):
            failures = [self._failure(f) for f in exc.failures]
            return NoArticleError(source, reason, failures, step=exc.step)
        if isinstance(exc, RequestTooLargeError):
            return RequestTooLargeError(source, reason, limit=exc.limit, allowed=exc.allowed)
        return type(exc)(source, reason)

    def _failure(self, failure: Failure) -> Failure:
        return replace(
            failure, source=self.public(failure.source), reason=self.public(failure.reason)
        )

    def _notice(self, notice: Notice) -> Notice:
        return replace(notice, source=self.public(notice.source), reason=self.public(notice.reason))


def fetch_urls(urls: Sequence[str], options: IngestOptions | None) -> list[Article | InputError]:
    """Read each URL (fetched through the URL guard, not cleaned); an error for each that
    cannot be read, in order."""
    from .. import read_many

    return list(read_many(list(urls), options=options))


def _is_url(item: str) -> bool:
    return re.match(r"^https?://", item, re.I) is not None


def _in_json(value: str) -> str:
    """How ``value`` appears inside a JSON string."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


def safe_name(name: str, index: int) -> str:
    """A file name that is safe to create: no folders, no odd characters."""
    base = Path(name.replace("\\", "/")).name
    cleaned = _UNSAFE_NAME.sub("_", base).strip(" .")[:120]
    return cleaned or f"upload-{index}"


def _too_large(what: str, size: str, limit: str, setting: str) -> HTTPException:
    return HTTPException(413, f"{what} is {size}: the limit is {limit} ({setting})")


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KiB"


def collect(
    *,
    texts: list[str],
    urls: list[str],
    uploads: list[Upload],
    article_ids: list[str],
    settings: WebSettings,
    store: Store,
    outlets: Sequence[str | None] = (),
) -> Batch:
    """Check what a request brings and turn it into inputs (see the module docstring).

    ``outlets`` names the outlet of each pasted text, in order (``None`` or empty: read
    off the text, see :mod:`crosswire.ingest.outlet`); a blank text and its outlet are
    left out together.
    """
    from .. import read_text

    named = [(text, outlets[i] if i < len(outlets) else None) for i, text in enumerate(texts)]
    named = [(text, (outlet or "").strip() or None) for text, outlet in named if text.strip()]
    texts = [text for text, _ in named]
    urls = [u.strip() for u in urls if u.strip()]
    uploads = [u for u in uploads if u.name or u.data]
    if not (texts or urls or uploads or article_ids):
        raise HTTPException(400, "nothing to compare: paste a text, give a URL or upload a file")
    if len(urls) > settings.max_urls:
        raise HTTPException(
            413, f"{len(urls)} URLs given: the limit is {settings.max_urls} (max_urls)"
        )
    if len(uploads) > settings.max_files:
        raise HTTPException(
            413, f"{len(uploads)} files given: the limit is {settings.max_files} (max_files)"
        )
    given = len(texts) + len(urls) + len(uploads) + len(article_ids)
    if given > settings.max_texts:
        raise HTTPException(
            413,
            f"{given} texts, URLs, files and stored articles given: the limit is "
            f"{settings.max_texts} per comparison (max_texts)",
        )
    batch = Batch()
    pasted = 0
    for number, text in enumerate(texts, start=1):
        if len(text) > settings.max_text_chars:
            raise _too_large(
                f"pasted text {number}",
                f"{len(text):,} characters",
                f"{settings.max_text_chars:,}",
                "max_text_chars",
            )
        pasted += len(text)
        if pasted > settings.max_total_chars:
            raise HTTPException(
                413,
                f"pasted text {number} brings the comparison to {pasted:,} characters: the "
                f"limit is {settings.max_total_chars:,} per comparison (max_total_chars)",
            )
        outlet = named[number - 1][1]
        article = read_text(text, source=f"pasted text {number}", outlet=outlet)
        if outlet is not None:
            article.meta["outlet_source"] = "given"
        batch.inputs.append(article)
    for number, url in enumerate(urls, start=1):
        if not re.match(r"^https?://[^\s/]+", url, re.I):
            raise HTTPException(400, f"URL {number} is not an http(s) address: {url[:200]!r}")
        batch.inputs.append(url)
    for article_id in article_ids:
        stored = store.get_article(article_id)
        batch.inputs.append(_fresh(stored))
    if uploads:
        batch.folder = Path(tempfile.mkdtemp(prefix="crosswire-upload-"))
        try:
            for number, upload in enumerate(uploads, start=1):
                if len(upload.data) > settings.max_file_bytes:
                    raise _too_large(
                        f"file {upload.name or number!s}",
                        _mib(len(upload.data)),
                        _mib(settings.max_file_bytes),
                        "max_file_bytes",
                    )
                name = safe_name(upload.name, number)
                path = batch.folder / f"{number:03d}" / name
                path.parent.mkdir()
                path.write_bytes(upload.data)
                batch.inputs.append(str(path))
                batch.names[str(path)] = name
        except BaseException:
            batch.close()
            raise
    return batch


def _fresh(stored: Article) -> Article:
    """A stored article read again from its raw text, so every stage runs on it afresh."""
    article = Article.from_text(
        stored.raw_text,
        source=stored.source,
        title=stored.title,
        outlet=stored.outlet,
        url=stored.url,
        author=stored.author,
        published=stored.published,
        language=stored.language,
        # how the title was found decides whether the cleaner treats a first line that
        # repeats it as the headline: the same as when the article was first read
        meta=dict(stored.meta),
    )
    return article


async def read_uploads(files: list[Any], settings: WebSettings) -> list[Upload]:
    """Read uploaded files, refusing any over ``max_file_bytes`` without reading it all."""
    uploads: list[Upload] = []
    for item in files:
        if not isinstance(item, UploadFile):
            continue
        if item.size is not None and item.size > settings.max_file_bytes:
            raise _too_large(
                f"file {item.filename!s}",
                _mib(item.size),
                _mib(settings.max_file_bytes),
                "max_file_bytes",
            )
        data = await item.read(settings.max_file_bytes + 1)
        if len(data) > settings.max_file_bytes:
            raise _too_large(
                f"file {item.filename!s}",
                f"over {_mib(settings.max_file_bytes)}",
                _mib(settings.max_file_bytes),
                "max_file_bytes",
            )
        uploads.append(Upload(item.filename or "", data))
    return uploads
