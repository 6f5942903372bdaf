"""Alert planning: new once, revised on material change only, stable keys, payload shapes."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from swapwatch.alerts import (
    Alert,
    EventSnapshot,
    alert_key,
    figures_fingerprint,
    plan_alerts,
    slack_payload,
    webhook_payload,
)
from swapwatch.reconcile import ClaimedValue, Figure


def fig(side: str, category: str, value: int, *others: int, source: str | None = None) -> Figure:
    claimed = tuple(ClaimedValue(v, source, f"a{v}") for v in (value, *others))
    return Figure("sw-1", side, category, value, bool(others), "agreement", claimed)


MAY23 = EventSnapshot(
    event_id="sw-1", event_date=date(2025, 5, 23), event_month="2025-05", parties=("RU", "UA"),
    background_only=False,
    figures=(fig("RU", "total", 390), fig("UA", "civilian", 120), fig("UA", "military", 270),
             fig("UA", "total", 390)),
    n_articles=2, sources=("https://example.org/a",),
)


def test_first_sighting_is_a_new_alert() -> None:
    alerts = plan_alerts({}, {"sw-1": MAY23})
    assert [(a.kind, a.event.event_id) for a in alerts] == [("new", "sw-1")]


def test_background_only_events_do_not_alert_until_a_main_report_arrives() -> None:
    background = replace(MAY23, background_only=True)
    assert plan_alerts({}, {"sw-1": background}) == []
    assert [a.kind for a in plan_alerts({"sw-1": background}, {"sw-1": MAY23})] == ["new"]


def test_nothing_changes_nothing_alerts() -> None:
    assert plan_alerts({"sw-1": MAY23}, {"sw-1": MAY23}) == []


def test_a_new_source_for_the_same_numbers_is_not_a_revision() -> None:
    sourced = replace(MAY23, figures=(*MAY23.figures[:3], fig("UA", "total", 390, source="Zelensky")),
                      n_articles=3)
    assert plan_alerts({"sw-1": MAY23}, {"sw-1": sourced}) == []


def test_a_changed_best_value_is_one_revised_alert_with_a_stable_key() -> None:
    revised = replace(MAY23, figures=(*MAY23.figures[:3], fig("UA", "total", 391, 390)))
    first = plan_alerts({"sw-1": MAY23}, {"sw-1": revised})
    again = plan_alerts({"sw-1": MAY23}, {"sw-1": revised})
    assert [a.kind for a in first] == ["revised"]
    assert first[0].key == again[0].key
    assert first[0].key == alert_key("sw-1", "revised", figures_fingerprint(revised.figures))
    assert first[0].previous == MAY23.figures


def test_alert_key_is_sha256_hex_and_depends_on_every_part() -> None:
    key = alert_key("sw-1", "new", "")
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert key == alert_key("sw-1", "new", "")
    assert len({key, alert_key("sw-2", "new", ""), alert_key("sw-1", "revised", ""),
                alert_key("sw-1", "new", "x")}) == 4


def test_webhook_payload_has_the_contract_fields() -> None:
    disputed = replace(MAY23, figures=(*MAY23.figures[:3], fig("UA", "total", 390, 380)))
    alert = plan_alerts({}, {"sw-1": disputed})[0]
    payload = webhook_payload(alert)
    assert {"event_id", "event_date", "parties", "kind", "counts", "sources", "disputed",
            "idempotency_key"} <= payload.keys()
    assert payload["event_date"] == "2025-05-23"
    assert payload["parties"] == ["RU", "UA"]
    assert payload["counts"]["UA"] == {"military": 270, "civilian": 120, "total": 390}
    assert payload["disputed"] == [{"side": "UA", "category": "total", "values": [380, 390], "best": 390}]
    assert payload["idempotency_key"] == alert.key


def test_revised_payload_carries_the_previous_counts() -> None:
    revised = replace(MAY23, figures=(*MAY23.figures[:3], fig("UA", "total", 391)))
    payload = webhook_payload(plan_alerts({"sw-1": MAY23}, {"sw-1": revised})[0])
    assert (payload["kind"], payload["counts"]["UA"]["total"], payload["previous_counts"]["UA"]["total"]) == \
        ("revised", 391, 390)


def test_slack_payload_reads_like_a_sentence() -> None:
    body = slack_payload(Alert("k", "new", MAY23))
    assert body["text"] == ("New swap 2025-05-23 RU-UA: RU received 390; "
                            "UA received 390 (270 military, 120 civilian).")
    assert body["blocks"][0]["text"]["text"] == body["text"]


def test_slack_text_for_revisions_bodies_and_unknown_dates() -> None:
    bodies = replace(MAY23, event_date=None, event_month=None,
                     figures=(fig("UA", "bodies", 909), fig("RU", "military", 10), fig("RU", "bodies", 34)))
    text = slack_payload(Alert("k", "revised", bodies, previous=(fig("UA", "bodies", 900),)))["text"]
    assert text.startswith("Revised swap (date unknown) RU-UA: RU received 10 military and 34 bodies; "
                           "UA received 909 bodies.")
    assert "UA bodies 900->909" in text
