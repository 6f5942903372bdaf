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
    (r"Ukrainians|Ukrainer|українці\w*|українців|українець|українка|украинцы|украинцев|украинец|украинка", "UA",
     "people"),
    (r"Ukrainian|ukrainisch\w*|ukrainien\w*|[Уу]країн[сc]ьк\w*|[Уу]краинск\w*|ЗСУ|ВСУ|AFU", "UA", "adj"),
    (r"Ukraine|Ukraine's|Kyiv|Kiev|Україн[аиуіо]\w*|Украин[аеуы]\w*|Київ\w*|Києв\w*|Киев\w*", "UA",
     "country"),
    # Russia
    (r"Russians|Russen|росіян\w*|россиян\w*", "RU", "people"),
    (r"Russian|russisch\w*|russe|russes|[Рр]осійськ\w*|[Рр]оссийск\w*|русск\w*", "RU", "adj"),
    (r"Kursk|Belgorod|Bryansk|Курськ\w*|Курск\w*|Белгород\w*|Бєлгород\w*|Брянск\w*", "RU", "region"),
    (r"Russia|Russland|Russie|Moscow|Moskau|Kremlin|Росі[яїюіє]\w*|Росси[яиюе]\w*|РФ|Москв\w*|Кремл\w*", "RU",
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
    (r"Yemenis|Houthis|Huthis|Hutis", "YE", "people"),
    (r"Yemeni|Houthi|Huthi|Huti", "YE", "adj"),
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
    (r"Belarusians", "BY", "people"),
    (r"Belarusian|Belarussisch\w*|білоруськ\w*|белорусск\w*", "BY", "adj"),
    (r"Belarus|Minsk|Білорус\w*|Белорус\w*|Беларус\w*|Weißrussland", "BY", "country"),
    (r"Lithuanians", "LT", "people"),
    (r"Lithuanian|литовськ\w*|литовск\w*", "LT", "adj"),
    (r"Lithuania|Vilnius|Литв\w*", "LT", "country"),
    (r"Thais|Thai|Thailand", "TH", "country"),
    (r"Filipinos?|Philippines", "PH", "country"),
    (r"Swiss|Switzerland", "CH", "country"),
    (r"Norway|Norwegian", "NO", "country"),
)

