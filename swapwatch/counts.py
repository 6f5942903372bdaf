"""Per-side counts of the exchanges an article reports: the main one and background ones.

The main exchange is told in the headline and first paragraphs; later sentences that carry
another date, or recall "the previous exchange", describe background swaps. Within an event
the first figure stated for a side and category wins (leads state the headline figure first);
total = military + civilian when both are known, else the stated undifferentiated count, else
the one known category. A null is preferred to a guessed number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from swapwatch.cues import (
    ATTRIBUTION_RE,
    MEDIATOR_RE,
    RETURN_RE,
    SWAP_RE,
    caseless,
    caseless_twin,
    find_planned,
    finditer_lowered,
    holds_any,
    isearch,
    present_words,
    recalls_earlier,
    search_lowered,
    tells_swap,
)
from swapwatch.dates import DateMention, find_dates
from swapwatch.figures import INCLUSION_WORD_RE, Figure, clause_of, find_figures, same_number_alone
from swapwatch.individuals import named_swap_figures
from swapwatch.models import Article, Claim, Role, SideCounts, SwapEvent
from swapwatch.parties import MEDIATOR_CODES, PartyMention, find_parties, speaker_party
from swapwatch.people import CIV_NOUNS, COUNTED_BEFORE_RE, FORMULA_RE, MIL_NOUNS
from swapwatch.sentences import Sentence, mask_embeds, split_sentences
from swapwatch.timeline import anchors, close, dateline_span, event_dates
from swapwatch.timeline import main_date as stated_main_date

__all__ = ["Reading", "anchors", "choose_pair", "extract_events", "read_article"]
_LOCATION_RE = re.compile(
    r"\b(?:at|on|near|in)\s+(?:the\s+)?(?P<loc>(?:[A-Z][\w’'-]*\s+){0,3}(?:border(?: crossing)?(?: point)?"
    r"|crossing(?: point)?)|(?:symbolic\s+)?[A-Z][\w-]+ (?:river )?crossing point)"
)
# Sides of long-running exchange conflicts: one named side implies the other.
_ADVERSARY = {"UA": "RU", "RU": "UA", "IL": "PS", "PS": "IL", "AM": "AZ", "AZ": "AM", "ER": "ET", "ET": "ER"}
_LEAD_SENTENCES = 6
# A sentence can carry figures only with a return, exchange or inclusion word: one pass for the three.
_FIGURE_CUE_RE = re.compile(
    # One first-letter test for all the alternatives (each has its own too): a quarter cheaper per sentence.
    # Every alternative starts at a word boundary: tested first, it skips the letters inside words.
    r"\b(?=[rfhtbcgslaewпзовzüéÉipоAGсm])(?:"
    + "|".join(f"(?:{rx.pattern.removeprefix('(?i)')})" for rx in (RETURN_RE, SWAP_RE, INCLUSION_WORD_RE))
    # "48 detainees were flown from Abha to Sanaa": in a swap report, the flight is the handover
    + r"|\b(?:flown|flew|airlifted|bus+ed)\b|\b(?:carried|took)\b(?=[^.;]{0,80}\b(?:home|from)\b))",
    re.I,
)
# One of these (lower-cased) is in every sentence _FIGURE_CUE_RE matches, one for each of its alternatives
# ("back" for "given back", "got ... back"; "home" for "came home"): half of a swap report's sentences
# have none, and the test costs a tenth of the failed scan.
_FIGURE_CUE_WORDS = (
    "return", "releas", "exchang", "swap", "free", "home", "back", "hand", "transfer", "went ", "receiv",
    "repatriat", "liberat", "crossed", "swop", "trade", "rescued", "prisoner deal", "compris", "consisted of",
    "includ", "among", "flown", "flew", "airlifted", "bus", "carried", "took",
    "поверн", "звільн", "переда", "обмін", "верну", "возвращ", "освобо", "получил", "отримал", "обмен", "серед",
    "среди", "tausch", "freigelassen", "zurückgek", "überg", "entl", "gegenzug", "libér", "échang",
)


# Case-sensitive twins of the IGNORECASE patterns, searched in lower-cased text (a third of the time).
for _rx in (_FIGURE_CUE_RE, MEDIATOR_RE, COUNTED_BEFORE_RE):
    caseless_twin(_rx)


def _has_figure_cue(text: str, words: tuple[str, ...] = _FIGURE_CUE_WORDS, lowered: str | None = None) -> bool:
    """True when a sentence has a return, exchange, inclusion or flight word (_FIGURE_CUE_RE).

    `words` may be narrowed to those of _FIGURE_CUE_WORDS that the whole article holds; `lowered` is
    caseless(text) when the caller has it.
    """
    lowered = lowered if lowered is not None else caseless(text)
    return holds_any(lowered, words) and search_lowered(_FIGURE_CUE_RE, text, lowered) is not None

# "The four men, all civilians, ...": a sentence that names the category of a group counted before
# "The hostages - three civilians and a soldier - were driven ...": a group counted before, broken down
_BREAKDOWN_RE = re.compile(
    rf"[Tt]he\s+(?:[\w-]+\s+){{0,2}}?(?P<noun>[\w-]+s)\s*[-–—(]\s*\S+\s+(?i:{MIL_NOUNS}|{CIV_NOUNS})\b")
_RESTATED_RE = re.compile(rf"(?i),\s+(?:all|both)\s+(?:of them\s+)?(?:{MIL_NOUNS}|{CIV_NOUNS})\b")


@dataclass(slots=True)
class _Group:
    """Figures gathered for one event while reading the article."""

    date: str | None
    role: Role
    figures: list[Figure] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything counts extraction saw, reused by the classifier."""

    events: tuple[SwapEvent, ...]
    claims: tuple[Claim, ...]
    pair: tuple[str, str] | None
    main_date: str | None
    main_date_explicit: str | None  # the exchange date the text states, before any fallback
    sentences: tuple[Sentence, ...]
    figures: tuple[Figure, ...]




