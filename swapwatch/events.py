"""Event resolution: which article mentions describe the same real-world exchange.

`resolve(mentions, previous)` clusters every `Mention` into a `ResolvedEvent`. The result depends
only on the SET of mentions (they are sorted canonically before clustering) and on `previous`, the
ids handed out by an earlier run, which are reused so that an event keeps its id for life.

Clustering runs in tiers, best-dated mentions first, so that vaguer mentions attach to events whose
day is already known:

    tier 0  exact day          same parties; same day = same event (different figures are a dispute);
                               one day apart = same event unless the counts conflict (a new phase)
    tier 1  month only         joins an event in that month whose counts do not conflict
    tier 2  undated, main      the article's published date P stands in: an event in [P-3, P]
    tier 3  undated, other     background or no published date: joins only on agreeing counts
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from swapwatch.models import CATEGORIES, Claim, SwapEvent

# An undated main report is usually published on the day of the swap or up to a few days later
# (weekly round-ups), so its event lies in [published - 3 days, published].
UNDATED_LOOKBACK = timedelta(days=3)
# Reports of one swap disagree by a day across time zones and "yesterday"-style datelines.
DAY_TOLERANCE = timedelta(days=1)

CountKey = tuple[str, str]  # (receiving side, category)


@dataclass(frozen=True, slots=True)
class Mention:
    """One event as one article reports it: the unit that resolution clusters."""

    article_id: str
    published: date | None
    outlet: str | None  # feed or outlet name: independence of sources in reconcile
    event: SwapEvent
    claims: tuple[Claim, ...] = ()
    is_swap: bool = True
    index: int = 0  # position of the event in Analysis.events

    @property
    def key(self) -> str:
        """Stable identity of the mention across runs: article id and event index."""
        return mention_key(self.article_id, self.index)

    @property
    def primary(self) -> bool:
        """True when the article is about this exchange (role main in a swap article)."""
        return self.event.role == "main" and self.is_swap


@dataclass(frozen=True, slots=True)
class ResolvedEvent:
    """One real-world exchange with every mention assigned to it."""

    event_id: str
    date: date | None
    month: str | None  # YYYY-MM: from the date, or the only thing known
    parties: tuple[str, ...]
    mentions: tuple[Mention, ...]
    background_only: bool  # no article is about it: known from background mentions only
    mediators: tuple[str, ...] = ()
    location: str | None = None

    @property
    def n_articles(self) -> int:
        """Distinct articles that mention the event."""
        return len({m.article_id for m in self.mentions})


@dataclass(frozen=True, slots=True)
class Resolution:
    """The events, the mention -> event assignment, and ids retired by merges."""

    events: tuple[ResolvedEvent, ...]
    assignment: Mapping[str, str]
    retired: Mapping[str, str] = field(default_factory=dict)  # old id -> id that absorbed it


def mention_key(article_id: str, index: int) -> str:
    """The key under which a mention's event id is remembered between runs."""
    return f"{article_id}#{index}"


def parse_event_date(text: str | None) -> tuple[date | None, str | None]:
    """Split an event date into (exact day, YYYY-MM month); anything malformed is unknown."""
    if not text:
        return None, None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return day, day.isoformat()[:7]
        if len(text) == 7:
            date.fromisoformat(f"{text}-01")
            return None, text
    except ValueError:
        return None, None
    return None, None


def counts_of(event: SwapEvent) -> dict[CountKey, frozenset[int]]:
    """The figures of an event as sets of values per (side, category)."""
    out: dict[CountKey, frozenset[int]] = {}
    for side, side_counts in event.returned.items():
        for category in CATEGORIES:
            value = side_counts.get(category)
            if value is None:
                continue
            values = frozenset((value,) if isinstance(value, int) else value)
            if values:
                out[(side.upper(), category)] = values
    return out


