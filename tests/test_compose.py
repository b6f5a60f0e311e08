"""The production stack in docker-compose.yml."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_mailpit_publishes_nothing_beyond_this_machines_loopback():
    ports = _services()["mailpit"].get("ports", [])
    assert ports and all(str(port).startswith("127.0.0.1:") for port in ports), ports


def test_every_app_process_shares_one_cache_for_the_throttles():
    services = _services()
    for name in ("web", "worker", "beat"):
        assert services[name]["environment"]["CACHE_URL"].startswith("redis://redis:6379/"), name