def choose_pair(text: str, sentences: list[Sentence]) -> tuple[str, str] | None:
    """The two sides of the exchange: the most mentioned non-mediator parties, lead-weighted."""
    weights: Counter[str] = Counter()
    lead_end = sentences[min(len(sentences), _LEAD_SENTENCES) - 1].end if sentences else 0
    mentions = find_parties(text)
    subjects = _swapping_pair(text, mentions)
    if subjects is not None:
        return subjects
    lowered = caseless(text)  # windows of it are caseless() windows: searched through the caseless twins
    for p in mentions:
        around = slice(max(0, p.start - 40), p.end + 10)
        window, low = text[around], None if lowered is None else lowered[around]
        if search_lowered(MEDIATOR_RE, window, low) and (p.code in MEDIATOR_CODES
                                                         or search_lowered(MEDIATOR_RE, window, low, 0, 40)):
            continue  # "with the help of the United States": named as the helper, not a side
        w = 3 if p.start < lead_end else 1
        if p.code in MEDIATOR_CODES or p.code in {"TH", "PH", "CH", "NO"}:
            w = 0 if p.kind == "country" else 1
        if p.kind in ("adj", "people") and search_lowered(COUNTED_BEFORE_RE, text, lowered, max(0, p.start - 12),
                                                          p.start):
            w += 3  # "three Lithuanians ... for two Belarusians": counted people are a side's own
        weights[p.code] += w
    # A side is named in the lead or more than once: one late mention ("efforts by the United States to
    # broker a truce") does not make a state a side of the exchange.
    ranked = [c for c, w in weights.most_common() if w > 1]
    if len(ranked) == 1 and ranked[0] in _ADVERSARY:
        ranked.append(_ADVERSARY[ranked[0]])  # "З російського полону повернули 84": the other side is implied
    if len(ranked) < 2:
        return None
    first, second = sorted(ranked[:2])
    return first, second


# "Poland and Belarus swap prisoners", "Huthis and Saudi-led coalition exchanged": the two named subjects
# of the exchange verb are its sides, even states that usually mediate.
_PAIR_VERB_RE = re.compile(
    r"(?:[\s-]+(?:led|backed)\b)?(?:\s+(?:coalition|forces|government|authorities|rebels|militants))?"
    r"\s+(?:have\s+|had\s+)?(?:swap\w*|exchang\w*|trade[ds]?\b|обмінял\w*|обменял\w*)"
)


