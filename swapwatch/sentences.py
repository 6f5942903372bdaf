"""Sentences of a news text with their character spans, after masking page furniture.

Embedded tweets ("pic.twitter.com/...", "— Reuters (@Reuters) April 27, 2022") and "Read more"
links talk about other stories; they are blanked (same length, so spans stay valid).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_EMBED_LINE_RE = re.compile(
    r"^.*(?:pic\.twitter\.com|https?://t\.co/|twitter\.com/|x\.com/\w+/status"
    r"|\(@\w+\)\s+\w+\.?\s+\d{1,2},\s+\d{4}"
    r"|^\s*Read more\b|^\s*READ MORE\b|^\s*Related:"
    r"|^\s*(?:Read also|READ ALSO|Also read|ALSO READ|See also|SEE ALSO|Читайте також|ЧИТАЙТЕ ТАКОЖ|Читайте также"
    r"|ЧИТАЙТЕ ТАКЖЕ|Дивіться також|Смотрите также|Lesen Sie auch|Lire aussi)\b).*$",
    re.MULTILINE,
)
# Sidebar headings of a page ("Most read", "Trending", "Related stories"): the list under them is
# other stories' headlines. The heading line holds nothing else.
_SIDEBAR_HEAD_RE = re.compile(
    r"^[ \t]*(?:Most (?:read|popular|viewed|shared|commented)|Trending(?: now| stories)?|Popular(?: now| stories)?"
    r"|Top stories|Related(?: articles| stories| news| coverage)?|More (?:stories|news|from \w+(?: \w+)?)"
    r"|You (?:may|might) also like|Editor['’]s picks|Recommended(?: for you)?|Latest (?:news|stories)"
    r"|Найпопулярніше|Популярне|Популярное|Самое читаемое|Останні новини|Последние новости|Новини по темі"
    r"|Новости по теме|Meistgelesen|Les plus lus)[ \t]*:?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
_SIDEBAR_WORDS = ("most ", "trending", "popular", "top stories", "related", "more ", "also like", "picks",
                  "recommended", "latest", "популярн", "останні", "последние", "по темі", "по теме",
                  "читаем", "meistgelesen", "plus lus")
# A sidebar entry: numbered or bulleted, or a short headline without a closing full stop.
_SIDEBAR_ITEM_RE = re.compile(r"^[ \t]*(?:\d{1,2}[.)][ \t]|[-•*·–][ \t]).+$|^[^\n]{1,140}(?<![.!?…\"”»])$")
# A sentence ends at . ! ? (plus closing quotes) followed by space and an upper-case letter,
# a digit or an opening quote; or at a line break.
# Written to start with the class of its first character (a closing quote or a space; the punctuation
# before it is looked behind for): the engine jumps between those characters instead of trying every one.
_BOUNDARY_RE = re.compile(
    r"[\"”»’)\s](?:(?<=[.!?…][\"”»’)])[\"”»’)]*\s+(?=[\"“«‘(]?[A-ZА-ЯІЇЄҐ0-9])"
    r"|(?<=[.!?…]\s)\s*(?=[\"“«‘(]?[A-ZА-ЯІЇЄҐ0-9])|(?<=\n)\n*)"
)
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


# An embedded social-media post: a "Name @handle · date" header line and the post under it, up to a
# blank line. It repeats an older message (often about an earlier exchange) in its own words.
_POST_BLOCK_RE = re.compile(r"^[^\n@]{0,80}@\w{1,30}\s*[·•|]\s*[^\n]{1,40}(?:\n[^\n]*\S[^\n]*)*", re.MULTILINE)


# Literal pieces one of which every line _EMBED_LINE_RE blanks contains: most articles have none, and
# the pattern itself tries every alternative at every position of every line.
_EMBED_MARKERS = (
    "twitter.com", "t.co/", "x.com/", "(@", "Read more", "READ MORE", "Related:", "Read also", "READ ALSO",
    "Also read", "ALSO READ", "See also", "SEE ALSO", "Читайте", "ЧИТАЙТЕ", "Дивіться також", "Смотрите также",
    "Lesen Sie auch", "Lire aussi",
)


def mask_embeds(text: str) -> str:
    """Blank embedded tweets, related-story links and a leading date stamp, keeping offsets."""
    text = _DATE_STAMP_RE.sub(lambda m: " " * len(m.group(0)), text)
    if any(marker in text for marker in _EMBED_MARKERS):
        text = _EMBED_LINE_RE.sub(lambda m: " " * len(m.group(0)), text)
    if "@" in text:
        text = _POST_BLOCK_RE.sub(lambda m: "".join(c if c == "\n" else " " for c in m.group(0)), text)
    return _mask_sidebars(text)


def _mask_sidebars(text: str) -> str:
    """Blank a sidebar heading and the list of entries under it (up to a blank line), keeping offsets."""
    lowered = text.lower()
    if not any(word in lowered for word in _SIDEBAR_WORDS):
        return text  # the cheap test first: most pages have no sidebar heading
    heads = list(_SIDEBAR_HEAD_RE.finditer(text))
    if not heads:
        return text
    chars = list(text)
    for head in heads:
        a, pos = head.start(), head.end()
        while pos < len(text) and text[pos] == "\n":
            nxt = text.find("\n", pos + 1)
            line_end = len(text) if nxt < 0 else nxt
            line = text[pos + 1:line_end]
            if not line.strip() or not _SIDEBAR_ITEM_RE.match(line):
                break
            pos = line_end
        chars[a:pos] = [c if c == "\n" else " " for c in text[a:pos]]
    return "".join(chars)


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

@lru_cache(maxsize=512)
def _clause_marks(sentence: str) -> tuple[tuple[int, int], ...]:
    """Spans of the clause separators of a sentence (cached: a sentence is asked about each of its figures)."""
    return tuple(m.span() for m in _CLAUSE_RE.finditer(sentence))


def clause_of(sentence: str, at: int) -> str:
    """The clause of a sentence around a position (clauses split at "; but while whereas")."""
    start, end = 0, len(sentence)
    for a, b in _clause_marks(sentence):
        if b <= at:
            start = b
        elif a >= at:
            end = a
            break
    return sentence[start:end]
