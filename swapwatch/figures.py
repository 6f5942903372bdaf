"""Figures about people in one sentence: value, category, receiving side(s) and kind.

A figure is a number followed by a people noun ("207 Ukrainian service members", "the remains
of 909 soldiers", "84 людини"), or a bare number in a symmetric frame ("each side released 115",
"146 на 146"). Its side is the side that RECEIVED the people, read from news phrasing:
demonyms ("Ukrainian soldiers" go home to UA), destinations ("handed over to Armenia"), origins
("from Russian captivity" -> the other side), and subject-verb frames ("Russia received ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from swapwatch.cues import (
    APPROX_BEFORE_RE,
    APPROX_ENDINGS,
    ATTRIBUTION_RE,
    BODIES_BEFORE_RE,
    BODIES_WORDS,
    CAPTIVITY_RE,
    CAPTIVITY_WORDS,
    COMBINED_RE,
    COMBINED_WORDS,
    COMPLETED_RE,
    CUMULATIVE_RE,
    CUMULATIVE_WORDS,
    PLANNED_RE,
    RETURN_RE,
    SUBSET_AFTER_RE,
    SUBSET_BEFORE_RE,
    SUBSET_BEFORE_WORDS,
    SWAP_RE,
    SWAP_WORDS,
    caseless,
    caseless_twin,
    ends_with_any,
    find_planned,
    finditer_lowered,
    holds_any,
    isearch,
    may_contain,
    search_lowered,
    tells_swap,
)
from swapwatch.dates import MONTH_AFTER_RE, MONTH_BEFORE_RE, may_end_in_month
from swapwatch.models import Category, ClaimKind
from swapwatch.numbers import NumberMention, find_numbers, parse_number
from swapwatch.parties import PartyMention, find_parties, speaker_party
from swapwatch.people import (
    APPOSITION_AFTER_RE,
    APPOSITION_BEFORE_RE,
    BLOCKING_VERB_RE,
    BLOCKING_WORDS,
    CIV_NOUNS,
    CIV_TAIL_RE,
    CIV_TAIL_WORDS,
    COMPLETED_AFTER_RE,
    DATE_TAIL_RE,
    EACH_AFTER_RE,
    EACH_AFTER_WORDS,
    EACH_BEFORE_RE,
    EACH_BEFORE_WORDS,
    FAVOUR_RE,
    FOR_BEFORE_RE,
    FORMULA_RE,
    HELD_SINCE_RE,
    INCLUSION_RE,
    INCLUSION_WORD_RE,
    INCLUSION_WORDS,
    MIL_NOUNS,
    NEAR_VERB_RE,
    NEGATED_RE,
    NEGATED_WORDS,
    NOT_EVENT_DATE_RE,
    NP_RE,
    POW_RE,
    PREDICATE_RE,
    RANKING_RE,
    SAME_NUMBER_RE,
    SINGLE_RE,
    STILL_HELD_RE,
    TRADED_FOR,
)
from swapwatch.revisions import Revision, has_frame, revision_before
from swapwatch.sentences import Sentence, clause_of
from swapwatch.sides import code_of, other_side, people_side, side_from_context, two_party_subject

__all__ = ["INCLUSION_WORD_RE", "NOT_EVENT_DATE_RE", "Figure", "clause_of", "find_figures", "same_number_alone"]


@dataclass(frozen=True, slots=True)
class Figure:
    """One people figure in a sentence, read for the receiving side."""

    value: int
    start: int
    end: int
    category: Category
    sides: tuple[str, ...]  # receiving sides; two for symmetric frames; () when unknown
    kind: ClaimKind
    sentence: Sentence
    np_end: int = 0  # end of the noun phrase, relative to the sentence
    subset: bool = False  # "including 69 women": a part, used only when no whole is stated
    joined: bool = False  # coordinated with the previous figure of the same side and category: add up
    part_of_last: bool = False  # "the group comprised one civilian and 100 soldiers": the last group named
    revised: bool = False  # "the final figure ... is 214": a correction that outranks earlier figures
    formula: bool = False  # from an "N-for-M" formula: a summary, never one side's own claim


def _kind(sentence: str, num_start: int, np_end: int) -> ClaimKind:
    """Event, or a figure that is cumulative, planned, or about people still held."""
    clause = clause_of(sentence, num_start)
    if _RATIO_RE.match(sentence, np_end):
        return "planned"  # "15 bodies for each hostage", "50 prisoners per soldier": a deal's rate, no count
    c0 = sentence.find(clause)
    # One lower-casing of the sentence serves the word gates and the caseless twins of the patterns below.
    low = caseless(sentence)
    low_clause = None if low is None else low[c0:c0 + len(clause)]
    if holds_any(low_clause, NEGATED_WORDS) and search_lowered(NEGATED_RE, clause, low_clause):
        return "captivity"  # "two women refused to return": not handed over
    scope = sentence[c0:np_end + 40]
    low_scope = None if low is None else low[c0:np_end + 40]
    for m in finditer_lowered(CUMULATIVE_RE, scope, low_scope) if holds_any(low_scope, CUMULATIVE_WORDS) else ():
        m_start = c0 + m.start()
        # "the largest exchange since the start of the war" ranks the event; it is no running total.
        if RANKING_RE.search(sentence[max(0, m_start - 60):m_start]):
            continue
        # "put the number of servicemen it handed over at 248": a side's figure for this exchange
        if _PUT_NUMBER_RE.search(sentence[max(0, m_start - 12):m_start]):
            continue
        # "held since 2020" dates a captivity, not a running total.
        if HELD_SINCE_RE.search(sentence[max(0, m_start - 20):m_start]):
            continue
        return "cumulative"
    planned = _planned_in(clause)
    if planned and not COMPLETED_AFTER_RE.match(sentence[np_end:np_end + 90]) \
            and not _done_before(sentence, c0, c0 + planned.start(), num_start, np_end):
        return "planned"
    near = slice(max(0, num_start - 80), num_start + 80)
    if _tells_captivity(sentence) and not search_lowered(RETURN_RE, sentence[near], None if low is None else low[near]):
        return "captivity"
    tail = sentence[np_end:np_end + 60]
    if STILL_HELD_RE.match(tail[:40]) and CAPTIVITY_RE.search(tail):
        return "captivity"  # "8,000 Ukrainian soldiers are still held"
    return "event"


@lru_cache(maxsize=256)
def _planned_in(clause: str) -> re.Match[str] | None:
    """The plan word of a clause, also of one in title case (cached: asked once for each number in it)."""
    return find_planned(clause) or (PLANNED_RE.search(clause.lower()) if _title_case(clause) else None)


@lru_cache(maxsize=256)
def _tells_captivity(sentence: str) -> bool:
    """True when a sentence speaks of people still held (cached: asked once for each number in it)."""
    low = caseless(sentence)
    return holds_any(low, CAPTIVITY_WORDS) and search_lowered(CAPTIVITY_RE, sentence, low) is not None


# Case-sensitive twins of IGNORECASE patterns, searched in lower-cased text (a third of the time).
for _rx in (NEGATED_RE, CUMULATIVE_RE, RETURN_RE, CAPTIVITY_RE, NEAR_VERB_RE):
    caseless_twin(_rx)


# "..., one from each country", "..., 20 from each side": how a combined figure splits between the sides
_SPLIT_RE = re.compile(
    r"[^.;\d]{0,160}?,\s*(?P<k>\d+|one|two|three|four|five|ten)\s+(?:from|of|for|to)\s+each\s+"
    r"(?:side|country|nation|party)\b", re.I,
)
_PUT_NUMBER_RE = re.compile(r"(?i)\b(?:put|puts|putting|placed|places|gave|gives|set|sets)\s+$")
_RATIO_RE = re.compile(
    r"\s*(?:for|per|за)\s+(?:each|every|кожного|каждого)\b(?!\s+(?:side|country|party|nation|of the two))"
    r"|\s*(?:a|per)\s+(?:head|person)\b|\s*per\s+(?!cent\b|side\b|country\b|party\b|nation\b|each\b)[a-z]+",
    re.I,
)


def _title_case(text: str) -> bool:
    """True for a headline in title case ("Ukraine, Russia Agree 500-for-500 Prisoner Exchange")."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _done_before(sentence: str, c0: int, planned_at: int, num_start: int, np_end: int) -> bool:
    """True in "exchanged 175 prisoners ... in a deal that X mediated": a past verb governs the figure.

    Also in "200 servicemen were freed ... in the exchange agreed in Geneva": the verb comes first.
    """
    return planned_at >= np_end and bool(COMPLETED_RE.search(sentence[c0:num_start])
                                         or COMPLETED_RE.search(sentence[np_end:planned_at]))


