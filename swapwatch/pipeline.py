"""The steps of one ingest cycle as plain functions: poll a feed, fetch pages, analyse a page.

Tasks in `tasks/` wrap these with retries and logging; the functions themselves know nothing of
Prefect, so a notebook, a test or a backfill can call them directly.
"""

from __future__ import annotations

import multiprocessing
import random
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import urlsplit

from swapwatch.config import FetchConfig
from swapwatch.feeds import MAX_ITEMS, parse_feed
from swapwatch.fetch import Fetcher, FetchLimits, FetchPolicy
from swapwatch.models import ArticleRecord, Feed, FeedEntry, FeedParse, FeedState, FetchResult, Outcome
from swapwatch.pages import Page, analyse_page, analyse_pages, ready
from swapwatch.polling import is_due, next_state, unchanged, validators_for
from swapwatch.urls import url_key

# Below this many pages a batch is analysed in the calling thread: shipping it to a worker costs more.
MIN_PAGES_FOR_POOL = 8
# Pages fetched before they go to a worker: ~0.2 s of extraction, large enough that shipping them is cheap.
ANALYSIS_CHUNK = 25
# Pages of one batch fetched at a time (at most `max_per_host`): batches of other hosts run beside it.
FETCH_THREADS = 2
# Outcomes of a feed fetch after which the body is parsed for entries.
_PARSEABLE = {Outcome.OK}


class FeedBodyParser(Protocol):
    """The signature of `swapwatch.feeds.parse_feed`, which `AnalysisPool.parse_feed` also has."""

    def __call__(
        self, body: bytes, *, feed_name: str, base_url: str, content_type: str | None = None,
        max_items: int = MAX_ITEMS,
    ) -> FeedParse: ...


@dataclass(frozen=True, slots=True)
class FeedPoll:
    """The end of polling one feed: what happened, the entries found, the feed's next state."""

    feed: Feed
    outcome: Outcome  # the fetch outcome, or the parse outcome when the fetch was OK
    status: int | None
    error: str | None
    entries: tuple[FeedEntry, ...]
    tossed: int
    state: FeedState
    polled_at: datetime
    unchanged: bool = False


def make_fetcher(cfg: FetchConfig) -> Fetcher:
    """Build the one HTTP client of a run from the validated fetch config."""
    policy = FetchPolicy(
        allow_private=cfg.allow_private,
        allow_hosts=frozenset(cfg.allow_hosts),
        only_hosts=frozenset(cfg.only_hosts) if cfg.only_hosts is not None else None,
        per_host_delay=cfg.per_host_delay,
        max_per_host=cfg.max_per_host,
    )
    limits = FetchLimits(
        connect_timeout=cfg.connect_timeout,
        read_timeout=cfg.read_timeout,
        total_deadline=cfg.total_deadline,
        feed_max_bytes=cfg.feed_max_bytes,
        article_max_bytes=cfg.article_max_bytes,
    )
    return Fetcher(policy, limits)


def initial_state(feed: Feed) -> FeedState:
    """The state of a feed never polled before."""
    return FeedState(feed_name=feed.name, url=feed.url)


def poll_feed(
    fetcher: Fetcher,
    feed: Feed,
    state: FeedState | None,
    cfg: FetchConfig,
    *,
    now: datetime | None = None,
    rng: random.Random | None = None,
    parse: FeedBodyParser = parse_feed,
) -> FeedPoll:
    """Fetch one feed with conditional GET, parse it (with `parse`), and compute its next polling state."""
    now = now or datetime.now(UTC)
    rng = rng or random.Random(f"{feed.name}{now.isoformat()}")
    state = state or initial_state(feed)
    if state.url != feed.url:  # the operator changed the URL: validators belong to the old one
        state = replace(state, url=feed.url, etag=None, last_modified=None, body_hash=None)
    result = fetcher.get(feed.url, max_bytes=cfg.feed_max_bytes, validators=validators_for(state))
    parsed = None
    same_body = False
    if result.outcome in _PARSEABLE and result.body is not None:
        same_body = unchanged(state, result.body)
        if not same_body:
            parsed = parse(
                result.body,
                feed_name=feed.name,
                base_url=result.final_url or feed.url,
                content_type=result.content_type,
                max_items=cfg.max_items_per_feed,
            )
    parse_outcome = parsed.outcome if parsed else None
    # Healthy feeds are due at every run (the deployment schedule sets the cadence); only failing
    # feeds back off between runs.
    new_state = next_state(state, result, parse_outcome, now, rng, base_interval=0)
    outcome = parse_outcome or result.outcome
    error = result.error or (parsed.warning if parsed else None)
    return FeedPoll(
        feed=feed,
        outcome=outcome,
        status=result.status,
        error=error,
        entries=parsed.entries if parsed else (),
        tossed=parsed.tossed if parsed else 0,
        state=new_state,
        polled_at=now,
        unchanged=same_body or result.outcome is Outcome.NOT_MODIFIED,
    )


