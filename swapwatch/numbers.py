"""Numbers as news writes them: numerals ("1,000", "1 000", "3035") and numbers in words.

English words are parsed fully ("two hundred and seven", "eighty-four", "a dozen"); Ukrainian,
Russian, German and French get the small cardinals that headlines use ("вісім", "восемь", "zwei").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from swapwatch.cues import caseless, caseless_twin, finditer_lowered, holds_any, starts_word_with_any

_UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000}
# Small cardinals of the other corpus languages: cheap, and enough for "вісім цивільних".
_FOREIGN: dict[str, int] = {
    # Ukrainian
    "один": 1, "одна": 1, "два": 2, "дві": 2, "двоє": 2, "три": 3, "троє": 3, "чотири": 4,
    "п'ять": 5, "п’ять": 5, "шість": 6, "сім": 7, "вісім": 8, "дев'ять": 9, "дев’ять": 9,
    "десять": 10, "двадцять": 20, "сто": 100, "двох": 2, "трьох": 3, "чотирьох": 4, "п'ятьох": 5,
    "п’ятьох": 5, "шістьох": 6,
    # Russian
    # Collective numerals ("шестеро цивільних", "трое жителей"), Ukrainian and Russian alike
    "четверо": 4, "п'ятеро": 5, "п’ятеро": 5, "шестеро": 6, "семеро": 7, "восьмеро": 8, "дев'ятеро": 9,
    "дев’ятеро": 9, "десятеро": 10, "пятеро": 5, "девятеро": 9,
    "одного": 1, "двое": 2, "трое": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
    "восемь": 8, "девять": 9, "двадцать": 20, "двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "четырёх": 4,
    # Ukrainian and Russian teens, tens and hundreds: compounds ("двісті п'ять", "сто пятьдесят") add up
    "одинадцять": 11, "дванадцять": 12, "тринадцять": 13, "чотирнадцять": 14, "п'ятнадцять": 15,
    "п’ятнадцять": 15, "шістнадцять": 16, "сімнадцять": 17, "вісімнадцять": 18, "дев'ятнадцять": 19,
    "дев’ятнадцять": 19, "тридцять": 30, "сорок": 40, "п'ятдесят": 50, "п’ятдесят": 50, "шістдесят": 60,
    "сімдесят": 70, "вісімдесят": 80, "дев'яносто": 90, "дев’яносто": 90, "двісті": 200, "триста": 300,
    "чотириста": 400, "п'ятсот": 500, "п’ятсот": 500, "шістсот": 600, "сімсот": 700, "вісімсот": 800,
    "дев'ятсот": 900, "дев’ятсот": 900,
    "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15,
    "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19, "тридцать": 30,
    "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80, "девяносто": 90, "двести": 200,
    "четыреста": 400, "пятьсот": 500, "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900,
    # German
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
    "zehn": 10, "zwölf": 12, "zwanzig": 20,
    # French
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
}
_DOZEN = {"dozen": 12}


def _minimal(words: list[str]) -> tuple[str, ...]:
    """The words that contain none of the others ("four" stands for "fourteen" in a substring test)."""
    return tuple(sorted(w for w in set(words) if not any(v != w and v in w for v in words)))


_EN_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "dozen", "a", "and"], key=len, reverse=True))
_EN_REAL = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "dozen"], key=len, reverse=True))
# A run of English number words, e.g. "two hundred and seven", "eighty-four", "a dozen". A run
# starts on a number word (or "a" before a scale): the many plain "a"/"and" never start one (speed).
_EN_RUN_RE = re.compile(
    # The word boundary first: it turns away the letters inside words before the first-letter test.
    r"\b(?=[zotfsenhdaZOTFSENHDA])"
    rf"(?:a[\s-]+(?=(?:hundred|thousand|dozen)\b))?(?:{_EN_REAL})(?:(?:[\s-]+)(?:{_EN_WORD}))*\b",
    re.IGNORECASE,
)
caseless_twin(_EN_RUN_RE)  # searched in the lower-cased text: IGNORECASE tries every alternative at each word
# Case-sensitive alternatives (lower, Capitalised, UPPER) are much faster than IGNORECASE on Unicode.
_FOREIGN_FORMS = sorted({f for w in _FOREIGN for f in (w, w.capitalize(), w.upper())}, key=len, reverse=True)
_FOREIGN_BY_INITIAL: dict[str, list[str]] = {}
for _form in _FOREIGN_FORMS:
    _FOREIGN_BY_INITIAL.setdefault(_form[0], []).append(re.escape(_form[1:]))
# One branch per initial letter, longest forms first within it as in one alternation of all forms. A
# pattern whose branches start with a letter lets the engine jump between the positions of those
# letters; the word boundary is tested just after the letter.
_FOREIGN_RE = re.compile(
    "(?:" + "|".join(f"{re.escape(initial)}(?<![\\w'’].)(?:{'|'.join(rests)})"
                     for initial, rests in _FOREIGN_BY_INITIAL.items()) + r")(?![\w'’])"
)
# Thousands separated by comma, dot, space or no-break space ("1,000", "1.212", "4 349");
# a bare run of digits otherwise. Decimals ("4,3 тысячи") are left alone on purpose.
# (The first digit is matched before the boundary test: a pattern that starts with a digit lets the engine
# jump between digits.)
_NUMERAL_RE = re.compile(r"(\d(?<![\w.,]\d)(?:\d{0,2}(?:[,.\u00a0\u202f ]\d{3})+|\d*))(?![\w]|[.,]\d)")


# Gates: every English number run holds one of these words, in any case, at the start of a word (each
# number word begins with one: "four" for "fourteen"); every foreign form starts with a Cyrillic letter
# or holds one of the Latin-letter words (forms are the words lower-case, Capitalised or UPPER). Most
# sentences of an English report hold neither, and the tests cost a tenth of the scans. (A word-start
# test, not a substring one: "one" is inside "someone", "phone" and "money", "ten" inside "often".)
_EN_GATE_WORDS = tuple(sorted(w for w in {*_UNITS, *_TENS, *_SCALES, "dozen"}
                              if not any(v != w and w.startswith(v) for v in (*_UNITS, *_TENS, *_SCALES))))
_LATIN_FOREIGN_WORDS = _minimal([w for w in _FOREIGN if w[0].isascii()])
_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One number found in a text: its value and character span."""

    value: int
    start: int
    end: int
    words: bool  # True when written in words ("forty-three")


