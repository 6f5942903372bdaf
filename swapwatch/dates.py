"""Dates as news writes them, resolved against the publication date.

"on Wednesday", "yesterday", "on May 23", "on Friday, September 13", "December 13, 2023",
"in August 2024" (a month), "19 березня", "24 августа", "30. Dezember". A weekday resolves to
the most recent such day on or before the anchor (same day allowed); a day without a year takes
the anchor's year (or the year before when that would land after the anchor); null when unknowable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from swapwatch.cues import caseless
from swapwatch.numbers import parse_number

_MONTHS: dict[str, int] = {}
for _num, _forms in enumerate(
    [
        "january jan janvier janv январ січ січня січень januar jänner",
        "february feb février fevrier феврал лют лютого лютий februar",
        "march mar mars март берез березня березень märz maerz",
        "april apr avril апрел квіт квітня квітень",
        "may mai ма травн травня травень",
        "june jun juin июн черв червня червень juni",
        "july jul juillet июл лип липня липень juli",
        "august aug août aout август серп серпня серпень",
        "september sep sept septembre сентябр верес вересня вересень",
        "october oct octobre октябр жовт жовтня жовтень oktober okt",
        "november nov novembre ноябр листоп листопада листопад",
        "december dec décembre decembre декабр груд грудня грудень dezember dez",
    ],
    start=1,
):
    for _f in _forms.split():
        _MONTHS[_f] = _num

_WEEKDAYS: dict[str, int] = {}
for _num, _forms in enumerate(
    [
        "monday понеділок понеділка понедельник montag lundi",
        "tuesday вівторок вівторка вторник dienstag mardi",
        "wednesday середа середу среда среду mittwoch mercredi",
        "thursday четвер четверг donnerstag jeudi",
        "friday п'ятниця п'ятницю п’ятниця п’ятницю пятница пятницу freitag vendredi",
        "saturday субота суботу суббота субботу samstag samedi",
        "sunday неділя неділю воскресенье sonntag dimanche",
    ]
):
    for _f in _forms.split():
        _WEEKDAYS[_f] = _num

# Month words: English/French/German full or abbreviated forms; Slavic stems take any ending.
_MONTH_ALT = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
    r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    r"|Januar|Februar|März|Juni|Juli|Oktober|Dezember"
    r"|(?:январ|феврал|март|апрел|ма|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-яё]*"
    r"|(?:січ|лют|берез|квіт|травн|черв|лип|серп|верес|жовт|листопад|груд)[а-яії]*)"
)
_WEEKDAY_ALT = "(?:" + "|".join(sorted(map(re.escape, _WEEKDAYS), key=len, reverse=True)) + ")"

# A number right after or before a month word is a day of a date, not a count.
MONTH_BEFORE_RE = re.compile(rf"\b{_MONTH_ALT}\.?\s*$")
MONTH_AFTER_RE = re.compile(rf"^\.?\s+{_MONTH_ALT}\b")
# The Latin-script words of _MONTH_ALT as it spells them (case-sensitive); its Slavic words end in [а-яёії].
_LATIN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "janvier",
    "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    "Januar", "Februar", "März", "Juni", "Juli", "Oktober", "Dezember",
)


def may_end_in_month(text: str) -> bool:
    """False only when MONTH_BEFORE_RE cannot match: no month word ends the text (a full stop and spaces aside).

    A test of the last word, where the pattern's search tries the whole month alternation at every word.
    """
    head = text.rstrip()
    head = head[:-1] if head.endswith(".") else head
    last = head[-1:]
    return head.endswith(_LATIN_MONTHS) or "а" <= last <= "я" or last in ("ё", "і", "ї")
ISO_RE = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")
# "May 23", "Feb. 16", "December 13, 2023", "September 13 2024"
# Word-then-number shapes are found first and the word checked against the month names after:
# one generic pattern is much faster than a long alternation tried at every position.
_MONTH_WORD_RE = re.compile(_MONTH_ALT, re.I)
_MDY_RE = re.compile(r"\b([^\W\d_]{3,12})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(20\d\d|19\d\d))?")
# "23 May", "19 березня", "30. Dezember 2024", "24 августа"
# (The boundary is tested after the first digit: a pattern that starts with a digit lets the engine jump
# between digits.)
_DMY_RE = re.compile(r"(\d(?<!\w\d)\d?)\.?\s+([^\W\d_]{3,12})\b(?:\s+(20\d\d|19\d\d))?")
# "in August 2024", "in July", "mid-October", "at the end of May" (month precision)
_MONTH_ONLY_RE = re.compile(
    r"(?=[idsmelbвуIDSMELBВУ])"
    rf"\b(?:in|during|since|last|mid-|early|late|end of|beginning of|im|en|в"
    rf"|у)\s*({_MONTH_ALT})\b(?:,?\s+(20\d\d))?",
    re.I,
)
_WEEKDAY_FORMS = sorted({f for w in _WEEKDAYS for f in (w, w.capitalize(), w.upper())}, key=len, reverse=True)
# "Wednesday's exchange" is a date too: an apostrophe may follow only as a possessive. Case-sensitive
# forms (lower, Capitalised, UPPER) are much faster than IGNORECASE over Cyrillic.
_WEEKDAY_RE = re.compile(
    "(?=[" + "".join(sorted({f[0] for f in _WEEKDAY_FORMS})) + r"])(?<![\w'’])(?:"
    + "|".join(map(re.escape, _WEEKDAY_FORMS)) + r")(?![\w]|['’](?!s\b))"
)
_RELATIVE_WORDS = ("yesterday", "today", "вчора", "учора", "сьогодні", "вчера", "сегодня", "gestern", "heute", "hier",
                   "aujourd'hui")
_RELATIVE_FORMS = sorted({f for w in _RELATIVE_WORDS for f in (w, w.capitalize())}, key=len, reverse=True)
_RELATIVE_RE = re.compile(r"(?=[ytвсуghaYTВСУGHA])\b(" + "|".join(map(re.escape, _RELATIVE_FORMS)) + r")\b")
_RELATIVE_OFFSET = {
    "yesterday": -1, "вчора": -1, "учора": -1, "вчера": -1, "gestern": -1, "hier": -1,
    "today": 0, "сьогодні": 0, "сегодня": 0, "heute": 0, "aujourd'hui": 0,
}
# "a week earlier", "two days ago", "10 days before": a count of days or weeks back from the anchor.
# Found from the unit word, which is rare, and the count read just before it: a pattern that starts at
# the count would be tried at every word beginning with a, o, t, f or s.
_AGO_RE = re.compile(r"(?=[dwDW])\b(day|week)s?\s+(?:ago|earlier|before)\b", re.I)
# "last month's exchange", "earlier this month", "last week": a month counted from the anchor.
_MONTH_BACK_RE = re.compile(
    r"(?=[ltpeмвLTPEМВ])\b(?:(?P<last>last|previous|past|минулого|прошлого|в прошлом)|(?P<this>earlier this|this))"
    r"\s+(?P<unit>month|week|місяця|месяца|месяце|тижня|неделе)\b(?:['’]s)?", re.I,
)
_LAST_YEAR_RE = re.compile(r",?\s+(?:of\s+)?last\s+year\b")
_MONTH_BACK_UNITS = ("month", "week", "місяц", "месяц", "тижн", "недел")
_AGO_COUNT_RE = re.compile(r"(?i)\b(a|one|two|three|four|five|six|\d{1,2})\s+$")
_NUMERIC_DMY_RE = re.compile(r"(?<![\w.])(\d{1,2})\.(\d{1,2})\.(20\d\d)\b")


# Where matches can start, lower-cased: each word starts every match of its pattern that counts ("ма" for
# "мая", "jan" for "January"). Candidates for _finditer_at, which tries the patterns only there.
_MONTH_STARTS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "février", "avril", "mai",
    "juin", "juillet", "août", "décembre", "märz", "oktober", "dezember", "январ", "феврал", "апрел", "ма", "июн",
    "июл", "август", "сентябр", "октябр", "ноябр", "декабр", "січ", "лют", "берез", "квіт", "травн", "черв", "лип",
    "серп", "верес", "жовт", "листопад", "груд",
)
# The lead words of _MONTH_ONLY_RE, each a whole alternative: the month word follows right after (spaces aside).
_MONTH_ONLY_LEADS = ("in", "during", "since", "last", "mid-", "early", "late", "end of", "beginning of", "im", "en",
                     "в", "у")
_AGO_STARTS = ("day", "week")
_MONTH_BACK_STARTS = ("last", "previous", "past", "минулого", "прошлого", "в прошлом", "earlier this", "this")


def _positions(lowered: str, starts: Iterable[str]) -> list[int]:
    """Every place in a lower-cased text where one of the words starts, in order."""
    at: set[int] = set()
    for word in starts:
        i = lowered.find(word)
        while i >= 0:
            at.add(i)
            i = lowered.find(word, i + 1)
    return sorted(at)


def _matches_at(rx: re.Pattern[str], text: str, at: Iterable[int]) -> Iterator[re.Match[str]]:
    """rx.finditer(text) when every match starts at one of the (ordered) positions: rx is tried only there."""
    end = 0
    for i in at:
        if i < end:
            continue  # inside the last match, as finditer goes on after it
        m = rx.match(text, i)
        if m is not None:
            yield m
            end = m.end()


def _finditer_at(rx: re.Pattern[str], text: str, starts: Iterable[str],
                 lowered: str | None = None) -> Iterator[re.Match[str]]:
    """rx.finditer(text) for a pattern whose (non-empty) matches each start with one of the words, in any case.

    The pattern is tried only where a word starts, found with str.find: a regex scan tries every
    position of the text, ~50 ns each, where str.find skips over it a hundred times faster.
    `lowered` is caseless(text) when the caller has it.
    """
    lowered = lowered if lowered is not None else caseless(text)
    if lowered is None or len(lowered) != len(text):
        return rx.finditer(text)
    return _matches_at(rx, text, _positions(lowered, starts))


# The last letters of _MONTH_ONLY_LEADS: a lead word ends with one, right before its month word (spaces aside).
_LEAD_ENDS = frozenset({lead[-1] for lead in _MONTH_ONLY_LEADS})


def _month_only_matches(text: str, lowered: str | None = None,
                        months: list[int] | None = None) -> Iterator[re.Match[str]]:
    """_MONTH_ONLY_RE.finditer(text), tried only where a month word follows one of its lead words.

    Its lead words ("in", "в", "en") are in most sentences, month words in few: each place a month
    word starts is looked back from, over spaces, for a lead word that ends there. `lowered` is
    caseless(text) and `months` the places month words start in it, when the caller has them.
    """
    lowered = lowered if lowered is not None else caseless(text)
    if lowered is None or len(lowered) != len(text):
        return _MONTH_ONLY_RE.finditer(text)
    at: set[int] = set()
    for j in months if months is not None else _positions(lowered, _MONTH_STARTS):
        k = j
        while k > 0 and lowered[k - 1].isspace():
            k -= 1  # the lead word's \s* takes every space before the month word (which starts with none)
        if k > 0 and lowered[k - 1] in _LEAD_ENDS:  # "remain", "summary": no lead word ends there
            at.update(k - len(lead) for lead in _MONTH_ONLY_LEADS if lowered.endswith(lead, 0, k))
    return _matches_at(_MONTH_ONLY_RE, text, sorted(at))


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression in a text, resolved to ISO (YYYY-MM-DD or YYYY-MM) or None."""

    value: str | None
    start: int
    end: int
    kind: str  # "day", "month", "weekday", "relative" (yesterday, today), "ago" (a week earlier)


