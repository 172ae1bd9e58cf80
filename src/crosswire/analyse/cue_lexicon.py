"""Cue lemmas learned from the PolNeAR training split (written by training/polnear_cue_lexicon.py)."""

from __future__ import annotations

LEARNED_CUE_LEMMAS: frozenset[str] = frozenset()
