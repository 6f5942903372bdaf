"""Inline SVG charts for the HTML report, drawn in plain Python (no JavaScript, no external assets).

    timeline_svg   one circle per event on a time axis, one lane per pair of parties, area ~ people
    steps_svg      cumulative step lines, one per receiving side, labelled at their right end
    CSS            the page's stylesheet (light and dark), including the classes the charts use

Every text that reaches the SVG passes through `esc`; colours come from `PALETTE` only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

# Colour-blind-aware categorical palette with enough contrast on white and on a dark background.
PALETTE: tuple[str, ...] = ("#3b78c4", "#e07b39", "#2a9d8f", "#c94f4f", "#8464b4", "#5a9e4b",
                            "#c9a227", "#c05f99", "#8a6a4f", "#64748b")
WIDTH = 1000  # viewBox width; the SVG scales to the page width
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# The page stylesheet: chart classes (.tick, .grid, .mark, .step ...) plus the report layout.
CSS = """
:root{--bg:#f7f7f4;--card:#fff;--ink:#1c1f24;--muted:#5d6470;--line:#e3e4e0;--grid:#ecece8;
--accent:#3b78c4;--warn:#b4541a;--warn-bg:#fdf0e6;--ok:#2f8a4a;--bad:#b3261e;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--card:#1d2024;--ink:#e8e9eb;--muted:#9aa1ab;
--line:#2d3137;--grid:#26292e;--warn:#f0a36b;--warn-bg:#3a2718;--ok:#5cc07a;--bad:#f08a84}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);line-height:1.45;font-size:15px}
main{max-width:1120px;margin:0 auto;padding:32px 20px 48px}
h1{font-size:30px;margin:0 0 4px;letter-spacing:-.01em}h2{font-size:19px;margin:0 0 4px}
.sub,.muted{color:var(--muted)}.sub{margin:0 0 22px}.small{font-size:13px}
section{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:20px 22px;
margin:18px 0}
section>p.sub{margin:0 0 12px;font-size:14px}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px}
.stat{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:14px 16px}
.stat .n{white-space:nowrap;font-size:30px;font-weight:700;font-variant-numeric:tabular-nums;line-height:1.1}
.stat .l{color:var(--muted);font-size:13px;margin-top:4px}.stat.lead{border-top:4px solid var(--accent)}
.chart-wrap{overflow-x:auto}.chart{width:100%;min-width:620px;height:auto;display:block}
.chart text{font-family:inherit}.tick{font-size:12px;fill:var(--muted)}
.grid{stroke:var(--grid);stroke-width:1}.axis{stroke:var(--muted);stroke-width:1}
.lane{stroke:var(--line);stroke-dasharray:2 4}.lane-label{font-size:14px;font-weight:600;fill:var(--ink)}
.mark{fill-opacity:.55;stroke-width:1.5}.mark-label{font-size:11px;font-weight:700;fill:var(--ink)}
.key{fill:none;stroke:var(--muted)}.step{fill:none;stroke-linejoin:round}
.end-label{font-size:13px;font-weight:700}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;margin:0 0 8px;font-size:14px}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px;vertical-align:baseline}
.table-wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:14px}
th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);
font-weight:600;padding:8px 10px;border-bottom:2px solid var(--line)}
td{padding:10px;border-bottom:1px solid var(--line);vertical-align:top}tr:last-child td{border-bottom:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}.nowrap{white-space:nowrap}
.code{display:inline-block;min-width:28px;font-size:11px;font-weight:700;padding:1px 5px;border-radius:4px;
background:var(--grid);text-align:center;margin-right:6px}
.count{font-weight:700;font-variant-numeric:tabular-nums}
.headline{color:var(--muted);font-size:13px;margin-top:2px}
.badge{display:inline-block;margin:4px 0 0;padding:3px 8px;border-radius:6px;font-size:12.5px;
background:var(--warn-bg);color:var(--warn);border:1px solid currentColor}
.tag{font-size:11px;padding:1px 6px;border-radius:10px;border:1px solid var(--line);color:var(--muted)}
.st-ok{color:var(--ok)}.st-bad{color:var(--bad)}.st-off{color:var(--muted)}
.empty{padding:28px;text-align:center;color:var(--muted);font-size:17px}
footer{color:var(--muted);font-size:13px;margin-top:24px}
@media (max-width:640px){main{padding:20px 12px}section{padding:16px 14px}h1{font-size:24px}
.stat .n{font-size:24px}}
"""


def esc(text: object) -> str:
    """HTML/SVG-escape any value for text or attribute use."""
    return escape(str(text), quote=True)


def colour(index: int) -> str:
    """The palette colour for a category index (cycles)."""
    return PALETTE[index % len(PALETTE)]


@dataclass(frozen=True, slots=True)
class Mark:
    """One event on the timeline."""

    day: date
    lane: str  # the pair of parties, as displayed
    people: int | None
    tooltip: str
    colour: str
    approximate: bool = False  # only the month is known: drawn dashed on the 15th


@dataclass(frozen=True, slots=True)
class Series:
    """One step line: a side's cumulative total after each event."""

    name: str
    colour: str
    points: tuple[tuple[date, int], ...]