# The rest of the world, in English: "code: names; adjectives; people nouns; capitals" (a broad table, so
# that a swap between any two states is read, not only the pairs seen so far). Looked up word by word
# in a dict (no regex alternation over the whole text). Entries of the lexicon above win on overlap.
# Names that are also common first names or places elsewhere (Jordan, Sofia, Santiago) are left out.
_WORLD_TABLE = """
AF: Afghanistan; Afghan; Afghans; Kabul
AL: Albania; Albanian; Albanians; Tirana
DZ: Algeria; Algerian; Algerians; Algiers
AO: Angola; Angolan; Angolans; Luanda
AR: Argentina; Argentine, Argentinian; Argentines, Argentinians; Buenos Aires
AU: Australia; Australian; Australians; Canberra
AT: Austria; Austrian; Austrians; Vienna
BH: Bahrain; Bahraini; Bahrainis; Manama
BD: Bangladesh; Bangladeshi; Bangladeshis; Dhaka
BO: Bolivia; Bolivian; Bolivians; La Paz
BA: Bosnia, Bosnia and Herzegovina; Bosnian; Bosnians; Sarajevo
BR: Brazil; Brazilian; Brazilians; Brasilia
BG: Bulgaria; Bulgarian; Bulgarians; 
BF: Burkina Faso; Burkinabe; Burkinabes; Ouagadougou
BI: Burundi; Burundian; Burundians; Bujumbura
KH: Cambodia; Cambodian; Cambodians; Phnom Penh
CM: Cameroon; Cameroonian; Cameroonians; Yaounde
CA: Canada; Canadian; Canadians; Ottawa
CF: Central African Republic; Central African; Central Africans; Bangui
TD: Chad; Chadian; Chadians; N'Djamena
CL: Chile; Chilean; Chileans; 
CN: China, People's Republic of China; Chinese; Chinese; Beijing
CO: Colombia; Colombian; Colombians; Bogota
CD: Democratic Republic of Congo, Democratic Republic of the Congo, DR Congo, DRC, Congo; Congolese; Congolese; Kinshasa
CG: Republic of the Congo; ; ; Brazzaville
CR: Costa Rica; Costa Rican; Costa Ricans; 
HR: Croatia; Croatian; Croatians, Croats; Zagreb
CU: Cuba; Cuban; Cubans; Havana
CY: Cyprus; Cypriot; Cypriots; Nicosia
CZ: Czech Republic, Czechia; Czech; Czechs; Prague
DK: Denmark; Danish; Danes; Copenhagen
DO: Dominican Republic; Dominican; Dominicans; Santo Domingo
EC: Ecuador; Ecuadorian, Ecuadorean; Ecuadorians, Ecuadoreans; Quito
SV: El Salvador; Salvadoran, Salvadorean; Salvadorans, Salvadoreans; San Salvador
EE: Estonia; Estonian; Estonians; Tallinn
FI: Finland; Finnish; Finns; Helsinki
FR: France; French; French; Paris
GA: Gabon; Gabonese; Gabonese; Libreville
GM: Gambia; Gambian; Gambians; Banjul
GE: Georgia; Georgian; Georgians; Tbilisi
DE: Germany; German; Germans; Berlin
GH: Ghana; Ghanaian; Ghanaians; Accra
GR: Greece; Greek; Greeks; Athens
GT: Guatemala; Guatemalan; Guatemalans; Guatemala City
GN: Guinea; Guinean; Guineans; Conakry
HT: Haiti; Haitian; Haitians; Port-au-Prince
HN: Honduras; Honduran; Hondurans; Tegucigalpa
HU: Hungary; Hungarian; Hungarians; Budapest
IS: Iceland; Icelandic; Icelanders; Reykjavik
IN: India; Indian; Indians; New Delhi
ID: Indonesia; Indonesian; Indonesians; Jakarta
IQ: Iraq; Iraqi; Iraqis; Baghdad
IE: Ireland; Irish; Irish; Dublin
IT: Italy; Italian; Italians; Rome
CI: Ivory Coast, Cote d'Ivoire; Ivorian; Ivorians; Abidjan
JM: Jamaica; Jamaican; Jamaicans; 
JP: Japan; Japanese; Japanese; Tokyo
JO: Hashemite Kingdom of Jordan; Jordanian; Jordanians; Amman
KZ: Kazakhstan; Kazakh, Kazakhstani; Kazakhs, Kazakhstanis; Astana
KE: Kenya; Kenyan; Kenyans; Nairobi
XK: Kosovo; Kosovar; Kosovars; Pristina
KW: Kuwait; Kuwaiti; Kuwaitis; Kuwait City
KG: Kyrgyzstan; Kyrgyz; Kyrgyz; Bishkek
LA: Laos; Laotian, Lao; Laotians; Vientiane
LV: Latvia; Latvian; Latvians; Riga
LB: Lebanon; Lebanese; Lebanese; Beirut, Hezbollah
LY: Libya; Libyan; Libyans; Tripoli
LU: Luxembourg; ; ; 
MK: North Macedonia, Macedonia; Macedonian; Macedonians; Skopje
MG: Madagascar; Malagasy; Malagasy; Antananarivo
MY: Malaysia; Malaysian; Malaysians; Kuala Lumpur
ML: Mali; Malian; Malians; Bamako
MT: Malta; Maltese; Maltese; Valletta
MR: Mauritania; Mauritanian; Mauritanians; Nouakchott
MX: Mexico; Mexican; Mexicans; Mexico City
MD: Moldova; Moldovan; Moldovans; Chisinau
MN: Mongolia; Mongolian; Mongolians; Ulaanbaatar
ME: Montenegro; Montenegrin; Montenegrins; Podgorica
MA: Morocco; Moroccan; Moroccans; Rabat
MZ: Mozambique; Mozambican; Mozambicans; Maputo
MM: Myanmar, Burma; Burmese, Myanmar; Burmese; Naypyidaw
NP: Nepal; Nepali, Nepalese; Nepalis; Kathmandu
NL: Netherlands; Dutch; Dutch; Amsterdam, The Hague
NZ: New Zealand; New Zealand; New Zealanders; Wellington
NI: Nicaragua; Nicaraguan; Nicaraguans; Managua
NE: Niger; Nigerien; Nigeriens; Niamey
NG: Nigeria; Nigerian; Nigerians; Abuja
KP: North Korea, DPRK; North Korean; North Koreans; Pyongyang
PK: Pakistan; Pakistani; Pakistanis; Islamabad
PA: Panama; Panamanian; Panamanians; Panama City
PY: Paraguay; Paraguayan; Paraguayans; Asuncion
PE: Peru; Peruvian; Peruvians; Lima
PL: Poland; Polish; Poles; Warsaw
PT: Portugal; Portuguese; Portuguese; Lisbon
RO: Romania; Romanian; Romanians; Bucharest
RW: Rwanda; Rwandan; Rwandans; Kigali
RS: Serbia; Serbian; Serbians, Serbs; Belgrade
SN: Senegal; Senegalese; Senegalese; Dakar
SL: Sierra Leone; Sierra Leonean; Sierra Leoneans; Freetown
SG: Singapore; Singaporean; Singaporeans; 
SK: Slovakia; Slovak, Slovakian; Slovaks; Bratislava
SI: Slovenia; Slovenian, Slovene; Slovenians, Slovenes; Ljubljana
SO: Somalia; Somali; Somalis; Mogadishu
ZA: South Africa; South African; South Africans; Pretoria
KR: South Korea; South Korean; South Koreans; Seoul
SS: South Sudan; South Sudanese; South Sudanese; Juba
ES: Spain; Spanish; Spaniards; Madrid
LK: Sri Lanka; Sri Lankan; Sri Lankans; Colombo
SD: Sudan; Sudanese; Sudanese; Khartoum
SE: Sweden; Swedish; Swedes; Stockholm
SY: Syria; Syrian; Syrians; Damascus
TW: Taiwan; Taiwanese; Taiwanese; Taipei
TJ: Tajikistan; Tajik; Tajiks; Dushanbe
TZ: Tanzania; Tanzanian; Tanzanians; Dodoma
TG: Togo; Togolese; Togolese; Lome
TN: Tunisia; Tunisian; Tunisians; Tunis
TM: Turkmenistan; Turkmen; Turkmens; Ashgabat
UG: Uganda; Ugandan; Ugandans; Kampala
GB: United Kingdom, Britain, Great Britain, UK, U.K.; British; Britons; London, Downing Street
UY: Uruguay; Uruguayan; Uruguayans; Montevideo
UZ: Uzbekistan; Uzbek; Uzbeks; Tashkent
VN: Vietnam, Viet Nam; Vietnamese; Vietnamese; Hanoi
ZM: Zambia; Zambian; Zambians; Lusaka
ZW: Zimbabwe; Zimbabwean; Zimbabweans; Harare
"""


