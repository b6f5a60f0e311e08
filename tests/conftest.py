from pathlib import Path

import pytest
import yaml
from django.conf import settings

FIXTURES = Path(settings.FIXTURES_DIR)
SEED = FIXTURES / "S-2017-130.zh.txt"
CURATED = FIXTURES / "items" / "S-2017-130.zh.yaml"


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture(scope="session")
def body_entries() -> list[dict]:
    return yaml.safe_load((FIXTURES / "bodies.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def curated() -> dict:
    return yaml.safe_load(CURATED.read_text(encoding="utf-8"))


@pytest.fixture
def bodies(db, body_entries):
    from recommendations.services import load_bodies

    load_bodies(entries=body_entries)


@pytest.fixture
def seed_document(bodies, seed_bytes):
    from recommendations.services import import_document

    return import_document(data=seed_bytes, symbol="S/2017/130", language="zh").document
