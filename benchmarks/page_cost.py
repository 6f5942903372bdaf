"""CPU per page of each step a worker process runs, next to bare trafilatura, one process, no server.

Where the pipeline's time goes, step by step, on the benchmark's own generated ~60 KB pages
(`pipeline_speed.generate_page`, fixed seed), each step timed alone with `time.process_time`:

- extraction as the pipeline runs it (`swapwatch.articles.extract_article`: trafilatura `fast`,
  no comments, no tables, no metadata when the feed gave title and date);
- the rule pass (`swapwatch.analysis.analyse`) on the extracted articles;
- the whole worker step (`swapwatch.pages.analyse_pages`: both, plus hashing and the record);
- bare `trafilatura.extract(html)` with its defaults, as figure (b) of `pipeline_speed.py`.

usage: .venv/bin/python benchmarks/page_cost.py [--pages N] [--rounds R] [--page-style light|dense]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline_speed import PAGE_STYLES, SEED, generate_page  # noqa: E402

from swapwatch.analysis import analyse  # noqa: E402
from swapwatch.articles import extract_article  # noqa: E402
from swapwatch.models import FeedEntry, FetchResult, Outcome  # noqa: E402
from swapwatch.pages import Page, analyse_pages  # noqa: E402


def best_ms(step: Callable[[], object], n: int, rounds: int) -> float:
    """The fastest of `rounds` runs of step, in CPU milliseconds per page."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        step()
        best = min(best, time.process_time() - started)
    return best / n * 1000


def main() -> None:
    """Print the CPU per page of each worker step and of bare trafilatura."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--page-style", choices=PAGE_STYLES, default="dense", help="as in pipeline_speed.py")
    args = parser.parse_args()
    rng = random.Random(SEED)
    start = datetime(2025, 11, 19, 12, 0, tzinfo=UTC)
    pages: list[Page] = []
    for i in range(args.pages):
        meta, html = generate_page(rng, i, i % 20, start - timedelta(minutes=7 * i), args.page_style)
        url = f"http://news.test/{i}.html"
        entry = FeedEntry(feed_name="bench", entry_id=str(i), guid=url, link=url, url_norm=url, title=meta.title,
                          summary=None, published=meta.published)
        pages.append(Page(entry, FetchResult(url=url, outcome=Outcome.OK, status=200, body=html.encode())))
    langs = {"bench": "en"}

    def extract() -> list[object]:
        return [extract_article(p.result.body or b"", url=p.entry.link or "", title=p.entry.title,
                                published=p.entry.published, lang="en").article for p in pages]

    articles = [a for a in extract() if a is not None]
    n = len(pages)
    figures = {
        "extraction as the pipeline runs it": best_ms(extract, n, args.rounds),
        "rule pass (analyse)": best_ms(lambda: [analyse(a) for a in articles], n, args.rounds),
        "whole worker step (analyse_pages)": best_ms(lambda: analyse_pages(pages, langs), n, args.rounds),
        "bare trafilatura.extract, defaults": best_ms(
            lambda: [trafilatura.extract((p.result.body or b"").decode()) for p in pages], n, args.rounds),
    }
    print(f"CPU per page over {n} generated {args.page_style} pages, min of {args.rounds} rounds, one process:")
    for name, ms in figures.items():
        print(f"  {name:<38} {ms:6.2f} ms")


if __name__ == "__main__":
    main()