def new_entries(
    polls: Iterable[FeedPoll],
    known_entry_ids: set[str],
    good_articles: set[str],
    retryable_articles: set[str],
    cap_per_feed: int,
) -> list[FeedEntry]:
    """Entries whose article still needs fetching, one per article URL, at most `cap_per_feed` per feed.

    An entry seen before is taken again only when its article failed transiently last time; an
    article already stored whole is never fetched again, whichever feed links to it.
    """
    seen_urls = set(good_articles)
    out: list[FeedEntry] = []
    for poll in polls:
        taken = 0
        for entry in poll.entries:
            if taken >= cap_per_feed:
                break  # the rest stay unknown and are taken by the next runs
            key = url_key(entry.url_norm) if entry.url_norm else None
            known = entry.entry_id in known_entry_ids
            if key is None:
                if not known:  # record an unusable link once, with its reason
                    out.append(entry)
                    taken += 1
                continue
            if key in seen_urls or (known and key not in retryable_articles):
                continue  # the same story from another feed, or already settled
            seen_urls.add(key)
            out.append(entry)
            taken += 1
    return out


def fetch_page(fetcher: Fetcher, entry: FeedEntry, cfg: FetchConfig) -> Page:
    """Fetch the article page of one entry; an unusable link or a robots.txt refusal is a recorded outcome."""
    if entry.link is None:
        known = entry.link_problem is not None and entry.link_problem in Outcome.__members__
        problem = Outcome(entry.link_problem) if known and entry.link_problem else None
        result = FetchResult(url=entry.guid or "", outcome=problem or Outcome.INVALID_URL, error=entry.link_problem)
    else:
        refused = fetcher.robots.refusal(entry.link) if cfg.respect_robots else None
        result = refused or fetcher.get(entry.link, max_bytes=cfg.article_max_bytes)
    return Page(entry, result)


def fetch_pages(fetcher: Fetcher, entries: Sequence[FeedEntry], cfg: FetchConfig) -> list[Page]:
    """Fetch the article page of each entry, one after the other."""
    return [fetch_page(fetcher, entry, cfg) for entry in entries]


def fetch_and_analyse(
    fetcher: Fetcher,
    pool: AnalysisPool,
    entries: Sequence[FeedEntry],
    lang_by_feed: dict[str, str | None],
    cfg: FetchConfig,
    threshold: float | None = None,
    *,
    chunk: int = ANALYSIS_CHUNK,
) -> list[ArticleRecord]:
    """Fetch a batch (a few pages at a time) and hand every `chunk` pages to the pool as they arrive.

    Fetching (threads here) and extraction (the pool's processes) overlap within the batch, so a
    worker gets its first pages after `chunk` fetches, not after the whole batch. A batch holds
    mostly one host (`chunked`), so more fetch threads than `max_per_host` would only queue at
    the politeness gate. Records come back in entry order.
    """
    futures: list[Future[list[ArticleRecord]]] = []
    pages: list[Page] = []
    threads = max(1, min(FETCH_THREADS, cfg.max_per_host, len(entries)))
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="fetch") as fetchers:
        for page in fetchers.map(lambda entry: fetch_page(fetcher, entry, cfg), entries):
            pages.append(page)
            if len(pages) >= chunk:
                futures.append(pool.submit(pages, lang_by_feed, threshold))
                pages = []
    if pages:
        futures.append(pool.submit(pages, lang_by_feed, threshold))
    return [record for future in futures for record in future.result()]