def _swapping_pair(text: str, mentions: tuple[PartyMention, ...]) -> tuple[str, str] | None:
    """The two parties of "X and Y swap(ped)" in the headline or first lines, or None."""
    for p, q in zip(mentions, mentions[1:], strict=False):
        if q.start > 400:
            break
        if p.code == q.code or not re.fullmatch(r"\s+(?:and|і|и|та)\s+(?:the\s+)?", text[p.end:q.start]):
            continue
        if _PAIR_VERB_RE.match(text, q.end):
            first, second = sorted((p.code, q.code))
            return first, second
    return None


def read_article(article: Article) -> Reading:
    """Read an article into events, claims and the context the classifier needs."""
    text = mask_embeds(article.text)
    title = article.title or ""
    published, year_hint, month_hint = anchors(article)
    sentences = split_sentences(text)
    pair = choose_pair(title + "\n" + text, sentences)
    if pair is None:
        return Reading((), (), None, published.isoformat() if published else None, None, tuple(sentences), ())
    dates = find_dates(text, published, year_hint, month_hint)
    dateline = dateline_span(text)
    if dateline is not None:
        # The filing date of a wire story: the anchor when the page gives none, never an exchange date.
        filed = next((d for d in dates if dateline[0] <= d.start < dateline[1] and d.kind == "day"), None)
        if published is None and filed is not None and filed.value is not None and len(filed.value) == 10:
            published = date.fromisoformat(filed.value)
            dates = find_dates(text, published, year_hint, month_hint)
        dates = [d for d in dates if not dateline[0] <= d.start < dateline[1]]
    figures: list[Figure] = []
    per_sentence: dict[int, list[Figure]] = {}
    lead_group: Figure | None = None
    # A sentence holds only cue words its article holds: the per-sentence tests need only those.
    cue_words = present_words(_FIGURE_CUE_WORDS, caseless(text))
    # Every sentence is lower-cased once: for the cue test here and the mediation test of _build().
    lowered = [caseless(s.text) for s in sentences]
    for s, low in zip(sentences, lowered, strict=True):
        if not _has_figure_cue(s.text, cue_words, low) and not _even_formula(s.text) \
                and not _RESTATED_RE.search(s.text) and not _BREAKDOWN_RE.match(s.text):
            continue
        found = find_figures(s, pair)
        if lead_group is not None and not any(f.kind == "event" for f in found):
            found = same_number_alone(s, lead_group, pair)  # "Russia received the same number"
        named = named_swap_figures(s, pair)
        if named:
            found = sorted(found + named, key=lambda f: f.start)
        figs = _resolve_parts(found, lead_group, figures)
        for f in figs:
            if lead_group is None and f.kind == "event" and len(f.sides) == 1 and not f.part_of_last:
                lead_group = f
        per_sentence[s.index] = figs
        figures.extend(figs)
    explicit = stated_main_date(sentences, per_sentence, dates, published)
    when = explicit or (published.isoformat() if published else month_hint)
    # A date the text states for the main exchange is exact; a fallback one is a day uncertain.
    groups = _group(sentences, per_sentence, dates, when, 0 if explicit else 1)
    events, claims = _build(groups, pair, sentences, lowered)
    # Running totals, plans and stock figures are claims too, tied to no event.
    claims += tuple(_claim(f, side, None) for f in figures if f.kind != "event" for side in f.sides)
    return Reading(events, claims, pair, when, explicit, tuple(sentences), tuple(figures))


_DIGIT_RE = re.compile(r"\d")


def _even_formula(text: str) -> bool:
    """True for "It followed the formula «110 for 110»": an N-for-N swap told without a swap word."""
    if _DIGIT_RE.search(text) is None:
        return False
    return any(m.group(1) == m.group(2) for m in FORMULA_RE.finditer(text))


