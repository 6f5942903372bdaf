"""Which side received the people of a figure, read from the phrasing around it.

Demonyms ("Ukrainian soldiers" go home to UA), noun-phrase tails ("of the armed forces of
Ukraine"), origins ("from Russian captivity" -> the other side), destinations ("handed over to
Armenia"), agents ("released by Ukraine"), and subject-verb frames ("Russia received ...",
"Hamas released ..."), in that order of trust.
"""

from __future__ import annotations

import re

from swapwatch.parties import PartyMention, find_parties
from swapwatch.people import COUNTED_BEFORE_RE
from swapwatch.sentences import clause_of

_CAPTIVITY_FROM_RE = re.compile(
    r"(?:from|out of|з|із|из)\s+(?:the\s+)?(?:captivity (?:in|of)\s+)?(?P<p>\S+?)(?:['’]s)?\s+"
    r"(?:captivity|custody|prisons?|jails?|detention|control|полону|неволі|плена|плену)"
    r"|(?:from|с|з)\s+(?:the\s+)?(?:territor\w+|подконтрольн\w+|підконтрольн\w+)\s+(?:controlled by"
    r"|under)?\s*"
    r"(?:the\s+)?(?P<q>\S+)",
    re.I,
)

_TO_RE = re.compile(
    r"\b(?:to|back to|back in|back into|into|arrived in|home to|returned to|handed over to"
    r"|transferred to)\s+(?:the\s+)?(?P<p>\S+)",
)

_BY_RE = re.compile(
    r"\b(?:released|freed|handed over|returned|transferred|sent back|let go)\s+by\s+(?:the\s+)?(?P<p>\S+)",
)

_RECEIVE_RE = re.compile(
    r"\b(?:received|receives|got back|brought (?:home|back)|brings (?:home|back)|has brought"
    r"|secured the release of"
    r"|secures release of|secures the release of|recovered|welcomed|вернула|повернула|повернули|отримала"
    r"|получила)\b",
    re.I,
)

# "с подконтрольной киевскому режиму территории", "from territory controlled by Kyiv",
# "from Ukrainian-controlled territory": people coming back from the side that held them
_CONTROLLED = (
    r"(?:\b(?:с|з|from)\s+(?:the\s+)?(?:подконтрольной|підконтрольної|territory\s+(?:controlled|held)\s+by)\s+"
    r"(?P<p>\S+?)(?:\s+режиму)?(?:\s+территории|\s+території)?"
    r"|\bfrom\s+(?P<p2>\S+?)-(?:controlled|held)\s+territory)"
)
_CONTROLLED_BEFORE_RE = re.compile(_CONTROLLED + r"[\s,]*$")
_CONTROLLED_AFTER_RE = re.compile(r"[^.;\d]{0,40}?" + _CONTROLLED + r"(?=[\s,.;])")
_GOT_RE = re.compile(r"\b(?:got|gets|get|has got|brought|brings|bring|took|takes)\s+$")

_GIVE_RE = re.compile(
    r"\b(?:released|releases|releasing|freed|frees|handed over|hands over|handing over|transferred"
    r"|sent back|gave|freeing|передала|передали|звільнила|освободила|übergab)\b",
    re.I,
)

_PREP_BEFORE_RE = re.compile(
    r"\b(?:with|from|by|against|between|of|for|to|in|on|into|than)\s+(?:the\s+)?$", re.I,
)

_OWN_RE = re.compile(r"\b(?:of its own|its own|of our|our|of its)\b", re.I)

# Russian/Ukrainian genitive, no preposition: "111 военнопленных Вооруженных сил Украины".
_FORCES_TAIL_RE = re.compile(r"^[\s,]*(?:Вооруж[её]нных\s+[Сс]ил|Збройних\s+[Сс]ил)\s+(?P<seg>\S+)")

_OWN_TAIL_RE = re.compile(r"^[\s,—–-]*(?P<prep>of|from)\s+(?P<seg>[^,—–.;:()]{0,60})", re.I)