def find_figures(sentence: Sentence, pair: tuple[str, str]) -> list[Figure]:
    """Every people figure in a sentence with its category, receiving sides and kind."""
    s = sentence.text
    parties = find_parties(s)
    out: list[Figure] = []
    numbers = find_numbers(s)
    formula_done: set[int] = set()
    prev: Figure | None = None
    framed = has_frame(s)
    for n in numbers:
        if n.start in formula_done:
            continue
        rev = revision_before(s, n.start) if framed else None
        if rev is not None:
            fig = _revised(s, n, rev, pair, parties, sentence)
        else:
            fig = _figure(s, n, numbers, pair, parties, sentence, prev, formula_done)
        if fig is not None and fig.kind == "cumulative" and len(fig.sides) == 1 \
                and _WHOLE_EXCHANGE_RE.search(s[:fig.start - sentence.start]):
            fig = replace(fig, kind="event", revised=True)  # the exchange's own total, not a war's
        if fig is not None:
            out.append(fig)
            prev = fig
            rest = _formula_rest(s, fig, pair) if fig.formula and len(fig.sides) == 1 else None
            if rest is not None:
                out.append(rest)
            one = _AND_ONE_RE.match(s, fig.np_end) if fig.part_of_last else None
            if one is not None:
                # "three civilians and a soldier": the last part of a breakdown may be one person
                category: Category = "military" if one.group("mil") else "civilian"
                out.append(Figure(1, sentence.start + one.start("np"), sentence.start + one.end(), category,
                                  fig.sides, fig.kind, sentence, one.end(), part_of_last=True))
    if out and any(word in s for word in _SAME_WORDS):
        same = _same_number(s, out, pair, sentence)
        alone = (_SAME_ALONE_RE.search(s) or _SAME_PASSIVE_RE.search(s)) if not same else None
        leads = [f for f in out if alone and f.kind == "event" and len(f.sides) == 1 and f.np_end <= alone.start()]
        if leads:
            # "205 Ukrainians were freed, and Moscow received the same number of its own troops"
            same = same_number_alone(sentence, leads[-1], pair)
        out.extend(same)
    if tells_swap(s):
        out.extend(_single_persons(s, pair, parties, sentence))
    out.sort(key=lambda f: f.start)
    return _traded_for(s, _share_back(s, out), pair)


