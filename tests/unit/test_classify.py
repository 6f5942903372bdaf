"""Is the article the report of a completed prisoner exchange? Verdicts read like the guide."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from swapwatch.classify import DEFAULT_THRESHOLD, classify
from swapwatch.models import Article

CASES = sorted((Path(__file__).parents[1] / "fixtures" / "articles").glob("*.json"))


def _article(case: dict[str, object]) -> Article:
    published = case.get("published")
    return Article(
        text=str(case["text"]),
        title=case.get("title") if isinstance(case.get("title"), str) else None,  # type: ignore[arg-type]
        published=date.fromisoformat(published) if isinstance(published, str) else None,
    )


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_classify_matches_annotation(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    assert classify(_article(case)).is_swap == case["is_swap"], case["notes"]


def test_a_completed_two_way_swap_is_a_swap() -> None:
    verdict = classify(Article(
        text="Armenia and Azerbaijan exchanged prisoners on Monday. Azerbaijan handed over 12 Armenian "
             "soldiers, and Armenia released four Azerbaijani soldiers in return.",
        published=date(2024, 3, 4),
    ))
    assert verdict.is_swap
    assert {"swap-verb", "completed", "two-way-counts"} <= set(verdict.reasons)
    assert 0.5 <= verdict.score <= 1.0


def test_a_deal_that_only_looks_ahead_is_not_a_swap() -> None:
    verdict = classify(Article(
        text="The two sides agreed to exchange 300 prisoners each next month, officials said. "
             "The swap will take place in stages.",
        published=date(2024, 3, 4),
    ))
    assert not verdict.is_swap
    assert "future-only" in verdict.reasons


def test_a_one_sided_release_is_not_a_swap() -> None:
    verdict = classify(Article(
        text="The militia released an American journalist on Sunday as a goodwill gesture, "
             "without any concessions in return, the State Department said.",
        published=date(2024, 3, 4),
    ))
    assert not verdict.is_swap
    assert "one-sided-release" in verdict.reasons


def test_a_bodies_repatriation_is_not_a_swap() -> None:
    verdict = classify(Article(
        text="Ukraine received the bodies of 500 fallen soldiers from Russia on Friday, and Russia "
             "received the remains of 30 of its servicemen, officials said.",
        published=date(2024, 3, 8),
    ))
    assert not verdict.is_swap
    assert "bodies-only" in verdict.reasons


def test_a_swap_recalled_in_a_story_about_something_else_is_not_a_swap() -> None:
    verdict = classify(Article(
        text="Peace talks resumed in Geneva on Monday amid cautious optimism. Negotiators discussed "
             "borders and trade. The previous exchange took place on January 3, when 40 Armenian "
             "soldiers were returned to Armenia.",
        published=date(2024, 3, 4),
    ))
    assert not verdict.is_swap


def test_the_threshold_moves_the_decision() -> None:
    article = Article(text="Russia and Ukraine exchanged prisoners on Monday.", published=date(2024, 3, 4))
    assert classify(article, threshold=0.0).is_swap
    assert not classify(article, threshold=1.0).is_swap
    assert 0.0 < DEFAULT_THRESHOLD < 1.0


@pytest.mark.parametrize("text", [
    "Indian and Pakistani troops exchanged fire across the line of control on Sunday, killing two soldiers.",
    "The two ministers held an exchange of views on trade and agreed to swap delegations next year.",
])
def test_exchanges_of_fire_or_views_are_no_swap(text: str) -> None:
    assert not classify(Article(text=text, published=date(2024, 3, 4))).is_swap


def test_a_german_release_im_gegenzug_is_a_swap() -> None:
    verdict = classify(Article(
        text="Die Hamas hat am Sonntag vier israelische Geiseln freigelassen. Im Gegenzug entließ Israel 120 "
             "palästinensische Häftlinge.",
        published=date(2025, 2, 2),
    ))
    assert verdict.is_swap


def test_an_exchange_recalled_from_an_earlier_year_is_background() -> None:
    verdict = classify(Article(
        text="Talks resumed this week. In March 2023, 80 Ukrainians and 75 Russians were exchanged in a swap "
             "that took months to arrange.",
        published=date(2025, 5, 20),
    ))
    assert not verdict.is_swap


def test_articles_without_exchange_vocabulary_skip_the_rule_pass() -> None:
    from swapwatch.analysis import analyse, mentions_exchange

    plain = Article(text="Heavy shelling hit the city overnight; 14 people were injured, officials said.",
                    title="Overnight shelling")
    assert not mentions_exchange(plain)
    result = analyse(plain)
    assert not result.verdict.is_swap and result.events == ()
    assert result.verdict.reasons == ("no-exchange-vocabulary",)
    swap = Article(text="The mutual transfer of 32 servicemen took place at the border on Wednesday.")
    assert mentions_exchange(swap)


def test_a_published_list_of_units_does_not_make_a_swap_look_planned() -> None:
    verdict = classify(Article(
        text="Kyiv received 60 soldiers in Tuesday's exchange with Russia, officials said, publishing "
             "a list of the brigades they served in. Moscow said 60 Russian servicemen came home in return.",
        published=date(2024, 3, 6),
    ))
    assert verdict.is_swap
    assert "future-only" not in verdict.reasons


def test_a_list_of_prisoners_is_still_a_plan() -> None:
    verdict = classify(Article(
        text="Kyiv handed Moscow a list of 500 prisoners it wants exchanged, officials said. "
             "No swap has taken place yet.",
        published=date(2024, 3, 6),
    ))
    assert not verdict.is_swap
