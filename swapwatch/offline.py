"""Offline extraction (CONTRACT.md section 2): JSONL articles in, JSONL predictions out."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TextIO

from swapwatch.analysis import analyse
from swapwatch.models import Article, Claim, CountValue, SideCounts, SwapEvent


def _count(value: CountValue) -> int | list[int] | None:
    """A count as JSON: disputed tuples become lists."""
    return list(value) if isinstance(value, tuple) else value


def _side(counts: SideCounts) -> dict[str, int | list[int] | None]:
    """One side's counts in the GUIDE.md shape."""
    return {c: _count(counts.get(c)) for c in ("military", "civilian", "bodies", "total")}


def _event(event: SwapEvent) -> dict[str, object]:
    """One event in the GUIDE.md shape."""
    return {
        "date": event.date,
        "parties": list(event.parties),
        "returned": {side: _side(sc) for side, sc in sorted(event.returned.items())},
        "mediator": list(event.mediators),
        "location": event.location,
        "role": event.role,
    }


def _claim(claim: Claim) -> dict[str, object]:
    """One claim as JSON."""
    return {
        "side": claim.side, "category": claim.category, "value": claim.value, "kind": claim.kind,
        "source": claim.source, "start": claim.start, "end": claim.end, "event_index": claim.event_index,
    }


def _article(obj: dict[str, object]) -> Article:
    """An Article from one input object; raises ValueError on a missing text or a bad date."""
    text = obj.get("text")
    if not isinstance(text, str):
        msg = f"id {obj.get('id')!r}: 'text' must be a string, got {type(text).__name__}"
        raise ValueError(msg)  # noqa: TRY004 - bad input data, reported like every other input error
    published = obj.get("published")
    pub: date | None = None
    if isinstance(published, str) and published:
        try:
            pub = date.fromisoformat(published[:10])
        except ValueError as exc:
            msg = f"id {obj.get('id')!r}: 'published' is not an ISO date: {published!r}"
            raise ValueError(msg) from exc
    title, url, lang = obj.get("title"), obj.get("url"), obj.get("lang")
    return Article(
        text=text,
        title=title if isinstance(title, str) else None,
        url=url if isinstance(url, str) else None,
        published=pub,
        lang=lang if isinstance(lang, str) else None,
        id=str(obj.get("id")) if obj.get("id") is not None else None,
    )


def predict_line(obj: dict[str, object]) -> dict[str, object]:
    """The prediction for one input object: id, is_swap, events, plus score, reasons, claims."""
    analysis = analyse(_article(obj))
    return {
        "id": obj.get("id"),
        "is_swap": analysis.verdict.is_swap,
        "events": [_event(e) for e in analysis.events],
        "score": analysis.verdict.score,
        "reasons": list(analysis.verdict.reasons),
        "claims": [_claim(c) for c in analysis.claims],
        "extractor_version": analysis.extractor_version,
    }


def extract_file(path: Path, out: TextIO) -> int:
    """Predict every line of a JSONL file into `out`; returns the count; bad lines raise ValueError."""
    n = 0
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                msg = f"{path}:{lineno}: not a JSON object: {exc.msg}"
                raise ValueError(msg) from exc
            if not isinstance(obj, dict):
                msg = f"{path}:{lineno}: expected a JSON object, got {type(obj).__name__}"
                raise ValueError(msg)  # noqa: TRY004 - bad input data, like every other input error
            try:
                prediction = predict_line(obj)
            except ValueError as exc:
                msg = f"{path}:{lineno}: {exc}"
                raise ValueError(msg) from exc
            out.write(json.dumps(prediction, ensure_ascii=False) + "\n")
            n += 1
    return n
