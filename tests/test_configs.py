"""Every shipped config validates, and every prefect.yaml entrypoint loads (no deployment drift)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from swapwatch.config import load_config, parse_config
from swapwatch.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = sorted((ROOT / "configs").glob("*.yaml"))


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_shipped_config_validates(path: Path) -> None:
    config = load_config(path)
    assert config.feeds, f"{path.name} lists no feeds"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"feeds": [{"name": "a", "url": "ftp://x/feed"}]}, "feeds.0.url"),
        ({"feeds": [{"name": "a", "url": "http://x/f", "colour": "red"}]}, "colour"),
        ({"fetch": {"per_host_delay": -1}}, "fetch.per_host_delay"),
        ({"feeds": [{"name": "a", "url": "http://x/1"}, {"name": "a", "url": "http://x/2"}]}, "unique"),
        ({"alerts": {"webhook": "file:///etc/passwd"}}, "alerts.webhook"),
        (["not", "a", "mapping"], "mapping"),
    ],
)
def test_bad_config_names_the_field(data: object, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        parse_config(data, "test.yaml")


def test_unreadable_and_malformed_files_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="missing.yaml"):
        load_config(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("feeds: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.yaml: not valid YAML"):
        load_config(bad)


def test_webhook_comes_from_environment_when_not_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWAPWATCH_WEBHOOK_URL", "https://hooks.example.org/x")
    assert parse_config({}).webhook_url() == "https://hooks.example.org/x"


def test_every_prefect_yaml_entrypoint_loads() -> None:
    from prefect.flows import load_flow_from_entrypoint

    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    names = set()
    for deployment in spec["deployments"]:
        flow = load_flow_from_entrypoint(str(ROOT / deployment["entrypoint"]), use_placeholder_flow=False)
        assert callable(flow)
        names.add(deployment["name"])
    assert "ingest" in names
    ingest = next(d for d in spec["deployments"] if d["name"] == "ingest")
    assert ingest["schedules"][0]["interval"] == 900
    assert ingest["concurrency_limit"]["limit"] == 1
