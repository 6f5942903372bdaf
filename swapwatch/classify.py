"""Is this article the report of a completed prisoner exchange? A scored, explained verdict.

Cues are read in the headline and lead, where news states what the story is about: a swap
word, a completed handover, people going both ways. Against them: a lead that only projects
a deal ("will exchange", "agreed to"), bodies only, a one-sided release, or an exchange dated
well before publication (recalled in a story about something else).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from swapwatch.counts import Reading, read_article
from swapwatch.cues import (
    CAPTIVE_RE,
    COMPLETED_RE,
    CUMULATIVE_RE,
    HOMECOMING_RE,
    NOT_PEOPLE_FOR,
    PLANNED_RE,
    RETURN_RE,
    SPORTS_TRADE_RE,
    SWAP_RE,
    THINGS_FOR_RE,
    caseless,
    caseless_twin,
    find_planned,
    finditer_lowered,
    isearch,
    search_lowered,
    tells_swap,
)
from swapwatch.figures import clause_of
from swapwatch.models import Article, Verdict
from swapwatch.people import MIL_NOUNS

DEFAULT_THRESHOLD = 0.5

# Weights are log-odds: a swap word in the lead plus a completed two-way handover is decisive;
# one strong negative cue (future only, bodies only) outweighs a swap word alone.
_WEIGHTS: dict[str, float] = {
    "swap-verb": 1.5,
    "swap-in-title": 1.0,
    "completed": 1.5,
    "both-sides-handover": 1.5,
    "two-way-counts": 3.0,
    "not-completed": -1.5,
    "event-counts": 1.0,
    "future-only": -4.0,
    "bodies-only": -4.5,
    "one-sided-release": -3.0,
    "background-only": -4.0,
    "cumulative-headline": -2.5,
    "opinion": -9.0,  # a column, analysis or fact check never reports an exchange as news
    "people-for-things": -4.0,
    "not-captives": -5.0,
    "no-swap-word": -1.5,
    "swap-not-in-lead": -1.5,
}
_BIAS = -2.0
_LEAD = 5
_BODIES_RE = re.compile(
    r"(?i)\b(?:bodies|remains|corpses|repatriation of (?:the )?(?:fallen|dead))\b|тіл|тела|Leichen",
)
_LIVING_RE = re.compile(
    r"(?i)\b(?:prisoners? of war|POWs?|soldiers|servicemen|hostages|prisoners|civilians|captives|полонен"
    r"|пленн)",
)
_TWO_WAY_RE = re.compile(
    r"(?i)\b(?:in exchange for" + NOT_PEOPLE_FOR + r"|in return for" + NOT_PEOPLE_FOR
    + r"|in return(?!\s+for\b)|in exchange(?!\s+for\b)|in turn|for the release of"
    r"|followed with the release|in a reciprocal (?:move|gesture|step)|reciprocated"
    r"|also handing over|each side|both sides|each country|взамін|взамен|в обмін|в обмен|im Gegenzug)\b"
)
_ONE_SIDED_RE = re.compile(r"(?i)\b(?:goodwill gesture|without (?:any )?(?:concessions|exchange)"
                           r"|did not make any concessions"
                           r"|unilateral\w*|amnesty|amnistie|pardon\w*|outside (?:of )?(?:the )?exchange"
                           r"|поза обміном)\b")


# Columns and analyses argue about exchanges; they do not report one ("Opinion: swaps are the only
# diplomacy that works"). Outlets label them in the headline or file them under their own section.
_OPINION_TITLE_RE = re.compile(
    r"(?i)^\s*(?:opinion|analysis|commentary|comment|editorial|op-ed|column|perspective|explainer|fact[- ]?check"
    r"|думка|колонка|мнение|аналитика)\s*[:|]"
)
_OPINION_URL_RE = re.compile(
    r"(?i)/(?:opinions?|commentisfree|op-?eds?|editorials?|columns?|columnists?|fact-?checks?)/")


# "Armenia did not release anyone in return": the other side gave nothing back
_NEGATED_RETURN_RE = re.compile(r"(?i)\b(?:not|n't|no one|nobody|never|none)\b[^.;]*$")
_NOTHING_BACK_RE = re.compile(
    r"(?i)\b(?:did not|didn't|has not|have not|had not|will not)\s+(?:release|free|hand|return|reciprocat)\w*"
    r"(?:\s+(?:over|back))?(?:\s+(?:anyone|anybody|any\s+\w+))?[^.;]{0,60}?\bin (?:return|exchange)\b"
    r"|\b(?:did not|didn't) reciprocate"
    # "This was not a prisoner swap"
    r"|\b(?:was|is|were) not (?:a|part of (?:a|any)) (?:prisoner )?(?:swap|exchange)\b")


# "The lists were exchanged simultaneously": the subject of a passive swap verb says what changed hands
_THING_SUBJECT_RE = re.compile(
    r"(?i)\b(?:lists?|documents?|notes|letters|maps|messages|greetings|gifts|instruments|protocols|bonds"
    r"|shares|fire|shots|views|data)\s+(?:were|was|have been|had been|are|is|will be)\s+(?:\w+\s+)?$")


# Case-sensitive twins of the IGNORECASE patterns, searched in lower-cased text (a third of the time).
for _rx in (SWAP_RE, RETURN_RE, COMPLETED_RE, CUMULATIVE_RE, CAPTIVE_RE, _BODIES_RE, _LIVING_RE, _TWO_WAY_RE,
            _ONE_SIDED_RE, _NEGATED_RETURN_RE, _NOTHING_BACK_RE, _THING_SUBJECT_RE):
    caseless_twin(_rx)
# MILITARY_RE is r"\b(?i:...)\b": the same as this IGNORECASE pattern, which has a twin
_MILITARY_RE = re.compile(rf"\b(?:{MIL_NOUNS})\b", re.I)
caseless_twin(_MILITARY_RE)


def _swaps_people(text: str) -> bool:
    """True when a swap word in the text is not the passive verb of things ("the lists were exchanged")."""
    low = caseless(text)
    return tells_swap(text) and any(not search_lowered(_THING_SUBJECT_RE, text, low, max(0, m.start() - 40), m.start())
                                    for m in finditer_lowered(SWAP_RE, text, low))


def _lead_texts(article: Article, reading: Reading) -> list[str]:
    """Headline plus the first substantive sentences of the text."""
    out = [article.title] if article.title else []
    for s in reading.sentences:
        if len(s.text.split()) >= 5:
            out.append(s.text)
        if len(out) >= _LEAD + (1 if article.title else 0):
            break
    return out


def cues(article: Article, reading: Reading) -> list[str]:
    """Names of the cues that fire for an article."""
    lead = _lead_texts(article, reading)
    fired: list[str] = []
    # "The 95 defenders who returned from captivity": the homecoming an exchange brings.
    # Soldiers come home from captivity through exchanges; children and civilians also by other means.
    # The soldiers may be named in another lead sentence ("157 came home ... among them 149 servicemen").
    soldiers = any(isearch(_MILITARY_RE, t) for t in lead)
    swap_lead = [t for t in lead if _swaps_people(t) or (soldiers and HOMECOMING_RE.search(t))]
    if swap_lead:
        fired.append("swap-verb")
    if article.title and tells_swap(article.title):
        fired.append("swap-in-title")
    figure_texts = {f.sentence.text for f in reading.figures if f.kind == "event" and f.sides}
    # "Pakistan handed back a constable. India, in turn, repatriated a Ranger": a mutual handover told
    # without a swap word is still an exchange, done.
    mutual = [t for t in lead if isearch(_TWO_WAY_RE, t) and _completed(t)]
    completed = [t for t in lead if (t in swap_lead or t in figure_texts or t in mutual) and _completed(t)]
    if completed:
        fired.append("completed")
    elif any(find_planned(t) for t in lead if tells_swap(t) or isearch(RETURN_RE, t)):
        fired.append("future-only")
    else:
        fired.append("not-completed")
    main = next((e for e in reading.events if e.role == "main"), None)
    living = {s for s, c in (main.returned.items() if main else []) if any(
        v is not None for v in (c.military, c.civilian, c.total))}
    bodies = {s for s, c in (main.returned.items() if main else []) if c.bodies is not None}
    if len(living) == 2:
        fired.append("two-way-counts")
    if any((m := isearch(_TWO_WAY_RE, t)) and not find_planned(clause_of(t, m.start()))
           and not search_lowered(_NEGATED_RETURN_RE, t, caseless(t), max(0, m.start() - 90), m.start()) for t in lead):
        fired.append("both-sides-handover")
    if living:
        fired.append("event-counts")
    lead_text = " ".join(lead)
    low = caseless(lead_text)
    if (bodies and not living) or (search_lowered(_BODIES_RE, lead_text, low)
                                   and not search_lowered(_LIVING_RE, lead_text, low)):
        fired.append("bodies-only")
    two_way = "both-sides-handover" in fired or "two-way-counts" in fired
    if (not swap_lead and not two_way) or search_lowered(_ONE_SIDED_RE, lead_text, low) \
            or search_lowered(_NOTHING_BACK_RE, lead_text, low):
        fired.append("one-sided-release")
    if not swap_lead and not mutual and not any(tells_swap(s.text) for s in reading.sentences) \
            and not (article.title and tells_swap(article.title)):
        fired.append("no-swap-word")
    elif not swap_lead and not completed and not _tells_return(article.title or ""):
        # A live blog or round-up: the exchange is one item below a headline and lead about other news
        # (neither names an exchange, nor captives returned).
        fired.append("swap-not-in-lead")
    if _background_only(article, reading):
        fired.append("background-only")
    if THINGS_FOR_RE.search(lead_text) and "two-way-counts" not in fired:
        fired.append("people-for-things")  # "freed 15 detainees in return for minefield maps"
    if (SPORTS_TRADE_RE.search(lead_text) or not living) and not search_lowered(CAPTIVE_RE, lead_text, low) \
            and not any(f.kind == "event" and f.sides for f in reading.figures):
        # "a four-player swap before the trade deadline", "the exchange of GDP warrants for new bonds":
        # nobody captive in the lead and no people counted, so what changed hands was not people
        fired.append("not-captives")
    second = lead[1] if len(lead) > 1 else ""
    if article.title and isearch(CUMULATIVE_RE, article.title) and not tells_swap(second):
        fired.append("cumulative-headline")
    if _OPINION_TITLE_RE.search(article.title or "") or _OPINION_URL_RE.search(article.url or ""):
        fired.append("opinion")
    return fired


def _tells_return(title: str) -> bool:
    """True when a headline tells of an exchange or of captives returned ("freed Ukrainian prisoners")."""
    return bool(tells_swap(title) or (isearch(RETURN_RE, title) and isearch(CAPTIVE_RE, title)))


@lru_cache(maxsize=256)
def _completed(text: str) -> bool:
    """True when a sentence reports a handover as done, not in a future or agreed-only clause (cached)."""
    # Only a plan word before the verb ("agreed to release") makes it unfinished: one after it names the
    # deal the completed handover was part of ("released 120 ... under the ceasefire agreement").
    for m in finditer_lowered(COMPLETED_RE, text, caseless(text)):
        clause = clause_of(text, m.start())
        head = clause[:max(0, m.end() - text.find(clause))] if clause in text else clause
        if not PLANNED_RE.search(head):
            return True
    return False


def _background_only(article: Article, reading: Reading) -> bool:
    """True when every exchange with figures is a background one (none is the article's news)."""
    if not reading.events:
        return False
    return all(e.role == "background" for e in reading.events)


def verdict_from(article: Article, reading: Reading, threshold: float = DEFAULT_THRESHOLD) -> Verdict:
    """The verdict for an article already read by counts extraction."""
    fired = cues(article, reading)
    logit = _BIAS + sum(_WEIGHTS.get(c, 0.0) for c in fired)
    score = 1.0 / (1.0 + math.exp(-logit))
    return Verdict(is_swap=score >= threshold, score=round(score, 4), reasons=tuple(fired))


def classify(article: Article, threshold: float = DEFAULT_THRESHOLD) -> Verdict:
    """Score an article as a report of a completed prisoner exchange, with the cues that fired."""
    return verdict_from(article, read_article(article), threshold)