def _resolve_parts(figs: list[Figure], lead_group: Figure | None, earlier: Sequence[Figure] = ()) -> list[Figure]:
    """Give "the group comprised one civilian and 100 soldiers" the side of the group it details.

    That is the group named earlier in the same sentence, else the article's lead group. "The hostages -
    three civilians and ..." details the last group counted with that noun.
    """
    out: list[Figure] = []
    named = _BREAKDOWN_RE.match(figs[0].sentence.text) if figs else None
    if named is not None:
        noun = named.group("noun").lower()
        lead_group = next((g for g in reversed(earlier) if g.kind == "event" and len(g.sides) == 1
                           and noun in g.sentence.text[g.start - g.sentence.start:g.np_end].lower()), lead_group)
    parts = [f for f in figs if not f.sides and f.kind == "event" and f.category in ("military", "civilian")
             and not f.part_of_last]
    if lead_group is not None and len(parts) >= 2 and len({f.category for f in parts}) == 2 \
            and sum(f.value for f in parts) == lead_group.value:
        # "150 Ukrainians came home ... 137 servicemen and 13 civilians returned": the parts add up to
        # the lead group, so they are its breakdown.
        figs = [replace(f, sides=lead_group.sides) if f in parts else f for f in figs]
    for f in figs:
        if f.part_of_last and not f.sides:
            here = [g for g in out if g.kind == "event" and len(g.sides) == 1]
            # "Fourteen civilians were among 95 Ukrainians released": else the group named after the part
            after = [g for g in figs if g.start > f.start and g.kind == "event" and len(g.sides) == 1
                     and not g.part_of_last and g.value > f.value]
            group = here[-1] if here else after[0] if after else lead_group
            if group is None:
                continue
            f = replace(f, sides=group.sides)
        elif f.part_of_last is False and not f.sides and out and out[-1].part_of_last and out[-1].sides \
                and f.start - out[-1].end < 40:
            f = replace(f, sides=out[-1].sides, joined=f.category == out[-1].category, part_of_last=True)
        elif not f.sides and f.kind == "event" and lead_group is not None and f.value == lead_group.value \
                and f.category in ("military", "civilian") and _DEFINITE_RE.search(
                    f.sentence.text[:f.start - f.sentence.start]):
            # "The four men, all civilians, ...": the lead group named again, now with its category
            f = replace(f, sides=lead_group.sides)
        elif not f.sides and f.kind == "event" and lead_group is not None and (
                _comes_home(f) or _ALSO_HOME_RE.search(f.sentence.text[f.np_end:f.np_end + 40])):
            # "100 soldiers were brought home": the article's home side
            f = replace(f, sides=lead_group.sides)
        out.append(f)
    return out


_DEFINITE_RE = re.compile(r"(?i)\b(?:the|all|all the|all of the|those|these)\s+$")


# "brought home", "returned home", "came back home": home is the side the article's lead brings people to.
_HOME_RE = re.compile(
    r"(?i)\b(?:brought|bring\w*|came|come|coming|returned|returning|went|got|arrived)\s+(?:back\s+)?home\b"
    # "з полону вдалося повернути 97", "додому повернулися 126", "из плена вернулись"
    r"|\b(?:з|із|из)\s+(?:полону|неволі|плена|неволи)\b|\b(?:додому|домой)\b",
)


# "Two civilians also returned home": more people of the same homecoming as the lead's.
_ALSO_HOME_RE = re.compile(
    r"^\s*(?:have\s+|has\s+|were\s+|had\s+)?also\s+(?:been\s+)?(?:returned|came|come|brought|got|arrived)"
    r"\s+(?:back\s+)?home\b"
)


def _comes_home(f: Figure) -> bool:
    """True when an exchange sentence brings the figure home ("in which 100 soldiers were brought home")."""
    s = f.sentence.text
    if f.value < 2 or not tells_swap(s):
        return False  # "bring home every single one of our people" names no exchange
    a = f.start - f.sentence.start
    after = s[f.np_end:f.np_end + 110]
    digit = re.search(r"\d", after)
    after = after[: digit.start()] if digit else after
    return bool(_HOME_RE.search(s[max(0, a - 30):a]) or _HOME_RE.search(after))


