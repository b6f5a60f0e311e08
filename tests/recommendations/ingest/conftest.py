from pathlib import Path

import pytest

from recommendations.ingest import parse

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture(scope="session")
def seed(seed_bytes):
    return parse(seed_bytes, language="zh", symbol="S/2017/130")


@pytest.fixture(scope="session")
def english():
    return parse((SAMPLES / "report.en.txt").read_bytes(), language="en")


@pytest.fixture(scope="session")
def aliases_zh(body_entries):
    return {b["code"]: b["aliases_zh"] for b in body_entries}


@pytest.fixture(scope="session")
def aliases_en(body_entries):
    return {b["code"]: b["aliases_en"] for b in body_entries}