_RELATIVE_SUBJECT_RE = re.compile(r"(?P<p>[\w’'-]+),\s+(?:which|who)\s+(?:has\s+|had\s+|have\s+|then\s+|also\s+)?$")


def other_side(code: str, pair: tuple[str, str]) -> str | None:
    """The opposite side of a two-party exchange."""
    if code == pair[0]:
        return pair[1]
    if code == pair[1]:
        return pair[0]
    return None

def code_of(token: str) -> str | None:
    """The party code a single token names ("Kyiv's" -> UA), or None."""
    found = find_parties(token.strip("\"“”'’,.()"))
    return found[0].code if found and found[0].start == 0 else None

def subject(sentence: str, before: int, pair: tuple[str, str], parties: tuple[PartyMention, ...],
            ) -> str | None:
    """The pair party acting as subject nearest before a position (not after a preposition)."""
    for p in reversed(parties):
        if p.end > before or p.code not in pair:
            continue
        if _PREP_BEFORE_RE.search(sentence[max(0, p.start - 14):p.start]):
            continue
        if p.kind in ("adj", "people") and COUNTED_BEFORE_RE.search(sentence[max(0, p.start - 24):p.start]):
            continue  # "handed over 190 Ukrainian servicemen", "returns six Armenians": a counted demonym is no subject
        return p.code
    return None

def side_from_context(s: str, a: int, b: int, pair: tuple[str, str], parties: tuple[PartyMention, ...],
                      ) -> tuple[str, ...]:
    """Receiving side of a figure spanning s[a:b] (number through noun), from its context."""
    tail = s[b:b + 90]
    nxt = re.search(r"\d", tail)
    tail = tail[: nxt.start()] if nxt else tail
    # "... of the armed forces of Ukraine", "of the Russian Federation", "from Armenia's armed forces"
    forces = _FORCES_TAIL_RE.match(tail)
    code_f = next((p.code for p in find_parties(forces.group("seg")) if p.code in pair), None) if forces else None
    if code_f is not None:
        return (code_f,)
    own = _OWN_TAIL_RE.match(tail)
    held = re.search(r"(?i)captivity|custody|prison|jail|detention|control|полону|плену",
                     own.group("seg")) if own else None
    if own and not held:
        seg = re.split(r"(?i)\b(?:who|were|was|had|have|has|and|in|to|on|by|at)\b", own.group("seg"))[0]
        named = next((p for p in find_parties(seg) if p.code in pair), None)
        code = named.code if named else None
        if code is not None:
            # "of Ukraine", "from Ukraine's armed forces", "from the Kursk region": people of that side
            if own.group("prep").lower() == "of" or re.search(r"(?i)armed|army|military|forces", seg) \
                    or (named is not None and named.kind == "region"):
                return (code,)
            other = other_side(code, pair)
            if other:
                return (other,)
    clause = clause_of(s, a)
    c_end = s.find(clause) + len(clause)
    window = s[max(0, a - 120):max(c_end, b + len(tail))]
    cap = _CAPTIVITY_FROM_RE.search(window)
    if cap:
        code = code_of(cap.group("p") or cap.group("q") or "")
        other = other_side(code, pair) if code else None
        if other:
            return (other,)
    to = _TO_RE.search(tail)
    if to:
        code = code_of(to.group("p"))
        if code is not None and code in pair:
            return (code,)
    controlled = _CONTROLLED_BEFORE_RE.search(s, max(0, a - 70), a) or _CONTROLLED_AFTER_RE.match(s, b)
    holder = (controlled.group("p") or controlled.group("p2")) if controlled else ""
    # Slavic adjectives of a capital are lower case ("киевскому режиму"): the name pattern is capitalised
    owner = next((p.code for p in find_parties(holder[:1].upper() + holder[1:]) if p.code in pair), None)
    if owner is not None and other_side(owner, pair):
        # "returned from territory controlled by Kyiv 120 servicemen": they go to the other side
        return (other_side(owner, pair),)  # type: ignore[return-value]
    by = _BY_RE.search(tail)
    if by:
        code = code_of(by.group("p"))
        other = other_side(code, pair) if code else None
        if other:
            return (other,)
    frm = re.match(r"^[^.;]{0,30}?\bfrom\s+(?:the\s+)?(?P<p>\S+)", tail)
    region = find_parties(frm.group("p")) if frm else ()
    if region and region[0].kind == "region" and region[0].code in pair:
        return (region[0].code,)  # "five civilians from the Kursk region": residents of that side
    if frm:
        code = code_of(frm.group("p"))
        other = other_side(code, pair) if code else None
        if other:
            return (other,)
    # The verb must govern the figure ("released 24 hostages"), not a noun before it
    # ("released new footage of the rescue of two hostages").
    head = s[max(0, a - 32):a]
    for rx, receiving in ((_RECEIVE_RE, True), (_GIVE_RE, False)):
        verbs = list(rx.finditer(head))
        if receiving and not verbs and re.match(r"\s+back\b", s[b:b + 6]):
            verbs = list(_GOT_RE.finditer(head))  # "it got 75 servicemen back"
        if not verbs:
            continue
        v_at = max(0, a - 32) + verbs[-1].start()
        relative = _RELATIVE_SUBJECT_RE.search(s[max(0, v_at - 40):v_at])
        # "a swap with Russia, which received 95 troops": the relative pronoun's antecedent acts.
        subj = code_of(relative.group("p")) if relative else None
        subj = subj if subj in pair else subject(s, v_at, pair, parties)
        if subj is None and re.search(r"(?i)\b(?:it|they|we)\s+(?:\w+\s+)?$", s[max(0, v_at - 20):v_at]):
            # "the ministry ... it received"
            subj = next((p.code for p in parties if p.code in pair and p.start < v_at), None)
        if subj:
            if receiving:
                return (subj,)
            other = other_side(subj, pair)
            if other:
                return (other,)
    if _OWN_RE.search(s[max(0, a - 20):b]):
        # "Kyiv saying 157 of its citizens ...": the possessive's owner is the nearest subject before
        first = subject(s, a, pair, parties) or next((p.code for p in parties if p.code in pair), None)
        if first:
            return (first,)
    if re.search(r"(?i)hostage|заложник|otage|Geisel", s[a:b]) and "IL" in pair and (
            re.search(r"(?i)\b(?:releas\w*|free[ds]?|hand\w* over|transferr\w*)\W+(?:\w+\W+){0,2}$",
                      s[max(0, a - 30):a])
            or re.match(r"(?i)^\s*(?:were|had been|have been)\s+(?:\w+\s+)?"
                        r"(?:released|freed|handed|transferred)", s[b:])):
        return ("IL",)  # hostages released go home to Israel
    return ()

