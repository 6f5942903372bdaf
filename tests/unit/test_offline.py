"""Offline extraction: JSONL articles in, CONTRACT.md predictions out, clear errors on bad lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from swapwatch.offline import extract_file, predict_line

ARTICLE = {
    "id": "a1", "url": None, "title": "Russia and Ukraine swap 75 prisoners each", "published": "2024-07-17",
    "lang": "en",
    "text": "Russia and Ukraine each released 75 prisoners of war on Wednesday in an exchange mediated by the UAE.",
}


def test_predict_line_has_the_contract_shape() -> None:
    out = predict_line(dict(ARTICLE))
    assert out["id"] == "a1" and out["is_swap"] is True
    (event,) = out["events"]  # type: ignore[misc]
    assert event == {
        "date": "2024-07-17", "parties": ["RU", "UA"],
        "returned": {side: {"military": 75, "civilian": None, "bodies": None, "total": 75} for side in ("RU", "UA")},
        "mediator": ["AE"], "location": None, "role": "main",
    }
    assert isinstance(out["score"], float) and out["reasons"] and out["claims"]


def test_disputed_counts_become_lists() -> None:
    out = predict_line({"id": "d", "published": "2024-10-19", "text": (
        "Russia and Ukraine carried out a prisoner exchange on Friday. Russia's defence ministry said each side "
        "freed 95 prisoners of war, while Ukraine's President Volodymyr Zelensky said 105 Ukrainians had returned home.")})
    assert out["events"][0]["returned"]["UA"]["total"] == [95, 105]  # type: ignore[index]


def test_extract_file_writes_one_line_per_article(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(ARTICLE) + "\n\n" + json.dumps({**ARTICLE, "id": "a2", "text": "Nothing here."}) + "\n")
    out = io.StringIO()
    assert extract_file(src, out) == 2
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["a1", "a2"]
    assert rows[1]["is_swap"] is False and rows[1]["events"] == []


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("{not json", "not a JSON object"),
        ("[1, 2]", "expected a JSON object"),
        ('{"id": "x"}', "'text' must be a string"),
        ('{"id": "x", "text": "t", "published": "yesterday"}', "not an ISO date"),
    ],
)
def test_a_malformed_line_names_the_file_and_line(tmp_path: Path, line: str, fragment: str) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text(json.dumps(ARTICLE) + "\n" + line + "\n")
    with pytest.raises(ValueError, match=fragment) as info:
        extract_file(src, io.StringIO())
    assert f"{src}:2:" in str(info.value)
