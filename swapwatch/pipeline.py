"""The steps of one ingest cycle as plain functions: poll a feed, fetch pages, analyse a page.

Tasks in `tasks/` wrap these with retries and logging; the functions themselves know nothing of
Prefect, so a notebook, a test or a backfill can call them directly.
"""

from __future__ import annotations

import math
import multiprocessing
import random
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from swapwatch.analysis import EXTRACTOR_VERSION, analyse
from swapwatch.articles import extract_article
from swapwatch.config import FetchConfig
from swapwatch.feeds import parse_feed
from swapwatch.fetch import Fetcher, FetchLimits, FetchPolicy
from swapwatch.models import ArticleRecord, Feed, FeedEntry, FeedState, FetchResult, Outcome
from swapwatch.polling import next_state, unchanged, validators_for
from swapwatch.urls import url_key

# Below this many pages, starting worker processes (each imports trafilatura) costs more than it saves.
MIN_PAGES_FOR_POOL = 40
# Outcomes of a feed fetch after which the body is parsed for entries.
_PARSEABLE = {Outcome.OK}


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


@dataclass(frozen=True, slots=True)
class Page:
    """One fetched article page (or the outcome that stopped it), tied to its feed entry."""

    entry: FeedEntry
    result: FetchResult


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
) -> FeedPoll:
    """Fetch one feed with conditional GET, parse it, and compute its next polling state."""
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
            parsed = parse_feed(
                result.body,
                feed_name=feed.name,
                base_url=result.final_url or feed.url,
                content_type=result.content_type,
                max_items=cfg.max_items_per_feed,
            )
    parse_outcome = parsed.outcome if parsed else None
    new_state = next_state(state, result, parse_outcome, now, rng)
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
    polls: Iterable[FeedPoll], known_entry_ids: set[str], known_urls: set[str], cap_per_feed: int
) -> list[FeedEntry]:
    """Entries not seen before, one per article URL, at most `cap_per_feed` per feed, in stable order."""
    seen_urls = set(known_urls)
    out: list[FeedEntry] = []
    for poll in polls:
        taken = 0
        for entry in poll.entries:
            if entry.entry_id in known_entry_ids or taken >= cap_per_feed:
                continue
            key = url_key(entry.url_norm) if entry.url_norm else None
            if key is not None and key in seen_urls:
                continue  # the same story from another feed: one article, several entries
            if key is not None:
                seen_urls.add(key)
            out.append(entry)
            taken += 1
    return out


def fetch_pages(fetcher: Fetcher, entries: Sequence[FeedEntry], cfg: FetchConfig) -> list[Page]:
    """Fetch the article page of each entry; unusable links become recorded outcomes."""
    pages: list[Page] = []
    for entry in entries:
        if entry.link is None:
            problem = Outcome(entry.link_problem) if entry.link_problem in Outcome.__members__ else None
            result = FetchResult(
                url=entry.guid or "", outcome=problem or Outcome.INVALID_URL, error=entry.link_problem
            )
        else:
            result = fetcher.get(entry.link, max_bytes=cfg.article_max_bytes)
        pages.append(Page(entry, result))
    return pages


def analyse_page(page: Page, lang: str | None = None, threshold: float | None = None) -> ArticleRecord:
    """Extract one fetched page and analyse it; failures become records with an outcome."""
    entry, result = page.entry, page.result
    url = entry.link or entry.guid or ""
    article_id = url_key(entry.url_norm or url)
    fetched_at = datetime.now(UTC)
    base = ArticleRecord(
        article_id=article_id,
        url=url,
        feed_name=entry.feed_name,
        outcome=result.outcome,
        fetched_at=fetched_at,
        final_url=result.final_url,
        title=entry.title,
        published=entry.published.date() if entry.published else None,
        lang=lang,
        error=result.error,
    )
    if result.outcome is not Outcome.OK or result.body is None:
        return base
    extraction = extract_article(
        result.body, url=url, title=entry.title, published=entry.published, lang=lang, article_id=article_id
    )
    if extraction.article is None:
        return replace(base, outcome=extraction.outcome, error=extraction.error)
    article = extraction.article
    return replace(
        base,
        outcome=Outcome.OK,
        title=article.title,
        text=article.text,
        published=article.published,
        lang=article.lang,
        content_hash=extraction.content_hash,
        analysis=analyse(article, threshold),
    )


def analyse_pages(
    pages: Sequence[Page], lang_by_feed: dict[str, str | None], threshold: float | None = None
) -> list[ArticleRecord]:
    """Analyse a batch of pages in this process (each worker of the pool runs one chunk)."""
    return [analyse_page(p, lang_by_feed.get(p.entry.feed_name), threshold) for p in pages]


def analyse_in_processes(
    pages: Sequence[Page],
    lang_by_feed: dict[str, str | None],
    *,
    processes: int,
    threshold: float | None = None,
) -> list[ArticleRecord]:
    """Analyse pages over a process pool (trafilatura is CPU-bound; threads do not help)."""
    if processes <= 1 or len(pages) < MIN_PAGES_FOR_POOL:
        return analyse_pages(pages, lang_by_feed, threshold)
    size = max(1, math.ceil(len(pages) / (processes * 4)))
    chunks = [list(pages[i : i + size]) for i in range(0, len(pages), size)]
    # spawn, not fork: the caller may run inside a threaded task runner, and forking threads deadlocks.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=processes, mp_context=ctx) as pool:
        parts = pool.map(analyse_pages, chunks, [lang_by_feed] * len(chunks), [threshold] * len(chunks))
        return [record for part in parts for record in part]


__all__ = [
    "EXTRACTOR_VERSION",
    "FeedPoll",
    "Page",
    "analyse_page",
    "analyse_in_processes",
    "analyse_pages",
    "fetch_pages",
    "initial_state",
    "make_fetcher",
    "new_entries",
    "poll_feed",
]
