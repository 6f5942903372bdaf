"""Feed bodies into ``FeedEntry`` records: feedparser on bytes we fetched, never on a URL.

Why the care (reliability.md §5, §7, §9):
* ``feedparser.parse`` is given a ``BytesIO``, never the bytes themselves: feedparser 6.0.x
  ``open()``s a bytes argument as a *file name* first, so a body of ``/etc/passwd`` would be
  read from local disk.
* No ``content-location`` is passed: with a base URL feedparser also rewrites relative GUIDs,
  which would change entry ids whenever a feed moves. Links are resolved and validated here, by
  ``urls.check_link``, against the final feed URL.
* A bozo feed with entries is usable (PARSED_WITH_WARNINGS); only "no version and no entries" is
  NOT_A_FEED (Media Cloud checks the version, not bozo).
"""

from __future__ import annotations

import calendar
import hashlib
import io
import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser  # type: ignore[import-untyped]  # ships no py.typed

from swapwatch.models import FeedEntry, FeedParse, Outcome
from swapwatch.urls import check_link, normalize_url

MAX_ITEMS = 2000  # Media Cloud MAX_STORIES_PER_FEED: the rest is counted as tossed
MAX_TITLE = 1_000  # characters; a 1 MB title is an attack, not a headline (H-VOL-3)
MAX_SUMMARY = 20_000  # characters; bounds what one item can put into the warehouse
# Dates before this are epoch/placeholder values (1970-01-01, 0001-01-01), not publication dates.
EARLIEST_PLAUSIBLE = datetime(1990, 1, 1, tzinfo=UTC)
# Allowed clock skew between the outlet and us; anything later is a bogus future date (2099-01-01).
FUTURE_GRACE = timedelta(minutes=15)

# C0 controls (bar tab/newline/CR), DEL, C1 controls and XML-illegal noncharacters (Miniflux
# filterValidXMLChars): they break DuckDB text and terminals, and carry no meaning.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_WHITESPACE = re.compile(r"\s+")
_FIRST_ELEMENT = re.compile(rb"<\w")
_EMPTY_STRIP = b" \t\r\n\x0b\x0c\x00"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def clean_text(value: object, limit: int, *, one_line: bool) -> str | None:
    """Valid UTF-8 text without control characters, truncated to limit (None when empty)."""
    if not isinstance(value, str):
        return None
    text = value.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become "?"
    text = _CONTROL.sub("", text)
    text = _WHITESPACE.sub(" ", text).strip() if one_line else text.strip()
    return text[:limit] or None


def plausible_date(parsed: Any, now: datetime) -> datetime | None:
    """A feedparser UTC struct_time as an aware datetime, or None when absent or implausible."""
    if not isinstance(parsed, tuple) or len(parsed) < 6:  # time.struct_time is a tuple
        return None
    try:
        when = datetime.fromtimestamp(calendar.timegm(tuple(parsed)[:6] + (0, 0, 0)), UTC)
    except (OverflowError, ValueError, OSError):
        return None
    if when < EARLIEST_PLAUSIBLE or when > now + FUTURE_GRACE:
        return None
    return when


def is_empty_body(body: bytes) -> bool:
    """True for an empty, whitespace-only or BOM-only body (H-TYPE-3)."""
    stripped = body.strip(_EMPTY_STRIP)
    while stripped.startswith(_BOMS):
        stripped = stripped[3 if stripped.startswith(_BOMS[0]) else 2 :].strip(_EMPTY_STRIP)
    return not stripped


def defuse_prolog(body: bytes) -> bytes:
    """Put each DOCTYPE/ENTITY declaration on its own line so feedparser's entity filter sees it.

    feedparser drops unsafe (nested, external, parameter) entity declarations, but only those
    that start a line: a billion-laughs DOCTYPE written on one line slips past it and
    only expat's amplification limit (>= 2.4) stops the expansion, after ~2 s of callbacks.
    """
    first = _FIRST_ELEMENT.search(body)
    end = first.start() if first else len(body)
    head = body[:end]
    if b"<!ENTITY" not in head:
        return body
    head = head.replace(b"<!DOCTYPE", b"\n<!DOCTYPE").replace(b"<!ENTITY", b"\n<!ENTITY")
    return head + body[end:]


