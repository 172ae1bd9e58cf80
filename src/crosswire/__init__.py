"""crosswire: compare news coverage of one event across outlets, claim by claim."""

from __future__ import annotations

import logging

from .document import Article, Attribution, Claim, Removal, Span
from .errors import CrosswireError, InputError
from .pipeline import Failure, Pipeline, stage

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Attribution",
    "Claim",
    "CrosswireError",
    "Failure",
    "InputError",
    "Pipeline",
    "Removal",
    "Span",
    "__version__",
    "stage",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
