"""`swapwatch report`: a self-contained, escaped HTML page from a small warehouse built via the public API."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from swapwatch.models import (
    Analysis,
    ArticleRecord,
    Claim,
    FeedState,
    Outcome,
    SideCounts,
    SwapEvent,
    Verdict,
)
from warehouse.db import connect, migrate
from warehouse.report import ReportData, render_report, write_report
from warehouse.store import FeedPollRecord, store_batch, store_feed_polls

NOW = datetime(2025, 6, 11, 13, 30, tzinfo=UTC)
HOSTILE = "<script>alert(1)</script>"
CHROMIUM = Path("/usr/bin/chromium")
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def _article(aid: str, title: str, day: date, event: SwapEvent, claims: tuple[Claim, ...] = (),
             feed: str = "kyiv-independent") -> ArticleRecord:
    return ArticleRecord(
        article_id=aid, url=f"https://news.example/{aid}", feed_name=feed, outcome=Outcome.OK,
        fetched_at=datetime(2025, 6, 11, tzinfo=UTC), title=title, text=f"{title} " * 5, published=day,
        content_hash=f"hash-{aid}",
        analysis=Analysis(verdict=Verdict(is_swap=True, score=0.9), events=(event,), claims=claims,
                          extractor_version="test"),
    )


def _claim(value: int, source: str) -> Claim:
    return Claim(side="UA", category="total", value=value, kind="event", source=source,
                 sentence=f"{value} people returned", start=0, end=3, event_index=0)


def _build(db: Path) -> None:
    """3 events (2 RU-UA, 1 RU-US), one disputed UA total, one failing feed and one healthy feed."""
    may = SwapEvent(date="2025-05-23", parties=("RU", "UA"),
                    returned={"UA": SideCounts(total=207), "RU": SideCounts(total=207)})
    may_ru = SwapEvent(date="2025-05-23", parties=("RU", "UA"),
                       returned={"UA": SideCounts(total=195), "RU": SideCounts(total=207)})
    june = SwapEvent(date="2025-06-10", parties=("RU", "UA"),
                     returned={"UA": SideCounts(military=300, civilian=20), "RU": SideCounts(military=320)})
    march = SwapEvent(date="2025-03-01", parties=("RU", "US"),
                      returned={"US": SideCounts(total=1), "RU": SideCounts(total=1)})
    articles = [
        _article("a1", f"{HOSTILE} Ukraine and Russia swap 207", date(2025, 5, 23), may,
                 (_claim(207, "Zelensky"),)),
        _article("a2", "Moscow counts 195", date(2025, 5, 24), may_ru,
                 (_claim(195, "RU defence ministry"),), "tass"),
        _article("a3", "Hundreds home in June exchange", date(2025, 6, 10), june),
        _article("a4", "American released in swap with Moscow", date(2025, 3, 1), march),
    ]
    polled = NOW - timedelta(hours=1)
    failing = FeedState(feed_name="tass", url="https://tass.example/rss", consecutive_failures=3,
                        last_outcome="HTTP_5XX", last_error="HTTP 503 <img src=x onerror=alert(2)>",
                        last_polled_at=polled, last_success_at=NOW - timedelta(days=2),
                        next_poll_at=NOW + timedelta(hours=1))
    healthy = FeedState(feed_name="kyiv-independent", url="https://kyiv.example/rss", last_outcome="OK",
                        last_polled_at=polled, last_success_at=polled,
                        next_poll_at=NOW + timedelta(minutes=20))
    polls = [FeedPollRecord(state=state, outcome=state.last_outcome or "OK", http_status=None,
                            error=state.last_error, n_entries=0, n_new=0, tossed=0, polled_at=polled,
                            run_id="r2") for state in (failing, healthy)]
    con = connect(db)
    try:
        migrate(con)
        summary = store_batch(con, run_id="r1", entries=[], articles=articles, now=NOW - timedelta(hours=2))
        assert summary.events_total == 3
        store_feed_polls(con, polls)
    finally:
        con.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report written from the small warehouse."""
    root = tmp_path_factory.mktemp("report")
    db = root / "warehouse.duckdb"
    _build(db)
    out = write_report(db, root / "out" / "report.html", now=NOW)
    assert out == root / "out" / "report.html"
    return out