@dataclass(frozen=True, slots=True)
class _Parsed:
    mention: Mention
    parties: tuple[str, ...]
    day: date | None
    month: str | None
    counts: dict[CountKey, frozenset[int]]
    tier: int = 3

    @staticmethod
    def tier_of(mention: Mention, day: date | None, month: str | None) -> int:
        """0: dated to the day; 1: to the month; 2: undated main report with a publication date; 3: vague."""
        if day is not None:
            return 0
        if month is not None:
            return 1
        if mention.primary and mention.published is not None:
            return 2
        return 3

    def sort_key(self) -> tuple[object, ...]:
        anchor = self.day or self.mention.published or date.min
        return (self.tier, anchor, self.month or "", self.parties, self.mention.article_id,
                self.mention.index)


@dataclass
class _Cluster:
    parties: tuple[str, ...]
    members: list[_Parsed] = field(default_factory=list)
    days: Counter[date] = field(default_factory=Counter)
    months: Counter[str] = field(default_factory=Counter)
    counts: dict[CountKey, set[int]] = field(default_factory=dict)
    # day and month are read for every (mention, cluster) pair: kept up to date on add, not recomputed.
    day: date | None = None
    month: str | None = None
    first_published: date | None = None

    def add(self, parsed: _Parsed) -> None:
        self.members.append(parsed)
        published = parsed.mention.published
        if published is not None and (self.first_published is None or published < self.first_published):
            self.first_published = published
        if parsed.day is not None:
            self.days[parsed.day] += 1
        if parsed.month is not None:
            self.months[parsed.month] += 1
        for key, values in parsed.counts.items():
            self.counts.setdefault(key, set()).update(values)
        # The most reported day wins; a tie goes to the earliest, so the choice is order-free.
        self.day = min(self.days, key=lambda d: (-self.days[d], d)) if self.days else None
        if self.day is not None:
            self.month = self.day.isoformat()[:7]
        else:
            self.month = min(self.months, key=lambda m: (-self.months[m], m)) if self.months else None

    @property
    def anchor(self) -> date | None:
        """The exact day; for an event known only from undated reports, their earliest publication."""
        if self.day is not None:
            return self.day
        if self.months:
            return None
        return self.first_published

    def compare(self, counts: Mapping[CountKey, frozenset[int]]) -> tuple[bool, int]:
        """(conflict, agreement): any shared figure with disjoint values; how many overlap."""
        conflict, agreement = False, 0
        for key, values in counts.items():
            mine = self.counts.get(key)
            if not mine:
                continue
            if mine.isdisjoint(values):  # no intersection built: this runs for every (mention, cluster) pair
                conflict = True
            else:
                agreement += 1
        return conflict, agreement

    def sort_key(self) -> tuple[object, ...]:
        first = self.members[0].mention
        return (self.day or date.max, self.month or "~", self.anchor or date.max, self.parties,
                first.article_id, first.index)


def _parse(mention: Mention) -> _Parsed:
    day, month = parse_event_date(mention.event.date)
    parties = tuple(sorted({p.upper() for p in mention.event.parties}))
    return _Parsed(mention, parties, day, month, counts_of(mention.event), _Parsed.tier_of(mention, day, month))


