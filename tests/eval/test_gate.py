"""Evaluation gate (trafilatura-style): scores on the shared annotated corpus must not fall below
the floors pinned in floors.json. The corpus hash is pinned too: when the corpus changes, the
gate skips with a reason until the floors are re-pinned on purpose."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from swapwatch.offline import extract_file

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
FLOORS = json.loads((Path(__file__).with_name("floors.json")).read_text(encoding="utf-8"))

pytestmark = pytest.mark.eval


def _scorer() -> ModuleType:
    path = SHARED / "eval" / "score.py"
    if not path.exists():
        pytest.skip(f"scorer not found at {path}")
    spec = importlib.util.spec_from_file_location("shared_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HELDOUT_SETS = ("heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14")
HELDOUT = {name: FIXTURES / f"{name}.jsonl" for name in HELDOUT_SETS}


def _score(corpus: str) -> dict[str, Any]:
    # The held-out sets are ours (tests/fixtures): their sha is pinned so label edits are deliberate.
    path = HELDOUT.get(corpus, SHARED / "corpus" / f"{corpus}.jsonl")
    if not path.exists():
        pytest.skip(f"shared corpus not found at {path}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    pinned = FLOORS[corpus]["sha256"]
    if digest != pinned and corpus in HELDOUT:
        pytest.fail(f"{path.name} changed (sha256 {digest[:12]} != pinned {pinned[:12]}): re-pin floors.json")
    if digest != pinned:
        pytest.skip(f"{path.name} changed (sha256 {digest[:12]} != pinned {pinned[:12]}): re-pin floors.json on purpose")
    scorer = _scorer()
    out = io.StringIO()
    extract_file(path, out)
    gold = scorer.load(str(path))
    pred = {str(row["id"]): row for row in map(json.loads, out.getvalue().splitlines())}
    result: dict[str, Any] = scorer.score(gold, pred)
    return result


@pytest.mark.parametrize("corpus", ["seeds", "dev", *HELDOUT_SETS])
def test_scores_hold_the_pinned_floors(corpus: str) -> None:
    floors = FLOORS[corpus]
    r = _score(corpus)
    report = {k: v for k, v in r.items() if k != "errors"}
    assert r["missing_predictions"] == 0, report
    assert r["f1"] >= floors["f1"], report
    assert r["count_accuracy"] >= floors["count_accuracy"], report
    assert r["spurious_rate"] <= floors["max_spurious_rate"], report
    assert r["date_accuracy"] >= floors["date_accuracy"], report
    assert r["event_exact_rate"] >= floors["event_exact_rate"], report
    assert r["background_recall"] >= floors["background_recall"], report


def test_every_seed_event_is_exact() -> None:
    r = _score("seeds")
    assert r["events_exact"] == r["main_events"], r["errors"]
    assert r["spurious_fields"] == 0, r["errors"]
    assert r["background_recall"] == 1.0, r["errors"]
