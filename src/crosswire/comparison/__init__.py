"""Cross-source comparison of analysed articles: claim links with reasons, claim groups with
independent sources, and framing differences.

    from crosswire.comparison import compare_articles

    found = compare_articles(articles)      # articles filled by crosswire.analyse
    found.links, found.groups, found.framing

See :mod:`crosswire.comparison.core` for what each part holds.
"""

from __future__ import annotations

from .candidates import Candidate, Embedder
from .core import CompareOptions, Comparison, compare_articles
from .relations import NLI

__all__ = ["NLI", "Candidate", "CompareOptions", "Comparison", "Embedder", "compare_articles"]