def month_number(word: str) -> int | None:
    """The month (1-12) named by an EN/FR/DE/UK/RU month word or stem, else None."""
    w = word.lower().rstrip(".")
    if w in _MONTHS:
        return _MONTHS[w]
    for stem, num in _MONTHS.items():
        # Slavic month names inflect ("березня", "августа"); stems of three letters or more match.
        if len(stem) >= 2 and not stem.isascii() and w.startswith(stem):
            return num
    return None


def weekday_date(weekday: int, anchor: date) -> date:
    """The most recent date with this weekday (Monday=0) on or before the anchor."""
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def day_date(month: int, day: int, year: int | None, anchor: date | None, year_hint: int | None,
             ) -> str | None:
    """ISO day for a day and month; the year comes from the text, the anchor, or a hint."""
    if year is None and anchor is not None:
        year = anchor.year
        # "on December 30" read in January is last year's December.
        if (month, day) > (anchor.month, anchor.day) and month - anchor.month > 1:
            year -= 1
    if year is None:
        year = year_hint
    if year is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str, anchor: date | None, year_hint: int | None = None,
               month_hint: str | None = None) -> list[DateMention]:
    """Every date expression in the text, resolved against the anchor (the publication date)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        """True when the span overlaps no date already found."""
        return all(b <= s or a >= e for s, e in taken)

    def add(value: str | None, a: int, b: int, kind: str) -> None:
        """Record a date unless an earlier, more specific pattern already covered its span."""
        if free(a, b):
            taken.append((a, b))
            found.append(DateMention(value, a, b, kind))

    # Cheap substring tests first: most patterns below need a marker most texts lack, and a failed
    # regex scan of a 5,000-character article costs ~0.1-0.3 ms each.
    lower = text.lower()
    # Month words start few places: found once, for the day-and-month and the month-only patterns.
    lowered = caseless(text)
    months = _positions(lowered, _MONTH_STARTS) if lowered is not None and len(lowered) == len(text) else None
    for m in (ISO_RE.finditer(text) if "-0" in text or "-1" in text else ()):
        iso = day_date(int(m.group(2)), int(m.group(3)), int(m.group(1)), None, None)
        add(iso, m.start(), m.end(), "day")
    for m in (_NUMERIC_DMY_RE.finditer(text) if ".20" in text else ()):
        dmy = day_date(int(m.group(2)), int(m.group(1)), int(m.group(3)), None, None)
        add(dmy, m.start(), m.end(), "day")
    # "May 23": a match counts only when its word is a month's, so only the starts of month words are
    # tried (no match of _MDY_RE can start inside another, so none found there would have been skipped).
    for rx, mi, di in ((_MDY_RE, 1, 2), (_DMY_RE, 2, 1)):
        for m in (_MDY_RE.finditer(text) if months is None else _matches_at(_MDY_RE, text, months)) \
                if rx is _MDY_RE else rx.finditer(text):
            word = m.group(mi)
            # English month names are capitalised ("may 5" is a verb); Slavic ones are not.
            if not _MONTH_WORD_RE.fullmatch(word) or (rx is _MDY_RE and word.isascii() and word[0].islower()):
                continue
            month = month_number(word)
            if month is None:
                continue
            year = int(m.group(3)) if m.group(3) else None
            add(day_date(month, int(m.group(di)), year, anchor, year_hint), m.start(), m.end(), "day")
    for m in _month_only_matches(text, lowered, months):
        month = month_number(m.group(1))
        if month is None or m.group(1) == "may":
            continue
        year = int(m.group(2)) if m.group(2) else None
        if year is None and anchor is not None:
            year = anchor.year if month <= anchor.month else anchor.year - 1
        if year is None:
            year = year_hint
        add(f"{year:04d}-{month:02d}" if year else None, m.start(1), m.end(), "month")
    for m in _finditer_at(_WEEKDAY_RE, text, _WEEKDAYS, lowered):
        wd = _WEEKDAYS[m.group(0).lower()]
        # "on Friday, September 13": the explicit day that follows wins over the weekday.
        if any(d.kind == "day" and m.end() <= d.start <= m.end() + 3 for d in found):
            continue
        if anchor is not None:
            value: str | None = weekday_date(wd, anchor).isoformat()
        else:
            value = month_hint  # only the month is known: "on Saturday" in a 2024-09 page
        add(value, m.start(), m.end(), "weekday")
    for m in (_RELATIVE_RE.finditer(text) if any(w in lower for w in _RELATIVE_WORDS) else ()):
        rel = (anchor + timedelta(days=_RELATIVE_OFFSET[m.group(1).lower()])).isoformat() if anchor else None
        add(rel, m.start(), m.end(), "relative")
    for m in _finditer_at(_AGO_RE, text, _AGO_STARTS, lowered):
        n = _AGO_COUNT_RE.search(text, max(0, m.start() - 8), m.start())
        if n is None:
            continue
        count = 1 if n.group(1).lower() == "a" else parse_number(n.group(1)) or 0
        back = count * (7 if m.group(1).lower() == "week" else 1)
        add((anchor - timedelta(days=back)).isoformat() if anchor else None, n.start(1), m.end(), "ago")
    for m in (_finditer_at(_MONTH_BACK_RE, text, _MONTH_BACK_STARTS, lowered)
              if any(w in lower for w in _MONTH_BACK_UNITS) else ()):
        if anchor is None:
            continue
        if m.group("unit").lower() in ("week", "тижня", "неделе"):
            # "last week's exchange": only the month of a day a week back is sure
            named = anchor - timedelta(days=7) if m.group("last") else anchor
        else:
            first = anchor.replace(day=1)
            named = (first - timedelta(days=1)) if m.group("last") else first
        add(f"{named.year:04d}-{named.month:02d}", m.start(), m.end(), "month")
    if anchor is not None and "last year" in lower:
        # "on May 22 last year", "in March last year": the year before the anchor's
        for i, d in enumerate(found):
            tail = _LAST_YEAR_RE.match(text, d.end)
            if tail is not None and d.value is not None and d.kind in ("day", "month"):
                found[i] = DateMention(f"{anchor.year - 1:04d}{d.value[4:]}", d.start, tail.end(), d.kind)
    found.sort(key=lambda d: d.start)
    return found


def resolve_date(expression: str, published: date | None) -> str | None:
    """Resolve one date expression ("on Wednesday", "19 березня", "in August 2024") or None."""
    mentions = find_dates(expression, published)
    return mentions[0].value if mentions else None
