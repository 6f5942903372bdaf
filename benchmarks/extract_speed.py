"""Articles per second of the offline extraction core on DISTINCT articles (one core).

Every timed article is new to the process: the corpus is read once per fresh process, so the
per-text caches (party mentions of a sentence) cannot flatter the rate. `--variants K` adds K
altered copies of every article (a different sentence order and a neutral sentence per copy),
still all distinct; `--rounds R` repeats the run in R fresh processes and reports the median.

usage: .venv/bin/python benchmarks/extract_speed.py [CORPUS.jsonl] [--variants K] [--rounds R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from swapwatch.offline import predict_line

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev.jsonl"
_FILLER = ("Officials gave no further details.", "The report could not be verified independently.",
           "Talks are continuing.", "Relatives waited near the border.")


def variants(rows: list[dict[str, object]], k: int) -> list[dict[str, object]]:
    """The rows plus k distinct altered copies of each (paragraphs rotated, a filler line added)."""
    out = list(rows)
    for i in range(1, k + 1):
        for row in rows:
            paras = str(row.get("text", "")).split("\n")
            shift = i % max(1, len(paras))
            text = "\n".join(paras[shift:] + paras[:shift] + [f"{_FILLER[i % len(_FILLER)]} (copy {i})"])
            out.append({**row, "id": f"{row.get('id')}~{i}", "text": text})
    return out


def run_once(corpus: Path, k: int) -> float:
    """Predict every (distinct) article once in this process; returns articles per second."""
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    batch = variants(rows, k)
    # Warm-up on a text that is not in the batch: imports and regex compilation are not measured.
    predict_line({"id": "warm-up", "text": "Ukraine and Russia swapped 10 soldiers each on Monday."})
    t0, c0 = time.perf_counter(), time.process_time()
    for row in batch:
        predict_line(row)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    chars = sum(len(str(r.get("text", ""))) for r in batch)
    # CPU time is the steadier figure on a shared machine; wall time is printed too.
    print(f"{len(batch)} distinct articles ({chars / 1e6:.2f} M chars) in {elapsed:.2f} s wall, "
          f"{cpu:.2f} s CPU: {len(batch) / elapsed:.0f} articles/second wall, "
          f"{len(batch) / cpu:.0f} articles/second", flush=True)
    return len(batch) / cpu


def main() -> None:
    """Time one run here, or the median of several runs in fresh processes."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--variants", type=int, default=0, help="distinct altered copies per article")
    ap.add_argument("--rounds", type=int, default=1, help="fresh processes to run; the median is reported")
    args = ap.parse_args()
    if args.rounds <= 1:
        run_once(args.corpus, args.variants)
        return
    rates = []
    for _ in range(args.rounds):
        out = subprocess.run(
            [sys.executable, __file__, str(args.corpus), "--variants", str(args.variants)],
            check=True, capture_output=True, text=True,
        ).stdout
        print(out.strip())
        rates.append(float(out.rsplit(",", 1)[1].split()[0]))
    median = statistics.median(rates)
    print(f"median of {args.rounds} fresh processes: {median:.0f} articles/second (CPU time)")


if __name__ == "__main__":
    main()
