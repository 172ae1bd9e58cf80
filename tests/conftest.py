"""Shared fixtures: the seed articles and the public datasets beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "src" / "crosswire" / "demo"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    """The two bundled demo articles (GB News page first)."""
    return sorted(DEMO.glob("*.txt"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data beside the project; tests that use it skip cleanly when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"public datasets not found at {SHARED_DATA}")
    return SHARED_DATA
