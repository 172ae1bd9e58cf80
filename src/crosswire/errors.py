"""The exceptions crosswire raises.

Every error crosswire raises on purpose derives from :class:`CrosswireError`;
third-party errors are translated at the boundary with ``raise ... from exc``.
Each message names the input (a path, a URL, ``<stdin>``, a JSONL line) and the
reason::

    CrosswireError
    ├── InputError                 an input cannot be read as an article
    │   ├── NoArticleError         no input of a batch could be read or analysed (with each failure)
    │   ├── EmptyInputError        nothing to read (empty file, whitespace only)
    │   ├── BinaryInputError       not text (NUL bytes, an image, an archive)
    │   ├── InputTooLargeError     over the size limit
    │   │   └── RequestTooLargeError   a comparison over its limits (texts, characters)
    │   ├── EncodingError          bytes that no supported encoding decodes
    │   ├── MalformedInputError    HTML, XML, JSON or feed that cannot be parsed
    │   ├── BlockedURLError        a URL that resolves to a private or loopback address
    │   └── FetchError             a URL that could not be fetched
    ├── PipelineError              stages in an order that cannot work
    ├── ModelError                 a bundled model is missing or fails its hash check
    ├── StorageError               the database cannot be opened or written
    │   └── NotFoundError          no stored article or report has that id (also a LookupError)
    ├── EvaluationError            an evaluation dataset is missing or malformed
    ├── OutputError                an output file cannot be written (with where it was kept)
    └── ConfigurationError         settings that cannot work (e.g. serving off loopback, no token)
        └── AddressInUseError      the web app's host and port are taken by another program

The CLI maps these to exit statuses (see ``crosswire.cli.ExitStatus``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pipeline import Failure

__all__ = [
    "AddressInUseError",
    "BinaryInputError",
    "BlockedURLError",
    "ConfigurationError",
    "CrosswireError",
    "EmptyInputError",
    "EncodingError",
    "EvaluationError",
    "FetchError",
    "InputError",
    "InputTooLargeError",
    "MalformedInputError",
    "ModelError",
    "NoArticleError",
    "NotFoundError",
    "OutputError",
    "PipelineError",
    "RequestTooLargeError",
    "StorageError",
]


class CrosswireError(Exception):
    """Base class of every error crosswire raises on purpose."""


class InputError(CrosswireError):
    """An input cannot be turned into an article.

    ``source`` names the input (path, URL, ``<stdin>``, ``file.jsonl:12``) and
    ``reason`` says why, in words.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class NoArticleError(InputError):
    """No input of a batch could be read, or none of those read could be analysed.

    ``step`` says which (``"read"`` or ``"analyse"``); ``failures`` lists every
    input that failed, each with its stage and reason, and the message ends
    with them.
    """

    def __init__(
        self, source: str, reason: str, failures: Sequence[Failure] = (), *, step: str = "read"
    ) -> None:
        self.failures: tuple[Failure, ...] = tuple(failures)
        self.step = step
        super().__init__(source, reason)
        reasons = "; ".join(f"{f.source}: {f.reason}" for f in self.failures)
        if reasons:
            self.args = (f"{source}: {reason} ({reasons})",)


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input is binary data, not text."""


class InputTooLargeError(InputError):
    """The input is larger than the configured limit."""


class RequestTooLargeError(InputTooLargeError):
    """A comparison that asks for more than one comparison may take.

    ``limit`` names the setting (``max_texts``, ``max_total_chars``) and
    ``allowed`` its value; ``source`` is the input that went over it.
    """

    def __init__(self, source: str, reason: str, *, limit: str, allowed: int) -> None:
        self.limit = limit
        self.allowed = allowed
        super().__init__(source, reason)


class EncodingError(InputError):
    """The input's bytes cannot be decoded as text."""


class MalformedInputError(InputError):
    """HTML, XML, JSON or a feed that cannot be parsed."""


class BlockedURLError(InputError):
    """A URL that points at a private, loopback or otherwise internal address."""


class FetchError(InputError):
    """A URL that could not be fetched (network error, HTTP error status)."""


class PipelineError(CrosswireError):
    """Stages were put together in an order that cannot work."""


class ModelError(CrosswireError):
    """A model file is missing, damaged, or fails its hash check."""


class StorageError(CrosswireError):
    """The database cannot be opened, migrated or written."""


class NotFoundError(StorageError, LookupError):
    """No stored article or report has the id asked for."""


class EvaluationError(CrosswireError):
    """An evaluation dataset is missing or not in the expected format."""


class OutputError(CrosswireError):
    """An output file (a report, a listing, scores) that cannot be written where asked.

    ``path`` names it and ``reason`` says why. When the text was ready but the
    write failed, ``kept`` is the temporary file it was written to instead
    (``None`` when that failed too, or when nothing was written yet: a path
    refused before any work).
    """

    def __init__(self, path: str, reason: str, *, kept: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.kept = kept
        message = f"{path}: {reason}"
        if kept is not None:
            message += f"; kept in {kept}"
        super().__init__(message)


class ConfigurationError(CrosswireError):
    """Settings that cannot work, or cannot work safely, together."""


class AddressInUseError(ConfigurationError):
    """The address the web app would listen on (``host``, ``port``) is taken by another program."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        super().__init__(f"port {port} is already in use on {host}")
