"""Cue vocabularies of exchange reporting (EN, with UK/RU/DE/FR forms), precompiled.

Each regex names one thing news language does: say a swap happened, say people came back,
hedge a figure, project a future deal, total up a war's worth of swaps, or recall an older one.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache

_I = re.IGNORECASE

# re.IGNORECASE equates these with a letter that their str.lower() is not ("ſ" ~ "s", "ı" ~ "i",
# "ᲀ" ~ "в"), and "İ" lowers to two characters: a text holding one is never ruled out by a substring test.
_CASE_TRAPS_RE = re.compile("[\u0130\u0131\u017f\u1c80-\u1c88]")


def caseless(text: str) -> str | None:
    """The lower-cased text, letter for letter, when substring tests on it stand for re.IGNORECASE; else None."""
    if not text.isascii() and _CASE_TRAPS_RE.search(text) is not None:
        return None
    return text.lower()


def may_contain(text: str, words: Iterable[str]) -> bool:
    """False only when none of the lower-case words occurs in the text in any letter case.

    The proof that a pattern which needs one of the words cannot match: a plain substring test on
    the lower-cased text costs a few percent of a failed regex scan of the same text.
    """
    return holds_any(caseless(text), words)


def present_words(words: tuple[str, ...], lowered: str | None) -> tuple[str, ...]:
    """The words that occur in a caseless() text, or all of them when it is None (no test is exact).

    A part of the text holds none of the others: its tests need only these.
    """
    return words if lowered is None else tuple(filter(lowered.__contains__, words))


def holds_any(lowered: str | None, words: Iterable[str]) -> bool:
    """may_contain() for a text already passed through caseless(): one lower-casing serves several gates."""
    return lowered is None or any(map(lowered.__contains__, words))


def starts_word_with_any(text: str, lowered: str | None, words: Iterable[str]) -> bool:
    r"""False only when no word of the text (a run of \w) begins with one of the lower-case words, in any case.

    `lowered` is caseless(text): its letters stand at the places of the text's own. The proof that a
    pattern "\b(?:word|...)" cannot match when the words occur only inside others ("someone", "often"),
    where may_contain() would let the scan run. (str.isalnum() and "_" are exactly the regex's \w.)
    """
    if lowered is None:
        return True
    for word in words:
        at = lowered.find(word)
        while at >= 0:
            if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):
                return True
            at = lowered.find(word, at + 1)
    return False


def ends_with_any(lowered: str | None, endings: tuple[str, ...]) -> bool:
    """False only when a caseless() text, trailing whitespace aside, ends with none of the lower-case endings.

    The proof that a pattern "(?:ending|...) *$" cannot match: its search tries every position of the text.
    (str.rstrip() strips exactly the characters that a regex's whitespace class matches.)
    """
    return lowered is None or lowered.rstrip().endswith(endings)


# IGNORECASE patterns and their case-sensitive twins, registered by caseless_twin() as the modules load.
_TWINS: dict[re.Pattern[str], re.Pattern[str]] = {}


def caseless_twin(rx: re.Pattern[str]) -> re.Pattern[str]:
    """Register and return the case-sensitive twin of an IGNORECASE pattern: on a caseless() text, the same spans.

    Under IGNORECASE the engine cannot skip an alternative on its first letter, so it tries every one at
    every word; the twin, searched in the lower-cased text, does in a third of the time. (caseless() gives
    None for the letters IGNORECASE equates differently from str.lower(), and keeps every other text's
    length; the twin's groups hold lower-cased text, so only spans and truth are read from its matches.)
    """
    pattern = rx.pattern.removeprefix("(?i)")
    if not rx.flags & re.IGNORECASE or re.search(r"\\[A-Z]|\(\?(?:[aiLmsux]+-?[aiLmsux]*|-[aiLmsux]+):|\(\?P", pattern):
        msg = f"no caseless twin for {rx.pattern[:40]!r}: not IGNORECASE, or upper-case escapes or local flags"
        raise ValueError(msg)
    twin = _TWINS[rx] = re.compile(pattern.lower(), rx.flags & ~re.IGNORECASE)
    return twin


def search_lowered(rx: re.Pattern[str], text: str, lowered: str | None, pos: int = 0,
                   endpos: int = sys.maxsize) -> re.Match[str] | None:
    """rx.search(text, pos, endpos) through rx's caseless twin in `lowered`, which is caseless(text): same span."""
    return rx.search(text, pos, endpos) if lowered is None else _TWINS[rx].search(lowered, pos, endpos)


def isearch(rx: re.Pattern[str], text: str) -> re.Match[str] | None:
    """rx.search(text) through rx's caseless twin: the same span (its groups hold lower-cased text)."""
    return search_lowered(rx, text, caseless(text))


def finditer_lowered(rx: re.Pattern[str], text: str, lowered: str | None) -> Iterator[re.Match[str]]:
    """rx.finditer(text) through rx's caseless twin in `lowered`, which is caseless(text): the same spans."""
    return rx.finditer(text) if lowered is None else _TWINS[rx].finditer(lowered)


# What is traded when it is not people: "exchanged fire", "an exchange of views", "swap rates".
NOT_PEOPLE = (
    r"(?!\s+(?:of\s+)?(?:(?:some|one|several|many|more|of|the|a|an|new|massive|heavy|heaviest|fierce"
    r"|overnight|drone|missile|air|artillery|sporadic|intense|small[- ]arms|rocket|largest|biggest)\s+){0,5}"
    r"(?:fire|gunfire|shots|rounds|volleys|barrages|salvos|blows|shelling|strikes|rockets|missiles|views|ideas|letters|notes|greetings"
    r"|messages|information|data|delegations|visits|words|insults|threats|accusations|pleasantries|rates?"
    r"|lines?|lists|списк\w*|parcels|plots|land|territor(?:y|ies)|hectares|documents|protocols|gifts|maps)\b)"
)
# What people are traded for when the other side hands over no people: "in return for maps".
NOT_PEOPLE_FOR = (
    r"(?!\s+(?:[A-Za-z-]+\s+){0,3}?(?:maps?|money|cash|ransom|payments?|funds|oil|grain|fuel|ships?|vessels?"
    r"|tankers?|weapons|arms|territory|land|concessions|sanctions(?: relief)?|guarantees|documents|aid"
    r"|information|data|coordinates|access|ceasefire|truce)\b)"
)
# People traded for things ("in return for maps", "lifting sanctions ... in exchange"): no two-way swap.
THINGS_FOR_RE = re.compile(
    r"\bin (?:exchange|return) for\s+(?:[A-Za-z-]+\s+){0,3}?(?:maps?|money|cash|ransom|payments?"
    r"|sanctions(?: relief)?|concessions|oil|grain|fuel|weapons|guarantees|documents|aid|coordinates)\b"
    r"|\b(?:lift\w*|eas\w*|relax\w*|pa(?:y|id)\w*)\s+(?:[\w-]+\s+){0,6}?(?:sanctions|ransom)\b[^.;]{0,80}?"
    r"\bin (?:exchange|return)\b"
    r"|\b(?:[Nn]o|[Nn]one of the|[Nn]o one|[Nn]obody)\s+(?:\w+\s+)?(?:prisoners?|detainees|captives|people)?\s*"
    r"(?:was|were)\s+(?:handed|released|freed|returned|given)\b[^.;]{0,40}?\bin (?:return|exchange)\b"
    r"|\bnothing in (?:return|exchange)\b"
)
# Trades of players, picks and assets: the sports and business senses of "swap" and "trade".
SPORTS_TRADE_RE = re.compile(
    r"\b(?:\w+-(?:player|team) (?:swap|trade|deal)|player swap|trade deadline|draft picks?|\w+-round picks?"
    r"|defen[cs]em[ae]n|goaltenders?|goalies?|\d+ assists|(?:minor|major)-league|free agen\w+|roster"
    r"|transfer window|transfer fee|NBA|NFL|NHL|MLB|MLS|WNBA|Premier League"
    r"|point guards?|quarterbacks?|goalkeepers?|strikers?|midfielders?|playoffs?)\b"
)
# What makes the exchanged objects captives: without any of it, a "swap" of players is no prisoner swap.
CAPTIVE_RE = re.compile(
    r"(?i)\b(?:prisoners?(?! of (?:our|their|his|her|its|my|your|the) (?!war\b))|POWs?|captiv\w*|detain\w*"
    r"|detention|hostages?|jail\w*|imprison\w*|custody|convict\w*|sentenced|arrest\w*|servicem[ae]n"
    r"|soldiers?|troops|kidnapp\w*|abduct\w*|wrongfully|espionage|spy(?:ing)?)\b|полон|плен|заложник"
    r"|заключ[её]нн|ув['’]язнен|осужд[её]н|засуджен|задержан|затриман|военнослуж|військовослуж"
)
# The exchange itself.
SWAP_RE = re.compile(
    r"(?=[estipоaAgGéÉ])"
    r"\b(?:in return for" + NOT_PEOPLE_FOR + r"|in exchange for" + NOT_PEOPLE_FOR
    # "a land exchange", "the stock exchange", "a debt swap": things, not people, change hands
    + r"|(?<![Ii]n )(?<!land )(?<!Land )(?<!stock )(?<!Stock )(?<!debt )(?<!currency )(?<!student )"
    r"(?<!cultural )(?<!territorial )(?<!territory )(?:exchang\w*|swap\w*)|swop\w*|traded|trade of"
    r"|in return(?!\s+for\b)|prisoner deal"
    r"|обмін\w*|обміня\w*|обмен\w*|обменя\w*|Austausch\w*|ausgetauscht|Gefangenenaustausch\w*"
    r"|échang\w*|im Gegenzug)\b" + NOT_PEOPLE,
    _I,
)
# People coming back or being let go: the verbs that make a figure an event figure.
RETURN_RE = re.compile(
    r"(?=[rfhtbcgslaewпзовzüéÉ])"
    r"\b(?:return\w*|releas\w*|free[ds]?|freeing|hand(?:ed|s|ing)? (?:over|back)|handover|transferr?\w*"
    r"|given back|gave back|went (?:each way|home|back|free)"
    r"|brought (?:home|back)|brings? (?:home|back)|bring (?:home|back)|c[oa]me home|coming home|got back"
    r"|receiv\w*|repatriat\w*|liberat\w*|secur\w* (?:the )?release|arrived back|crossed|sent back|send back"
    r"|(?:got|brought|brings?)\b[^.;]{0,40}?\bback\b|(?:took|carried|flew)\b[^.;]{0,40}?\bhome\b"
    r"|are (?:at |back )?home|back home|exchang\w*|swap\w*|swop\w*|traded|rescued"
    r"|поверн\w*|звільн\w*|передал\w*|передан\w*|обмін\w*|вернул\w*|вернувш\w*|возвращ\w*|освобо\w*"
    r"|(?:получил|отримал)[аи]?(?!\s+(?:ранени|поранен|травм))"
    r"|обмен\w*|ausgetauscht|freigelassen|zurückgek\w*|übergeben|übergab|entließ|entlassen|libér\w*"
    r"|échang\w*)",
    _I,
)
# A completed handover, in the past or perfect ("were returned", "have exchanged", "відбувся").
# People back from captivity: in war news, the homecoming that an exchange brings.
HOMECOMING_RE = re.compile(
    r"\b(?:returned|came back|come back|coming back|returning|have returned|has returned)\s+(?:home\s+)?"
    r"from\s+(?:[\w’'-]+\s+)?captivity\b"
    # UK/RU: "повернулися (додому) з (російського) полону/неволі", "вернулись из плена", "повернула з полону"
    r"|(?:[Пп]оверн|[Вв]ерну|[Вв]озвращ)\w*\s+(?:\w+\s+){0,3}?(?:з|із|зі|из)\s+(?:\w+\s+)?(?:полону|неволі|плена"
    r"|неволи)\b"
    r"|(?:з|із|зі|из)\s+(?:\w+\s+)?(?:полону|неволі|плена|неволи)\s+(?:\w+\s+){0,2}?(?:[Пп]оверн|[Вв]ерну"
    r"|[Вв]озвращ)\w*"
)
COMPLETED_RE = re.compile(
    r"(?=[estchmwrfbgaвупзоlléÉ])"
    r"\b(?:exchanged" + NOT_PEOPLE + r"|swapped|swopped|traded|(?:carried out|conducted|completed|held|made"
    r"|staged)\b[^.;]{0,60}?"
    r"(?:exchange|swap|swop)|(?:exchange|swap|swop|handover)\s+(?:took place|happened|was (?:carried out"
    r"|completed|held))"
    r"|(?:were|was|have been|has been|had been)\s+(?:\w+\s+)?(?:returned|released|freed|exchanged|swapped"
    r"|handed over|handed back|given back"
    r"|transferred|brought (?:home|back)|repatriated|liberated)|(?:has|have|had)\s+(?:\w+\s+)?(?:returned"
    r"|released|freed"
    r"|brought|exchanged|swapped|secured|received|handed over)|returned home|came home|coming home"
    r"|brought home"
    r"|(?<!to be )released|(?<!to be )freed|handed over|handed back|(?<!to be )repatriated|received|got back"
    r"|secured the release|arrived back"
    r"|returned from"
    r"|return(?:ed)? to"
    r"|вдал[оа]?ся повернути|вдалось повернути|удалось вернуть|відбувся|відбулися|повернули|повернулися"
    r"|повернуто|звільнили|обміняли|обмінялися|вернули|вернулись|состоялся"
    # singular and reflexive past forms: "Україна повернула 138 громадян", "повернувся 161 українець"
    r"|повернула|повернуло|повернув|повернувся|повернулася|повернулось|звільнила|звільнено|вернула|вернул"
    r"|вернулся|вернулась|освобождено|освобожден"
    r"|провели|освобождены|возвращены|возвращении|получил[аи]?|отримал[аи]?|передан[ыо]|передал[аи]?"
    r"|ausgetauscht|freigelassen|libérés|échangés)\b",
    _I,
)
# Future, conditional or agreed-only: the figure is a plan, not an event.
PLANNED_RE = re.compile(
    r"(?=[wscmiaedpuhtlvgмбпдо])"
    r"(?:\b(?:will|would|shall|could|might|is to be|are to be|were to be|was to be|is set to|are set to"
    r"|(?:is|are) to (?:free|release|hand|return|exchange|swap)"
    r"|agreed|agrees?\b|agreements?(?! reached| were reached)|agreement (?:on|to|for)|deal (?:to|for|that"
    r"|which)"
    r"|envisag\w*|envision\w*|planned|plans? to|scheduled|expected|expects?|up to|prepar\w+|promised"
    r"|intend\w*|propos\w*|hopes? to|committed to|commits? to|pledged to|undert(?:ook|akes?) to"
    r"|considering|weighs|weighing|mulling|whether to"
    r"|in the near future|in the coming days|to be (?:freed|released|exchanged"
    r"|swapped|returned|handed)|list of(?= (?:the )?(?:\d[\d,]*\s+)?(?:\w+\s+)?"
    r"(?:POW|prisoner|child|people|name|captive|detainee"
    r"|servicem|soldier|civilian|hostage))|може|можуть|буде|будуть|планує\w*|домовил\w*|домовлен\w*"
    r"|очіку\w*|будет|будут|может|могут|планиру\w*|договорил\w*|договорен\w*|ожида\w*|soll\w*|vereinbart"
    r"|geplant|verzöger\w*|devrait|seront)\b|\bmay\s+(?!\d))",
)
# A war's worth of exchanges: running totals are not events.
CUMULATIVE_RE = re.compile(
    r"(?=[stiaobuhcmзвсdзаSTIAOBUHCMЗВСD0-9])"
    r"\b(?:since\b|so far|to date|in total|in all\b|altogether|overall"
    r"|brought the (?:total|number)|the (?:total )?number of|over the course|throughout the war|thus far"
    r"|(?:during|over|in) (?:that|this|the same) (?:period|time)|through (?:the )?(?:exchanges|swaps)"
    r"|until now|(?:has|have|had) now|across (?:the )?(?:three|all|several|\d+) (?:agreements|deals|exchanges"
    r"|swaps)|cumulative|(?:\d+|several|many|all) (?:prisoner )?(?:swaps|exchanges)"
    r"|з початку|за три роки|за (?:два|чотири) роки|за час|загалом|всього|с начала|всего"
    r"|insgesamt|seit Beginn|au total|depuis le début)",
    _I,
)
caseless_twin(SWAP_RE)
# One of these (lower-cased) is in every text SWAP_RE matches ("return" for "in return for").
SWAP_WORDS = ("exchang", "swap", "return", "swop", "trade", "prisoner deal", "обмін", "обмен", "tausch", "échang",
              "gegenzug")
# One of these (lower-cased) is in every text CUMULATIVE_RE matches ("time" for "during that time").
CUMULATIVE_WORDS = (
    "since", "so far", "to date", "in total", "in all", "altogether", "overall", "brought the ", "number of",
    "over the course", "throughout the war", "thus far", "period", "time", "through ", "until now", " now",
    "across ", "cumulative", "swaps", "exchanges", "з початку", "роки", "за час", "загалом", "всього", "с начала",
    "всего", "insgesamt", "seit beginn", "au total", "depuis le début",
)
# People still held: stock figures of captivity.
CAPTIVITY_RE = re.compile(
    r"\b(?:remain(?!s\s+of\b)\w*|still (?:held|in)|(?:are|is|were|being) (?:still |currently |now )?(?:held|detained"
    r"|missing)"
    r"|held captive|currently held|illegally detaining|detaining|missing|presumed dead|perished|killed in"
    r"|captured (?:a|at least|more than|over)\b|refused to return|chose to (?:stay|remain)|wishing to (?:stay"
    r"|remain)"
    r"|decided to stay|залишаються|перебувають у полоні|остаются|находятся в плену"
    r"|festgehalten|vermisst)",
    _I,
)
# One of these (lower-cased) is in every text CAPTIVITY_RE matches: most sentences of a swap report have none.
CAPTIVITY_WORDS = (
    "remain", "still ", "held", "detain", "missing", "presumed dead", "perished", "killed in", "captured ",
    "refused to return", "chose to ", "wishing to ", "decided to stay", "залишаються", "перебувають у полоні",
    "остаются", "находятся в плену", "festgehalten", "vermisst",
)
# Hedged figures ("more than 200", "nearly two dozen") are never event counts.
APPROX_BEFORE_RE = re.compile(
    r"(?:\b(?:more than|(?<!handed )(?<!hands )(?<!hand )(?<!handing )(?<!turned )over|nearly|almost|about"
    r"|around|approximately|roughly|some|at least|up to|as many as"
    r"|upwards of|close to|fewer than|less than|under|estimated|понад|більше|майже|близько|щонайменше|около"
    r"|более|почти|свыше|не менее|über|mehr als|rund|etwa|fast|plus de|près de|environ)\s*|~\s*)$",
    _I,
)
# One of these (lower-cased) ends every text APPROX_BEFORE_RE matches, trailing whitespace aside.
APPROX_ENDINGS = (
    "than", "over", "nearly", "almost", "about", "around", "approximately", "roughly", "some", "at least", "up to",
    "as many as", "upwards of", "close to", "under", "estimated", "понад", "більше", "майже", "близько",
    "щонайменше", "около", "более", "почти", "свыше", "не менее", "über", "mehr als", "rund", "etwa", "fast",
    "plus de", "près de", "environ", "~",
)
# An earlier exchange recalled in passing.
BACKGROUND_RE = re.compile(r"\b(?i:before the latest|before that|last week['’]s)(?!\w)|"
    r"(?:\b(?:(?:previous|prior|preceding|last) (?:such )?(?:major )?(?:exchange|swap|swop|prisoner"
    r"|round|one)s?(?=,? (?:occurred|took place|was|came|happened|had|saw|on|in|freed|released|returned"
    r"|brought|involved|held)\b)|recalled"
    r"|had (?:also )?(?:exchanged|swapped|traded|carried out|conducted|held)"
    r"|Останній обмін|останній обмін|попередн\w*|последн\w* обмен|предыдущ\w*|zuletzt|dernier échange)\b"
    r"|^(?:At that time|Тоді|Тогда|Bei diesem Austausch)\b)",
)
# One of these (lower-cased) is in every text BACKGROUND_RE matches: most sentences have none.
BACKGROUND_WORDS = (
    "before th", "last week", "previous", "prior", "preceding", "last ", "recalled", "had ", "останній обмін",
    "попередн", "последн", "предыдущ", "zuletzt", "dernier échange", "at that time", "тоді", "тогда",
    "bei diesem austausch",
)


@lru_cache(maxsize=1024)
def recalls_earlier(text: str) -> bool:
    """True when the text recalls an earlier exchange (BACKGROUND_RE; cached: sentences are asked twice)."""
    return may_contain(text, BACKGROUND_WORDS) and BACKGROUND_RE.search(text) is not None


@lru_cache(maxsize=1024)
def tells_swap(text: str) -> bool:
    """True when SWAP_RE matches the text (cached: figures, timeline and classify ask it of the same sentences)."""
    lowered = caseless(text)
    return holds_any(lowered, SWAP_WORDS) and search_lowered(SWAP_RE, text, lowered) is not None


@lru_cache(maxsize=1024)
def find_planned(text: str) -> re.Match[str] | None:
    """PLANNED_RE.search(text) (cached: a clause is asked once for each figure in it, and again by the timeline)."""
    return PLANNED_RE.search(text)

# Combined figures of both sides ("exchanged a total of 218", "totaling 230", "372 POWs" swapped).
COMBINED_RE = re.compile(
    r"\b(?:a total of|totall?ing|in total|combined|altogether|overall|в общей сложности)\s*$", _I,
)
# One of these (lower-cased) is in every text COMBINED_RE matches.
COMBINED_WORDS = ("total", "combined", "altogether", "overall", "в общей сложности")
# Brokering cues: the state named next to them mediated.
MEDIATOR_RE = re.compile(
    r"(?=[mbfiwthaпVvéMBFIWTHAП])"
    r"(?:mediat\w*|brokered|broker\w*|facilitat\w*|intermediar\w*|with the help of|help of|thanks to|helped"
    r"|assistance (?:of|from)"
    r"|посередни\w*|посредни\w*|Vermittlung|vermittelt|médiation)",
    _I,
)
# Reported-speech attribution ("Zelensky said", "according to the ministry").
ATTRIBUTION_RE = re.compile(
    r"(?:according to (?:the )?(?P<a>[A-Z][\w’'.-]*(?:\s+(?:of\s+)?[A-Z][\w’'.-]*){0,4})"
    r"|(?P<b>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:of\s+)?[\w’'.-]+){0,8}?)(?:,[^,.;\d]{0,70},)?\s+(?:said|says|announced|wrote"
    r"|reported"
    r"|stated|confirmed|added|claimed|told))"
)
# The bodies of the dead, before the figure ("the remains of 909 soldiers").
BODIES_BEFORE_RE = re.compile(
    r"(?:bodies|remains|corpses|тіла|тел|тела|Leichen|dépouilles)\s+(?:of\s+)?(?:the\s+)?$", _I,
)
# One of these (lower-cased) is in every text BODIES_BEFORE_RE matches.
BODIES_WORDS = ("bodies", "remains", "corpses", "тіла", "тел", "leichen", "dépouilles")
# Sub-groups of a figure already counted ("including 27", "95 of the 144", "among them 44").
SUBSET_BEFORE_RE = re.compile(
    r"(?:\b(?:including|include[sd]?|among them|among whom|among the \w+(?: were)?|of whom|of them|of which"
    r"|(?:any|none|some|all|most|many) of (?:the|those)|among|серед них|з них|среди них|из них"
    r"|в (?:том )?числе|darunter)\s*(?:were\s+)?)$",
    _I,
)
# One of these (lower-cased) is in every text SUBSET_BEFORE_RE matches ("of th" for "of them", "all of the").
SUBSET_BEFORE_WORDS = ("includ", "among", "of wh", "of th", "серед них", "з них", "среди них", "числе", "darunter")
SUBSET_AFTER_RE = re.compile(
    r"^\s*(?:of (?:the|those|them|whom|which)|were serving|who (?:had )?(?:fought|defended))\b"
    r"|^[^.;\d]{0,40}?\b(?:were|was|are|is) (?:also )?among (?:the )?\d", _I,
)
