"""People nouns and the phrasing around figures: the vocabulary figures.py reads with.

Categories of people ("servicemen" military, "civilians" civilian, "remains" bodies, "prisoners"
undifferentiated), the modifiers news puts between a number and its noun, and the frames that
make a number symmetric ("each side"), a formula ("60-for-60"), or one described person.
"""

from __future__ import annotations

import re

_MIL = (
    r"prisoners?[- ]of[- ]war|POWs?|PoWs?|servicem[ae]n|servicewom[ae]n|service[- ]?members?"
    r"|service[- ]?personnel|service[- ]?people|servicemembers|military personnel|soldiers?|troops|fighters?"
    r"|військовий|военный"
    r"|defenders?|marines?|border guards?|guardsmen|national guards(?:men)?|officers?|sergeants?|warriors?"
    r"|combatants?|conscripts?|paratroopers?|personnel|військовополонен\w*|військовослужбов\w*|військових"
    r"|захисник\w*|бійц\w*|воїн\w*|оборонц\w*|военнопленн\w*|военнослужащ\w*|военных|бойц\w*|солдат\w*"
    r"|защитник\w*|Soldaten|Kriegsgefangene\w*|soldats|militaires|prisonniers de guerre"
)
_CIV = (
    r"civilians?|political prisoners|civil prisoners|fishermen|fishers|residents|inhabitants|цивільн\w*"
    r"|мирн\w+ (?:жител\w*|мешкан\w*)"
    r"|жител\w*|мешканц\w*|мешкан\w*|гражданск\w+ лиц\w*"
    r"|Zivilist\w*|civils"
)
MIL_NOUNS, CIV_NOUNS = _MIL, _CIV  # for predicates that name a group's category ("were servicemen")
_BOD = r"bodies|remains|corpses|тіл\w*|тела|тел|Leichen|dépouilles"
_GEN = (
    r"prisoners?|people|persons|individuals|detainees|captives|hostages|women|men|children|minors|teenagers"
    r"|teens|citizens|nationals|sailors|guys|inmates|nephews|nieces|sons|daughters|brothers|sisters|cousins"
    r"|relatives|family members|полонен\w*|людей|людини|люди|осіб|особи|громадян\w*"
    r"|пленн\w*|человек|граждан\w*|заложник\w*|Gefangene\w*|Menschen|Personen|Geiseln|Häftling\w*|prisonniers|personnes"
    r"|détenus|otages"
)
_MOD = (
    r"(?:captured|captive|wounded|severely|seriously|badly|injured|ill|sick|female|male|young|former|more"
    r"|other"
    r"|additional|living|surviving|detained|released|freed|returned|civilian|military|held|killed|dead|fallen|newly|kidnapped"
    r"|abducted|illegally|POW|PoW|war|army|navy|our|its|their|own|of our|of its own|of its|of their own|the"
    r"|exchanged|imprisoned|jailed|wrongfully|political|Azov|[A-Z][a-z]+(?:-[A-Z][a-z]+)?|of [A-Z][a-z]+['’]s"
    r"|U\.S\.|U\.K\.|weitere[nr]?"
    r"|[а-яіїєґё'’]+(?:их|ых|ого|ої|їх|ий|ый|ій)|[a-zäöü]+ische[nrs]?|[a-zé]+(?:ien|iens|iennes|ais|aises))"
)
# A number's noun phrase: up to four modifiers, then the people noun that names the category.
NP_RE = re.compile(
    rf"^(?P<mods>(?:[\s-]+{_MOD}){{0,4}}?)[\s-]+(?i:(?P<mil>{_MIL})|(?P<civ>{_CIV})|(?P<bod>{_BOD})"
    # "112 пленных военнослужащих": a general noun before a category noun only modifies it
    rf"|(?P<gen>(?:{_GEN})\b(?![\s-]+(?:{_MIL}|{_CIV})\b)))\b",
)
# "60-for-60", "146 на 146", "25 for 25"
FORMULA_RE = re.compile(
    r"(\d[\d,]*)\s*(?:-|–|‑)?\s*(?:for|на|за|gegen|contre|х)\s*(?:-|–|‑)?\s*(\d[\d,]*)", re.I,
)
# "a 197-for-175 exchange in Ukraine's favour": the first number went to the favoured side.
FAVOUR_RE = re.compile(
    r"^[^.;\d]{0,40}?\bin\s+(?:the\s+)?favou?r\s+of\s+(?:the\s+)?(?P<a>\S+)"
    r"|^[^.;\d]{0,40}?\bin\s+(?P<b>\S+?)['’]s?"
    r"\s+favou?r\b", re.I,
)
EACH_AFTER_RE = re.compile(
    r"^[^.;\d]{0,40}?\b(?:each|apiece|from each side|on each side|on both sides|per side|per country"
    r"|for each side|from both sides|each way)\b", re.I,
)
# One of these (lower-cased) is in the first 60 characters of every text EACH_AFTER_RE matches.
EACH_AFTER_WORDS = ("each", "apiece", "both sides", "per side", "per country")
EACH_BEFORE_RE = re.compile(
    r"(?:\beach(?: side| country| party)?(?:\s+[\w-]+){0,3}\s+|\bпо\s+|each side releasing\s+"
    r"|\bjede Seite(?:\s+[\w-]+){0,3}\s+|\bbeide Seiten(?:\s+[\w-]+){0,3}\s+je\s+)$", re.I,
)
# One of these (lower-cased) is in every text EACH_BEFORE_RE matches.
EACH_BEFORE_WORDS = ("each", "по", "jede seite", "beide seiten")
# Number words small enough to count people one by one ("four nationals", "two Belarusians").
SMALL_NUMBER_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
# A count just before a noun: "three Lithuanians", "190 Ukrainian servicemen", "dozens of".
COUNTED_BEFORE_RE = re.compile(
    rf"(?:\d|\b(?:{SMALL_NUMBER_WORDS}|dozens?|hundreds?|thousands?))\s+(?:[a-z]+\s+)?$", re.I)
