"""When the exchange happened: anchors of an article and the dates its sentences give an exchange.

A date attached to the exchange noun ("Wednesday's exchange", "the Oct. 14 swap", "the exchange
took place on Friday") outranks the date of a statement ("said on Thursday, Oct. 15"), which
dates the reporting rather than the handover.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from swapwatch.cues import find_planned, recalls_earlier, tells_swap
from swapwatch.dates import DateMention
from swapwatch.figures import NOT_EVENT_DATE_RE, Figure
from swapwatch.models import Article
from swapwatch.sentences import Sentence

_DATE_LINE_RE = re.compile(r"^\s*date\s+(20\d\d)-(\d\d)(?:-(\d\d))?\b")
_URL_DATE_RE = re.compile(r"/(20\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|$)|[/-](20\d\d)-(\d{1,2})-(\d{1,2})")
# (The boundary is tested after "20": a pattern that starts with a literal is found by a fast string search.)
_YEAR_RE = re.compile(r"(20(?<!\w20)[0-4]\d)\b")
# How far before publication an exchange may be and still be the article's news.
MAIN_WINDOW = timedelta(days=3)
# A month named for the main exchange ends at most this long before publication: "in July" in a story
# of August 5 may be its news; "last month's swap" in one of August 20 is recalled.
MONTH_WINDOW = timedelta(days=10)
_EXCHANGE_NOUN = r"(?:exchange|swap|swop|handover|trade)s?"
# "Wednesday's prisoner exchange", "the Oct. 14 exchange", "Saturday swap"
_ATTACHED_AFTER_RE = re.compile(rf"^(?:['’]s?)?\s+(?:[\w-]+\s+){{0,2}}?{_EXCHANGE_NOUN}\b", re.I)
# "the exchange took place on Friday", "the swap on May 5", "exchange of October 14"
_ATTACHED_BEFORE_RE = re.compile(
    rf"\b{_EXCHANGE_NOUN}\s+(?:(?:took place|happened|was (?:held|carried out|completed)|occurred)\s+)?(?:on"
    rf"|of)\s+$",
    re.I,
)
# "said on Thursday, Oct. 15", "announced Wednesday", "told reporters on Friday"
_ATTRIBUTION_BEFORE_RE = re.compile(
    r"\b(?:said|says|announced|reported|stated|told\s+\w+|confirmed|wrote|added|posted|revealed)\s+"
    r"(?:late\s+|early\s+|last\s+)?(?:on\s+)?(?:\w+day,?\s+)?$",
    re.I,
)


# A wire dateline opening the text: "CARACAS, July 19 (Reuters) -", "KYIV, Feb 1 (AFP) -". Its date is
# when the story was filed, which anchors relative dates but is not itself the date of the exchange.
_DATELINE_RE = re.compile(
    r"^\s*[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Za-z.'’-]+){0,3},?\s+(?:\w+day,?\s+)?"
    r"(?P<d>[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+(?:20|19)\d\d)?"
    r"\s*(?:\([^()\n]{1,40}\)\s*)?[-—–]"
)


def dateline_span(text: str) -> tuple[int, int] | None:
    """The span of the date in a wire dateline that opens the text, or None."""
    m = _DATELINE_RE.match(text)
    return (m.start("d"), m.end()) if m else None


def anchors(article: Article) -> tuple[date | None, int | None, str | None]:
    """The publication date, a year hint and a month hint (date line, URL, or latest year named)."""
    year_hint: int | None = None
    month_hint: str | None = None
    m = _DATE_LINE_RE.match(article.text)
    if m:
        year_hint, month_hint = int(m.group(1)), f"{m.group(1)}-{m.group(2)}"
    elif article.url and (u := _URL_DATE_RE.search(article.url)):
        y, mo = (u.group(1), u.group(2)) if u.group(1) else (u.group(4), u.group(5))
        if 1 <= int(mo) <= 12:
            year_hint, month_hint = int(y), f"{y}-{int(mo):02d}"
    if year_hint is None:
        years = [int(y) for y in _YEAR_RE.findall(article.text)]
        year_hint = max(years) if years else None
    if article.published is not None:
        month_hint = article.published.isoformat()[:7]
    return article.published, year_hint, month_hint


# "the first since February 5, when ...", "seit dem 5. Februar, als ...": a relative clause tells what happened then.
_WHEN_AFTER_RE = re.compile(r"[,\s]*(?:when|коли|когда|als|lorsque|quand)\b")


# "four men, all civilians abducted from villages near the fence on October 7": the day of a capture, which
# a place phrase may push further from its verb than other non-exchange dates.
_CAPTURED_ON_RE = re.compile(
    r"(?i)\b(?:abducted|kidnapped|captured|arrested|detained|seized|taken (?:prisoner|captive|hostage))\b[^.]{0,60}$"
)


# "one civilian, a resident who had crossed the border while grazing livestock in January": a relative
# clause in the pluperfect tells what happened to a person before, not when the exchange was
_RELATIVE_PAST_RE = re.compile(r"\b(?:who|which|that) had\b[^.;]{0,90}$", re.I)


def sentence_dates(sentence: Sentence, dates: list[DateMention]) -> list[DateMention]:
    """Dates inside a sentence that can date an exchange (not talks, captures or deadlines)."""
    out = []
    for d in dates:
        if sentence.start <= d.start < sentence.end:
            head = sentence.text[: d.start - sentence.start]
            if (NOT_EVENT_DATE_RE.search(head[-45:]) or _CAPTURED_ON_RE.search(head[-70:])
                    or _RELATIVE_PAST_RE.search(head[-100:])) \
                    and not _WHEN_AFTER_RE.match(sentence.text, d.end - sentence.start):
                continue  # "since the talks in May"; but "since February 5, when each side freed 150" dates one
            out.append(d)
    return out


def date_rank(sentence: Sentence, d: DateMention) -> int:
    """0 for a date attached to the exchange noun, 2 for the date of a statement, 1 otherwise."""
    a, b = d.start - sentence.start, d.end - sentence.start
    head = sentence.text[max(0, a - 60):a]
    if _ATTACHED_AFTER_RE.match(sentence.text, b) or _ATTACHED_BEFORE_RE.search(head):
        return 0
    if _ATTRIBUTION_BEFORE_RE.search(sentence.text[max(0, a - 40):a]):
        return 2
    return 1


def event_dates(sentence: Sentence, dates: list[DateMention]) -> list[DateMention]:
    """The sentence's exchange dates, without statement dates when it gives another date."""
    found = sentence_dates(sentence, dates)
    if len(found) < 2:
        return found
    kept = [d for d in found if date_rank(sentence, d) < 2]
    return kept or found


