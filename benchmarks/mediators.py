"""Mediator recall of `swapwatch extract` on annotated sets (score.py does not score mediators).

Usage: python benchmarks/mediators.py GOLD.jsonl [GOLD.jsonl ...]
Prints, over the main events of the swap articles, how many gold mediators were found and how many
predicted ones are not in the gold.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from swapwatch.offline import predict_line


def main(paths: list[str]) -> int:
    """Print mediator recall and extra mediators for each gold file and in total."""
    total = found = extra = 0
    for path in paths:
        t = f = x = 0
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            gold = json.loads(line)
            mains = [e for e in gold["events"] if e.get("role") == "main"]
            if not gold["is_swap"] or not mains:
                continue
            pred = predict_line(gold)
            events: list[dict[str, object]] = pred.get("events") or []  # type: ignore[assignment]
            pmain = [e for e in events if e.get("role") == "main"]
            want = set(mains[0].get("mediator") or [])
            got: set[str] = set(pmain[0].get("mediator") or []) if pmain else set()  # type: ignore[call-overload]
            t, f, x = t + len(want), f + len(want & got), x + len(got - want)
        print(f"{Path(path).name}: mediators found {f}/{t}, extra {x}")
        total, found, extra = total + t, found + f, extra + x
    print(f"all: mediators found {found}/{total}, extra {extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
