"""Sides as news names them: countries, demonyms, capitals, groups, in several languages."""

from __future__ import annotations

import pytest

from swapwatch.parties import find_parties, party_code, party_name, speaker_party


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Ukraine", "UA"), ("Kyiv", "UA"), ("Kiev", "UA"), ("Ukrainian", "UA"), ("Ukrainians", "UA"),
        ("українських", "UA"), ("Russia", "RU"), ("Moscow", "RU"), ("Kremlin", "RU"), ("российских", "RU"),
        ("Hamas", "PS"), ("Palestinian", "PS"), ("Israel", "IL"), ("Israelis", "IL"), ("Baku", "AZ"),
        ("Yerevan", "AM"), ("Houthis", "YE"), ("Tehran", "IR"), ("Brussels", "BE"), ("Caracas", "VE"),
        ("UAE", "AE"), ("United Arab Emirates", "AE"), ("ОАЭ", "AE"), ("Qatar", "QA"), ("Türkiye", "TR"),
        ("Vatican", "VA"), ("Oman", "OM"), ("Egypt", "EG"), ("Belarus", "BY"), ("Eritrea", "ER"),
        ("Ethiopian", "ET"), ("U.S.", "US"), ("Americans", "US"),
    ],
)
def test_party_code_maps_names_to_iso_codes(name: str, code: str) -> None:
    assert party_code(name) == code


def test_lower_case_us_is_not_the_united_states() -> None:
    assert party_code("us") is None


def test_find_parties_reports_kind_and_span() -> None:
    text = "Kyiv said 207 Ukrainian soldiers came home while Russians were flown to Moscow."
    found = [(p.code, p.kind, text[p.start:p.end]) for p in find_parties(text)]
    assert found == [
        ("UA", "country", "Kyiv"), ("UA", "adj", "Ukrainian"), ("RU", "people", "Russians"), ("RU", "country", "Moscow"),
    ]


def test_possessives_still_name_the_party() -> None:
    assert [p.code for p in find_parties("Russia's defence ministry")] == ["RU"]


def test_speaker_party_reads_institutions_and_leaders() -> None:
    assert speaker_party("Russia's defence ministry") == "RU"
    assert speaker_party("President Volodymyr Zelensky") == "UA"
    assert speaker_party("the Red Cross") is None


def test_party_name_is_readable() -> None:
    assert party_name("AE") == "United Arab Emirates"
    assert party_name("XX") == "XX"


def test_saudi_is_a_demonym_and_saudi_arabia_a_country() -> None:
    kinds = {(p.code, p.kind) for p in find_parties("Saudi Arabia said 12 Saudi prisoners and 3 Saudis were freed")}
    assert kinds == {("SA", "country"), ("SA", "adj"), ("SA", "people")}
