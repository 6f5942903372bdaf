"""The cheap tests in front of costly patterns rule out only texts the patterns cannot match.

Speed rewrites (substring gates, literal-first patterns, per-letter alternations) must keep every
match as it was; these tests hold them to the original patterns on tricky and random texts.
"""

from __future__ import annotations

import random
import re

import pytest

from swapwatch import classify, cues, dates, figures, individuals, numbers, parties, people, sentences, timeline
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
    "Armenia did not release anyone in return. This was not a prisoner swap; Baku didn't reciprocate.",
    "The lists were exchanged, and the documents have been swapped, in exchange for maps, not people.",
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
    words = [w for _, ws in GATES + SEARCH_GATES + HEAD_GATES for w in ws] + list(dates._MONTH_STARTS) \
        + list(dates._WEEKDAYS) + list(cues.APPROX_ENDINGS) + [w.lower() for rx in cues._TWINS for w in _pattern_words(rx)]
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
            assert cues.starts_word_with_any(text, caseless(text), numbers._EN_GATE_WORDS), text
        if numbers._FOREIGN_RE.search(text):
            assert numbers._CYRILLIC_RE.search(text) or may_contain(text, numbers._LATIN_FOREIGN_WORDS), text


def test_the_word_start_gate_never_turns_away_an_english_number_run() -> None:
    words = [*numbers._UNITS, *numbers._TENS, *numbers._SCALES, "dozen", "a", "and"]
    tokens = [*words, *(w.upper() for w in words), *(w.title() for w in words), "some", "ph", "of", "_", "x", "1",
              "é", "Ⅰ", "²", "ſ", "ı", " ", " ", "-", "(", "'", "\n"]
    texts = SAMPLES + _token_texts(tokens, 19)
    for text in texts:
        if numbers._EN_RUN_RE.search(text):
            assert cues.starts_word_with_any(text, caseless(text), numbers._EN_GATE_WORDS), text
    for text in ("someone", "phone", "often", "_one", "xOne", "1one", "éone", "Ⅰone", "²two"):
        assert not cues.starts_word_with_any(text, caseless(text), ("one", "two")), text
    for text in ("one", "someone, one", "(One", "-ONE", "someone one", "'one", "ſomeone"):
        assert cues.starts_word_with_any(text, caseless(text), ("one",)), text


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
    cases = [(dates._WEEKDAY_RE, tuple(dates._WEEKDAYS)), (dates._AGO_RE, dates._AGO_STARTS),
             (dates._MONTH_BACK_RE, dates._MONTH_BACK_STARTS)]
    for rx, starts in cases:
        for text in texts:
            assert [m.span() for m in rx.finditer(text)] == [m.span() for m in dates._finditer_at(rx, text, starts)]
    for text in texts + _token_texts(["in", "IN", "en", "ſ", "im", "Mai", "May", "mAY", "\u00a0", "  ", "-", "mid-"], 9):
        assert [(m.span(), m.groups()) for m in dates._MONTH_ONLY_RE.finditer(text)] == \
            [(m.span(), m.groups()) for m in dates._month_only_matches(text)], text
    for text in texts:  # _MDY_RE: the matches whose word is a month's
        def months(ms: list[re.Match[str]]) -> list[tuple[int, int]]:
            return [m.span() for m in ms if dates._MONTH_WORD_RE.fullmatch(m.group(1))]
        assert months(list(dates._MDY_RE.finditer(text))) == \
            months(list(dates._finditer_at(dates._MDY_RE, text, dates._MONTH_STARTS)))


# Word gates of the patterns asked about the window before a figure (and a few more): the gate holds
# wherever the pattern matches.
SEARCH_GATES = [
    (cues.BODIES_BEFORE_RE, cues.BODIES_WORDS),
    (cues.COMBINED_RE, cues.COMBINED_WORDS),
    (cues.SUBSET_BEFORE_RE, cues.SUBSET_BEFORE_WORDS),
    (people.EACH_BEFORE_RE, people.EACH_BEFORE_WORDS),
    (people.BLOCKING_VERB_RE, people.BLOCKING_WORDS),
    (people.INCLUSION_RE, people.INCLUSION_WORDS),
    (figures._CARRY_VERB_RE, figures._CARRY_WORDS),
]
# Gates on the first 60 characters, for patterns anchored at the start whose word must come early.
HEAD_GATES = [(people.CIV_TAIL_RE, people.CIV_TAIL_WORDS), (people.EACH_AFTER_RE, people.EACH_AFTER_WORDS)]


def _pattern_words(rx: re.Pattern[str]) -> list[str]:
    """The literal letter runs of a pattern's source: the pieces its matches are made of."""
    return [w for w in re.findall(r"(?<!\\)[^\W\d_]{2,}", rx.pattern) if w not in ("P", "i")]


def _gate_texts(rx: re.Pattern[str], words: tuple[str, ...], seed: int) -> list[str]:
    rng = random.Random(seed)
    pool = [*words, *_pattern_words(rx)]
    glue = [" ", "  ", "", ", ", ". ", "-", "\n", "'", " the ", " of ", " 12 ", "x", " were ", " all ", "ſ"]
    texts = [v for t in SAMPLES for v in _variants(t)]
    for _ in range(3000):
        parts = [rng.choice([w, w.upper(), w.title()]) + rng.choice(glue)
                 for w in (rng.choice(pool) for _ in range(rng.randint(1, 8)))]
        texts.append(rng.choice(["", " ", "x" * rng.randint(1, 70) + " "]) + "".join(parts))
    return texts


