"""The pure steps of a run: which entries to fetch, which feeds are due, how work is grouped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from swapwatch.models import Feed, FeedEntry, FeedState, FetchResult, Outcome
from swapwatch.pipeline import (
    FeedPoll,
    Page,
    RunSummary,
    analyse_page,
    chunked,
    due_feeds,
    feed_groups,
    new_entries,
)
from swapwatch.urls import url_key

NOW = datetime(2026, 10, 14, 12, 0, tzinfo=UTC)


def entry(feed: str, n: int, link: str | None = None, problem: str | None = None) -> FeedEntry:
    link = link if link is not None or problem else f"https://news.test/{feed}/{n}"
    return FeedEntry(feed_name=feed, entry_id=f"{feed}-{n}", guid=f"g{n}", link=link,
                     url_norm=link, title=f"t{n}", summary=None, published=NOW, link_problem=problem)


def poll(feed: str, *entries: FeedEntry) -> FeedPoll:
    return FeedPoll(Feed(feed, f"https://news.test/{feed}.xml"), Outcome.OK, 200, None, entries, 0,
                    FeedState(feed, f"https://news.test/{feed}.xml"), NOW)


def test_new_entries_are_taken_once_per_article_across_feeds() -> None:
    shared = "https://wire.test/story"
    polls = [poll("a", entry("a", 1, shared), entry("a", 2)), poll("b", entry("b", 1, shared))]
    chosen = new_entries(polls, set(), set(), set(), cap_per_feed=10)
    assert [e.entry_id for e in chosen] == ["a-1", "a-2"]  # b-1 is the same story as a-1


def test_known_entries_are_skipped_unless_their_article_failed_transiently() -> None:
    e1, e2 = entry("a", 1), entry("a", 2)
    retry = {url_key(e2.url_norm or "")}
    chosen = new_entries([poll("a", e1, e2)], {"a-1", "a-2"}, set(), retry, cap_per_feed=10)
    assert [e.entry_id for e in chosen] == ["a-2"]


def test_articles_stored_whole_are_never_fetched_again() -> None:
    e1 = entry("b", 7, "https://wire.test/story")
    chosen = new_entries([poll("b", e1)], set(), {url_key("https://wire.test/story")}, set(), 10)
    assert chosen == []


def test_the_cap_per_feed_leaves_the_rest_for_the_next_run() -> None:
    chosen = new_entries([poll("a", *(entry("a", i) for i in range(5)))], set(), set(), set(), 3)
    assert len(chosen) == 3


def test_an_unusable_link_is_recorded_once() -> None:
    bad = entry("a", 1, None, problem="BLOCKED_SCHEME")
    assert new_entries([poll("a", bad)], set(), set(), set(), 10) == [bad]
    assert new_entries([poll("a", bad)], {"a-1"}, set(), set(), 10) == []


def test_due_feeds_respects_backoff_and_disabled_feeds() -> None:
    feeds = [Feed("new", "https://x.test/1"), Feed("wait", "https://x.test/2"), Feed("gone", "https://x.test/3")]
    states = {
        "wait": FeedState("wait", "https://x.test/2", next_poll_at=NOW + timedelta(hours=1)),
        "gone": FeedState("gone", "https://x.test/3", enabled=False, disabled_reason="410 Gone"),
    }
    due, waiting = due_feeds(feeds, states, NOW)
    assert [f.name for f in due] == ["new"] and [f.name for f in waiting] == ["wait", "gone"]
    assert [f.name for f in due_feeds(feeds, states, NOW, force=True)[0]] == ["new", "wait", "gone"]


def test_a_changed_feed_url_is_polled_at_once() -> None:
    states = {"a": FeedState("a", "https://old.test/feed", next_poll_at=NOW + timedelta(hours=5))}
    due, _ = due_feeds([Feed("a", "https://new.test/feed")], states, NOW)
    assert [f.name for f in due] == ["a"]


def test_work_is_grouped_into_few_tasks() -> None:
    feeds = [Feed(f"f{i}", f"https://h{i % 3}.test/{i}") for i in range(50)]
    groups = feed_groups(feeds, 16)
    assert len(groups) == 16 and sorted(f.name for g in groups for f in g) == sorted(f.name for f in feeds)
    batches = chunked([entry("a", i) for i in range(60)], 25)
    assert [len(b) for b in batches] == [25, 25, 10]


def test_a_failed_fetch_becomes_a_record_with_its_reason() -> None:
    e = entry("a", 1)
    page = Page(e, FetchResult(url=e.link or "", outcome=Outcome.TIMEOUT, error="deadline 30 s exceeded"))
    record = analyse_page(page)
    assert record.outcome is Outcome.TIMEOUT and record.error == "deadline 30 s exceeded"
    assert record.analysis is None and record.article_id == url_key(e.url_norm or "")


def test_the_summary_reads_like_a_report() -> None:
    text = RunSummary(feeds_polled=3, feeds_ok=2, feeds_failed=1, failures=("x: GONE: 410",)).describe()
    assert "3 polled, 2 ok" in text and "failed: x: GONE: 410" in text