CIV_TAIL_RE = re.compile(
    r"^(?:(?!\b(?:of (?:them|whom)|including|among|з них|из них|серед них"
    # "four nationals - two servicemen and two civilians": a breakdown names its own parts
    rf"|{SMALL_NUMBER_WORDS}"
    # "303 people, a group that included both soldiers and civilians": a mixed group
    r"|soldiers|servicemen|troops|military)\b)[^.;\d]){0,50}?"
    r"\b(?:residents|civilian|мирн\w*|цивільн\w*)",
    re.I,
)
# One of these (lower-cased) is in the first 60 characters of every text CIV_TAIL_RE matches.
CIV_TAIL_WORDS = ("residents", "civilian", "мирн", "цивільн")
# The first-letter test before the boundary: half the cost of trying every alternative at every word.
NEAR_VERB_RE = re.compile(
    r"(?i)(?=[rfhgtbawclseiпзовüé])\b(?:return\w*|releas\w*|free[ds]?|freeing|hand(?:ed|s|ing)? (?:over|back)"
    r"|given back|transferr?\w*"
    r"|brought|bring\w*|flown|flew|airlifted|bused|bussed|went (?:each way|home|back|free)"
    r"|c[oa]me home|got back|receiv\w*|repatriat\w*|liberat\w*|secur\w*|arrived|crossed|sent back|send back"
    r"|home|exchang\w*|swap\w*|swop\w*|traded|involv\w*|includ\w*|comprised|поверн\w*|звільн\w*|передал\w*"
    r"|передан\w*|(?:получил|отримал)[аи]?(?!\s+(?:ранени|поранен|травм))|обмін\w*|вернул\w*|вернувш\w*|возвращ\w*|освобо\w*|обмен\w*|ausgetauscht|freigelassen"
    r"|übergeben|entließ|entlassen|libér\w*|échang\w*)"
)
# Dates after these words date talks, captures or deadlines, not the exchange.
NOT_EVENT_DATE_RE = re.compile(
    r"\b(?:reached|(?<!exchange, )(?<!exchange )(?<!swap, )(?<!swap )held"
    r"|agreed|agreement|talks|negotiations?|meeting|summit|signed|since|captured|arrested"
    r"|abducted|until|crash\w*|launched|began|started|born|sentenced|detained|invasion|(?<!of )(?<!of-)war"
    r"|conflict|offensive|attack|incursion|who had)\b[^.]{0,40}$",
    re.I,
)
# A figure governed by a verb that is not a handover ("was carrying 65 captured soldiers").
BLOCKING_VERB_RE = re.compile(
    r"(?i)\b(?:carrying|carried|capturing|captured|capture|captures|killed|kill|holding|holds|held|detaining|detains"
    r"|named"
    r"|listed|list of|lists of|names of|список|списки|списке|списку"
    r"|abducted|seized|took|taken|missing|wounded|injured"
    # "interviewed 187 prisoners freed in exchanges": the people a report spoke to, not a handover
    r"|interviewed|interviewing|surveyed|questioned|spoke (?:to|with)|talked (?:to|with)|examined|treated)"
    r"\s+(?:\w+\s+)?$"
)
# One of these (lower-cased) is in every text BLOCKING_VERB_RE matches: most windows before a figure have none.
BLOCKING_WORDS = (
    "carr", "captur", "kill", "hold", "held", "detain", "name", "list", "список", "списк", "abducted", "seized",
    "took", "taken", "missing", "wounded", "injured", "interview", "surveyed", "questioned", "spoke ", "talked ",
    "examined", "treated",
)
NEGATED_RE = re.compile(
    r"(?i)\b(?:refused|declined|chose to (?:stay|remain)|wishing to (?:stay|remain)|did not (?:return|want)"
    r"|were not|was not|not yet|відмовил\w*|отказал\w*)\b"
)
# One of these (lower-cased) is in every text NEGATED_RE matches.
NEGATED_WORDS = ("refused", "declined", "chose to ", "wishing to ", "did not ", "were not", "was not", "not yet",
                 "відмовил", "отказал")