def close(a: str | None, b: str | None, slack: int = 1) -> bool:
    """Two event dates that may describe the same exchange (within `slack` days, or same month)."""
    if a is None or b is None:
        return True
    if len(a) == 7 or len(b) == 7:
        return a[:7] == b[:7]
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= slack


def main_date(sentences: list[Sentence], per_sentence: dict[int, list[Figure]], dates: list[DateMention],
              published: date | None) -> str | None:
    """The date the text gives for the main exchange: in the first sentences that report it."""
    seen = 0
    month_only: str | None = None
    for s in sentences:
        if s.index not in per_sentence and not tells_swap(s.text):
            continue
        if recalls_earlier(s.text):
            continue
        # "exchanged 250 each on Saturday, with a third stage expected on Sunday": a date before the
        # plan word still dates the exchange; one after it dates the plan.
        plan = find_planned(s.text)
        if plan is not None and not any(d.start - s.start < plan.start() for d in sentence_dates(s, dates)):
            continue
        seen += 1
        if seen > 4:
            break
        days: list[tuple[int, int, str]] = []
        for d in sentence_dates(s, dates):
            if d.value is None or (plan is not None and d.start - s.start > plan.start()):
                continue
            if published is not None and len(d.value) == 10:
                delta = published - date.fromisoformat(d.value)
                if delta < timedelta(days=-1) or delta > MAIN_WINDOW:
                    continue
            if len(d.value) == 7:
                if published is not None and (_months_before(d.value, published) > 1
                                              or published - _month_end(d.value) > MONTH_WINDOW):
                    # "In January 2024, 230 were exchanged" in a 2025 story, "last month's swap" late in
                    # this one: recalled, not news
                    continue
                # "on Wednesday" with only the month known: keep looking for "On January 15".
                month_only = month_only or d.value
                continue
            days.append((date_rank(s, d), d.start, d.value))
        if days:
            return min(days)[2]
    return month_only


def _month_end(month: str) -> date:
    """The last day of a YYYY-MM month."""
    year, mon = int(month[:4]), int(month[5:7])
    return date(year + mon // 12, mon % 12 + 1, 1) - timedelta(days=1)


def _months_before(month: str, published: date) -> int:
    """How many calendar months a YYYY-MM value lies before the publication month."""
    return (published.year - int(month[:4])) * 12 + published.month - int(month[5:7])