def _json_date(value: object) -> tuple[int, ...] | None:
    """An RFC 3339 JSON Feed date as a UTC time tuple (what feedparser gives for XML)."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return tuple((when if when.tzinfo else when.replace(tzinfo=UTC)).utctimetuple())


def _json_feed(body: bytes) -> tuple[str, list[dict[str, Any]]] | None:
    """(version, entries) of a JSON Feed 1.x body, or None (feedparser 6.0 has no JSON Feed)."""
    if not body.lstrip(_EMPTY_STRIP + b"\xef\xbb\xbf").startswith(b"{"):
        return None
    try:
        doc = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        return None
    items = doc.get("items")
    entries = [
        {
            "id": str(item["id"]) if item.get("id") is not None else None,
            "link": item.get("url") or item.get("external_url"),
            "title": item.get("title"),
            "summary": item.get("summary") or item.get("content_text") or item.get("content_html"),
            "published_parsed": _json_date(item.get("date_published")),
            "updated_parsed": _json_date(item.get("date_modified")),
        }
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict)
    ]
    return "json" + version.rsplit("/", 1)[-1].replace(".", ""), entries


def _entry_key(entry: Any, guid: str | None, link: str | None, repeated: bool, index: int) -> str:
    """The identity of one item: guid, guid|link when the guid repeats (Miniflux), else link."""
    if guid and repeated and link:
        return f"guid|url:{guid}|{link}"
    if guid:
        return f"guid:{guid}"
    if link:
        return f"url:{link}"
    title = str(entry.get("title") or "")
    summary = str(entry.get("summary") or "")
    if title or summary:
        return f"text:{title}\x1f{summary[:MAX_SUMMARY]}"
    return f"position:{index}"  # nothing identifies it: unique within this fetch only


def _raw_link(entry: Any) -> str | None:
    link = entry.get("link")
    if isinstance(link, str) and link.strip():
        return link
    for item in entry.get("links") or ():
        href = item.get("href") if hasattr(item, "get") else None
        if isinstance(href, str) and href.strip() and item.get("rel", "alternate") == "alternate":
            return href
    return None


def _summary(entry: Any) -> object:
    if entry.get("summary"):
        return entry.get("summary")
    contents = entry.get("content") or ()
    return contents[0].get("value") if contents else None


def to_entry(entry: Any, *, feed_name: str, base_url: str, key: str, now: datetime) -> FeedEntry:
    """One feedparser entry as a FeedEntry with a validated link and a stable id."""
    link, problem = check_link(_raw_link(entry), base_url)
    guid = entry.get("id")
    # dict.get: FeedParserDict.get("updated_parsed") falls back to published with a DeprecationWarning
    dates = (plausible_date(dict.get(entry, key), now) for key in ("published_parsed", "updated_parsed"))
    date = next((d for d in dates if d), None)
    digest = hashlib.sha1(f"{feed_name}\x1f{key}".encode("utf-8", "replace"), usedforsecurity=False)
    return FeedEntry(
        feed_name=feed_name,
        entry_id=digest.hexdigest(),
        guid=clean_text(guid, MAX_TITLE, one_line=True),
        link=link,
        url_norm=normalize_url(link) if link else None,
        title=clean_text(entry.get("title"), MAX_TITLE, one_line=True),
        summary=clean_text(_summary(entry), MAX_SUMMARY, one_line=False),
        published=date,
        link_problem=None if link else problem,
    )


def parse_feed(
    body: bytes,
    *,
    feed_name: str,
    base_url: str,
    content_type: str | None = None,
    max_items: int = MAX_ITEMS,
    now: datetime | None = None,
) -> FeedParse:
    """Parse a fetched feed body (RSS, Atom, RDF, JSON Feed) into entries and an Outcome."""
    if is_empty_body(body):
        return FeedParse(outcome=Outcome.EMPTY, warning=f"{feed_name}: empty body")
    headers = {"content-type": content_type} if content_type else {}
    as_json = _json_feed(body)
    try:
        parsed = {"version": as_json[0], "entries": as_json[1]} if as_json else feedparser.parse(
            io.BytesIO(defuse_prolog(body)), response_headers=headers
        )
    except Exception as exc:  # noqa: BLE001 - a parser crash is this feed's outcome, not the run's
        failure = f"{feed_name}: feedparser raised {type(exc).__name__}: {exc}"
        return FeedParse(outcome=Outcome.PARSE_ERROR, warning=failure)
    raw_version = parsed.get("version")
    version = str(raw_version) if raw_version else None
    raw_entries = list(parsed.get("entries") or ())
    bozo = parsed.get("bozo_exception") if parsed.get("bozo") else None
    warning = f"{feed_name}: {type(bozo).__name__}: {bozo}"[:500] if bozo is not None else None
    if not raw_entries:
        if version is None:
            return FeedParse(outcome=Outcome.NOT_A_FEED, warning=warning or f"{feed_name}: no feed found")
        outcome = Outcome.PARSE_ERROR if bozo is not None else Outcome.OK
        return FeedParse(outcome=outcome, version=version, warning=warning)
    now = now if now is not None else datetime.now(UTC)
    links = [_raw_link(e) for e in raw_entries]
    guid_counts = Counter(e.get("id") for e in raw_entries if e.get("id"))
    entries = tuple(
        to_entry(
            entry,
            feed_name=feed_name,
            base_url=base_url,
            key=_entry_key(entry, entry.get("id"), links[i], guid_counts[entry.get("id")] > 1, i),
            now=now,
        )
        for i, entry in enumerate(raw_entries[:max_items])
    )
    tossed = max(0, len(raw_entries) - max_items)
    outcome = Outcome.OK if bozo is None else Outcome.PARSED_WITH_WARNINGS
    return FeedParse(outcome=outcome, entries=entries, tossed=tossed, version=version, warning=warning)