def time_domain(days: Sequence[date], *, end: date | None = None) -> tuple[date, date]:
    """A padded (start, end) around the given days, never empty."""
    lo, hi = min(days), max([*days, *([end] if end else [])])
    pad = max(timedelta(days=7), (hi - lo) * 0.04)
    if hi == lo:
        pad = timedelta(days=30)
    return lo - pad, hi + pad


def _month_start(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def time_ticks(start: date, end: date) -> list[tuple[date, str]]:
    """Readable tick positions and labels between two dates (weeks, months, quarters or years)."""
    span = (end - start).days
    ticks: list[tuple[date, str]] = []
    if span <= 60:
        day = start + timedelta(days=(7 - start.weekday()) % 7)
        while day <= end:
            ticks.append((day, f"{day.day} {_MONTHS[day.month - 1]}"))
            day += timedelta(days=7)
        return ticks
    step = 1 if span <= 500 else 3 if span <= 1400 else 12 * max(1, math.ceil(span / 365 / 10))
    day = _month_start(start, 1)
    while (day.month - 1) % min(step, 12):
        day = _month_start(day, 1)
    while day <= end:
        if step >= 12:
            label = str(day.year)
        elif day.month == 1 or not ticks:
            label = f"{_MONTHS[day.month - 1]} {day.year}"
        else:
            label = _MONTHS[day.month - 1]
        ticks.append((day, label))
        day = _month_start(day, step)
    return ticks


def nice_ticks(top: float, count: int = 5) -> list[int]:
    """Round tick values from 0 to at least `top`."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    return list(range(0, int(math.ceil(top / step)) * step + 1, step))


def _fmt(value: int) -> str:
    return f"{value:,}".replace(",", "\u2009")  # thin space: 1 234


class _XScale:
    """Linear map from dates to x pixels."""

    def __init__(self, domain: tuple[date, date], left: float, right: float) -> None:
        """Remember the domain and the pixel range."""
        self.d0, self.span = domain[0].toordinal(), max(1, (domain[1] - domain[0]).days)
        self.left, self.right = left, right

    def __call__(self, day: date) -> float:
        """The x pixel of one day."""
        return self.left + (day.toordinal() - self.d0) / self.span * (self.right - self.left)


def _x_axis(scale: _XScale, domain: tuple[date, date], top: float, bottom: float) -> list[str]:
    parts = []
    for day, label in time_ticks(*domain):
        x = scale(day)
        parts.append(f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{top:.1f}" y2="{bottom:.1f}"/>')
        parts.append(f'<text class="tick" x="{x:.1f}" y="{bottom + 18:.1f}" text-anchor="middle">'
                     f"{esc(label)}</text>")
    parts.append(f'<line class="axis" x1="{scale.left:.1f}" x2="{scale.right:.1f}" '
                 f'y1="{bottom:.1f}" y2="{bottom:.1f}"/>')
    return parts


def _svg(height: float, label: str, body: list[str]) -> str:
    return (f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" aria-label="{esc(label)}" '
            f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
            f"<title>{esc(label)}</title>{''.join(body)}</svg>")


def timeline_svg(marks: Sequence[Mark], domain: tuple[date, date], *, max_radius: float = 24.0) -> str:
    """One lane per pair of parties; each event a circle whose area is proportional to people."""
    lanes: list[str] = []
    for mark in sorted(marks, key=lambda m: m.day):
        if mark.lane not in lanes:
            lanes.append(mark.lane)
    longest = max((len(lane) for lane in lanes), default=10)
    lane_h, top, right = max_radius * 2 + 14, max_radius * 2 + 22, WIDTH - 30.0
    left = min(320.0, 30.0 + 8.2 * longest)
    bottom = top + lane_h * max(1, len(lanes))
    scale = _XScale(domain, left, right)
    biggest = max((m.people or 0 for m in marks), default=0) or 1
    body = _x_axis(scale, domain, top - 8, bottom)
    for i, lane in enumerate(lanes):
        y = top + lane_h * (i + 0.5)
        body.append(f'<line class="lane" x1="{left:.1f}" x2="{right:.1f}" y1="{y:.1f}" y2="{y:.1f}"/>')
        body.append(f'<text class="lane-label" x="{left - 14:.1f}" y="{y + 5:.1f}" '
                    f'text-anchor="end">{esc(lane)}</text>')
    # Big circles first so that small ones stay visible on top; labels only where they do not collide.
    taken: dict[str, list[tuple[float, float]]] = {}
    for mark in sorted(marks, key=lambda m: -(m.people or 0)):
        x, y = scale(mark.day), top + lane_h * (lanes.index(mark.lane) + 0.5)
        r = max(4.0, max_radius * math.sqrt((mark.people or 0) / biggest))
        dash = ' stroke-dasharray="3 2"' if mark.approximate or mark.people is None else ""
        fill = "none" if mark.people is None else mark.colour
        body.append(f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" '
                    f'stroke="{mark.colour}"{dash}><title>{esc(mark.tooltip)}</title></circle>')
        half = 3.6 * len(_fmt(mark.people or 0)) + 3
        spans = taken.setdefault(mark.lane, [])
        if mark.people and r >= 13 and all(x + half < a or x - half > b for a, b in spans):
            spans.append((x - half, x + half))
            body.append(f'<text class="mark-label" x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">'
                        f"{esc(_fmt(mark.people))}</text>")
    # Size key in the top-right corner: two round values drawn with the same scale as the marks.
    x, key_y = right, max_radius + 4
    for value in _key_values(biggest):
        r = max(4.0, max_radius * math.sqrt(value / biggest))
        label = esc(_fmt(value))
        x -= 8 + 7 * len(label)
        body.append(f'<text class="tick" x="{x:.1f}" y="{key_y + 4:.1f}">{label}</text>')
        x -= r + 4
        body.append(f'<circle class="key" cx="{x:.1f}" cy="{key_y:.1f}" r="{r:.1f}"/>')
        x -= r + 10
    body.append(f'<text class="tick" x="{x:.1f}" y="{key_y + 4:.1f}" text-anchor="end">'
                f"circle area = people returned</text>")
    return _svg(bottom + 30, "Timeline of prisoner exchanges", body)


def _key_values(biggest: int) -> list[int]:
    """Two round reference values for the size key (large first)."""
    values: list[int] = []
    for target in (biggest, biggest / 10):
        magnitude = 10 ** math.floor(math.log10(max(1.0, target)))
        value = int(max(1, math.floor(target / magnitude) * magnitude))
        if value not in values:
            values.append(value)
    return values


def _dodge(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """Move label y positions apart by at least `gap`, keeping their order, inside [low, high]."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [0.0] * len(wanted)
    last = low - gap
    for i in order:
        placed[i] = max(wanted[i], last + gap)
        last = placed[i]
    overflow = last - high
    if overflow > 0:
        for i in order:
            placed[i] -= overflow
    return placed


def steps_svg(series: Sequence[Series], domain: tuple[date, date], *, height: float = 340.0) -> str:
    """Cumulative totals per side as step lines from zero, labelled with name and total at the end."""
    top, bottom, left, right = 24.0, height - 34.0, 64.0, WIDTH - 150.0
    scale = _XScale(domain, left, right)
    peak = max((v for s in series for _, v in s.points), default=0)
    ticks = nice_ticks(peak * 1.05)
    y_max = ticks[-1] or 1

    def y_of(value: float) -> float:
        return bottom - value / y_max * (bottom - top)

    body = _x_axis(scale, domain, top, bottom)
    for tick in ticks:
        y = y_of(tick)
        body.append(f'<line class="grid" x1="{left:.1f}" x2="{right:.1f}" y1="{y:.1f}" y2="{y:.1f}"/>')
        body.append(f'<text class="tick" x="{left - 8:.1f}" y="{y + 4:.1f}" text-anchor="end">'
                    f"{esc(_fmt(tick))}</text>")
    ends: list[float] = []
    for s in series:
        path = [f"M{left:.1f},{y_of(0):.1f}"]
        value = 0
        for day, value in sorted(s.points):
            path.append(f"H{scale(day):.1f}V{y_of(value):.1f}")
        path.append(f"H{right:.1f}")
        # Sides often receive the same numbers: earlier (bigger) lines are wider so both stay visible.
        width = 6.0 if not ends else 2.5
        body.append(f'<path class="step" d="{"".join(path)}" stroke="{s.colour}" stroke-width="{width:.1f}">'
                    f"<title>{esc(s.name)}: {esc(_fmt(value))}</title></path>")
        ends.append(y_of(value))
    for s, y in zip(series, _dodge(ends, 17.0, top + 4, bottom), strict=True):
        total = s.points[-1][1] if s.points else 0
        body.append(f'<text class="end-label" x="{right + 8:.1f}" y="{y + 4:.1f}" fill="{s.colour}">'
                    f"{esc(s.name)} {esc(_fmt(total))}</text>")
    return _svg(height, "People returned per side, cumulative", body)
