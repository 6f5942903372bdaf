"""Turn fetched article HTML into an `Article`: trafilatura on bytes we fetched ourselves.

Never `trafilatura.fetch_url`: all HTTP goes through `swapwatch.fetch`.
"""

from __future__ import annotations

import hashlib
import unicodedata
from configparser import ConfigParser
from dataclasses import dataclass
from datetime import date, datetime

import trafilatura
from trafilatura.settings import use_config

from swapwatch.models import Article, Outcome

# Bounds the parse of hostile pages (100,000 nested <div>s, hostile/README.md H-XML-3).
MAX_TREE_SIZE = 60_000
# Shorter than this, trafilatura found a teaser or a paywall, not an article.
MIN_TEXT_CHARS = 200


def _trafilatura_config() -> ConfigParser:
    config = use_config()
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
    # We fetched and size-capped the page ourselves; trafilatura's own download limits do not apply.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


_CONFIG = _trafilatura_config()


@dataclass(frozen=True, slots=True)
class ArticleExtraction:
    """The result of extracting one page: an article, or an outcome saying why not."""

    outcome: Outcome
    article: Article | None = None
    content_hash: str | None = None
    error: str | None = None


def content_hash(text: str) -> str:
    """A hash of the text that ignores case, spacing and Unicode forms, so wire copies share it."""
    # Same value as re.sub(r"\s+", " ", ...).strip(): str.split() cuts at exactly the characters \s
    # matches (both test Py_UNICODE_ISSPACE) and drops the ends, at a quarter of the regex's CPU
    # (~0.3 ms per 5,000-character article). normalize() returns at once for text already in NFKC.
    folded = " ".join(unicodedata.normalize("NFKC", text).split()).casefold()
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()


def _decoded(html: bytes) -> str | bytes:
    """The page as text when it is valid UTF-8 (most are); otherwise the bytes, for trafilatura's detection.

    trafilatura would settle on UTF-8 too, but only after running its charset detector over the bytes.
    """
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        return html


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def extract_article(
    html: bytes,
    *,
    url: str,
    title: str | None = None,
    published: datetime | None = None,
    lang: str | None = None,
    article_id: str | None = None,
) -> ArticleExtraction:
    """Extract text and metadata from one page; the feed's title and date win when it has them."""
    if not html.strip():
        return ArticleExtraction(Outcome.EMPTY, error=f"{url}: empty page")
    # Date guessing from HTML (htmldate) is the slowest step: skip it when the feed gave a date.
    need_meta = published is None or not title
    try:
        doc = trafilatura.bare_extraction(
            _decoded(html),
            url=url,
            fast=True,
            include_comments=False,
            include_tables=False,
            with_metadata=need_meta,
            config=_CONFIG,
            # Only dates the page states in its markup: htmldate's extensive search guesses from the
            # body text (a year mentioned in passing becomes "01-01"), and a guess is worse than none.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises assorted lxml/ValueErrors on broken markup
        return ArticleExtraction(Outcome.PARSE_ERROR, error=f"{url}: extraction failed: {exc!r}")
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(text) < MIN_TEXT_CHARS:
        reason = f"{url}: extracted {len(text)} characters (< {MIN_TEXT_CHARS})"
        return ArticleExtraction(Outcome.EMPTY_EXTRACTION, error=reason)
    page_title = getattr(doc, "title", None) if need_meta else None
    page_date = _parse_day(getattr(doc, "date", None)) if need_meta else None
    article = Article(
        text=text,
        title=title or page_title,
        url=url,
        published=published.date() if published else page_date,
        lang=lang or (getattr(doc, "language", None) if need_meta else None),
        id=article_id,
    )
    return ArticleExtraction(Outcome.OK, article=article, content_hash=content_hash(text))
