"""The cheap tests in front of costly patterns rule out only texts the patterns cannot match.

Speed rewrites (substring gates, literal-first patterns, per-letter alternations) must keep every
match as it was; these tests hold them to the original patterns on tricky and random texts.
"""

from __future__ import annotations

import random
import re

import pytest

from swapwatch import cues, dates, numbers, parties, people, sentences, timeline
from swapwatch.counts import _FIGURE_CUE_RE, _FIGURE_CUE_WORDS, _MEDIATION_CUE_RE, _MEDIATION_CUE_WORDS
from swapwatch.cues import caseless, may_contain

GATES = [
    (_FIGURE_CUE_RE, _FIGURE_CUE_WORDS),
    (_MEDIATION_CUE_RE, _MEDIATION_CUE_WORDS),
    (cues.BACKGROUND_RE, cues.BACKGROUND_WORDS),
    (cues.CAPTIVITY_RE, cues.CAPTIVITY_WORDS),
    (cues.CUMULATIVE_RE, cues.CUMULATIVE_WORDS),
    (cues.SWAP_RE, cues.SWAP_WORDS),
    (people.NEGATED_RE, people.NEGATED_WORDS),
]

SAMPLES = [
    "Ukraine and Russia exchanged 95 prisoners each on Friday, mediated by the UAE.",
    "THE PREVIOUS EXCHANGE took place in May; 200 POWs were returned home.",
    "Officials thanked Qatar, which had also carried out an exchange before that.",
    "З полону повернулися 84 захисники, серед них 12 цивільних.",
    "Из плена вернулись 90 военнослужащих, которые находятся в плену с 2022 года.",
    "Lesen: der Gefangenenaustausch im Gegenzug, zuletzt am 5. Dezember; 40 Menschen freigelassen.",
    "Un échange de prisonniers: 30 libérés, au total 300 depuis le début.",
    "Thousands remain in captivity; the number of those still held is unknown.",
    "The men refused to return and were not handed over, so far.",
    "Planes flew 48 detainees from Abha to Sanaa; buses carried them home.",
    "In return, Moscow got back 11 soldiers; a prisoner deal brokered with the help of Turkey.",
]


def _variants(text: str) -> list[str]:
    return [text, text.upper(), text.lower(), text.title(), text.swapcase()]


def _random_texts(words: tuple[str, ...], seed: int) -> list[str]:
    rng = random.Random(seed)
    glue = [" ", "", ", ", ". ", "-", "\n", "'", "s ", "ed ", " the ", " 12 ", "x"]
    pool = [*words, *(w.upper() for w in words), *(w.title() for w in words), "and", "of", "In", "Had", "Last"]
    return ["".join(rng.choice(pool) + rng.choice(glue) for _ in range(rng.randint(1, 6))) for _ in range(3000)]


@pytest.mark.parametrize(("rx", "words"), GATES, ids=lambda g: getattr(g, "pattern", "words")[:24])
def test_a_gate_never_turns_away_a_text_its_pattern_matches(rx: re.Pattern[str], words: tuple[str, ...]) -> None:
    texts = [v for t in SAMPLES for v in _variants(t)] + _random_texts(words, 1)
    for text in texts:
        if rx.search(text):
            assert may_contain(text, words), text


def test_case_traps_are_never_gated() -> None:
    # "ſ" is "s" and "ı" is "i" to re.IGNORECASE, but not to str.lower(): such a text always runs the pattern
    for text in ("prıſoner exchange", "İNCLUDED", "ᲀернули"):
        assert caseless(text) is None
        assert may_contain(text, ("nothing",))


def test_the_case_traps_are_every_letter_ignorecase_equates_with_another_lower_case() -> None:
    words = [w for _, ws in GATES for w in ws] + list(dates._MONTH_STARTS) + list(dates._WEEKDAYS)
    alphabet = {c for w in words for c in w if c.isalpha()}
    everything = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    traps = {c for k in alphabet for c in re.findall(re.escape(k), everything, re.I) if c.lower() != k}
    assert all(cues._CASE_TRAPS_RE.fullmatch(c) for c in traps), sorted(traps)


def _same_matches(old: re.Pattern[str], new: re.Pattern[str], texts: list[str]) -> None:
    for text in texts:
        assert [(m.span(), m.groups()) for m in old.finditer(text)] == \
            [(m.span(), m.groups()) for m in new.finditer(text)], text


def _token_texts(tokens: list[str], seed: int, n: int = 4000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(tokens) for _ in range(rng.randint(1, 12))) for _ in range(n)]


