"""Sides of an exchange: countries and groups as news names them, mapped to ISO 3166 codes.

Names, demonyms, capitals used as metonyms ("Kyiv", "Moscow", "Baku"), institutions
("the Kremlin", "the White House") and armed groups ("Hamas" -> PS, "Houthis" -> YE), in
English plus the Ukrainian, Russian, German and French forms that the corpus languages use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# States that usually broker rather than trade prisoners: they are parties only when their
# own people are counted, and mediators when a brokering cue names them.
MEDIATOR_CODES: frozenset[str] = frozenset({"AE", "QA", "TR", "SA", "VA", "OM", "EG", "BY", "CH", "NO"})

# (pattern, code, kind): kind "country" = name, capital or institution; "adj" = demonym
# adjective ("Ukrainian soldiers"); "people" = demonym noun ("Ukrainians", "українці").
_LEXICON: tuple[tuple[str, str, str], ...] = (
    # Ukraine
    (r"Ukrainians|Ukrainer|українці\w*|українців|украинцы|украинцев", "UA", "people"),
    (r"Ukrainian|ukrainisch\w*|ukrainien\w*|[Уу]країн[сc]ьк\w*|[Уу]краинск\w*|ЗСУ|ВСУ|AFU", "UA", "adj"),
    (r"Ukraine|Ukraine's|Kyiv|Kiev|Україн[аиуіо]\w*|Украин[аеуы]\w*|Київ\w*|Києв\w*|Киев\w*", "UA",
     "country"),
    # Russia
    (r"Russians|Russen|росіян\w*|россиян\w*", "RU", "people"),
    (r"Russian|russisch\w*|russe|russes|[Рр]осійськ\w*|[Рр]оссийск\w*|русск\w*", "RU", "adj"),
    (r"Kursk|Belgorod|Bryansk|Курськ\w*|Курск\w*|Белгород\w*|Бєлгород\w*|Брянск\w*", "RU", "region"),
    (r"Russia|Russland|Russie|Moscow|Moskau|Kremlin|Росі[яїюі]\w*|Росси[яиюе]\w*|РФ|Москв\w*|Кремл\w*", "RU",
     "country"),
    # Israel / Palestinians
    (r"Israelis", "IL", "people"),
    (r"Israeli|israelisch\w*|israélien\w*|ізраїльськ\w*|израильск\w*", "IL", "adj"),
    (r"Israel|Tel Aviv|IDF|Ізраїл\w*|Израил\w*", "IL", "country"),
    (r"Palestinians|Palästinenser|палестинц\w*|палестинці\w*", "PS", "people"),
    (r"Palestinian|palästinensisch\w*|palestinien\w*|палестинськ\w*|палестинск\w*", "PS", "adj"),
    (r"Hamas|Gaza|Islamic Jihad|ХАМАС|Газ[аиы]", "PS", "country"),
    # United States / Venezuela / Iran / Belgium
    (r"Americans", "US", "people"),
    (r"American|U\.S\.|US", "US", "adj"),
    (r"United States|Washington|White House|США", "US", "country"),
    (r"Venezuelans", "VE", "people"),
    (r"Venezuelan", "VE", "adj"),
    (r"Venezuela|Caracas", "VE", "country"),
    (r"Iranians", "IR", "people"),
    (r"Iranian", "IR", "adj"),
    (r"Iran|Tehran|Teheran", "IR", "country"),
    (r"Belgians", "BE", "people"),
    (r"Belgian", "BE", "adj"),
    (r"Belgium|Brussels", "BE", "country"),
    # Caucasus
    (r"Armenians", "AM", "people"),
    (r"Armenian|вірменськ\w*|армянск\w*", "AM", "adj"),
    (r"Armenia|Yerevan|Вірмені\w*|Армени\w*", "AM", "country"),
    (r"Azerbaijanis", "AZ", "people"),
    (r"Azerbaijani|Azeri|азербайджанськ\w*|азербайджанск\w*", "AZ", "adj"),
    (r"Azerbaijan|Baku|Азербайджан\w*", "AZ", "country"),
    # Horn of Africa, Yemen
    (r"Eritreans", "ER", "people"),
    (r"Eritrean", "ER", "adj"),
    (r"Eritrea|Asmara", "ER", "country"),
    (r"Ethiopians", "ET", "people"),
    (r"Ethiopian", "ET", "adj"),
    (r"Ethiopia|Addis Ababa", "ET", "country"),
    (r"Yemenis|Houthis", "YE", "people"),
    (r"Yemeni|Houthi", "YE", "adj"),
    (r"Yemen|Sanaa|Ansar Allah", "YE", "country"),
    # Usual mediators and bystanders
    (r"United Arab Emirates|UAE|Emirati|Abu Dhabi|ОАЕ|ОАЭ|Емірат\w*|Эмират\w*|Emirate\w*", "AE", "country"),
    (r"Qatari|Qatar|Doha|Катар\w*", "QA", "country"),
    (r"Turkish|Turkey|Türkiye|Ankara|Туреч\w*|Турци\w*", "TR", "country"),
    (r"Saudis", "SA", "people"),
    (r"Saudi Arabia|Riyadh", "SA", "country"),
    (r"Saudi", "SA", "adj"),
    (r"Vatican|Holy See|Ватикан\w*", "VA", "country"),
    (r"Omani|Oman|Muscat", "OM", "country"),
    (r"Egyptian|Egypt|Cairo|Єгип\w*|Египт\w*", "EG", "country"),
    (r"Belarusian|Belarus|Minsk|Білорус\w*|Белорус\w*|Беларус\w*|Weißrussland|Belarussisch\w*", "BY",
     "country"),
    (r"Thais|Thai|Thailand", "TH", "country"),
    (r"Filipinos?|Philippines", "PH", "country"),
    (r"Swiss|Switzerland", "CH", "country"),
    (r"Norway|Norwegian", "NO", "country"),
)

_GROUPS: list[tuple[str, str]] = []
_parts: list[str] = []
_initials: set[str] = set()
for _i, (_pat, _code, _kind) in enumerate(_LEXICON):
    _parts.append(f"(?P<g{_i}>{_pat})")
    _GROUPS.append((_code, _kind))
    _initials.update(alt[0] for alt in _pat.split("|"))
# Word boundaries that work for Cyrillic too; "US" must stay upper case (not "us"). The
# lookahead on initial letters lets the engine skip most positions cheaply (speed).
PARTY_RE = re.compile(
    r"(?<![\w.])(?=[" + re.escape("".join(sorted(_initials))) + r"])(?:" + "|".join(_parts) + r")(?![\w])"
)

_NAMES: dict[str, str] = {
    "UA": "Ukraine", "RU": "Russia", "IL": "Israel", "PS": "Palestinians", "US": "United States",
    "VE": "Venezuela", "IR": "Iran", "BE": "Belgium", "AM": "Armenia", "AZ": "Azerbaijan",
    "ER": "Eritrea", "ET": "Ethiopia", "YE": "Yemen", "AE": "United Arab Emirates", "QA": "Qatar",
    "TR": "Turkey", "SA": "Saudi Arabia", "VA": "Vatican", "OM": "Oman", "EG": "Egypt", "BY": "Belarus",
}


@dataclass(frozen=True, slots=True)
class PartyMention:
    """One mention of a side in a text."""

    code: str
    kind: str  # "country", "adj" or "people"
    start: int
    end: int


@lru_cache(maxsize=8192)
def find_parties(text: str) -> tuple[PartyMention, ...]:
    """Every side mentioned in the text, in order (cached: sentences are read several times)."""
    out: list[PartyMention] = []
    for m in PARTY_RE.finditer(text):
        name = m.lastgroup
        if name is None:
            continue
        code, kind = _GROUPS[int(name[1:])]
        out.append(PartyMention(code, kind, m.start(), m.end()))
    return tuple(out)


def party_code(name: str) -> str | None:
    """The ISO code for one name, demonym or capital ("Kyiv" -> "UA"), or None."""
    m = PARTY_RE.fullmatch(name.strip())
    if m is None or m.lastgroup is None:
        return None
    return _GROUPS[int(m.lastgroup[1:])][0]


# Heads of state and government quoted as sources of figures ("Zelensky said 207 ...").
_SPEAKER_RE = re.compile(
    r"(?P<UA>Zelensk\w*|Зеленськ\w*|Зеленск\w*|Yermak|Lubinets)|(?P<RU>Putin|Путин\w*|Путін\w*|Moskalkova"
    r"|Peskov)"
    r"|(?P<IL>Netanyahu)|(?P<AZ>Aliyev)|(?P<AM>Pashinyan)|(?P<US>Biden|Trump)|(?P<VE>Maduro)"
)


def speaker_party(source: str) -> str | None:
    """The side a quoted source speaks for: a party name in it, or a known leader's country."""
    for p in find_parties(source):
        if p.kind in ("adj", "country", "people"):
            return p.code
    m = _SPEAKER_RE.search(source)
    return m.lastgroup if m else None


def party_name(code: str) -> str:
    """A readable English name for an ISO code (the code itself when unknown)."""
    return _NAMES.get(code, code)