# "the exchange, which ended on May 25": a completed exchange named inside a plan or agreement.
COMPLETED_AFTER_RE = re.compile(
    r"^[\"”»’\s]*(?:[\w-]+\s+){0,3}?(?:exchange|swap|swop|handover)s?,?\s+(?:which"
    r"|that)\s+(?:[^,.;]{0,40}?\b)?"
    r"(?:ended|took place|was (?:completed|carried out|held|conducted)|concluded|happened|finished)\b",
    re.I,
)
RANKING_RE = re.compile(r"(?i)\b(?:largest|biggest|first|most|major|significant)\b")
HELD_SINCE_RE = re.compile(r"(?i)\b(?:held|captured|detained|imprisoned|jailed|captivity|been|missing)\s+$")
# "remain" as a verb; "the remains of 34 soldiers" are bodies handed over
STILL_HELD_RE = re.compile(r"(?i)^\s*(?:\w+\s+){0,2}?(?:are|is|remain(?!s\s+of\b)\w*|were being|are being|still)\b")
INCLUSION_WORD_RE = re.compile(
    r"(?i)\b(?:comprised|compris\w*|consisted of|included|includes|including|among|серед|среди)\b",
)
INCLUSION_RE = re.compile(
    r"(?i)\b(?:comprised|compris\w*|consisted of|included|includes|including|along with|as well as"
    r"|also received"
    r"|among them|among|серед|среди)\b[^.;\d]{0,50}$"
)
# One of these (lower-cased) is in every text INCLUSION_RE matches.
INCLUSION_WORDS = ("compris", "consisted of", "includ", "along with", "as well as", "also received", "among", "серед",
                   "среди")
# "for the same number of Russian soldiers", "gegen die gleiche Anzahl russischer Soldaten"
SAME_NUMBER_RE = re.compile(
    r"(?i)\b(?P<lead>in exchange for|in return for|for|against|gegen|contre|and|while)\s+"
    r"(?:the same|an equal|die gleiche|dieselbe|die selbe|le même|таку ж|таку саму|такое же)\s+"
    r"(?:number|amount|Anzahl|Zahl|nombre|кількість|количество)(?:\s+(?:of|de|d['’]))?(?P<np>[^,.;]{0,50})"
)
PERSON = (
    r"aid worker|worker|diplomat|businessman|businesswoman|journalist|reporter|pilot|student|teacher|schoolteacher"
    r"|doctor|activist|tourist|athlete|basketball star|player|commander|mayor|spy|agent|dissident|blogger|priest"
    r"|academic|researcher|scholar|lawyer|contractor|executive|marine|soldier|serviceman|veteran|arms dealer"
    r"|dealer|man|woman|citizen|national|engineer|scientist|nurse|musician|photographer|filmmaker|writer"
    r"|entrepreneur|investor|programmer|employee|professor|pastor|missionary|sailor|artist|chef|cyclist"
    r"|climber|hiker|photojournalist|retiree"
)
# "a Belgian aid worker", "an Iranian diplomat", "Colombian businessman Alex Saab": one person.
SINGLE_RE = re.compile(
    rf"(?:\b(?:[Aa]n?|[Oo]ne)\s+(?:[A-Z][\w-]+\s+)(?:[a-z]+\s+)?(?:{PERSON})\b"
    rf"|\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+(?:{PERSON})\s+(?=[A-Z][a-z]+\s+[A-Z][a-z]+))"
)
DATE_TAIL_RE = re.compile(
    r"^(?:st|nd|rd|th|-?(?:day|year|month|hour|week|minute)s?\b|\s*%|\s*per ?cent|\.\s?[A-ZА-Я]|-й|-го)"
)
POW_RE = re.compile(r"(?i)prisoners?[- ]of[- ]war|\bPOWs?\b|військовополонен|военнопленн")
# The phrases that trade one group for another ("in exchange for", "в обмін на").
TRADED_FOR = r"in exchange for|in return for|в обмін на|взамін на|в обмен на"
FOR_BEFORE_RE = re.compile(rf"(?i)\b(?:{TRADED_FOR}|for|against)\s+(?:the\s+)?$")
# Apposition: "Ukrainian defenders, 103 of them, came home": the noun phrase stands before the number.
APPOSITION_AFTER_RE = re.compile(r"^\s+of them\b")
APPOSITION_BEFORE_RE = re.compile(
    rf"(?P<np>(?:[\w’'-]+\s+){{0,2}}?(?i:(?P<mil>{_MIL})|(?P<civ>{_CIV})|(?P<gen>{_GEN}))),\s*$"
)
# A breakdown told as a predicate: "Among the 207 returned, 180 were servicemen and 27 civilians".
PREDICATE_RE = re.compile(r"^\s+(?:were|was|are)(?:\s+all)?(?=\s)")
# Soldiers named anywhere in a text: "The 95 defenders who returned from captivity".
MILITARY_RE = re.compile(rf"\b(?i:{_MIL})\b")