def _world() -> dict[str, tuple[str, str]]:
    """Name -> (code, kind) for every entry of the world table."""
    out: dict[str, tuple[str, str]] = {}
    for line in _WORLD_TABLE.strip().splitlines():
        code, rest = line.split(":", 1)
        names, adjs, people, capitals = (part.strip() for part in rest.split(";"))
        # Plural people nouns first: "Chinese" is both, read as people only where no adjective says so.
        for field_, kind in ((capitals, "country"), (names, "country"), (people, "people"), (adjs, "adj")):
            for name in filter(None, (n.strip() for n in field_.split(","))):
                out[name] = (code, kind)
    return out


_WORLD: dict[str, tuple[str, str]] = _world()
_WORLD_MAX_WORDS = max(len(name.split()) for name in _WORLD)
_WORLD_FIRST: frozenset[str] = frozenset(name.split()[0] for name in _WORLD)
# Capitalised words: a world-table lookup starts only at one that begins a name ("Burkina", "Democratic").
# (The boundary is tested after the capital: a pattern that starts with a letter class lets the engine
# jump between capitals.)
_CAP_WORD_RE = re.compile(r"[A-Z](?<![\w.].)[\w'’.-]*")
_WORD_SPAN_RE = re.compile(r"[^\s,;:()]+")


def _bare(word: str) -> str:
    """A word without a possessive or a closing full stop ("Lithuania's" -> "Lithuania")."""
    return word.rstrip(".").removesuffix("'s").removesuffix("’s")


