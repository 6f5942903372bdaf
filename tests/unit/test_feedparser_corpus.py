"""Every file of the shared feedparser corpus parses without raising, into its recorded Outcome.

The outcomes are pinned in ``feedparser_corpus_outcomes.json`` beside this file (file name ->
outcome; no corpus content is copied). A change is a behaviour change: re-pin it on purpose.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from swapwatch.feeds import parse_feed
from swapwatch.models import Outcome

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "feeds" / "feedparser"
PINNED = Path(__file__).with_name("feedparser_corpus_outcomes.json")
FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix in {".xml", ".json"}) if CORPUS.is_dir() else []
BASE = "http://feeds.test/corpus/feed.xml"


def recorded() -> dict[str, str]:
    return json.loads(PINNED.read_text(encoding="utf-8")) if PINNED.is_file() else {}


@pytest.mark.skipif(not FILES, reason=f"{CORPUS} not present")
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_file_parses_into_its_recorded_outcome(path: Path) -> None:
    parsed = parse_feed(path.read_bytes(), feed_name=path.stem, base_url=BASE)
    assert isinstance(parsed.outcome, Outcome)
    assert parsed.outcome in {Outcome.OK, Outcome.PARSED_WITH_WARNINGS, Outcome.EMPTY, Outcome.NOT_A_FEED,
                              Outcome.PARSE_ERROR}
    expected = recorded().get(str(path.relative_to(CORPUS)))
    assert expected is None or parsed.outcome == expected, f"{path.name}: was {expected}, now {parsed.outcome}"
    for entry in parsed.entries:
        if entry.link is not None:
            assert entry.link.startswith(("http://", "https://")), entry.link
        else:
            assert entry.link_problem in {"EMPTY", "BLOCKED_SCHEME", "INVALID_URL"}
        assert entry.title is None or "\x00" not in entry.title


@pytest.mark.skipif(not FILES, reason=f"{CORPUS} not present")
def test_every_corpus_file_has_a_recorded_outcome() -> None:
    names = {str(p.relative_to(CORPUS)) for p in FILES}
    assert names <= set(recorded()), sorted(names - set(recorded()))[:10]
