"""Analysis throughput on the PTC training articles (371 news articles), in articles per second.

    python bench/bench_analysis.py [--data ../shared/data] [--limit N] [--n-process 1 2]
                                   [--checkworthiness auto ngram none] [--batch-size 16]
                                   [--repeat 1] [--bundle DIR ...]

Runs :func:`crosswire.analyse.analyse_many` over the same articles once per
setting, side by side in one run, and prints articles/s, tokens/s and the ratio
to the first setting; beside each ``n_process``, the bare spaCy pipeline
(``nlp.pipe`` over the same texts, the same batch size and processes) and the
time ratio of the analysis to it (the goal: 1.25 or less). With ``--repeat``,
every setting runs that many times in turn and the medians are printed. The spaCy
pipeline and the scorers are loaded (and warmed on one article) before timing; the
machine's load average is printed with the results, since other work on the same cores
slows every setting alike. ``--bundle DIR`` adds a setting that scores with the
check-worthiness model in that folder (a bundle ``training/export.py`` wrote, on one
onnxruntime thread as the bundled one runs), named by the folder: two models side by side in
the same rounds.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import time
from pathlib import Path

from crosswire.analyse import AnalysisOptions, analyse, analyse_many, default_scorer
from crosswire.analyse.checkworthiness import CheckworthinessScorer
from crosswire.analyse.parse import load_nlp
from crosswire.document import Article
from crosswire.models import CheckworthinessModel, ModelOptions
from crosswire.models._onnx import open_bundle


def load_articles(data: Path, limit: int | None) -> list[Article]:
    folder = data / "propaganda" / "ptc" / "train-articles"
    paths = sorted(folder.glob("article*.txt"))[:limit]
    if not paths:
        raise SystemExit(f"no PTC articles under {folder}")
    return [Article.from_text(p.read_text(encoding="utf-8"), source=p.name) for p in paths]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default_data = Path(__file__).resolve().parents[2] / "shared" / "data"
    parser.add_argument("--data", type=Path, default=default_data)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--n-process", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--checkworthiness", nargs="+", default=["auto"])
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--bundle", type=Path, action="append", default=[],
                        help="a check-worthiness model folder to time as a setting of its own")
    args = parser.parse_args()

    texts = [a.raw_text for a in load_articles(args.data, args.limit)]
    nlp = load_nlp()
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} PTC articles, {words:,} words; {os.cpu_count()} cores; spaCy {nlp.meta['name']}")
    scorers: dict[str, CheckworthinessScorer | None] = {}
    for kind in args.checkworthiness:
        scorers[kind] = None
        if kind != "none":
            scorer = default_scorer(kind)
            print(f"check-worthiness {kind}: {type(scorer).__name__}")
    for folder in args.bundle:
        scorers[folder.name] = CheckworthinessModel(open_bundle(folder),
                                                    ModelOptions(threads=1, workers=1))
        print(f"check-worthiness {folder.name}: {folder}")
    warm = Article.from_text(texts[0], source="warm-up")
    analyse(warm, options=AnalysisOptions(checkworthiness="none"))

    timings: dict[tuple[int, str], list[float]] = {}
    claims_of: dict[tuple[int, str], int] = {}
    loads: dict[tuple[int, str], float] = {}
    for _ in range(args.repeat):
        for n_process in args.n_process:
            start = time.perf_counter()
            for _doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=n_process):
                pass
            timings.setdefault((n_process, "spacy"), []).append(time.perf_counter() - start)
            for kind, given in scorers.items():
                options = AnalysisOptions(
                    n_process=n_process, checkworthiness="auto" if given else kind,
                    batch_size=args.batch_size,
                )
                articles = [Article.from_text(t, source=f"ptc-{i}") for i, t in enumerate(texts)]
                loads[(n_process, kind)] = os.getloadavg()[0]
                start = time.perf_counter()
                done = list(analyse_many(articles, options=options, scorer=given))
                timings.setdefault((n_process, kind), []).append(time.perf_counter() - start)
                claims_of[(n_process, kind)] = sum(len(a.claims) for a in done)

    first = (args.n_process[0], next(iter(scorers)))
    base = len(texts) / statistics.median(timings[first])
    print()
    print(f"{'n_process':>9} {'scorer':>8} {'articles':>8} {'seconds':>8} {'art/s':>7} "
          f"{'words/s':>8} {'claims':>7} {'ratio':>6} {'vs bare':>7} {'load':>5}")
    for n_process, kind in itertools.product(args.n_process, ["spacy", *scorers]):
        elapsed = statistics.median(timings[(n_process, kind)])
        bare = statistics.median(timings[(n_process, "spacy")])
        rate = len(texts) / elapsed
        name = "bare" if kind == "spacy" else kind
        claims = claims_of.get((n_process, kind), 0)
        load = loads.get((n_process, kind), os.getloadavg()[0])
        print(f"{n_process:>9} {name:>8} {len(texts):>8} {elapsed:>8.1f} {rate:>7.2f} "
              f"{words / elapsed:>8.0f} {claims:>7} {rate / base:>6.2f} {elapsed / bare:>7.2f} "
              f"{load:>5.1f}")
    print("vs bare: the analysis's time over bare spaCy's (nlp.pipe, same texts and processes)")


if __name__ == "__main__":
    main()