def test_report_is_written_and_self_contained(report_file: Path) -> None:
    html = report_file.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert "<script" not in html.lower()
    assert "@import" not in html and "url(" not in html
    assert "<svg" in html and "<style>" in html
    assert not report_file.with_name("report.html.tmp").exists()


def test_report_shows_events_totals_and_disputes(report_file: Path) -> None:
    html = report_file.read_text(encoding="utf-8")
    assert html.count('<circle class="mark"') == 3  # one mark per event on the timeline
    assert "Russia – Ukraine" in html and "Russia – United States" in html
    for day in ("23 May 2025", "10 Jun 2025", "1 Mar 2025"):
        assert day in html
    assert "207 (Zelensky) vs 195 (RU defence ministry)" in html
    assert "UA total" in html and "disputed" in html
    assert "528" in html and "527" in html  # people returned to Russia and to Ukraine
    assert "300 military · 20 civilian" in html
    assert "Prisoner exchanges" in html and "No swaps recorded yet" not in html


def test_feed_health_is_shown(report_file: Path) -> None:
    html = report_file.read_text(encoding="utf-8")
    assert "Feed health" in html and "tass" in html and "kyiv-independent" in html
    assert "HTTP_5XX" in html and "failing" in html
    assert "2025-06-11 14:30" in html  # next poll of the failing feed


def test_strings_from_the_web_are_escaped(report_file: Path) -> None:
    html = report_file.read_text(encoding="utf-8")
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html


def test_empty_warehouse_renders(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    con = connect(db)
    migrate(con)
    con.close()
    html = write_report(db, tmp_path / "empty.html", now=NOW).read_text(encoding="utf-8")
    assert "No swaps recorded yet" in html and "No feeds polled yet" in html
    assert "<script" not in html.lower()


def test_missing_warehouse_renders_a_note(tmp_path: Path) -> None:
    html = write_report(tmp_path / "absent.duckdb", tmp_path / "r.html", now=NOW).read_text(encoding="utf-8")
    assert "No swaps recorded yet" in html and "run the pipeline first" in html
    assert not (tmp_path / "absent.duckdb").exists()  # a report never creates the warehouse


def test_unmigrated_warehouse_renders_a_note(tmp_path: Path) -> None:
    db = tmp_path / "bare.duckdb"
    connect(db).close()
    html = write_report(db, tmp_path / "r.html", now=NOW).read_text(encoding="utf-8")
    assert "not migrated yet" in html and "No swaps recorded yet" in html


def test_render_is_pure_and_escapes_notes() -> None:
    data = ReportData(generated_at=NOW.replace(tzinfo=None), note=HOSTILE)
    assert render_report(data) == render_report(data)
    assert HOSTILE not in render_report(data)


def _png_colours(png: bytes, rows: int = 240) -> set[bytes]:
    """Distinct pixel values in the first `rows` rows of an 8-bit RGB(A) PNG (stdlib only)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, bpp = 8, b"", 0, 0, 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        chunk = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompressobj().decompress(idat, (width * bpp + 1) * min(rows, height))
    stride, prev, colours = width * bpp, bytearray(width * bpp), set()
    for y in range(min(rows, height)):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        colours.update(bytes(line[i:i + 3]) for i in range(0, stride, bpp * 7))
        prev = line
    return colours


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[bytes]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}"]
    return subprocess.run([str(CHROMIUM), *flags, *args], capture_output=True, timeout=60, check=False)


@pytest.mark.slow
def test_report_renders_in_a_headless_browser(report_file: Path, tmp_path: Path) -> None:
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium)")
    shot = tmp_path / "shot.png"
    url = report_file.resolve().as_uri()
    done = _chromium([f"--screenshot={shot}", "--window-size=1280,2000", url], tmp_path / "profile-shot")
    assert shot.exists(), done.stderr.decode(errors="replace")[-2000:]
    png = shot.read_bytes()
    assert len(png) > 10_000
    assert len(_png_colours(png)) > 10  # text, cards and background: not a blank page
    dom = _chromium(["--dump-dom", url], tmp_path / "profile-dom")
    text = dom.stdout.decode("utf-8", errors="replace")
    assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-2000:]
    assert "Prisoner exchanges" in text and "<svg" in text and 'class="mark"' in text
    assert "207 (Zelensky) vs 195 (RU defence ministry)" in text
