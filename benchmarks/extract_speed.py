"""Articles per second of the offline extraction core over the shared dev corpus (one process).

usage: .venv/bin/python benchmarks/extract_speed.py [CORPUS.jsonl] [--articles N]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from swapwatch.offline import predict_line

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev.jsonl"


def main() -> None:
    """Repeat the corpus to about N articles, predict each one, print the rate."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--articles", type=int, default=2000)
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    batch = (rows * (args.articles // len(rows) + 1))[: args.articles]
    predict_line(rows[0])  # warm-up: regex compilation and imports are not what we measure
    t0 = time.perf_counter()
    for row in batch:
        predict_line(row)
    elapsed = time.perf_counter() - t0
    chars = sum(len(str(r.get("text", ""))) for r in batch)
    print(f"{len(batch)} articles ({chars / 1e6:.1f} M chars) in {elapsed:.2f} s: "
          f"{len(batch) / elapsed:.0f} articles/second")


if __name__ == "__main__":
    main()