def parse_number(text: str) -> int | None:
    """Parse one numeral or English/UK/RU number phrase; None when it is not a number."""
    s = text.strip().lower()
    if not s:
        return None
    if s[0].isdigit():
        digits = re.sub(r"[,.\u00a0\u202f ]", "", s)
        return int(digits) if digits.isdigit() else None
    if s in _FOREIGN:
        return _FOREIGN[s]
    return _parse_english(s)


def _parse_english(s: str) -> int | None:
    """Sum English number words: "two hundred and seven" -> 207, "a dozen" -> 12."""
    tokens = [t for t in re.split(r"[\s-]+", s) if t and t != "and"]
    if not tokens:
        return None
    total = current = 0
    seen = False
    for i, tok in enumerate(tokens):
        if tok == "a":
            # "a" counts only as "one" before a scale word ("a hundred", "a dozen").
            if i + 1 < len(tokens) and (tokens[i + 1] in _SCALES or tokens[i + 1] in _DOZEN):
                current += 1
                continue
            return None
        if tok in _UNITS:
            current += _UNITS[tok]
        elif tok in _TENS:
            current += _TENS[tok]
        elif tok in _DOZEN:
            current = max(current, 1) * 12
        elif tok == "hundred":
            current = max(current, 1) * 100
        elif tok == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _open_place(value: int) -> int:
    """The place a following smaller number word may fill: 100 for "сто", 10 for "сто п'ятдесят", 1 for 205."""
    digits = str(value)
    return int(10 ** (len(digits) - len(digits.rstrip("0"))))


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in the text (numerals and words), in order of appearance."""
    found: list[NumberMention] = []
    for m in _NUMERAL_RE.finditer(text):
        value = parse_number(m.group(1))
        if value is not None:
            found.append(NumberMention(value, m.start(1), m.end(1), words=False))
    lowered = caseless(text)
    for m in finditer_lowered(_EN_RUN_RE, text, lowered) if starts_word_with_any(text, lowered, _EN_GATE_WORDS) \
            else ():
        phrase = text[m.start():m.end()]  # the twin's match holds lower-cased text
        # Trim joiners at the edges ("and seven" -> "seven"; "two hundred and" -> "two hundred").
        lead = re.match(r"(?i)(?:(?:a|and)[\s-]+)*", phrase)
        start = m.start() + (lead.end() if lead else 0)
        core = text[start:m.end()]
        core = re.sub(r"(?i)(?:[\s-]+(?:a|and))+$", "", core)
        if not core or core.lower() in {"a", "and"}:
            # "a dozen" keeps its article: retry with the article included.
            continue
        if re.match(r"(?i)dozen", core) and re.search(r"(?i)\ba[\s-]+$", text[max(0, start - 3):start]):
            start -= 2
            core = text[start:start + len(core) + 2]
        if re.match(r"(?i)(?:hundred|thousand)\b", core) \
                and not re.search(r"(?i)\b(?:a|one)[\s-]+$", text[max(0, start - 4):start]):
            continue  # "several hundred", "many thousand": a vague quantity, never a count
        if re.fullmatch(r"(?i)one", core) \
                and re.search(r"(?i)\b(?:each|every|any|no)\s+$", text[max(0, start - 7):start]):
            continue  # "for each one", "every one of them": a pronoun, not a count
        value = parse_number(core)
        if value is not None:
            found.append(NumberMention(value, start, start + len(core), words=True))
    last: NumberMention | None = None
    foreign = (not text.isascii() and _CYRILLIC_RE.search(text) is not None) \
        or holds_any(lowered, _LATIN_FOREIGN_WORDS)
    for m in _FOREIGN_RE.finditer(text) if foreign else ():
        value = parse_number(m.group(0))
        if value is None:
            continue
        if last is not None and text[last.end:m.start()].isspace() and value < _open_place(last.value) \
                and not m.group(0)[0].isupper():
            # "двісті п'ять" = 205, "сто пятьдесят три" = 153: a larger round word then smaller ones
            found[-1] = last = NumberMention(last.value + value, last.start, m.end(), words=True)
            continue
        last = NumberMention(value, m.start(), m.end(), words=True)
        found.append(last)
    found.sort(key=lambda n: n.start)
    return found