def _rank(parsed: _Parsed, cluster: _Cluster) -> tuple[int, int, int] | None:
    """How well a mention fits a cluster (lower is better), or None when it cannot belong."""
    # Cheap date tests come before comparing figures: most (mention, cluster) pairs fail on dates.
    if parsed.parties != cluster.parties:
        return None
    tier = parsed.tier
    if tier == 0:
        if cluster.day is None or parsed.day is None:
            return None
        gap = abs((parsed.day - cluster.day).days)
        if gap > DAY_TOLERANCE.days:
            return None
        conflict, agreement = cluster.compare(parsed.counts)
        # Same day: different figures are a dispute. Next day: different figures are a new phase.
        if gap == 0 or not conflict:
            return (int(conflict), -agreement, gap)
        return None
    if tier == 1:
        if cluster.month != parsed.month:
            return None
        conflict, agreement = cluster.compare(parsed.counts)
        return None if conflict else (0, -agreement, 0)
    conflict, agreement = cluster.compare(parsed.counts)
    published, anchor = parsed.mention.published, cluster.anchor
    if tier == 2 and published is not None:
        if anchor is None:
            # A month-only event: the report's window [P-3, P] has to touch that month.
            window = {(published - UNDATED_LOOKBACK).isoformat()[:7], published.isoformat()[:7]}
            if cluster.month not in window or conflict:
                return None
            return (0, -agreement, UNDATED_LOOKBACK.days)
        lag = (published - anchor).days
        in_window = -DAY_TOLERANCE.days <= lag <= UNDATED_LOOKBACK.days
        # A conflicting figure is a dispute only when the report is about that very day.
        if in_window and (not conflict or abs(lag) <= DAY_TOLERANCE.days):
            return (int(conflict), -agreement, abs(lag))
        return None
    # Tier 3: a vague mention joins only an event whose figures it repeats.
    if conflict or agreement == 0:
        return None
    if published is not None and anchor is not None and anchor > published:
        return None
    recency = (published - anchor).days if published is not None and anchor is not None else 0
    return (0, -agreement, recency)


def _best_of_month(item: _Parsed, clusters: Sequence[_Cluster], positions: Iterable[int]) -> int | None:
    """The cluster `_rank` picks for a month-only mention among its month's clusters, without calling it.

    Same answer (most shared figures, then the earliest cluster; none with a conflicting figure):
    a month-only mention is compared with every cluster of its month, ~225,000 pairs for the
    benchmark's 5,000 pages, where two calls and a tuple per pair took ~1 s of the store phase.
    """
    wanted = tuple(item.counts.items())
    best: int | None = None
    best_agreement = -1
    for position in positions:
        have = clusters[position].counts
        agreement = 0
        for key, values in wanted:
            mine = have.get(key)
            if mine:
                if mine.isdisjoint(values):
                    break  # a conflicting figure: not this cluster
                agreement += 1
        else:
            if agreement > best_agreement or (agreement == best_agreement and best is not None and position < best):
                best, best_agreement = position, agreement
    return best


