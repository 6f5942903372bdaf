"""`swapwatch report`: one self-contained HTML page (inline CSS and SVG, no scripts, no network).

load_report_data(con) -> ReportData    read the analyst views (read-only)
render_report(data) -> str             pure: data in, HTML out; every database string escaped
write_report(db, out) -> Path          open the warehouse read-only, render, write atomically
"""

from __future__ import annotations

import json
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from swapwatch.parties import party_name
from warehouse.charts import CSS, Mark, Series, colour, esc, steps_svg, time_domain, timeline_svg
from warehouse.db import connect, to_utc, utc_now

LATEST = 20  # rows of the "latest swaps" table
_NEEDED = ("swap_events", "swap_event_counts", "event_side_totals", "totals_by_side", "feed_health",
           "article_events", "articles")


@dataclass(frozen=True, slots=True)
class FigureView:
    """One side's figure for one category, with every claimed value (best first) and who claimed it."""

    side: str
    category: str
    value: int
    disputed: bool
    claims: tuple[tuple[int, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class EventView:
    """One swap as the report shows it."""

    event_id: str
    day: date | None
    month: str | None
    parties: tuple[str, ...]
    n_articles: int
    n_outlets: int
    background_only: bool
    headline: str | None
    people: dict[str, int] = field(default_factory=dict)  # side -> people returned
    bodies: dict[str, int] = field(default_factory=dict)
    figures: tuple[FigureView, ...] = ()

    @property
    def when(self) -> date | None:
        """The day on the time axis: the date, else the middle of the known month."""
        if self.day is not None:
            return self.day
        try:
            return date(int(self.month[:4]), int(self.month[5:7]), 15) if self.month else None
        except ValueError:
            return None

    @property
    def pair(self) -> str:
        """The parties as readable names ("Russia – Ukraine")."""
        return " – ".join(party_name(p) for p in self.parties) or "unknown parties"


@dataclass(frozen=True, slots=True)
class FeedView:
    """One feed's health."""

    name: str
    url: str
    last_success_at: datetime | None
    last_polled_at: datetime | None
    failures: int
    error_kind: str | None
    error: str | None
    next_poll_at: datetime | None
    disabled: bool
    disabled_reason: str | None


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the page shows; events newest first, cumulative points oldest first."""

    generated_at: datetime
    last_updated: datetime | None = None
    events: tuple[EventView, ...] = ()
    cumulative: dict[str, tuple[tuple[date, int], ...]] = field(default_factory=dict)
    feeds: tuple[FeedView, ...] = ()
    note: str | None = None


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _claims(raw: str | None, best: int) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """Claimed values grouped by value, best first, each with its distinct sources."""
    grouped: dict[int, list[str]] = defaultdict(list)
    for claim in json.loads(raw or "[]"):
        who = claim.get("source") or claim.get("outlet") or "unattributed"
        if who not in grouped[int(claim["value"])]:
            grouped[int(claim["value"])].append(str(who))
    order = sorted(grouped, key=lambda v: (v != best, -len(grouped[v]), v))
    return tuple((v, tuple(grouped[v])) for v in order)


def load_report_data(con: duckdb.DuckDBPyConnection, *, now: datetime | None = None) -> ReportData:
    """Read events, figures, running totals and feed health from the warehouse views."""
    generated = to_utc(now) or utc_now()
    present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    missing = [name for name in _NEEDED if name not in present]
    if missing:
        note = f"The warehouse is not migrated yet (missing {', '.join(missing)})."
        return ReportData(generated_at=generated, note=note)
    figures: dict[str, list[FigureView]] = defaultdict(list)
    for r in _rows(con, "SELECT * FROM swap_event_counts ORDER BY event_id, side, category"):
        value = int(r["value"])
        figures[r["event_id"]].append(
            FigureView(r["side"], r["category"], value, bool(r["disputed"]), _claims(r["claimed"], value)))
    people: dict[str, dict[str, int]] = defaultdict(dict)
    bodies: dict[str, dict[str, int]] = defaultdict(dict)
    for r in _rows(con, "SELECT * FROM event_side_totals"):
        if r["people"] is not None:
            people[r["event_id"]][r["side"]] = int(r["people"])
        if r["bodies"] is not None:
            bodies[r["event_id"]][r["side"]] = int(r["bodies"])
    # Not an analyst view: the headline (a main report first, earliest published) and distinct outlets.
    heads = {r["event_id"]: r for r in _rows(con, """
        SELECT ae.event_id,
               first(a.title ORDER BY ae.role <> 'main', a.title IS NULL, a.published NULLS LAST,
                                      a.article_id) AS headline,
               count(DISTINCT coalesce(a.feed_name, a.article_id)) AS n_outlets
        FROM article_events AS ae JOIN articles AS a USING (article_id)
        WHERE ae.event_id IS NOT NULL AND a.duplicate_of IS NULL
        GROUP BY ae.event_id""")}
    events = tuple(EventView(
        event_id=(eid := r["event_id"]), day=r["event_date"], month=r["event_month"],
        parties=tuple(r["parties"] or ()), n_articles=int(r["n_articles"]),
        n_outlets=int(heads.get(eid, {}).get("n_outlets") or 0), background_only=bool(r["background_only"]),
        headline=heads.get(eid, {}).get("headline"), people=people.get(eid, {}), bodies=bodies.get(eid, {}),
        figures=tuple(figures.get(eid, ())),
    ) for r in _rows(con, """
        SELECT * FROM swap_events
        ORDER BY coalesce(event_date, TRY_CAST(event_month || '-15' AS DATE)) DESC NULLS LAST,
                 first_seen_at DESC, event_id""")
    )
    cumulative: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for r in _rows(con, "SELECT side, period_start, cumulative_people FROM totals_by_side "
                        "ORDER BY side, period_start, event_id"):
        cumulative[r["side"]].append((r["period_start"], int(r["cumulative_people"])))
    feeds = tuple(FeedView(
        name=r["feed_name"], url=r["url"], last_success_at=r["last_success_at"],
        last_polled_at=r["last_polled_at"], failures=int(r["consecutive_failures"] or 0),
        error_kind=r["last_error_kind"], error=r["last_error"], next_poll_at=r["next_poll_at"],
        disabled=bool(r["disabled"]), disabled_reason=r["disabled_reason"],
    ) for r in _rows(con, "SELECT * FROM feed_health "
                          "ORDER BY disabled DESC, consecutive_failures DESC, feed_name"))
    stamps = [r[0] for r in con.execute(
        "SELECT max(updated_at) FROM swap_events UNION ALL SELECT max(last_polled_at) FROM feed_health"
    ).fetchall() if r[0] is not None]
    return ReportData(generated_at=generated, last_updated=max(stamps, default=None), events=events,
                      cumulative={k: tuple(v) for k, v in cumulative.items()}, feeds=feeds)


# ---------------------------------------------------------------------------------------------- render

def _num(value: int) -> str:
    return f"{value:,}".replace(",", "\u2009")


def _day(value: date | None) -> str:
    return value.strftime("%-d %b %Y") if value else "—"


def _stamp(value: datetime | None, zone: str = " UTC") -> str:
    return value.strftime("%Y-%m-%d %H:%M") + zone if value else "—"


def _relative(value: datetime | None, now: datetime) -> str:
    """A relative time ("3 h ago", "in 20 min") for a timestamp near `now`."""
    if value is None:
        return ""
    seconds = (value - now).total_seconds()
    size = abs(seconds)
    text = (f"{size / 60:.0f} min" if size < 5400 else f"{size / 3600:.0f} h" if size < 172800
            else f"{size / 86400:.0f} d")
    return f"in {text}" if seconds > 0 else f"{text} ago"


def _when(value: datetime | None, now: datetime, *, due: bool = False) -> str:
    """A timestamp with its relative age underneath ("overdue by" for a due time in the past)."""
    if value is None:
        return '<span class="muted">never</span>'
    age = _relative(value, now)
    if due and value <= now:
        age = "due now" if (now - value).total_seconds() < 90 else f"overdue by {age.removesuffix(' ago')}"
    return f'<span class="nowrap">{esc(_stamp(value, ""))}</span><div class="muted small">{esc(age)}</div>'


def _event_date(event: EventView) -> str:
    """The date cell: the day, else the month tagged "day unknown"."""
    if event.day:
        return esc(_day(event.day))
    if event.when:
        return f'{esc(event.when.strftime("%b %Y"))} <span class="tag">day unknown</span>'
    return '<span class="muted">date unknown</span>'


def _stats(data: ReportData) -> str:
    """The headline cards: swaps, people returned per side, last update."""
    people: dict[str, int] = defaultdict(int)
    bodies: dict[str, int] = defaultdict(int)
    for event in data.events:
        for side, n in event.people.items():
            people[side] += n
        for side, n in event.bodies.items():
            bodies[side] += n
    dated = [e.when for e in data.events if e.when]
    since = f"since {_day(min(dated))}" if dated else "from news reports"
    cards = [f'<div class="stat lead"><div class="n">{_num(len(data.events))}</div>'
             f'<div class="l">swaps recorded {esc(since)}</div></div>']
    ranked = sorted(people, key=lambda s: (-people[s], s))
    for side in ranked[:4]:
        extra = f" · {_num(bodies[side])} bodies" if bodies.get(side) else ""
        cards.append(f'<div class="stat"><div class="n">{_num(people[side])}</div>'
                     f'<div class="l">people returned to {esc(party_name(side))}{esc(extra)}</div></div>')
    age = _relative(data.last_updated, data.generated_at) or "never"
    cards.append(f'<div class="stat"><div class="n">{esc(age)}</div>'
                 f'<div class="l">last updated · {esc(_stamp(data.last_updated))}</div></div>')
    rest = ", ".join(f"{party_name(s)} {_num(people[s])}" for s in ranked[4:])
    more = f'<p class="muted small">Also returned: {esc(rest)}.</p>' if rest else ""
    return f'<div class="stats">{"".join(cards)}</div>{more}'


def _pair_colours(events: tuple[EventView, ...]) -> dict[str, str]:
    """One colour per pair of parties, the busiest pair first."""
    weight: dict[str, int] = defaultdict(int)
    for event in events:
        weight[event.pair] += sum(event.people.values()) + 1
    return {pair: colour(i) for i, pair in enumerate(sorted(weight, key=lambda p: (-weight[p], p)))}


def _charts(data: ReportData, colours: dict[str, str]) -> str:
    """The timeline and the cumulative totals, on one shared time axis."""
    dated = [e for e in data.events if e.when]
    if not dated:
        return '<section><h2>Timeline</h2><p class="empty">No dated swaps yet.</p></section>'
    days = [e.when for e in dated if e.when] + [d for pts in data.cumulative.values() for d, _ in pts]
    domain = time_domain(days)
    marks = [Mark(day=e.when, lane=e.pair, people=sum(e.people.values()) or None, colour=colours[e.pair],
                  approximate=e.day is None, tooltip=f"{_day(e.day) if e.day else e.month} · {e.pair} · "
                  + (", ".join(f"{s} {_num(n)}" for s, n in sorted(e.people.items())) or "no count"))
             for e in dated if e.when]
    undated = len(data.events) - len(dated)
    note = f" {undated} swap(s) without a known date are not drawn." if undated else ""
    totals = {s: pts[-1][1] for s, pts in data.cumulative.items() if pts}
    sides = sorted(totals, key=lambda s: (-totals[s], s))
    series = [Series(party_name(s), colour(i), data.cumulative[s]) for i, s in enumerate(sides)]
    legend = "".join(f'<span><span class="dot" style="background:{s.colour}"></span>{esc(s.name)} '
                     f'<b>{_num(totals[side])}</b></span>' for s, side in zip(series, sides, strict=True))
    steps = steps_svg(series, domain) if series else '<p class="empty">No counts recorded yet.</p>'
    return (f'<section><h2>Timeline</h2><p class="sub">One circle per swap, one row per pair of parties; '
            f"circle area is the number of people returned (both sides). Dashed: only the month is known."
            f"{esc(note)}</p><div class=\"chart-wrap\">{timeline_svg(marks, domain)}</div></section>"
            f'<section><h2>People returned, cumulative</h2><p class="sub">Running total of people '
            f"(prisoners, civilians) handed over to each side, by swap date.</p>"
            f'<div class="legend">{legend}</div><div class="chart-wrap">{steps}</div></section>')


def _counts(event: EventView) -> str:
    """Per-side lines: people in bold, then the breakdown by category (and bodies)."""
    by_side: dict[str, dict[str, FigureView]] = defaultdict(dict)
    for figure in event.figures:
        by_side[figure.side][figure.category] = figure
    lines = []
    for side in sorted(by_side, key=lambda s: (s not in event.parties, s)):
        cats = by_side[side]
        head = event.people.get(side)
        parts = [f"{_num(cats[c].value)} {c}" for c in ("military", "civilian") if c in cats]
        if len(parts) == 1 and head is not None and parts[0].startswith(f"{_num(head)} "):
            parts = [parts[0].split(" ", 1)[1]]  # "320 military", not "320 320 military"
        if "bodies" in cats:
            parts.append(f"+ {_num(cats['bodies'].value)} bodies")
        main = f'<span class="count">{_num(head)}</span> ' if head is not None else ""
        lines.append(f'<div class="nowrap"><span class="code">{esc(side)}</span>{main}'
                     f'<span class="muted small">{esc(" · ".join(parts))}</span></div>')
    return "".join(lines) or '<span class="muted">no figures</span>'


def _disputes(event: EventView) -> str:
    """A badge per disputed figure: every claimed value with who claimed it."""
    badges = []
    for f in event.figures:
        if f.disputed:
            said = " vs ".join(f"{_num(v)} ({', '.join(who)})" for v, who in f.claims)
            badges.append(f'<div class="badge" title="best value {_num(f.value)}">disputed · '
                          f"{esc(f.side)} {esc(f.category)}: {esc(said)}</div>")
    return "".join(badges)


def _latest(data: ReportData, colours: dict[str, str]) -> str:
    """The latest swaps as a table."""
    rows = []
    for e in data.events[:LATEST]:
        head = f'<div class="headline">{esc(e.headline)}</div>' if e.headline else ""
        tag = ' <span class="tag">background mention only</span>' if e.background_only else ""
        rows.append(f'<tr><td class="nowrap">{_event_date(e)}</td>'
                    f'<td><span class="dot" style="background:{colours[e.pair]}"></span><b>{esc(e.pair)}</b>'
                    f"{tag}{head}{_disputes(e)}</td><td>{_counts(e)}</td>"
                    f'<td class="num">{e.n_articles}<div class="muted small">{e.n_outlets} outlet'
                    f'{"" if e.n_outlets == 1 else "s"}</div></td></tr>')
    more = f" (of {len(data.events)})" if len(data.events) > LATEST else ""
    head = ('<thead><tr><th>Date</th><th>Parties</th><th>Returned to</th><th class="num">Sources</th>'
            "</tr></thead>")
    return (f'<section><h2>Latest swaps{esc(more)}</h2><div class="table-wrap"><table>{head}'
            f"<tbody>{''.join(rows)}</tbody></table></div></section>")


def _feeds(data: ReportData) -> str:
    """The feed health table."""
    if not data.feeds:
        return '<section><h2>Feed health</h2><p class="empty">No feeds polled yet.</p></section>'
    rows = []
    for f in data.feeds:
        css, state = (("st-off", "disabled") if f.disabled else ("st-bad", "failing") if f.failures
                      else ("st-ok", "ok"))
        kind = f'<span class="code">{esc(f.error_kind)}</span>' if f.error_kind else ""
        error = kind + esc(f.error or "") or '<span class="muted">—</span>'
        off = ("no" if not f.disabled else f"yes — {f.disabled_reason}" if f.disabled_reason else "yes")
        due = ('<span class="muted">—</span>' if f.disabled
               else _when(f.next_poll_at, data.generated_at, due=True))
        rows.append(f'<tr><td><span class="{css}">●</span> <b>{esc(f.name)}</b> <span class="muted small">'
                    f'{esc(state)}</span><div class="muted small">{esc(f.url)}</div></td>'
                    f"<td>{_when(f.last_success_at, data.generated_at)}</td>"
                    f'<td class="num {"st-bad" if f.failures else ""}">{f.failures}</td>'
                    f'<td class="small">{error}</td><td>{due}</td><td>{esc(off)}</td></tr>')
    failing = sum(1 for f in data.feeds if f.failures and not f.disabled)
    return (f'<section><h2>Feed health</h2><p class="sub">{len(data.feeds)} feeds · {failing} failing · '
            f'{sum(f.disabled for f in data.feeds)} disabled</p><div class="table-wrap"><table><thead><tr>'
            '<th>Feed</th><th>Last success (UTC)</th><th class="num">Failures in a row</th>'
            "<th>Last error</th><th>Next poll (UTC)</th><th>Disabled</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div></section>")


def render_report(data: ReportData) -> str:
    """The whole page as one HTML string (pure)."""
    colours = _pair_colours(data.events)
    if data.events:
        body = _charts(data, colours) + _latest(data, colours)
    else:
        body = '<section><p class="empty">No swaps recorded yet.</p></section>'
    note = f'<section><p class="muted">{esc(data.note)}</p></section>' if data.note else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>swapwatch · prisoner exchanges</title><style>{CSS}</style></head><body><main>"
            f"<h1>Prisoner exchanges</h1><p class=\"sub\">Recorded by swapwatch from news reports · "
            f"generated {esc(_stamp(data.generated_at))}</p>{note}{_stats(data)}{body}{_feeds(data)}"
            f"<footer>Figures are the best value per side and category (an official of the receiving side, "
            f"else the value most outlets agree on); a disputed figure lists every claimed value and who "
            f"claimed it. Hover a circle for details.</footer></main></body></html>\n")


def write_report(db: Path, out: Path, *, now: datetime | None = None) -> Path:
    """Read the warehouse read-only, render the page and write it atomically to `out`."""
    now = to_utc(now) or utc_now()
    if not db.exists():
        data = ReportData(generated_at=now, note=f"No warehouse at {db} yet: run the pipeline first.")
    else:
        with closing(connect(db, read_only=True)) as con:
            data = load_report_data(con, now=now)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(render_report(data), encoding="utf-8")
    tmp.replace(out)
    return out