@pytest.mark.parametrize(("rx", "words"), SEARCH_GATES + HEAD_GATES, ids=lambda g: getattr(g, "pattern", "w")[:24])
def test_a_figure_window_gate_never_turns_away_a_text_its_pattern_matches(rx: re.Pattern[str],
                                                                          words: tuple[str, ...]) -> None:
    head = (rx, words) in HEAD_GATES
    for text in _gate_texts(rx, words, 11):
        if (rx.match(text) if head else rx.search(text)):
            assert may_contain(text[:60] if head else text, words), text


def test_ending_gates_never_turn_away_a_text_their_pattern_matches() -> None:
    rng = random.Random(12)
    endings = [*cues.APPROX_ENDINGS, *dates._LATIN_MONTHS, "травня", "березні", "Dec", "Sept.", "—", "(", "-", "–"]
    glue = ["", " ", "  ", "\n", ".", ". ", "\u00a0", "x", "ſ"]
    texts = ["".join(rng.choice([*endings, "the", "The", "hostages", " "]) + rng.choice(glue)
                     for _ in range(rng.randint(1, 5))) for _ in range(6000)]
    texts += [t.upper() for t in texts[:2000]] + [t.title() for t in texts[:2000]]
    for text in texts:
        if cues.APPROX_BEFORE_RE.search(text):
            assert cues.ends_with_any(caseless(text), cues.APPROX_ENDINGS), text
        if dates.MONTH_BEFORE_RE.search(text):
            assert dates.may_end_in_month(text), text
        if figures._GROUP_DASH_RE.search(text):
            assert text.rstrip()[-1:] in figures._GROUP_DASHES, text


def test_subset_after_gate_never_turns_away_a_text_the_pattern_matches() -> None:
    words = ("of the", "of those", "of them", "of whom", "of which", "were serving", "who had fought", "who defended",
             "were among", "was also among the", "are among", "is among", "45", "soldiers", "freed")
    for text in _gate_texts(cues.SUBSET_AFTER_RE, words, 13):
        if cues.SUBSET_AFTER_RE.match(text):
            assert figures._may_be_subset_after(text), text


def test_the_name_cue_pattern_found_from_its_for_matches_where_the_phrase_did() -> None:
    old = re.compile(r"\b(?:in return for|in exchange for|exchanged for|swapped for|traded for|for [A-Z])")
    tokens = ["in return", "in exchange", "exchanged", "swapped", "traded", "for", "For", " ", "x", "A", "a", "-",
              "in", "return", "format", "Bob", "\n"]
    for text in SAMPLES + _token_texts(tokens, 14):
        assert (old.search(text) is None) == (individuals._NAME_CUE_RE.search(text) is None), text


def test_the_near_verb_pattern_with_its_first_letter_test_finds_the_same_verbs() -> None:
    old = re.compile(people.NEAR_VERB_RE.pattern.replace("(?=[rfhgtbawclseiпзовüé])", "", 1))
    assert old.pattern != people.NEAR_VERB_RE.pattern
    texts = _gate_texts(old, (), 15)
    _same_matches(old, people.NEAR_VERB_RE, texts)


def test_party_pattern_without_the_lower_case_heads_finds_the_same_parties_in_texts_without_their_stems() -> None:
    for head in parties._LATIN_LOWER_HEADS:
        for group in parties._by_head[head]:
            rests = parties._alternatives(group[group.index(">") + 1:-1])
            assert all(any((head + rest).startswith(stem) for stem in parties._LATIN_LOWER_STEMS) for rest in rests)
    names = ["Ukraine", "Ukrainians", "ukrainisch", "ukrainien", "Russland", "russe", "russes", "israélien", "Israeli",
             "palestinien", "Palestinians", "Iran", "US", "rus", "isra", " ", ".", "x", "-", "(", "\n"]
    for text in SAMPLES + _token_texts(names, 16):
        if not any(stem in text for stem in parties._LATIN_LOWER_STEMS):
            assert [(m.span(), m.lastgroup) for m in parties.PARTY_RE.finditer(text)] == \
                [(m.span(), m.lastgroup) for m in parties._CAPITAL_PARTY_RE.finditer(text)], text


def _twin_texts(rx: re.Pattern[str], seed: int) -> list[str]:
    traps = ["ſ", "İ", "ı", "K", "ᲀ", "É", "Ü", "Ё"]
    rng = random.Random(seed)
    texts = _gate_texts(rx, (), seed)
    return texts + [t[:i] + rng.choice(traps) + t[i:] for t in texts[:500] for i in [rng.randint(0, len(t))]]


@pytest.mark.parametrize("rx", list(cues._TWINS), ids=lambda rx: rx.pattern[:24])
def test_a_caseless_twin_finds_what_its_ignorecase_pattern_finds(rx: re.Pattern[str]) -> None:
    for text in _twin_texts(rx, 17):
        lowered = caseless(text)
        assert [m.span() for m in rx.finditer(text)] == \
            [m.span() for m in cues.finditer_lowered(rx, text, lowered)], text
        mid = len(text) // 2
        found, twin = rx.search(text, 1, mid), cues.search_lowered(rx, text, lowered, 1, mid)
        assert (found and found.span()) == (twin and twin.span()), text


def test_the_military_twin_stands_for_the_military_pattern() -> None:
    for text in _twin_texts(people.MILITARY_RE, 18):
        assert [m.span() for m in people.MILITARY_RE.finditer(text)] == \
            [m.span() for m in classify._MILITARY_RE.finditer(text)], text


def test_caseless_twins_are_refused_for_patterns_they_would_change() -> None:
    for rx in (re.compile("abc"), re.compile(r"(?i)\Bx"), re.compile(r"(?i)a(?-i:B)"), re.compile(r"(?i)(?P<N>a)")):
        with pytest.raises(ValueError, match="no caseless twin"):
            cues.caseless_twin(rx)