# Pools started by `prestart_pool` before the run's own imports, waiting for an AnalysisPool to adopt.
_WARM: dict[int, ProcessPoolExecutor] = {}


def _new_executor(processes: int) -> ProcessPoolExecutor:
    # spawn, not fork: the caller runs inside a threaded task runner, and forking threads deadlocks.
    return ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("spawn"))


def prestart_pool(processes: int) -> None:
    """Start extraction workers now, for the next AnalysisPool of that size to take over.

    `swapwatch run` calls this before importing Prefect (~2.5 s), so the workers import trafilatura
    on the other core meanwhile and are ready to parse feeds when the flow starts. Unclaimed, they
    stop with the process.
    """
    if processes > 1 and processes not in _WARM:
        pool = _WARM[processes] = _new_executor(processes)
        for _ in range(processes):
            pool.submit(ready)


class AnalysisPool:
    """Worker processes for one run: each fetched batch is analysed as soon as it arrives.

    trafilatura and the extractor are CPU-bound (threads do not help), so batches go to processes;
    the pool starts on first use and lives for the run, so its start-up cost is paid once.
    """

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = _WARM.pop(self.processes, None) or _new_executor(self.processes)
            return self._pool

    def start(self) -> None:
        """Start the workers now (they import trafilatura, ~1-2 s) so that start-up overlaps other work."""
        if self.processes > 1:
            pool = self._executor()
            for _ in range(self.processes):
                pool.submit(ready)

    def parse_feed(
        self, body: bytes, *, feed_name: str, base_url: str, content_type: str | None = None,
        max_items: int = MAX_ITEMS,
    ) -> FeedParse:
        """`swapwatch.feeds.parse_feed`, run in a worker process when the pool has several.

        feedparser is CPU-bound too, and the workers are otherwise idle while the feeds are polled.
        """
        if self.processes <= 1:
            return parse_feed(body, feed_name=feed_name, base_url=base_url, content_type=content_type,
                              max_items=max_items)
        future = self._executor().submit(parse_feed, body, feed_name=feed_name, base_url=base_url,
                                         content_type=content_type, max_items=max_items)
        return future.result()

    def submit(
        self, pages: Sequence[Page], lang_by_feed: dict[str, str | None], threshold: float | None = None
    ) -> Future[list[ArticleRecord]]:
        """Hand pages to the next free worker process (analysed here, at once, when few or no pool)."""
        if self.processes <= 1 or len(pages) < MIN_PAGES_FOR_POOL:
            done: Future[list[ArticleRecord]] = Future()
            done.set_result(analyse_pages(pages, lang_by_feed, threshold))
            return done
        return self._executor().submit(analyse_pages, list(pages), lang_by_feed, threshold)

    def close(self) -> None:
        """Stop the worker processes."""
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
                self._pool = None

    def __enter__(self) -> AnalysisPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = [
    "FeedPoll",
    "Page",
    "analyse_page",
    "AnalysisPool",
    "analyse_pages",
    "fetch_and_analyse",
    "fetch_page",
    "fetch_pages",
    "initial_state",
    "make_fetcher",
    "new_entries",
    "poll_feed",
    "prestart_pool",
]


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What one ingest run did, for logs, the CLI and the flow-run artifact."""

    feeds_polled: int = 0
    feeds_ok: int = 0
    feeds_unchanged: int = 0
    feeds_failed: int = 0
    feeds_skipped: int = 0  # backing off, not due yet
    entries_new: int = 0
    articles_new: int = 0
    articles_duplicate: int = 0
    articles_failed: int = 0
    swaps_new: int = 0
    swaps_revised: int = 0
    alerts_queued: int = 0
    alerts_delivered: int = 0
    alerts_failed: int = 0
    new_swaps: tuple[str, ...] = ()  # one human line per new swap, for the artifact
    failures: tuple[str, ...] = ()  # "feed-name: OUTCOME: reason"

    def describe(self) -> str:
        """A short human summary of the run."""
        lines = [
            f"feeds: {self.feeds_polled} polled, {self.feeds_ok} ok, {self.feeds_unchanged} unchanged, "
            f"{self.feeds_failed} failed, {self.feeds_skipped} backing off",
            f"articles: {self.entries_new} new entries, {self.articles_new} new articles, "
            f"{self.articles_duplicate} duplicate, {self.articles_failed} failed",
            f"swaps: {self.swaps_new} new, {self.swaps_revised} revised; alerts: {self.alerts_queued} queued, "
            f"{self.alerts_delivered} delivered, {self.alerts_failed} failed",
        ]
        lines += [f"  new swap: {line}" for line in self.new_swaps]
        lines += [f"  failed: {line}" for line in self.failures[:20]]
        if len(self.failures) > 20:
            lines.append(f"  ... and {len(self.failures) - 20} more failures (see the feed_polls table)")
        return "\n".join(lines)


def chunked(items: Sequence[FeedEntry], size: int) -> list[list[FeedEntry]]:
    """Split entries into batches of at most `size`, grouped by host so politeness applies per batch."""
    ordered = sorted(items, key=lambda e: (_host(e.link), e.entry_id))
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def _host(url: str | None) -> str:
    return (urlsplit(url).hostname or "") if url else ""


def due_feeds(
    feeds: Sequence[Feed], states: dict[str, FeedState], now: datetime, *, force: bool = False
) -> tuple[list[Feed], list[Feed]]:
    """Split feeds into (due now, still backing off); disabled feeds (410 Gone) are never due."""
    due: list[Feed] = []
    waiting: list[Feed] = []
    for feed in feeds:
        state = states.get(feed.name)
        if state is None or state.url != feed.url:
            due.append(feed)
        elif not state.enabled and not force:
            waiting.append(feed)
        elif force or is_due(state, now):
            due.append(feed)
        else:
            waiting.append(feed)
    return due, waiting


def failed_poll(feed: Feed, state: FeedState | None, reason: str, now: datetime | None = None) -> FeedPoll:
    """The recorded end of a poll that crashed on a bug: counted as a transient failure."""
    now = now or datetime.now(UTC)
    state = state or initial_state(feed)
    result = FetchResult(url=feed.url, outcome=Outcome.INTERNAL_ERROR, error=reason)
    new_state = next_state(state, result, None, now, random.Random(feed.name))
    return FeedPoll(feed, Outcome.INTERNAL_ERROR, None, reason, (), 0, new_state, now)


def failed_records(entries: Sequence[FeedEntry], reason: str) -> list[ArticleRecord]:
    """Records for a batch whose fetch or analysis task crashed: each entry keeps the reason."""
    return [analyse_page(p) for p in failed_pages(entries, reason)]


def failed_pages(entries: Sequence[FeedEntry], reason: str) -> list[Page]:
    """Pages for a batch whose fetch task crashed: each entry keeps the reason."""
    return [
        Page(e, FetchResult(url=e.link or "", outcome=Outcome.INTERNAL_ERROR, error=reason)) for e in entries
    ]


def poll_feeds(
    fetcher: Fetcher,
    feeds: Sequence[Feed],
    states: dict[str, FeedState],
    cfg: FetchConfig,
    *,
    workers: int = 8,
    parse: FeedBodyParser = parse_feed,
) -> list[FeedPoll]:
    """Poll a group of feeds a few at a time; a feed that meets a bug is recorded, not fatal."""
    def one(feed: Feed) -> FeedPoll:
        try:
            return poll_feed(fetcher, feed, states.get(feed.name), cfg, parse=parse)
        except Exception as exc:  # a bug must cost one feed, not the group: recorded with its reason
            return failed_poll(feed, states.get(feed.name), f"{type(exc).__name__}: {exc}")

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(feeds)))) as pool:
        return list(pool.map(one, feeds))


def feed_groups(feeds: Sequence[Feed], max_groups: int) -> list[list[Feed]]:
    """Spread feeds over at most `max_groups` groups (one Prefect task each), hosts mixed evenly."""
    if not feeds:
        return []
    n = max(1, min(max_groups, len(feeds)))
    ordered = sorted(feeds, key=lambda f: (_host(f.url), f.name))
    return [g for g in (ordered[i::n] for i in range(n)) if g]