def _cluster(parsed: Iterable[_Parsed]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    # Indexes of the clusters a mention can join at all (see _rank): by day for mentions dated to the
    # day, by month for month-only ones, by parties for the rest. Without them, resolving thousands
    # of mentions compares each with every cluster.
    by_day: dict[tuple[tuple[str, ...], date], set[int]] = {}
    by_month: dict[tuple[tuple[str, ...], str], set[int]] = {}
    by_parties: dict[tuple[str, ...], list[int]] = {}

    def candidates(item: _Parsed) -> Iterable[int]:
        if item.tier == 0 and item.day is not None:
            near = (item.day + timedelta(days=d) for d in range(-DAY_TOLERANCE.days, DAY_TOLERANCE.days + 1))
            return [p for day in near for p in by_day.get((item.parties, day), ())]
        if item.tier == 1 and item.month is not None:
            return by_month.get((item.parties, item.month), ())
        return by_parties.get(item.parties, ())

    for item in sorted(parsed, key=_Parsed.sort_key):
        chosen: int | None
        if item.tier == 1:
            chosen = _best_of_month(item, clusters, candidates(item))
        else:
            best: tuple[tuple[int, int, int], int] | None = None
            for position in candidates(item):
                rank = _rank(item, clusters[position])
                if rank is not None and (best is None or (rank, position) < best):
                    best = (rank, position)
            chosen = None if best is None else best[1]
        if chosen is None:
            position = len(clusters)
            clusters.append(_Cluster(item.parties))
            by_parties.setdefault(item.parties, []).append(position)
        else:
            position = chosen
        cluster = clusters[position]
        old_day, old_month = cluster.day, cluster.month
        cluster.add(item)
        if cluster.day != old_day:
            if old_day is not None:
                by_day[(cluster.parties, old_day)].discard(position)
            if cluster.day is not None:
                by_day.setdefault((cluster.parties, cluster.day), set()).add(position)
        if cluster.month != old_month:
            if old_month is not None:
                by_month[(cluster.parties, old_month)].discard(position)
            if cluster.month is not None:
                by_month.setdefault((cluster.parties, cluster.month), set()).add(position)
    return sorted(clusters, key=_Cluster.sort_key)


def fresh_event_id(parties: Sequence[str], day: date | None, month: str | None,
                   anchor: date | None) -> str:
    """An id from content later reports do not change: parties plus the event's canonical day."""
    stem = "sw-" + "-".join(parties)
    if day is not None:
        return f"{stem}-{day.isoformat()}"
    if month is not None:
        return f"{stem}-{month}"
    return f"{stem}-undated-{anchor.isoformat()}" if anchor is not None else f"{stem}-undated"


def _assign_ids(clusters: Sequence[_Cluster], previous: Mapping[str, str]) -> list[str]:
    """Reuse each previous id for the cluster holding most of its mentions; mint the rest."""
    ids: list[str | None] = [None] * len(clusters)
    candidates: list[tuple[int, int, str, int]] = []
    for position, cluster in enumerate(clusters):
        votes: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        for order, member in enumerate(cluster.members):
            old = previous.get(member.mention.key)
            if old is not None:
                votes[old] += 1
                first_seen.setdefault(old, order)
        candidates += [(-n, first_seen[old], old, position) for old, n in votes.items()]
    taken: set[str] = set(previous.values())
    used: set[str] = set()
    for _neg_votes, _first, old, position in sorted(candidates):
        if ids[position] is None and old not in used:
            ids[position] = old
            used.add(old)
    minted: set[str] = set()
    for position, cluster in enumerate(clusters):
        if ids[position] is not None:
            continue
        base = fresh_event_id(cluster.parties, cluster.day, cluster.month, cluster.anchor)
        candidate, n = base, 1
        # Ids of retired events are never handed to a different exchange.
        while candidate in taken or candidate in minted:
            n += 1
            candidate = f"{base}-{n}"
        ids[position] = candidate
        minted.add(candidate)
    return [i for i in ids if i is not None]


def _build(cluster: _Cluster, event_id: str) -> ResolvedEvent:
    mentions = tuple(p.mention for p in cluster.members)
    mentions = tuple(sorted(mentions, key=lambda m: (m.article_id, m.index)))
    mediators = tuple(sorted({x.upper() for m in mentions for x in m.event.mediators}))
    places = Counter(m.event.location for m in mentions if m.event.location)
    location = min(places, key=lambda p: (-places[p], p)) if places else None
    return ResolvedEvent(
        event_id=event_id, date=cluster.day, month=cluster.month, parties=cluster.parties,
        mentions=mentions, background_only=not any(m.primary for m in mentions),
        mediators=mediators, location=location,
    )


def resolve(mentions: Sequence[Mention], previous: Mapping[str, str] | None = None) -> Resolution:
    """Cluster mentions into events, reusing `previous` (mention key -> event id) ids."""
    previous = previous or {}
    unique: dict[str, Mention] = {}
    # A repeated key keeps one deterministic copy whatever the input order.
    for mention in sorted(mentions, key=lambda m: (m.key, repr(m))):
        unique.setdefault(mention.key, mention)
    clusters = _cluster(_parse(m) for m in unique.values())
    ids = _assign_ids(clusters, previous)
    events = tuple(_build(c, i) for c, i in zip(clusters, ids, strict=True))
    assignment = {m.key: e.event_id for e in events for m in e.mentions}
    live = {e.event_id for e in events}
    retired = {old: assignment[key] for key, old in sorted(previous.items())
               if old not in live and key in assignment}
    return Resolution(events=events, assignment=assignment, retired=retired)