_CONTINUE_RE = re.compile(
    r"^(?:At that time|Then|In that exchange|During that exchange|Тоді|Тогда|Bei diesem Austausch)\b",
)


# "yesterday" and "today" date the news, often a day off the exchange; "a week earlier" dates a recalled one.
_GROUP_DATE_KINDS = ("day", "month", "weekday", "ago")


def _group(sentences: list[Sentence], per_sentence: dict[int, list[Figure]], dates: list[DateMention],
           main_date: str | None, slack: int) -> list[_Group]:
    """Assign event figures to the main exchange or to background exchanges by date and cue.

    A figure takes the date stated closest before it in its sentence ("On April 14, a 30-for-30
    exchange and on April 1, an 86-for-86"); a date other than the main one, or a cue such as
    "the previous exchange", makes it background; "At that time, ..." continues the last one.
    """
    main = _Group(main_date, "main")
    groups = [main]
    last_bg: _Group | None = None
    pending: str | None = None  # "reported the previous exchange on January 31." (figures follow)
    for s in sentences:
        figs = [f for f in per_sentence.get(s.index, []) if f.kind == "event" and f.sides]
        cue = recalls_earlier(s.text)
        sdates = [d for d in event_dates(s, dates) if d.kind in _GROUP_DATE_KINDS] if figs or cue else []
        if not figs:
            pending = sdates[0].value if cue and sdates else None
            last_bg = last_bg if _CONTINUE_RE.match(s.text) else None
            continue
        if _CONTINUE_RE.match(s.text) and (last_bg is not None or pending is not None):
            target = last_bg or _bg(groups, pending)
            target.figures.extend(figs)
            last_bg, pending = target, None
            continue
        pending = None
        for f in figs:
            at = f.start - s.start
            before = [d for d in sdates if d.start - s.start < at]
            when = before[-1].value if before else (sdates[0].value if sdates else None)
            if (when is not None and not close(when, main_date, slack)) or cue:
                # An undated recalled exchange stays one group within its sentence.
                target = last_bg if when is None and last_bg is not None and s in last_bg.sentences \
                    and last_bg.date is None else _bg(groups, when)
                target.figures.append(f)
                if s not in target.sentences:
                    target.sentences.append(s)
                last_bg = target
            else:
                main.figures.append(f)
                if s not in main.sentences:
                    main.sentences.append(s)
                last_bg = None
    return groups


def _bg(groups: list[_Group], when: str | None) -> _Group:
    """The background group for a date, created on first use (undated ones never merge)."""
    target = next((g for g in groups[1:] if g.date == when and when is not None), None)
    if target is None:
        target = _Group(when, "background")
        groups.append(target)
    return target


def _sides_counts(figures: list[Figure], pair: tuple[str, str],
                  sentences: Sequence[Sentence] = ()) -> dict[str, SideCounts]:
    """First figure per side and category wins; totals completed by the guide's sum rule."""
    first: dict[tuple[str, str], int] = {}
    last: tuple[str, str] | None = None
    # Wholes before parts, revised figures before the ones they correct, stable otherwise.
    for f in sorted(figures, key=lambda f: (f.subset, not f.revised)):
        for side in f.sides:
            key = (side, f.category)
            if f.joined and last == key:
                first[key] += f.value  # "13 officers, 20 soldiers and 12 civilians" -> 33 military
            elif key not in first:
                first[key] = f.value
            else:
                continue
            last = key
    out: dict[str, SideCounts] = {}
    for side in pair:
        mil, civ = first.get((side, "military")), first.get((side, "civilian"))
        bod, tot = first.get((side, "bodies")), first.get((side, "total"))
        claimed = _disputed(figures, side, sentences)
        if claimed:
            # Kyiv says 189, Moscow 150: keep both claims. When every claim counts soldiers ("121 soldiers",
            # "115 prisoners of war"), the dispute is over the military figure too; otherwise the split
            # is unknown.
            soldiers = civ is None and all(f.category == "military" for f in figures
                                           if f.sides == (side,) and f.value in claimed)
            out[side] = SideCounts(military=claimed if soldiers else None, civilian=civ, bodies=bod, total=claimed)
            continue
        part_mil = next((f.value for f in figures if side in f.sides and f.part_of_last
                         and f.category == "military"), None)
        if mil is not None and civ is not None and part_mil is not None and mil == part_mil + civ \
                and mil != part_mil and tot is None:
            # "205 defenders came home ... among them 190 servicemen and 15 civilians": the 205 was the whole
            tot, mil = mil, part_mil
        if mil is not None and civ is not None:
            tot = mil + civ if tot is None or tot < mil + civ else tot
        elif tot is None or tot < (mil or civ or 0):
            # a total below one of its parts ("five for every four Russians" read as a group) is no total
            tot = mil if mil is not None else civ
        out[side] = SideCounts(military=mil, civilian=civ, bodies=bod, total=tot)
    return out


