"""Frozen records that cross module boundaries: feeds, fetches, entries, articles, analyses.

Every stage of the pipeline hands the next one one of these values; nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

CATEGORIES: tuple[str, ...] = ("military", "civilian", "bodies", "total")
Category = Literal["military", "civilian", "bodies", "total"]
Role = Literal["main", "background"]
ClaimKind = Literal["event", "cumulative", "planned", "captivity"]
# A count is one figure, or several disputed figures for the same group ("Kyiv 207, Moscow 195").
CountValue = int | tuple[int, ...] | None


class Outcome(StrEnum):
    """How one fetch or parse ended (vocabulary of shared/corpus/feeds/hostile/README.md)."""

    OK = "OK"
    NOT_MODIFIED = "NOT_MODIFIED"
    TOO_LARGE = "TOO_LARGE"
    TIMEOUT = "TIMEOUT"
    TOO_MANY_REDIRECTS = "TOO_MANY_REDIRECTS"
    BLOCKED_SSRF = "BLOCKED_SSRF"
    BLOCKED_SCHEME = "BLOCKED_SCHEME"
    BLOCKED_BY_CHALLENGE = "BLOCKED_BY_CHALLENGE"
    TLS_ERROR = "TLS_ERROR"
    HTTP_4XX = "HTTP_4XX"
    HTTP_5XX = "HTTP_5XX"
    RATE_LIMITED = "RATE_LIMITED"
    GONE = "GONE"
    CONN_ERROR = "CONN_ERROR"
    EMPTY = "EMPTY"
    NOT_A_FEED = "NOT_A_FEED"
    PARSE_ERROR = "PARSE_ERROR"
    PARSED_WITH_WARNINGS = "PARSED_WITH_WARNINGS"
    INVALID_URL = "INVALID_URL"
    EMPTY_EXTRACTION = "EMPTY_EXTRACTION"
    INTERNAL_ERROR = "INTERNAL_ERROR"  # a bug met one item; recorded with its traceback summary
    ROBOTS_DISALLOWED = "ROBOTS_DISALLOWED"  # the host's robots.txt forbids the article: settled
    ROBOTS_UNAVAILABLE = "ROBOTS_UNAVAILABLE"  # robots.txt unreachable (5xx, timeout...): retried later


@dataclass(frozen=True, slots=True)
class Feed:
    """One configured feed."""

    name: str
    url: str
    lang: str | None = None
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class Validators:
    """Conditional-GET validators remembered from the previous successful fetch."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The recorded end of one HTTP GET or POST: an outcome, never an exception."""

    url: str
    outcome: Outcome
    final_url: str | None = None
    status: int | None = None
    body: bytes | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float | None = None  # seconds, already parsed and capped
    error: str | None = None
    elapsed: float = 0.0
    redirects: int = 0

    @property
    def ok(self) -> bool:
        """True when a body arrived (2xx)."""
        return self.outcome is Outcome.OK


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a parsed feed, with its link validated and normalised."""

    feed_name: str
    entry_id: str  # stable: hash of feed name and guid-or-link
    guid: str | None
    link: str | None  # absolute http(s) URL, or None when the item link was unusable
    url_norm: str | None  # normalised link: the article key
    title: str | None
    summary: str | None
    published: datetime | None
    link_problem: str | None = None  # why link is None (BLOCKED_SCHEME, INVALID_URL, ...)


@dataclass(frozen=True, slots=True)
class FeedParse:
    """The entries of one feed body, plus how the parse went."""

    outcome: Outcome  # OK, PARSED_WITH_WARNINGS, EMPTY, NOT_A_FEED or PARSE_ERROR
    entries: tuple[FeedEntry, ...] = ()
    tossed: int = 0  # items beyond the per-feed cap
    version: str | None = None
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """What the core analyses: one news article as text plus metadata."""

    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    lang: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an article reports a completed prisoner exchange, with its score and reasons."""

    is_swap: bool
    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """One figure in the text, who stated it, and where it came from."""

    side: str  # ISO code of the side that received the people
    category: Category
    value: int
    kind: ClaimKind
    source: str | None  # "Zelensky", "RU defence ministry", None = the outlet itself
    sentence: str
    start: int  # character span of the figure in Article.text
    end: int
    event_index: int | None = None  # index into Analysis.events, for kind == "event"


@dataclass(frozen=True, slots=True)
class SideCounts:
    """People (or bodies) handed over to one side, by category."""

    military: CountValue = None
    civilian: CountValue = None
    bodies: CountValue = None
    total: CountValue = None

    def get(self, category: str) -> CountValue:
        """The value of one category by name."""
        value: CountValue = getattr(self, category)
        return value


@dataclass(frozen=True, slots=True)
class SwapEvent:
    """One concrete exchange an article reports (role main) or mentions (role background)."""

    date: str | None  # YYYY-MM-DD, YYYY-MM, or None when the text cannot tell
    parties: tuple[str, ...]  # sorted ISO 3166 alpha-2 codes
    returned: dict[str, SideCounts] = field(default_factory=dict)
    mediators: tuple[str, ...] = ()
    location: str | None = None
    role: Role = "main"


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the core reads out of one article."""

    verdict: Verdict
    events: tuple[SwapEvent, ...] = ()
    claims: tuple[Claim, ...] = ()
    extractor_version: str = ""


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the poller remembers about one feed between runs (the `feed_state` table)."""

    feed_name: str
    url: str
    enabled: bool = True
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_outcome: str | None = None
    last_status: int | None = None
    last_error: str | None = None
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    consecutive_failures: int = 0
    failure_score: float = 0.0  # Media Cloud weights: hard 1, soft 0.5, transient 0.25
    next_poll_at: datetime | None = None
    disabled_reason: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """One fetched (or failed) article page with its analysis, ready for the warehouse."""

    article_id: str  # swapwatch.urls.url_key of the normalised URL
    url: str
    feed_name: str | None
    outcome: Outcome
    fetched_at: datetime
    final_url: str | None = None
    title: str | None = None
    text: str | None = None
    published: date | None = None
    lang: str | None = None
    content_hash: str | None = None  # sha1 of the normalised extracted text: syndicated copies share it
    error: str | None = None
    analysis: Analysis | None = None
