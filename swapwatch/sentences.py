"""Sentences of a news text with their character spans, after masking page furniture.

Embedded tweets ("pic.twitter.com/...", "— Reuters (@Reuters) April 27, 2022") and "Read more"
links talk about other stories; they are blanked (same length, so spans stay valid).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_EMBED_LINE_RE = re.compile(
    r"^.*(?:pic\.twitter\.com|https?://t\.co/|twitter\.com/|x\.com/\w+/status"
    r"|\(@\w+\)\s+\w+\.?\s+\d{1,2},\s+\d{4}"
    r"|^\s*Read more\b|^\s*READ MORE\b|^\s*Related:).*$",
    re.MULTILINE,
)
# A sentence ends at . ! ? (plus closing quotes) followed by space and an upper-case letter,
# a digit or an opening quote; or at a line break.
_BOUNDARY_RE = re.compile(r"(?<=[.!?…])[\"”»’)]*\s+(?=[\"“«‘(]?[A-ZА-ЯІЇЄҐ0-9])|\n+")
_ABBREV_RE = re.compile(
    r"(?:\b(?:U\.S|U\.N|U\.K|Mr|Mrs|Ms|Dr|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Gen|Col"
    r"|Lt|Sgt|Maj|Capt|Gov|Sen|Rep|Prof|Inc|Co|vs|approx|ca|ст|р|им)|\b[A-Z])\.$"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text and its span in the article text."""

    index: int
    start: int
    end: int
    text: str


# The scraped page-date stamp some stored texts open with (" date 2024-09-13 ...").
_DATE_STAMP_RE = re.compile(r"^\s*date\s+\d{4}-\d\d(?:-\d\d)?\b")


def mask_embeds(text: str) -> str:
    """Blank embedded tweets, related-story links and a leading date stamp, keeping offsets."""
    text = _DATE_STAMP_RE.sub(lambda m: " " * len(m.group(0)), text)
    return _EMBED_LINE_RE.sub(lambda m: " " * len(m.group(0)), text)


def split_sentences(text: str) -> list[Sentence]:
    """Split a text into sentences with spans; abbreviations like "Feb." or "U.S." do not split."""
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        if m.group(0).strip() == "" or "\n" not in m.group(0):
            head = text[max(0, m.start() - 8):m.start()]
            if _ABBREV_RE.search(head):
                continue
        _append(out, text, start, m.start())
        start = m.end()
    _append(out, text, start, len(text))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    """Add the stripped span as a sentence when it holds any word."""
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    out.append(Sentence(len(out), s, s + len(stripped), stripped))


_CLAUSE_RE = re.compile(r";|\s(?:but|while|whereas|although)\s|,\s(?:which|although|but)\s|\s—\s")

def clause_of(sentence: str, at: int) -> str:
    """The clause of a sentence around a position (clauses split at "; but while whereas")."""
    start, end = 0, len(sentence)
    for m in _CLAUSE_RE.finditer(sentence):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            end = m.start()
            break
    return sentence[start:end]