def _disputed(figures: list[Figure], side: str, sentences: Sequence[Sentence] = ()) -> tuple[int, ...] | None:
    """Distinct headline figures for one side stated in different sentences, or None."""
    seen: dict[int, str] = {}
    for f in figures:
        if side in f.sides and f.category in ("military", "total") \
                and not (f.subset or f.joined or f.part_of_last or f.revised or f.formula):
            source = _source(clause_of(f.sentence.text, f.start - f.sentence.start))
            # Only a pronoun source needs the previous sentence: the look-up scans them all.
            prev = next((x for x in sentences if x.index == f.sentence.index - 1), None) \
                if source in _PRONOUNS else None
            if prev is not None:
                # "Russia's Defence Ministry gave a smaller figure. It said 90 ...": the previous subject
                source = prev.text[:_SUBJECT_RE.match(prev.text).end()]  # type: ignore[union-attr]
            speaker = speaker_party(source) if source else None
            if speaker is not None:
                seen.setdefault(f.value, speaker)
    # Two figures from the two sides' own sources: a disagreement, not a sub-count.
    if len(seen) != 2 or len(set(seen.values())) != 2:
        return None
    return tuple(seen)


_PRONOUNS = frozenset({"It", "They", "He", "She"})
_SUBJECT_RE = re.compile(r"[^,.;]{0,80}")


def _mediators(sentences: list[tuple[Sentence, str | None]], pair: tuple[str, str]) -> tuple[str, ...]:
    """States named next to a brokering or thanking cue ("mediated by the UAE"), excluding the two sides.

    `sentences` pairs each sentence with its caseless() text, as _lead_mediation() gives them.
    """
    found: list[str] = []
    for s, low in sentences:
        subject = ""
        for m in finditer_lowered(_MEDIATION_CUE_RE, s.text, low):
            subject = subject or _SEGMENT_RE.split(s.text, 1)[0]
            segment = _segment(s.text, m.start())
            # "Both sides thanked the UAE, which has brokered many exchanges": judge the cue's own segment
            # and the sentence's subject ("That operation, mediated by ...", "dozens of swaps, often with
            # the help of ..."), not the asides about other exchanges.
            if recalls_earlier(segment) or recalls_earlier(subject) \
                    or find_planned(segment) or find_planned(subject) \
                    or isearch(_EARLIER_RE, segment) or isearch(_EARLIER_RE, subject):
                continue
            window = s.text[max(0, m.start() - 60):m.end() + 60]
            for p in find_parties(window):
                if (window[p.end:p.end + 1] in ("-", "–") and window[p.end + 1:p.end + 2].isupper()) \
                        or window[max(0, p.start - 1):p.start] in ("-", "–"):
                    continue  # "on the Belarus-Ukraine border": a place, not a broker ("UAE-brokered" is one)
                if p.code not in pair and p.code in MEDIATOR_CODES | {"US", "RU"} and p.code not in found:
                    found.append(p.code)
    return tuple(sorted(found))


