"""Figures about people in one sentence: value, category, receiving side(s) and kind.

A figure is a number followed by a people noun ("207 Ukrainian service members", "the remains
of 909 soldiers", "84 людини"), or a bare number in a symmetric frame ("each side released 115",
"146 на 146"). Its side is the side that RECEIVED the people, read from news phrasing:
demonyms ("Ukrainian soldiers" go home to UA), destinations ("handed over to Armenia"), origins
("from Russian captivity" -> the other side), and subject-verb frames ("Russia received ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from swapwatch.cues import (
    APPROX_BEFORE_RE,
    BODIES_BEFORE_RE,
    CAPTIVITY_RE,
    COMBINED_RE,
    CUMULATIVE_RE,
    PLANNED_RE,
    RETURN_RE,
    SUBSET_AFTER_RE,
    SWAP_RE,
    SUBSET_BEFORE_RE,
)
from swapwatch.dates import MONTH_AFTER_RE, MONTH_BEFORE_RE
from swapwatch.models import Category, ClaimKind
from swapwatch.numbers import NumberMention, find_numbers
from swapwatch.parties import PartyMention, find_parties
from swapwatch.sentences import Sentence, clause_of
from swapwatch.sides import people_side, side_from_context, two_party_subject

_MIL = (
    r"prisoners?[- ]of[- ]war|POWs?|PoWs?|servicem[ae]n|servicewom[ae]n|service[- ]?members?|service[- ]?personnel"
    r"|service[- ]?people|servicemembers|military personnel|soldiers?|troops|fighters?|defenders?|marines?"
    r"|border guards?|guardsmen|national guards(?:men)?|officers?|sergeants?|warriors?|combatants?|conscripts?"
    r"|paratroopers?|personnel|військовополонен\w*|військовослужбов\w*|військових|захисник\w*|бійц\w*|воїн\w*"
    r"|оборонц\w*|военнопленн\w*|военнослужащ\w*|военных|бойц\w*|солдат\w*|защитник\w*|Soldaten"
    r"|Kriegsgefangene\w*|soldats|militaires|prisonniers de guerre"
)
_CIV = (
    r"civilians?|political prisoners|residents|цивільн\w*|мирн\w+ (?:жител\w*|мешкан\w*)|гражданск\w+ лиц\w*"
    r"|Zivilist\w*|civils"
)
_BOD = r"bodies|remains|corpses|тіл\w*|тела|тел|Leichen|dépouilles"
_GEN = (
    r"prisoners?|people|persons|individuals|detainees|captives|hostages|women|men|children|minors|teenagers"
    r"|teens|citizens|nationals|sailors|guys|inmates|полонен\w*|людей|людини|люди|осіб|особи|громадян\w*"
    r"|пленн\w*|человек|граждан\w*|заложник\w*|Gefangene\w*|Menschen|Personen|Geiseln|prisonniers|personnes"
    r"|détenus|otages"
)
_MOD = (
    r"(?:captured|captive|wounded|severely|seriously|badly|injured|ill|sick|female|male|young|former|more|other"
    r"|additional|detained|released|freed|returned|civilian|military|held|killed|dead|fallen|newly|kidnapped"
    r"|abducted|illegally|POW|PoW|war|army|navy|our|its|their|own|of our|of its own|of its|of their own|the"
    r"|exchanged|imprisoned|jailed|wrongfully|political|Azov|[A-Z][a-z]+(?:-[A-Z][a-z]+)?|of [A-Z][a-z]+['’]s"
    r"|[а-яіїєґё'’]+(?:их|ых|ого|ої))"
)
_NP_RE = re.compile(
    rf"^(?P<mods>(?:[\s-]+{_MOD}){{0,4}}?)[\s-]+(?i:(?P<mil>{_MIL})|(?P<civ>{_CIV})|(?P<bod>{_BOD})|(?P<gen>{_GEN}))\b",
)
_FORMULA_RE = re.compile(r"(\d[\d,]*)\s*(?:-|–|‑)?\s*(?:for|на|за|gegen|contre|х)\s*(?:-|–|‑)?\s*(\d[\d,]*)", re.I)
_EACH_AFTER_RE = re.compile(r"^[^.;\d]{0,40}?\b(?:each|apiece|from each side|on each side|on both sides)\b", re.I)
_EACH_BEFORE_RE = re.compile(
    r"(?:\beach(?: side| country| party)?(?:\s+[\w-]+){0,3}\s+|\bпо\s+|each side releasing\s+)$", re.I,
)
_CIV_TAIL_RE = re.compile(
    r"^(?:(?!\b(?:of (?:them|whom)|including|among|з них|из них|серед них)\b)[^.;\d]){0,50}?\b(?:residents|civilian|мирн\w*|цивільн\w*)",
    re.I,
)
_NEAR_VERB_RE = re.compile(
    r"(?i)\b(?:return\w*|releas\w*|free[ds]?|freeing|hand(?:ed|s|ing)? over|transferr?\w*|brought|bring\w*|c[oa]me home"
    r"|got back|receiv\w*|repatriat\w*|liberat\w*|secur\w*|arrived|crossed|sent back|send back|home|exchang\w*"
    r"|swap\w*|swop\w*|traded|involv\w*|includ\w*|comprised|поверн\w*|звільн\w*|передал\w*|передан\w*|обмін\w*"
    r"|вернул\w*|вернувш\w*|возвращ\w*|освобо\w*|обмен\w*|ausgetauscht|freigelassen|übergeben|libér\w*|échang\w*)"
)
NOT_EVENT_DATE_RE = re.compile(
    r"\b(?:reached|held|agreed|agreement|talks|negotiations?|meeting|summit|signed|since|captured|arrested"
    r"|abducted|until|crash\w*|launched|began|started|born|sentenced|detained|invasion|(?<!of )war|conflict|offensive"
    r"|attack|incursion)\b[^.]{0,40}$",
    re.I,
)


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


def _kind(sentence: str, num_start: int, np_end: int) -> ClaimKind:
    """Event, or a figure that is cumulative, planned, or about people still held."""
    clause = clause_of(sentence, num_start)
    if _NEGATED_RE.search(clause):
        return "captivity"  # "two women refused to return": not handed over
    c0 = sentence.find(clause)
    scope = sentence[c0:np_end + 40]
    for m in CUMULATIVE_RE.finditer(scope):
        m_start = c0 + m.start()
        # "the largest exchange since the start of the war" ranks the event; it is no running total.
        if re.search(r"(?i)\b(?:largest|biggest|first|most|major|significant)\b", sentence[max(0, m_start - 60):m_start]):
            continue
        # "held since 2020" dates a captivity, not a running total.
        if re.search(r"(?i)\b(?:held|captured|detained|imprisoned|jailed|captivity|been|missing)\s+$", sentence[max(0, m_start - 20):m_start]):
            continue
        return "cumulative"
    if PLANNED_RE.search(clause_of(sentence, num_start)):
        return "planned"
    if CAPTIVITY_RE.search(sentence) and not RETURN_RE.search(sentence[max(0, num_start - 80):num_start + 80]):
        return "captivity"
    if re.match(r"(?i)^\s*(?:\w+\s+){0,2}?(?:are|is|remain\w*|were being|are being|still)\b", sentence[np_end:np_end + 40]) \
            and CAPTIVITY_RE.search(sentence[np_end:np_end + 60]):
        return "captivity"  # "8,000 Ukrainian soldiers are still held"
    return "event"


# A figure governed by a verb that is not a handover ("was carrying 65 captured soldiers").
_BLOCKING_VERB_RE = re.compile(
    r"(?i)\b(?:carrying|carried|capturing|captured|killed|kill|holding|holds|held|detaining|detains|named|listed"
    r"|abducted|seized|took|taken|missing|wounded|injured)\s+(?:\w+\s+)?$"
)
_NEGATED_RE = re.compile(
    r"(?i)\b(?:refused|declined|chose to (?:stay|remain)|wishing to (?:stay|remain)|did not (?:return|want)|were not"
    r"|was not|not yet|відмовил\w*|отказал\w*)\b"
)
INCLUSION_WORD_RE = re.compile(r"(?i)\b(?:comprised|compris\w*|consisted of|included|includes|including|among)\b")
INCLUSION_RE = re.compile(
    r"(?i)\b(?:comprised|compris\w*|consisted of|included|includes|including|along with|as well as|also received"
    r"|among them|among)\b[^.;\d]{0,50}$"
)
_PERSON = (
    r"aid worker|worker|diplomat|businessman|businesswoman|journalist|reporter|pilot|student|teacher|doctor"
    r"|activist|tourist|athlete|basketball star|player|commander|mayor|spy|agent|dissident|blogger|priest|academic"
    r"|researcher|scholar|lawyer|contractor|executive|marine|soldier|serviceman|veteran|arms dealer|dealer"
)
# "a Belgian aid worker", "an Iranian diplomat", "Colombian businessman Alex Saab": one person.
_SINGLE_RE = re.compile(
    rf"(?:\b(?:an?|one)\s+(?:[A-Z][\w-]+\s+)(?:[a-z]+\s+)?(?:{_PERSON})\b"
    rf"|\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+(?:{_PERSON})\s+(?=[A-Z][a-z]+\s+[A-Z][a-z]+))"
)
def find_figures(sentence: Sentence, pair: tuple[str, str]) -> list[Figure]:
    """Every people figure in a sentence with its category, receiving sides and kind."""
    s = sentence.text
    parties = find_parties(s)
    out: list[Figure] = []
    numbers = find_numbers(s)
    formula_done: set[int] = set()
    prev: Figure | None = None
    for n in numbers:
        if n.start in formula_done:
            continue
        fig = _figure(s, n, numbers, pair, parties, sentence, prev, formula_done)
        if fig is not None:
            out.append(fig)
            prev = fig
    if SWAP_RE.search(s):
        out.extend(_single_persons(s, pair, parties, sentence))
        out.sort(key=lambda f: f.start)
    return out


def _single_persons(s: str, pair: tuple[str, str], parties: tuple[PartyMention, ...], sentence: Sentence) -> list[Figure]:
    """One named or described person traded ("a Belgian aid worker in exchange for an Iranian diplomat")."""
    out: list[Figure] = []
    for m in _SINGLE_RE.finditer(s):
        a, b = m.start(), m.end()
        sides = people_side(s, a, b, pair) or side_from_context(s, a, b, pair, parties)
        if not sides or _kind(s, a, b) != "event":
            continue
        category: Category = "military" if re.search(r"(?i)soldier|serviceman|marine", m.group(0)) else "total"
        out.append(Figure(1, sentence.start + a, sentence.start + b, category, sides, "event", sentence, b))
    return out


def _figure(s: str, n: NumberMention, numbers: list[NumberMention], pair: tuple[str, str],
            parties: tuple[PartyMention, ...], sentence: Sentence, prev: Figure | None,
            formula_done: set[int]) -> Figure | None:
    """Read one number of a sentence as a people figure, or None when it is not one."""
    before = s[max(0, n.start - 40):n.start]
    after = s[n.end:]
    if not n.words and 1900 <= n.value <= 2100 and ("," not in s[n.start:n.end]):
        return None  # a year
    if MONTH_BEFORE_RE.search(before) or MONTH_AFTER_RE.match(after):
        return None  # the day of a date ("Dec. 14 prisoner swap", "14 серпня")
    if re.match(r"^(?:st|nd|rd|th|-?(?:day|year|month|hour|week|minute)s?\b|\s*%|\s*per ?cent|\.\s?[A-ZА-Я]|-й|-го)", after):
        return None
    start, end = sentence.start + n.start, sentence.start + n.end
    formula = _FORMULA_RE.match(s, n.start)
    if formula and not n.words:
        left, right = int(re.sub(r"\D", "", formula.group(1))), int(re.sub(r"\D", "", formula.group(2)))
        formula_done.update(m.start for m in numbers if formula.start() < m.start < formula.end())
        if left != right:
            return None  # "197-for-175": which side got which is not stated reliably
        return Figure(left, start, end, "total", pair, _kind(s, n.start, formula.end()), sentence, formula.end())
    np = _NP_RE.match(after)
    category: Category | None = None
    if np:
        category = "military" if np.group("mil") else "civilian" if np.group("civ") else "bodies" if np.group("bod") else "total"
        mods = np.group("mods") or ""
        if category == "total" and (_CIV_TAIL_RE.search(after[np.end():]) or re.search(r"(?i)civilian|цивільн|мирн", mods)):
            category = "civilian"
        if category == "total" and re.search(r"(?i)\b(?:military|POW|army)\b", mods):
            category = "military"
        np_end = n.end + np.end()
    else:
        people = _people_demonym(after)
        if people is not None:
            category, np_end = "total", n.end + people
        else:
            np_end = n.end
    if BODIES_BEFORE_RE.search(before):
        category = "bodies"
    kind = _kind(s, n.start, np_end)
    if category == "total" and np and np.group("gen") and _is_symmetric(s, before, np_end) and re.search(r"(?i)prisoners?[- ]of[- ]war|\bPOWs?\b|військовополонен|военнопленн", s) \
            and re.match(r"(?i)people|individuals|persons|prisoners|captives", np.group("gen")):
        category = "military"  # "a swap of prisoners of war ..., exchanging 205 individuals each"
    if APPROX_BEFORE_RE.search(before) or COMBINED_RE.search(before) or SUBSET_AFTER_RE.match(after):
        return None
    sym = _is_symmetric(s, before, np_end)
    if category is None:
        if sym and (re.search(r"(?i)\beach\b|\bпо\b", before) or re.match(r"^\s*(?:each|apiece)", after)):
            category = "total"
        elif prev is not None and re.match(r"^\s*to\s+", after) and re.search(r"(?:,|\band)\s*$", before):
            category = prev.category  # "12 captives were handed over to Azerbaijan and 44 to Armenia"
        else:
            return None
    subset = SUBSET_BEFORE_RE.search(before)
    if subset and category == "civilian" and prev is not None and len(prev.sides) == 1:
        # "110 Russian citizens, including 72 ... civilian": the part says how many were civilians.
        return Figure(n.value, start, end, category, prev.sides, _kind(s, n.start, np_end), sentence, np_end, subset=True)
    if subset and ((prev is not None and prev.sides) or re.search(r"(?i)\b(?:any|none|some|all|most|many) of", subset.group(0))):
        return None  # a part of a figure already given ("including 27 ...", "any of the 65 ...")
    if subset:
        # "the released Palestinian prisoners, including 69 women": the parent names the side.
        parent = [p for p in find_parties(s[max(0, n.start - 70):n.start]) if p.kind in ("adj", "people") and p.code in pair]
        if parent:
            return Figure(n.value, start, end, category, (parent[-1].code,), kind, sentence, np_end, subset=True)
    if not _near_verb(s, n.start, np_end) or _BLOCKING_VERB_RE.search(before):
        return None
    if sym:
        return Figure(n.value, start, end, category, pair, kind, sentence, np_end)
    sides = people_side(s, n.end, np_end, pair)
    if not sides and prev is not None and len(prev.sides) == 1 and re.search(r"(?i)\b(?:in exchange for|in return for|for|against|взамін на|в обмін на|в обмен на)\s+(?:the\s+)?$", before):
        sides = tuple(c for c in pair if c != prev.sides[0])  # "releasing 32 Armenians in exchange for two soldiers"
    if not sides:
        if two_party_subject(s, n.start, pair, parties):
            return None  # "Moscow and Kyiv swapped 218 prisoners": a combined figure
        sides = side_from_context(s, n.start, np_end, pair, parties)
    joined = False
    if not sides and (INCLUSION_RE.search(s[max(0, n.start - 60):n.start]) or re.match(r"(?i)^\s+among\b", s[np_end:])):
        return Figure(n.value, start, end, category, (), kind, sentence, np_end, part_of_last=True)
    if not sides and prev is not None and re.match(r"^\s*(?:,|and|as well as|plus|along with)\s*(?:,\s*)?(?:and\s+)?$", s[prev.np_end:n.start]):
        sides = prev.sides  # "270 Ukrainian prisoners of war and 120 civilians"
        joined = prev.category == category and len(sides) == 1  # "13 officers, 20 soldiers": parts of one count
    return Figure(n.value, start, end, category, sides, kind, sentence, np_end, joined=joined)


def _is_symmetric(s: str, before: str, np_end: int) -> bool:
    """True in "each side released N", "N soldiers each", "по N": the figure holds for both sides."""
    return bool(_EACH_BEFORE_RE.search(before)) or bool(_EACH_AFTER_RE.match(s[np_end:]))


def _near_verb(s: str, a: int, b: int) -> bool:
    """True when a verb of return or exchange governs the figure (close before or after it)."""
    return bool(_NEAR_VERB_RE.search(s[max(0, a - 100):a]) or _NEAR_VERB_RE.search(s[b:b + 110]))


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