def people_side(s: str, num_end: int, np_end: int, pair: tuple[str, str]) -> tuple[str, ...]:
    """The side named by a demonym inside the figure's noun phrase ("207 Ukrainian soldiers")."""
    np_text = s[num_end:np_end]
    for p in find_parties(np_text):
        possessive = p.kind == "country" and np_text[p.end:p.end + 2] in ("'s", "’s")
        if (p.kind in ("adj", "people") or possessive) and p.code in pair:
            return (p.code,)
    # Slavic genitive right after the noun: "восемь мирных жителей Курской области"
    m = re.match(r"^\s+([а-яіїєґё'’]+)", s[np_end:], re.I)
    if m:
        code = next((p.code for p in find_parties(m.group(1)) if p.code in pair), None)
        if code:
            return (code,)
    return ()

def two_party_subject(s: str, num_start: int, pair: tuple[str, str], parties: tuple[PartyMention, ...],
                      ) -> bool:
    """True when both sides are the subject of a verb of exchange before the figure."""
    head = s[:num_start]
    codes = {p.code for p in parties if p.end <= num_start and p.code in pair and p.kind == "country"}
    if len(codes) < 2:
        return False
    return bool(re.search(r"(?i)\b(?:exchang\w*|swap\w*|swop\w*|traded|free[ds]?|released|freeing)\b"
                          r"(?:\s+\S+){0,3}\s*$", head))