# "three captives were freed in exchange for 150 Palestinian prisoners": the two groups of a trade.
_TRADED_FOR_RE = re.compile(
    rf"^[^.;\d]{{0,80}}?\b(?:{TRADED_FOR}|in a swap for)\s+[^.;\d]{{0,20}}$", re.I,
)


def _traded_for(s: str, figs: list[Figure], pair: tuple[str, str]) -> list[Figure]:
    """Give one group of "N ... in exchange for M ..." the side opposite to the other's."""
    for i in range(len(figs) - 1):
        f, g = figs[i], figs[i + 1]
        if f.kind != "event" or g.kind != "event" or bool(f.sides) == bool(g.sides):
            continue
        if not _TRADED_FOR_RE.match(s[f.np_end:g.start - g.sentence.start]):
            continue
        known = f if f.sides else g
        side = other_side(known.sides[0], pair) if len(known.sides) == 1 else None
        if side is not None:
            figs[i if known is g else i + 1] = replace(g if known is f else f, sides=(side,))
    return figs


_SAME_WORDS = ("same", "equal", "matching", "identical", "gleiche", "selbe", "même", "так")
_JOINER_RE = re.compile(r"^\s*(?:,|and|as well as|plus)\s*(?:,\s*)?(?:and\s+)?$")


def _share_back(s: str, figs: list[Figure]) -> list[Figure]:
    """Give a coordinated figure without a side the side of the figure it is coordinated with.

    "270 servicemen and 120 civilians had been returned to Russia": the destination follows the last.
    """
    for i in range(len(figs) - 2, -1, -1):
        f, g = figs[i], figs[i + 1]
        if f.sides or f.kind != "event" or g.kind != "event" or len(g.sides) != 1 or f.part_of_last:
            continue
        if _JOINER_RE.match(s[f.np_end:g.start - g.sentence.start]):
            figs[i] = replace(f, sides=g.sides)
    return figs


_SAME_ALONE_RE = re.compile(
    r"(?i)\b(?:received|got back|freed|released|returned|handed over|brought (?:home|back))\s+"
    r"(?:the same|an equal) number(?: of (?P<np>[^,.;]{0,50}))?"
)


# The passive voice: "an equal number of Russian troops had been returned", "the same number were freed".
_SAME_PASSIVE_RE = re.compile(
    r"(?i)\b(?:the same|an equal|a matching|an identical) number(?: of (?P<np>[^,.;]{0,50}?))?\s+"
    r"(?:had|have|has|were|was|are)\s+(?:also\s+|been\s+|also been\s+)*"
    r"(?:returned|released|freed|handed (?:over|back)|sent back|brought (?:home|back)|repatriated|transferred)\b"
)


def same_number_alone(sentence: Sentence, lead: Figure, pair: tuple[str, str]) -> list[Figure]:
    """For "Russia said it had received the same number of its servicemen": the lead figure, other side."""
    low = sentence.text.lower()
    if "same number" not in low and "equal number" not in low and "matching number" not in low \
            and "identical number" not in low:
        return []
    m = _SAME_ALONE_RE.search(sentence.text) or _SAME_PASSIVE_RE.search(sentence.text)
    side = other_side(lead.sides[0], pair) if len(lead.sides) == 1 else None
    if m is None or side is None or _kind(sentence.text, m.start(), m.end()) != "event":
        return []
    named = [p.code for p in find_parties(m.group("np") or "") if p.code in pair and p.kind in ("adj", "people")]
    if named and named[0] != side:
        return []
    np = NP_RE.match(" " + (m.group("np") or "").replace("its own", "").replace("their own", ""))
    category = _category_of(np) or lead.category
    a, b = sentence.start + m.start(), sentence.start + m.end()
    return [Figure(lead.value, a, b, category, (side,), "event", sentence, m.end())]


def _single_persons(s: str, pair: tuple[str, str], parties: tuple[PartyMention, ...],
                    sentence: Sentence) -> list[Figure]:
    """One named or described person traded ("a Belgian aid worker in exchange for an Iranian diplomat")."""
    out: list[Figure] = []
    for m in SINGLE_RE.finditer(s):
        a, b = m.start(), m.end()
        sides = people_side(s, a, b, pair) or side_from_context(s, a, b, pair, parties)
        if not sides or _kind(s, a, b) != "event":
            continue
        soldier = re.search(r"(?i)soldier|serviceman|marine", m.group(0))
        category: Category = "military" if soldier else "total"
        out.append(Figure(1, sentence.start + a, sentence.start + b, category, sides, "event", sentence, b))
    return out


def _same_number(s: str, figs: list[Figure], pair: tuple[str, str], sentence: Sentence) -> list[Figure]:
    """For "150 Ukrainian soldiers for the same number of Russian soldiers": the other side, same value."""
    out: list[Figure] = []
    for m in SAME_NUMBER_RE.finditer(s):
        before = [f for f in figs if f.np_end <= m.start() and len(f.sides) == 1 and f.kind == "event"]
        if not before:
            continue
        prev = before[-1]
        if m.group("lead").lower() in ("and", "while") and (
                not RETURN_RE.search(s[m.end():m.end() + 60])
                or CAPTIVITY_RE.search(s[m.end():m.end() + 60])):
            continue
        named = [p.code for p in find_parties(m.group("np"))
                 if p.code in pair and p.kind in ("adj", "people")]
        side = named[0] if named else other_side(prev.sides[0], pair)
        if side is None or side == prev.sides[0]:
            continue
        np = NP_RE.match(" " + m.group("np"))
        category: Category = prev.category
        if np is not None:
            category = "military" if np.group("mil") else "civilian" if np.group("civ") else prev.category
        a, b = m.start(), m.end()
        kind = _kind(s, a, b)
        if kind == "event":
            out.append(Figure(prev.value, sentence.start + a, sentence.start + b, category, (side,), kind,
                              sentence, b))
    return out


