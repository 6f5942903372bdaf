"""Named one-for-one swaps with no numeral: "freeing A, an American teacher, in return for B".

The guide counts each named person in `total` when the text names everyone exchanged on that
side. A person's side comes from a demonym in the apposition or before the name ("an American
teacher", "Russian arms dealer B"), from "citizen/national of <country>", or from where the
person was held ("jailed in Russia" -> goes home to the other side). Both people must resolve to
different sides; a plan ("would swap A for B") or a one-sided release never counts.
"""

from __future__ import annotations

import re

from swapwatch.cues import PLANNED_RE
from swapwatch.figures import Figure
from swapwatch.parties import find_parties
from swapwatch.sentences import Sentence, clause_of
from swapwatch.sides import code_of, other_side

_CAP = r"[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?"
_NAME = rf"{_CAP}(?:\s+(?:[A-Z]\.\s+)?{_CAP}){{1,2}}"
# An apposition after the name: ", an American teacher jailed in Russia since last year"
_APP = (r"(?:,\s+(?:an?|the|who|aged|\d+,)\s*[^,;]{2,110}?"
        r"(?=,|;|\.(?:\s|$)|$|\s+in (?:return|exchange) for\b))?")
_FOR = r"(?:in return for|in exchange for|for)"
_FRAMES = (
    # "freeing A, ..., in return for B, ...", "swapped A for B", "released A in exchange for B"
    rf"\b(?:freeing|releasing|freed|released|swapping|swapped|exchanging|exchanged|trading|traded"
    rf"|handing over|handed over|swaps|trades|exchanges|frees|releases)\s+(?P<a>{_NAME})(?P<aapp>{_APP}),?"
    rf"\s+{_FOR}\s+(?P<b>{_NAME})(?P<bapp>{_APP})",
    # "A was exchanged for B", "A, a Russian citizen, was freed in exchange for B"
    rf"(?P<a>{_NAME})(?P<aapp>{_APP}),?\s+(?:was|has been|had been|is being)\s+(?:\w+\s+)?"
    rf"(?:exchanged|swapped|traded|(?:released|freed|handed over)\s+in (?:return|exchange))\s+for\s+"
    rf"(?P<b>{_NAME})(?P<bapp>{_APP})",
)
_FRAME_RES = tuple(re.compile(f) for f in _FRAMES)
# Whether a sentence says "in return for", "exchanged for", ... or "for [A-Z]": found from its "for" (a literal
# start is found by a fast string search; the phrase is checked behind it), a seventh of the time of
# "\b(?:in return for|in exchange for|exchanged for|swapped for|traded for|for [A-Z])". Only whether it
# matches is used, not where.
_NAME_CUE_RE = re.compile(
    r"for(?:(?<=\bin return for)|(?<=\bin exchange for)|(?<=\bexchanged for)|(?<=\bswapped for)"
    r"|(?<=\btraded for)|(?<=\bfor)(?= [A-Z]))",
)
_CITIZEN_RE = re.compile(r"\b(?:citizen|national|resident)\s+of\s+(?:the\s+)?(?P<p>\S+(?:\s+[A-Z]\w+)?)")
_HELD_IN_RE = re.compile(
    r"\b(?:jailed|imprisoned|detained|held|arrested|convicted|sentenced"
    r"|serving\s+(?:a\s+)?(?:\w+\s+)?sentence"
    r"|in\s+(?:custody|prison))\s+(?:\w+\s+){0,3}?(?:in|by)\s+(?:the\s+)?(?P<p>[A-Z]\S*(?:\s+[A-Z]\w+)?)"
)
_PREFIX_RE = re.compile(r"\b(?:an?\s+|the\s+)?(?P<d>[A-Z][a-z]+)\s+(?:[a-z]+\s+){0,3}$")
_NOT_A_SWAP_RE = re.compile(
    r"(?i)\b(?:offer\w*|propos\w*|sought|seek\w*|demand\w*|negotiat\w*|discuss\w*|wants?|want(?:ed|s)? to"
    r"|asked|call\w* for|push\w* for|hop\w* to|talks|could|would|will|might|may|plan\w*|pardon\w*"
    r"|goodwill gesture|unilateral\w*)\b"
)


def _person_side(sentence: str, name_start: int, name: str, app: str, pair: tuple[str, str]) -> str | None:
    """The side a named person goes home to, from the apposition or the words before the name."""
    if find_parties(name):
        return None  # "United States" is no person
    for p in find_parties(app):
        if p.kind in ("adj", "people") and p.code in pair:
            head = app[:p.start]
            if not re.search(r"(?i)\b(?:in|by|of|to|from|with)\s+(?:the\s+)?$", head):
                return p.code
    m = _CITIZEN_RE.search(app)
    if m and (code := code_of(m.group("p").split()[0])) in pair:
        return code
    pre = _PREFIX_RE.search(sentence[max(0, name_start - 40):name_start])
    if pre:
        code = next((p.code for p in find_parties(pre.group("d")) if p.kind == "adj"), None)
        if code in pair:
            return code
    m = _HELD_IN_RE.search(app)
    if m:
        held = next((p.code for p in find_parties(m.group("p")) if p.code in pair), None)
        return other_side(held, pair) if held else None
    return None


def named_swap_figures(sentence: Sentence, pair: tuple[str, str]) -> list[Figure]:
    """One person per side for each named one-for-one swap in a sentence ("A ... in return for B")."""
    s = sentence.text
    if not _NAME_CUE_RE.search(s):
        return []
    out: list[Figure] = []
    for rx in _FRAME_RES:
        for m in rx.finditer(s):
            clause_head = clause_of(s, m.start())
            head = s[:m.start()]
            if PLANNED_RE.search(clause_head[: max(0, m.start() - s.find(clause_head))]) \
                    or _NOT_A_SWAP_RE.search(head[-80:]):
                continue
            side_a = _person_side(s, m.start("a"), m.group("a"), m.group("aapp") or "", pair)
            side_b = _person_side(s, m.start("b"), m.group("b"), m.group("bapp") or "", pair)
            # Two people traded for each other are on opposite sides: one known side gives the other.
            side_a = side_a or (other_side(side_b, pair) if side_b else None)
            side_b = side_b or (other_side(side_a, pair) if side_a else None)
            if side_a is None or side_b is None or side_a == side_b:
                continue
            for g, side in (("a", side_a), ("b", side_b)):
                a, b = m.start(g), m.end(g)
                out.append(Figure(1, sentence.start + a, sentence.start + b, "total", (side,), "event",
                                  sentence, b))
        if out:
            break
    return out