def _world_mentions(text: str) -> list[tuple[str, str, int, int]]:
    """(code, kind, start, end) of every world-table name in the text, longest names first."""
    out: list[tuple[str, str, int, int]] = []
    skip_to = 0
    for m in _CAP_WORD_RE.finditer(text):
        a = m.start()
        if a < skip_to or (m.group(0) not in _WORLD_FIRST and _bare(m.group(0)) not in _WORLD_FIRST):
            continue
        spans = [w.end() for w in _WORD_SPAN_RE.finditer(text, a, a + 60)][:_WORLD_MAX_WORDS]
        for b in reversed(spans):
            phrase = " ".join(text[a:b].split())
            cut = next((c for c in (phrase, phrase.rstrip("."), _bare(phrase)) if c in _WORLD), None)
            if cut is not None:
                out.append((*_WORLD[cut], a, b - (len(phrase) - len(cut))))
                skip_to = b
                break
    return out


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern ("a|b(?:c|d)" -> ["a", "b(?:c|d)"])."""
    out: list[str] = []
    depth = start = i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1
        elif c == "[":
            i = pattern.index("]", i + 2)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def _heads(alternative: str) -> list[tuple[str, str]]:
    """(first letter, rest) for each spelling an alternative starts with ("[Уу]країн" -> У, у + "країн")."""
    if alternative.startswith("["):
        end = alternative.index("]")
        letters, rest = alternative[1:end], alternative[end + 1:]
    else:
        letters, rest = alternative[0], alternative[1:]
    if not all(c.isalpha() for c in letters) or rest[:1] in ("?", "*", "+", "{"):
        msg = f"lexicon alternative {alternative!r} must start with a letter or a class of letters"
        raise ValueError(msg)
    return [(c, rest) for c in letters]


# Group name -> (code, kind). A lexicon entry has one named group under each first letter it can start with.
_GROUP_OF: dict[str, tuple[str, str]] = {}
_by_head: dict[str, list[str]] = {}
for _pat, _code, _kind in _LEXICON:
    _tails: dict[str, list[str]] = {}
    for _alt in _alternatives(_pat):
        for _head, _tail in _heads(_alt):
            _tails.setdefault(_head, []).append(_tail)
    for _head, _rests in _tails.items():
        _name = f"g{len(_GROUP_OF)}"
        _GROUP_OF[_name] = (_code, _kind)
        _by_head.setdefault(_head, []).append(f"(?P<{_name}>{'|'.join(_rests)})")
# One branch per first letter, the lexicon entries under it in lexicon order (so the same entry wins as
# in one alternation of all entries). Every branch starts with its letter: the engine jumps between the
# positions of those letters and tries only the entries that can start there, a fifth of the time of
# one alternation tried at every word. The word boundary that works for Cyrillic too ("US" must stay
# upper case, not "us") is tested just after the letter.


def _party_re(heads: list[str]) -> re.Pattern[str]:
    """One alternation of the lexicon's branches under these first letters (in lexicon order)."""
    return re.compile(
        "(?:" + "|".join(f"{re.escape(head)}(?<![\\w.].)(?:{'|'.join(_by_head[head])})" for head in heads)
        + r")(?![\w])"
    )


PARTY_RE = _party_re(list(_by_head))
# German and French demonyms start with a lower-case Latin letter ("russisch", "ukrainien"): in English text
# their letters start a fifth of all positions, at each of which the engine tries every branch. A text
# holding none of their stems (case-sensitive, as the lexicon is) cannot match those branches: it is
# searched without them, in two fifths of the time.
_LATIN_LOWER_HEADS = [head for head in _by_head if head.isascii() and head.islower()]
_LATIN_LOWER_STEMS = ("israel", "israél", "paläst", "palest", "russ", "ukrain")
_CAPITAL_PARTY_RE = _party_re([head for head in _by_head if head not in _LATIN_LOWER_HEADS])

_NAMES: dict[str, str] = {
    "UA": "Ukraine", "RU": "Russia", "IL": "Israel", "PS": "Palestinians", "US": "United States",
    "VE": "Venezuela", "IR": "Iran", "BE": "Belgium", "AM": "Armenia", "AZ": "Azerbaijan",
    "ER": "Eritrea", "ET": "Ethiopia", "YE": "Yemen", "AE": "United Arab Emirates", "QA": "Qatar",
    "TR": "Turkey", "SA": "Saudi Arabia", "VA": "Vatican", "OM": "Oman", "EG": "Egypt", "BY": "Belarus",
    "LT": "Lithuania",
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
    rx = PARTY_RE if any(stem in text for stem in _LATIN_LOWER_STEMS) else _CAPITAL_PARTY_RE
    for m in rx.finditer(text):
        name = m.lastgroup
        if name is None:
            continue
        code, kind = _GROUP_OF[name]
        out.append(PartyMention(code, kind, m.start(), m.end()))
    taken = [(p.start, p.end) for p in out]
    extra = [PartyMention(code, kind, a, b) for code, kind, a, b in _world_mentions(text)
             if all(b <= s or a >= e for s, e in taken)]
    if extra:
        out = sorted(out + extra, key=lambda p: p.start)
    return tuple(out)


def party_code(name: str) -> str | None:
    """The ISO code for one name, demonym or capital ("Kyiv" -> "UA"), or None."""
    name = name.strip()
    found = find_parties(name)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(name):
        return None
    return found[0].code


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


_WORLD_NAMES: dict[str, str] = {}
for _line in _WORLD_TABLE.strip().splitlines():
    _WORLD_NAMES[_line[:2]] = _line[3:].split(";")[0].split(",")[0].strip()


def party_name(code: str) -> str:
    """A readable English name for an ISO code (the code itself when unknown)."""
    return _NAMES.get(code) or _WORLD_NAMES.get(code, code)