def test_party_pattern_per_first_letter_finds_what_one_alternation_found() -> None:
    groups, alternation, initials = [], [], set()
    for i, (pat, code, kind) in enumerate(parties._LEXICON):
        alternation.append(f"(?P<g{i}>{pat})")
        groups.append((code, kind))
        initials.update(alt[0] for alt in pat.split("|"))
    old = re.compile(r"(?<![\w.])(?=[" + re.escape("".join(sorted(initials))) + r"])(?:" + "|".join(alternation)
                     + r")(?![\w])")
    names = ["Ukraine", "Ukraine's", "Ukrainians", "Ukrainian", "українців", "Україна", "US", "U.S.", "USA", "Russia",
             "Russians", "Kremlin", "Israelis", "Gaza", "Saudi Arabia", "Saudis", "Qatari", "Thais", "Filipino"]
    glue = [" ", ".", "x", "'", "’", "-", "\n", "s", "(", "é", "ї", " and "]
    texts = SAMPLES + _token_texts(names + glue, 2)
    for text in texts:
        assert [(m.span(), groups[int(m.lastgroup[1:])]) for m in old.finditer(text) if m.lastgroup] == \
            [(m.span(), parties._GROUP_OF[m.lastgroup]) for m in parties.PARTY_RE.finditer(text) if m.lastgroup], text
    _same_matches(re.compile(r"(?<![\w.])[A-Z][\w'’.-]*"), parties._CAP_WORD_RE, texts)


def test_number_patterns_rewritten_for_speed_find_the_same_numbers() -> None:
    forms = numbers._FOREIGN_FORMS
    old_foreign = re.compile(rf"(?=[{''.join(sorted({f[0] for f in forms}))}])(?<![\w'’])(?:"
                             + "|".join(map(re.escape, forms)) + r")(?![\w'’])")
    old_numeral = re.compile(r"(?<![\w.,])(\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+|\d+)(?![\w]|[.,]\d)")
    tokens = [*forms[:60], "1", "12", "1,000", "1.000", "12 345", "3.5", "x", ".", ",", "'", "’", " ", " ", "-", "\u00a0"]
    texts = SAMPLES + _token_texts(tokens, 3)
    _same_matches(old_foreign, numbers._FOREIGN_RE, texts)
    _same_matches(old_numeral, numbers._NUMERAL_RE, texts)
    for text in texts:
        if numbers._EN_RUN_RE.search(text):
            assert may_contain(text, numbers._EN_GATE_WORDS), text
        if numbers._FOREIGN_RE.search(text):
            assert numbers._CYRILLIC_RE.search(text) or may_contain(text, numbers._LATIN_FOREIGN_WORDS), text


def test_boundary_year_and_pow_patterns_rewritten_for_speed_match_as_before() -> None:
    tokens = [".", "!", "?", "…", "\"", "”", "»", "’", ")", " ", "\n", "\n\n", "“", "«", "(", "A", "a", "Я", "0",
              "2024", "12024", "a2024", "_2024", "2050", "pow", "pows", "power", "x"]
    texts = _token_texts(tokens, 4, 8000)
    _same_matches(re.compile(r"(?<=[.!?…])[\"”»’)]*\s+(?=[\"“«‘(]?[A-ZА-ЯІЇЄҐ0-9])|\n+"), sentences._BOUNDARY_RE, texts)
    _same_matches(re.compile(r"\b(20[0-4]\d)\b"), timeline._YEAR_RE, texts)
    _same_matches(re.compile(r"\b(\d{1,2})\.?\s+([^\W\d_]{3,12})\b(?:\s+(20\d\d|19\d\d))?"), dates._DMY_RE,
                  texts + _token_texts(["5", "12", " ", ". ", "May", "травня", "2023", "x"], 5))
    from swapwatch.analysis import _POWS
    for text in texts:
        assert (re.search(r"\bpows?\b", text) is None) == (_POWS.search(text) is None), text


def test_date_patterns_tried_only_at_word_starts_find_every_date() -> None:
    tokens = ["May", "may", "Mayor", "March", "mar", "Dec.", "in", "In", "since", "mid-", "end of", "beginning of",
              "в", "у", "травня", "мая", "ма", "Monday", "MONDAY", "п'ятниця", "Friday's", "day", "weeks", "ago",
              "earlier this", "this", "previous", "month", "минулого", "5", "12", "2023", "3rd", ",", " ", "\n",
              "x", "Januar", "März", "août"]
    texts = SAMPLES + _token_texts(tokens, 6)
    cases = [(dates._MONTH_ONLY_RE, dates._MONTH_ONLY_STARTS), (dates._WEEKDAY_RE, tuple(dates._WEEKDAYS)),
             (dates._AGO_RE, dates._AGO_STARTS), (dates._MONTH_BACK_RE, dates._MONTH_BACK_STARTS)]
    for rx, starts in cases:
        for text in texts:
            assert [m.span() for m in rx.finditer(text)] == [m.span() for m in dates._finditer_at(rx, text, starts)]
    for text in texts:  # _MDY_RE: the matches whose word is a month's
        def months(ms: list[re.Match[str]]) -> list[tuple[int, int]]:
            return [m.span() for m in ms if dates._MONTH_WORD_RE.fullmatch(m.group(1))]
        assert months(list(dates._MDY_RE.finditer(text))) == \
            months(list(dates._finditer_at(dates._MDY_RE, text, dates._MONTH_STARTS)))