def _revised(s: str, n: NumberMention, rev: Revision, pair: tuple[str, str],
             parties: tuple[PartyMention, ...], sentence: Sentence) -> Figure | None:
    """A corrected or updated count ("bringing the number of Ukrainians returned ... to 214")."""
    if APPROX_BEFORE_RE.search(s[max(0, n.start - 40):n.start]):
        return None
    np = NP_RE.match(s[n.end:])
    np_end = n.end + (np.end() if np else 0)
    who = rev.of + " " + s[n.end:np_end]
    counted = re.sub(r"(?i)^(?:of|for)\s+", "", rev.of)
    category = _category_of(np) if np else _category_of(NP_RE.match(" " + counted))
    sides = people_side(" " + who, 0, len(who) + 1, pair)
    if not sides:
        with_party = re.search(r"(?i)\bwith\s+(?:the\s+)?(\S+)", rev.of)
        code = code_of(with_party.group(1)) if with_party else None
        other = other_side(code, pair) if code else None
        sides = (other,) if other else ()
    if not sides:
        attribution = ATTRIBUTION_RE.search(s)
        speaker = speaker_party(attribution.group(0)) if attribution else None
        sides = (speaker,) if speaker in pair else ()
    if not sides:
        sides = side_from_context(s, n.start, np_end, pair, parties)
    kind: ClaimKind = "cumulative" if rev.cumulative else "event"
    if kind == "event" and find_planned(clause_of(s, n.start)):
        kind = "planned"
    return Figure(n.value, sentence.start + n.start, sentence.start + n.end, category or "total", sides, kind,
                  sentence, np_end, revised=True)


def _category_of(np: re.Match[str] | None) -> Category | None:
    """The category a noun-phrase match names, or None."""
    if np is None:
        return None
    if np.group("mil"):
        return "military"
    if np.group("civ"):
        return "civilian"
    if np.group("bod"):
        return "bodies"
    return "total"


_STAGE_OF_RE = re.compile(r"(?i)\b(?:stage|phase|part|round|leg|batch)s?\s+of\s+(?:(?:the|a|an|this|their|its)\s+)?$")

# "Russia and Ukraine begin 1,000-for-1,000 exchange with 300 released": the deal whose first stage is done
_BEGIN_RE = re.compile(r"(?i)\b(?:begin|began|begins|start|started|starts|launch(?:ed|es)?)\s+(?:(?:the|a|their)\s+)?$")


def _formula(s: str, n: NumberMention, formula: re.Match[str], pair: tuple[str, str],
             sentence: Sentence) -> Figure | None:
    """For "60-for-60": both sides; for "197-for-175": the favoured side first, only when stated."""
    left, right = int(re.sub(r"\D", "", formula.group(1))), int(re.sub(r"\D", "", formula.group(2)))
    start, end = sentence.start + n.start, sentence.start + n.end
    kind = _kind(s, n.start, formula.end())
    if _STAGE_OF_RE.search(s[max(0, n.start - 40):n.start]) or _BEGIN_RE.search(s[max(0, n.start - 30):n.start]):
        kind = "planned"  # "the second stage of the 600-for-600 exchange": the whole deal, not this stage
    if left == right:
        return Figure(left, start, end, "total", pair, kind, sentence, formula.end(), formula=True)
    favour = FAVOUR_RE.match(s[formula.end():])
    code = code_of(favour.group("a") or favour.group("b")) if favour else None
    if code is None:
        # "Kyiv's ombudsman said the 197-for-175 exchange": a side's own official states its gain first.
        # Without a speaker or a "in X's favour", which side got which is not stated (null, not a guess).
        attribution = ATTRIBUTION_RE.search(s)
        code = speaker_party(attribution.group(0)) if attribution else None
    if code not in pair:
        return None  # which side got which is not stated
    if kind == "cumulative" and SWAP_RE.match(s, formula.end() + 1):
        kind = "event"  # "the 197-for-175 exchange brought the total to ...": the exchange is the event
    return Figure(left, start, end, "total", (code,), kind, sentence, formula.end(), formula=True)


def _formula_rest(s: str, fig: Figure, pair: tuple[str, str]) -> Figure | None:
    """The second number of an uneven "197-for-175" to the other side, once the first one's side is read."""
    a = fig.start - fig.sentence.start
    formula = FORMULA_RE.match(s, a)
    other = other_side(fig.sides[0], pair) if len(fig.sides) == 1 else None
    if formula is None or other is None:
        return None
    right = int(re.sub(r"\D", "", formula.group(2)))
    b = fig.sentence.start + formula.start(2)
    return replace(fig, value=right, start=b, end=fig.sentence.start + formula.end(2), sides=(other,))