_SEGMENT_RE = re.compile(r"[,;:—–]\s")
# MEDIATOR_RE and "thanked": one pattern behind the same first-letter test (t is among its letters)
_MEDIATION_CUE_RE = re.compile(MEDIATOR_RE.pattern.replace("(?:mediat", "(?:thank\\w*|mediat", 1), re.I)
caseless_twin(_MEDIATION_CUE_RE)
# One of these (lower-cased) is in every text _MEDIATION_CUE_RE matches: most sentences have none.
_MEDIATION_CUE_WORDS = (
    "thank", "mediat", "broker", "facilitat", "intermediar", "help", "assistance ", "посередни", "посредни",
    "vermitt", "médiation",
)


def _segment(text: str, at: int) -> str:
    """The comma-delimited stretch of a sentence around a position."""
    starts = [m.end() for m in _SEGMENT_RE.finditer(text, 0, at)]
    nxt = _SEGMENT_RE.search(text, at)
    return text[starts[-1] if starts else 0:nxt.start() if nxt else len(text)]


def _location(sentences: list[Sentence]) -> str | None:
    """The handover place when a sentence names a border or crossing point."""
    for s in sentences:
        m = _LOCATION_RE.search(s.text)
        if m:
            return m.group("loc").strip()
    return None


@lru_cache(maxsize=256)
def _source(sentence: str) -> str | None:
    """Who states a figure: the reported-speech subject of its sentence, None for the outlet (cached)."""
    m = ATTRIBUTION_RE.search(sentence)
    if m is None:
        return None
    who = (m.group("a") or m.group("b") or "").strip()
    return re.sub(r"^the\s+", "", who) or None


# Mediation told of other or all exchanges ("usually with the help of the UAE", "That operation, mediated
# by ..."): not this exchange's mediator.
_EARLIER_RE = re.compile(
    r"(?i)\b(?:previous|prior|earlier|past|last|several|many|other|future|next|dozens|usually|often|recently"
    r"|that (?:operation|exchange|swap))\b")
caseless_twin(_EARLIER_RE)


def _lead_mediation(sentences: list[Sentence], lowered: list[str | None]) -> list[tuple[Sentence, str | None]]:
    """Sentences that may credit a mediator with this swap ("The UAE mediated the swap", "thanked Qatar").

    `lowered` holds each sentence's caseless() text; each sentence kept comes with its own, which
    _mediators() searches again.
    """
    return [(s, low) for s, low in zip(sentences, lowered, strict=True)
            if holds_any(low, _MEDIATION_CUE_WORDS) and search_lowered(_MEDIATION_CUE_RE, s.text, low)]


def _build(groups: list[_Group], pair: tuple[str, str], sentences: list[Sentence],
           lowered: list[str | None]) -> tuple[tuple[SwapEvent, ...], tuple[Claim, ...]]:
    """Turn groups into SwapEvents (main first) and every figure into a Claim (`lowered`: the sentences' caseless())."""
    events: list[SwapEvent] = []
    index: dict[int, int] = {}
    for g in groups:
        if not g.figures:
            continue
        returned = _sides_counts(g.figures, pair, sentences)
        values = (v for sc in returned.values() for v in (sc.military, sc.civilian, sc.bodies, sc.total))
        if not any(v is not None for v in values):
            continue
        index[id(g)] = len(events)
        events.append(SwapEvent(
            date=g.date, parties=pair, returned=returned,
            mediators=_mediators(_lead_mediation(sentences, lowered), pair) if g.role == "main" else (),
            location=_location(g.sentences) if g.role == "main" else None, role=g.role,
        ))
    claims: list[Claim] = []
    for g in groups:
        for f in g.figures:
            for side in f.sides:
                claims.append(_claim(f, side, index.get(id(g))))
    return tuple(events), tuple(claims)


def _claim(f: Figure, side: str, event_index: int | None) -> Claim:
    """One figure as a sourced claim with its span in the article text."""
    return Claim(side=side, category=f.category, value=f.value, kind=f.kind,
                 source=_source(f.sentence.text), sentence=f.sentence.text, start=f.start, end=f.end,
                 event_index=event_index if f.kind == "event" else None)


def extract_events(article: Article) -> tuple[tuple[SwapEvent, ...], tuple[Claim, ...]]:
    """Events (main first, then background) and every sourced figure claim of an article."""
    reading = read_article(article)
    return reading.events, reading.claims