def _figure(s: str, n: NumberMention, numbers: list[NumberMention], pair: tuple[str, str],
            parties: tuple[PartyMention, ...], sentence: Sentence, prev: Figure | None,
            formula_done: set[int]) -> Figure | None:
    """Read one number of a sentence as a people figure, or None when it is not one."""
    before = s[max(0, n.start - 40):n.start]
    after = s[n.end:]
    if not n.words and 1900 <= n.value <= 2100 and ("," not in s[n.start:n.end]):
        return None  # a year
    # The window before a number is asked a dozen questions whose patterns end at the number: each is
    # searched only when a word it needs is there (a substring test on the lower-cased window costs a
    # twentieth of a failed search, which tries every position).
    low = caseless(before)
    if (may_end_in_month(before) and MONTH_BEFORE_RE.search(before)) or MONTH_AFTER_RE.match(after):
        return None  # the day of a date ("Dec. 14 prisoner swap", "14 серпня")
    if DATE_TAIL_RE.match(after):
        return None
    start, end = sentence.start + n.start, sentence.start + n.end
    formula = FORMULA_RE.match(s, n.start)
    if formula and not n.words:
        formula_done.update(m.start for m in numbers if formula.start() < m.start < formula.end())
        return _formula(s, n, formula, pair, sentence)
    np = NP_RE.match(after)
    np_off = 0
    own = _OF_OWN_RE.match(after) if np is None else None
    if own is not None:
        # "157 of its citizens", "95 of their own soldiers": the noun follows the possessive
        np_off = own.end() - 1
        np = NP_RE.match(after[np_off:])
    category: Category | None = None
    named_sides: tuple[str, ...] = ()
    breakdown = appositive = group = False
    np_end = n.end
    part = _OF_THEM_PART_RE.match(after) if np is None else None
    part_np = NP_RE.match(after[part.end() - 1:]) if part is not None else None
    appo_tail = APPOSITION_AFTER_RE.match(after) if np is None and part_np is None else None
    appo = APPOSITION_BEFORE_RE.search(s[max(0, n.start - 60):n.start]) if appo_tail else None
    if appo is not None and appo_tail is not None:
        # "Ukrainian defenders, 103 of them, came home": the noun phrase precedes the number.
        phrase = " " + appo.group("np")
        category = _category_of(NP_RE.match(phrase))
        named_sides = people_side(phrase, 0, len(phrase), pair)
        np_end = n.end + appo_tail.end()
        appositive = True
    elif part is not None and part_np is not None and (part_np.group("mil") or part_np.group("civ")):
        # "157 of its citizens, seven of them civilians": a part of the group just named
        category = _category_of(part_np)
        np_end = n.end + part.end() - 1 + part_np.end()
        breakdown = True
    elif np is None and (pred := PREDICATE_RE.match(after)) is not None:
        # "180 were servicemen and 27 civilians": a breakdown of the group named before it.
        np_pred = NP_RE.match(after[pred.end():])
        if np_pred is not None and not np_pred.group("bod"):
            category = _category_of(np_pred)
            np_end = n.end + pred.end() + np_pred.end()
            breakdown = True
    if breakdown or appositive:
        pass
    elif np:
        category = _category_of(np)
        mods = np.group("mods") or ""
        tail = after[np_off + np.end():]
        # a match of CIV_TAIL_RE has its word in the first 60 characters
        civil = (may_contain(tail[:60], CIV_TAIL_WORDS) and CIV_TAIL_RE.search(tail)) \
            or re.search(r"(?i)civilian|цивільн|мирн", mods)
        if category == "total" and civil:
            category = "civilian"
        if category == "total" and re.search(r"(?i)\b(?:military|POW|army)\b", mods):
            category = "military"
        np_end = n.end + np_off + np.end()
        mixed = _MIXED_RE.match(s, np_end) if category in ("military", "civilian") else None
        if mixed is not None and bool(mixed.group("mil")) != (category == "military"):
            category = "total"  # "207 Ukrainian soldiers and civilians": one mixed group
    else:
        people = _people_demonym(after)
        participle = _PARTICIPLE_GROUP_RE.match(after) if people is None and re.search(r"(?i)\bthe\s+$", before) \
            else None
        if people is not None:
            category, np_end = "total", n.end + people
        elif participle is not None:
            category, np_end = "total", n.end  # "Among the 207 returned, ...": a group named by its return
            group = True
        else:
            np_end = n.end
    if holds_any(low, BODIES_WORDS) and BODIES_BEFORE_RE.search(before):
        category = "bodies"
    pred_cat = _PREDICATE_CATEGORY_RE.match(s, np_end) if category is not None else None
    if category == "total" and pred_cat is not None:
        # "All four Azerbaijanis were servicemen": the predicate names the category of the group
        category = "military" if pred_cat.group("mil") else "civilian"
    # "The four men, all civilians, ...": a group already counted, named again; no verb of return needed
    restated = pred_cat is not None and bool(re.search(r"(?i)\bthe\s+$", before))
    kind = _kind(s, n.start, np_end)
    split = _SPLIT_RE.match(s, np_end) if category is not None and holds_any(low, SWAP_WORDS) \
        and SWAP_RE.search(before) else None
    if split is not None and 2 * (parse_number(split.group("k")) or 0) == n.value:
        # "exchanged two soldiers ..., one from each country": the pair's halves, not one side's count
        formula_done.add(split.start("k"))
        return Figure(n.value // 2, start, end, category or "total", pair, kind, sentence, np_end)
    sym = _is_symmetric(s, before, low, np_end)
    if category == "total" and np and np.group("gen") and sym and POW_RE.search(s) \
            and re.match(r"(?i)people|individuals|persons|prisoners|captives", np.group("gen")):
        category = "military"  # "a swap of prisoners of war ..., exchanging 205 individuals each"
    combined = holds_any(low, COMBINED_WORDS) and COMBINED_RE.search(before) and (
        SWAP_RE.search(s[:n.start]) or _each_after(s, np_end) or two_party_subject(s, n.start, pair, parties))
    if (ends_with_any(low, APPROX_ENDINGS) and APPROX_BEFORE_RE.search(before)) or combined:
        return None
    if _may_be_subset_after(after) and SUBSET_AFTER_RE.match(after) and not appositive:
        if category == "civilian" and kind == "event" and _AMONG_NEXT_RE.match(s, np_end):
            # "Fourteen civilians ... were among 95 Ukrainians released": a part of the group that follows
            return Figure(n.value, start, end, category, (), kind, sentence, np_end, part_of_last=True)
        return None
    if breakdown:
        return Figure(n.value, start, end, category or "total", (), kind, sentence, np_end, part_of_last=True) \
            if kind == "event" else None
    if category is None:
        if sym and (re.search(r"(?i)\beach\b|\bпо\b", before)
                    or re.match(r"^\s*(?:(?:to|for|from|on) )?(?:each|apiece)\b", after)):
            category = "total"
        elif prev is not None and re.match(r"^\s*to\s+", after) and re.search(r"(?:,|\band)\s*$", before):
            category = prev.category  # "12 captives were handed over to Azerbaijan and 44 to Armenia"
        elif prev is not None and len(prev.sides) == 1 and FOR_BEFORE_RE.search(before) \
                and not re.match(r"^\s*[A-Za-z]", after) and n.start - prev.np_end < 30:
            category = prev.category  # "swapped 197 Ukrainian soldiers for 175."
        else:
            return None
    if category in ("military", "civilian") and kind == "event" and _BREAKDOWN_HEAD_RE.match(s[:n.start]) \
            and not people_side(s, n.end, np_end, pair):
        # "Серед них – 190 військовослужбовців", "Among them were 40 soldiers": the lead group's breakdown
        return Figure(n.value, start, end, category, (), kind, sentence, np_end, part_of_last=True)
    subset = SUBSET_BEFORE_RE.search(before) if holds_any(low, SUBSET_BEFORE_WORDS) else None
    if subset and category == "civilian" and prev is not None and len(prev.sides) == 1:
        # "110 Russian citizens, including 72 ... civilian": the part says how many were civilians.
        return Figure(n.value, start, end, category, prev.sides, kind, sentence, np_end, subset=True)
    if subset and ((prev is not None and prev.sides)
                   or re.search(r"(?i)\b(?:any|none|some|all|most|many) of", subset.group(0))):
        return None  # a part of a figure already given ("including 27 ...", "any of the 65 ...")
    if subset:
        # "the released Palestinian prisoners, including 69 women": the parent names the side.
        parent = [p for p in find_parties(s[max(0, n.start - 70):n.start])
                  if p.kind in ("adj", "people") and p.code in pair]
        if parent:
            return Figure(n.value, start, end, category, (parent[-1].code,), kind, sentence, np_end,
                          subset=True)
    if prev is not None and len(prev.sides) == 1 and prev.kind == "event" and category in ("military", "civilian") \
            and _DASH_RE.match(s[prev.np_end:n.start]):
        # "four Armenian citizens - two soldiers ... and two civilians": the breakdown of that group
        return Figure(n.value, start, end, category, prev.sides, kind, sentence, np_end, part_of_last=True)
    if prev is None and category in ("military", "civilian") and kind == "event" \
            and s[max(0, n.start - 60):n.start].rstrip()[-1:] in _GROUP_DASHES \
            and _GROUP_DASH_RE.search(s, max(0, n.start - 60), n.start):
        # "The hostages - three civilians and a soldier - were driven ...": the breakdown of a group
        # the article counted before; no verb of return needed
        return Figure(n.value, start, end, category, (), kind, sentence, np_end, part_of_last=True)
    among = _AMONG_GROUP_RE.search(s[max(0, n.start - 100):n.start]) if category in ("military", "civilian") \
        else None
    if among is not None:
        # "Among the 40 who returned to Ukraine were 12 civilians": a part of a group already counted
        to = re.search(r"\bto\s+(?:the\s+)?(\S+)", among.group(0))
        code = code_of(to.group(1)) if to else None
        return Figure(n.value, start, end, category, (code,) if code in pair else (), kind, sentence, np_end,
                      part_of_last=True)
    coordinated = prev is not None and prev.kind == "event" and bool(_COORD_RE.match(s[prev.np_end:n.start])) \
        and not _OTHER_SIDE_RE.search(s[prev.np_end:n.start])
    carried = holds_any(low, _CARRY_WORDS) and _CARRY_VERB_RE.search(before) is not None \
        and _CARRIED_HOME_RE.match(s, np_end) is not None
    if (not coordinated and not restated and not carried and not _near_verb(s, n.start, np_end)) \
            or (holds_any(low, BLOCKING_WORDS) and BLOCKING_VERB_RE.search(before) and not carried):
        return None
    if coordinated and prev is not None and prev.part_of_last and category in ("military", "civilian") \
            and not named_sides and not people_side(s, n.end, np_end, pair):
        # "149 servicemen ..., as well as 8 civilians": the next part of the same breakdown
        return Figure(n.value, start, end, category, prev.sides, kind, sentence, np_end, part_of_last=True)
    if sym:
        return Figure(n.value, start, end, category, pair, kind, sentence, np_end)
    sides = named_sides or people_side(s, n.end, np_end, pair)
    if not sides and prev is not None and len(prev.sides) == 1 and FOR_BEFORE_RE.search(before):
        # "releasing 32 Armenians in exchange for two soldiers"
        sides = tuple(c for c in pair if c != prev.sides[0])
    joined = False
    if not sides and prev is not None and prev.sides and re.match(
            r"^\s*(?:,\s*)?(?:and|as well as|plus|along with)?\s*(?:,\s*)?(?:and\s+)?"
            r"(?:the\s+(?:bodies|remains)\s+of\s+)?$", s[prev.np_end:n.start]):
        # "140 Russian servicemen and six civilians from ...", "82 of its servicemen and the remains of 34
        # soldiers": the same side
        sides = prev.sides
        joined = prev.category == category and len(sides) == 1
    if not sides:
        if two_party_subject(s, n.start, pair, parties):
            return None  # "Moscow and Kyiv swapped 218 prisoners": a combined figure
        sides = side_from_context(s, n.start, np_end, pair, parties)
    if not sides and kind == "event" and (group or _HOMECOMING_RE.match(s[np_end:np_end + 60])):
        # "Ukraine's ombudsman said the 95 defenders who returned from captivity ...": people coming
        # home, counted by one side's own source, came home to that side.
        attribution = ATTRIBUTION_RE.search(s)
        speaker = speaker_party(attribution.group(0)) if attribution else None
        sides = (speaker,) if speaker in pair else ()
    wide = s[max(0, n.start - 60):n.start]
    included = (may_contain(wide, INCLUSION_WORDS) and INCLUSION_RE.search(wide)) \
        or re.match(r"(?i)^\s+among\b", s[np_end:])
    if not sides and included:
        return Figure(n.value, start, end, category, (), kind, sentence, np_end, part_of_last=True)
    if not sides and prev is not None and re.match(
            r"^\s*(?:,|and|as well as|plus|along with)\s*(?:,\s*)?(?:and\s+)?$", s[prev.np_end:n.start]):
        sides = prev.sides  # "270 Ukrainian prisoners of war and 120 civilians"
        # "13 officers, 20 soldiers": parts of one count
        joined = prev.category == category and len(sides) == 1
    elif not sides and prev is not None and len(prev.sides) == 1 and prev.kind == "event" \
            and _LOOSE_JOIN_RE.match(s[prev.np_end:n.start]) \
            and not _NOT_JOINED_RE.search(s[prev.np_end:n.start]):
        # "31 personnel from X's armed forces captured in 2020 and one serviceman captured in ...": one group
        sides = prev.sides
        joined = prev.category == category
    return Figure(n.value, start, end, category, sides, kind, sentence, np_end, joined=joined)


# One of these (lower-cased) starts every text SUBSET_AFTER_RE's first branch matches (spaces aside).
_SUBSET_AFTER_LEADS = ("of the", "of those", "of them", "of whom", "of which", "were serving", "who ")
_OF_OWN_RE = re.compile(r"\s+of\s+(?:its|their|our|his|her)\s+(?:own\s+)?")
_OF_THEM_PART_RE = re.compile(r",?\s+of\s+(?:them|whom)\s+(?:were\s+|are\s+)?")
_PREDICATE_CATEGORY_RE = re.compile(
    # "were all servicemen", or in apposition: "The four men, all civilians abducted in 2023, ..."
    rf"(?:\s+(?:were|was|are)\s+(?:all\s+|both\s+)?|,\s+(?:all|both)\s+(?:of them\s+)?)"
    rf"(?:(?:\w+\s+){{0,2}}?)(?i:(?P<mil>{MIL_NOUNS})|(?P<civ>{CIV_NOUNS}))\b"
    r"(?!\s+(?:and|or|as well as)\s+\w+)"
)
_BREAKDOWN_HEAD_RE = re.compile(
    r"^(?:Серед (?:них|звільнених|повернених|повернутих)|Среди (?:них|освобожденных|вернувшихся)|З них|Из них"
    r"|Among them|Of them|Among those (?:freed|released|returned))\b[^.;\d]{0,30}$"
)
_DASH_RE = re.compile(r"^\s*[-–—:(]\s*$"
                      # "212 people back ..., the headquarters reported – 174 service members and 38 civilians"
                      r"|^[^;]{0,220}?,[^;]{0,160}?\b(?:said|says|reported|reports|announced|wrote|stated)"
                      r"\s*[-–—:]\s*$")
_AMONG_GROUP_RE = re.compile(
    r"(?i)\b(?:among|of)\s+(?:the|those)\s+(?:\d[\d,]*\s+)?(?:[\w’'-]+\s+){0,6}?(?:were|was|are)\s+$"
)
# Coordinated figures: "A servicemen ..., and B civilians", "а також B цивільних", "і B".
_COORD_RE = re.compile(
    r"^[^.;:!?\d]{0,90}?(?:\band|\bas well as|\bplus|\bа також|\bа также|\bтакож|\bтакже|\bі|\bта|\bи)\s+$"
)
# Words that turn a sentence to the other side of the exchange ("..., while Russia got 90").
_OTHER_SIDE_WORDS = r"while|whereas|for|in exchange|in return|against|but"
_OTHER_SIDE_RE = re.compile(
    rf"(?i)\b(?:{_OTHER_SIDE_WORDS}|взамін|в обмін|в обмен|натомість|а взамен)\b"
)
# "Загалом під час обміну ... 205", "In total, 150 came home in the exchange": the whole of this exchange.
_WHOLE_EXCHANGE_RE = re.compile(
    r"(?i)\b(?:загалом|всього|всего|in total|in all|overall|altogether)\b[^.;\d]{0,30}?\b(?:під час|у ході"
    r"|в ході|в рамках|у рамках|у межах|during|in)\s+(?:the\s+|this\s+|today['’]s\s+|цього\s+|этого\s+"
    r"|сьогоднішнього\s+)?(?:обміну|обмена|exchange|swap)\b(?!s)[^.;\d]{0,60}$"
)
_PARTICIPLE_GROUP_RE = re.compile(r"^\s+(?:returned|freed|released|repatriated|exchanged|swapped)\s*[,:]")
_HOMECOMING_RE = re.compile(
    r"(?i)^\s*(?:who\s+|that\s+)?(?:have\s+|has\s+|had\s+)?(?:finally\s+|now\s+)?"
    r"(?:c[oa]me|returned|arrived|got|are|were)\s+(?:back\s+)?(?:home|from\s+(?:[\w’'-]+\s+)?captivity)\b"
)
_LOOSE_JOIN_RE = re.compile(r"^[^.;:!?]{0,70}?\band\s+$")
_NOT_JOINED_RE = re.compile(
    rf"(?i)\b(?:{_OTHER_SIDE_WORDS}|who|which|that|were|was|had|have|has"
    r"|said|received|released|returned|freed|handed|swapped|exchanged|each)\b"
)


_AND_ONE_RE = re.compile(rf"\s+and\s+(?P<np>(?:a|an|one)\s+(?:(?P<mil>{MIL_NOUNS})|{CIV_NOUNS}))\b", re.I)
# "Planes carried 112 detainees from Abha to Sanaa", "a flight took 41 Saudis home": a transfer between
# the sides, not a capture ("the plane was carrying 65 captured soldiers" names no destination)
_CARRY_VERB_RE = re.compile(r"(?i)\b(?:carried|took|flew)\s+(?:\w+\s+)?$")
_CARRY_WORDS = ("carried", "took", "flew")  # one is in every text _CARRY_VERB_RE matches
_CARRIED_HOME_RE = re.compile(r"(?i)[^.;\d]{0,15}?\b(?:home\b|back\s+to\b|from\s+[^.;\d]{1,60}?\bto\b)")
# "The hostages - ", "The freed men (": a definite group named without a number, a breakdown follows
_GROUP_DASH_RE = re.compile(r"(?:^|[.;:]\s+)[Tt]he\s+(?:[\w-]+\s+){0,2}?[\w-]+s\s*[-–—(]\s*$")
_GROUP_DASHES = ("-", "–", "—", "(")  # one ends (spaces aside) every text _GROUP_DASH_RE matches
# "N civilians, three of them women, were among 95 ...": the part comes before its group. Only civilians:
# "three soldiers from Volyn were among the 207" is a local angle on the group, not its breakdown.
_AMONG_NEXT_RE = re.compile(r"(?i)(?:(?!\bfrom\b)[^.;\d]){0,40}?\b(?:were|was) (?:also )?among (?:the )?\d")
# A second category noun joined to the first with no number of its own: the group mixes both.
_MIXED_RE = re.compile(rf"(?i)\s+(?:and|as well as|or|і|и|та)\s+(?:(?P<mil>{MIL_NOUNS})|{CIV_NOUNS})\b")


def _is_symmetric(s: str, before: str, low: str | None, np_end: int) -> bool:
    """True in "each side released N", "N soldiers each", "по N": the figure holds for both sides.

    `low` is caseless(before).
    """
    return (holds_any(low, EACH_BEFORE_WORDS) and EACH_BEFORE_RE.search(before) is not None) \
        or _each_after(s, np_end)


def _each_after(s: str, np_end: int) -> bool:
    """True when EACH_AFTER_RE matches after the noun phrase ("N soldiers each")."""
    # a match of EACH_AFTER_RE has its word in the first 60 characters
    return may_contain(s[np_end:np_end + 60], EACH_AFTER_WORDS) and EACH_AFTER_RE.match(s[np_end:]) is not None


def _may_be_subset_after(after: str) -> bool:
    """False only when SUBSET_AFTER_RE cannot match the text (no "among" near, no "of the"/"who" first)."""
    # its first branch starts at the first word, its second has "among" in the first 60 characters
    lead = caseless(after.lstrip()[:12])
    return lead is None or lead.startswith(_SUBSET_AFTER_LEADS) or may_contain(after[:60], ("among",))


def _near_verb(s: str, a: int, b: int) -> bool:
    """True when a verb of return or exchange governs the figure (close before or after it)."""
    if isearch(NEAR_VERB_RE, s[max(0, a - 100):a]) or isearch(NEAR_VERB_RE, s[b:b + 110]):
        return True
    if re.match(r"\s+(?:who|that|which)\b", s[b:]):
        # "Three citizens who had been serving sentences in X, two of them ..., crossed back": the verb
        # comes after the relative clause and its asides.
        verb = NEAR_VERB_RE.search(s, b, b + 220)
        if verb is not None and "," in s[b:verb.start()]:
            return True
    if re.search(r"\bgot\s+$", s[max(0, a - 10):a]) and re.match(r"\s+back\b", s[b:]):
        return True  # "it got 75 servicemen back"
    # "31 personnel from X's armed forces ... and one serviceman ... have crossed": the verb follows
    # the last of coordinated figures.
    joined = re.match(r"[^.;:]{0,80}?\band\s+", s[b:])
    if joined is None:
        return False
    at = b + joined.end()
    following = find_numbers(s[at:at + 25])
    return bool(following and following[0].start == 0 and NEAR_VERB_RE.search(s[at:at + 140]))


def _people_demonym(after: str) -> int | None:
    """Length up to a demonym noun right after a number ("44 Armenians", "52 українці"), or None."""
    m = re.match(r"^(?:[\s-]+(?:more|other|additional|captured|wounded|female|young))?[\s-]+", after)
    if not m:
        return None
    for p in find_parties(after[m.end():m.end() + 30]):
        if p.start == 0 and p.kind == "people":
            return m.end() + p.end
        break
    return None
