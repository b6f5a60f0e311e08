from pathlib import Path

import pytest
import yaml
from django.conf import settings

FIXTURES = Path(settings.FIXTURES_DIR)
SEED = FIXTURES / "S-2017-130.zh.txt"
CURATED = FIXTURES / "items" / "S-2017-130.zh.yaml"


@pytest.fixture(autouse=True)
def _cheap_passwords(settings):
    """Passwords hashed with one iteration (``tests/hashers.py``): the real count costs half a second a user."""
    settings.PASSWORD_HASHERS = ["tests.hashers.OneIterationPBKDF2PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache; each test starts with none (axes' failures are rows, rolled back)."""
    from django.core.cache import cache

    cache.clear()


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


@pytest.fixture
def role_groups(db):
    from recommendations.roles import ensure_role_groups

    ensure_role_groups()


@pytest.fixture
def coordinator(role_groups):
    from tests.factories import UserFactory

    return UserFactory(username="coordinator", groups=["Coordinators"])


@pytest.fixture
def tpcc_focal_point(bodies, role_groups):
    """Focal point of the troop- and police-contributing countries."""
    from recommendations.models import Body
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="tpcc-focal", groups=["Focal points"])
    MembershipFactory(user=user, body=Body.objects.get(code="TPCC"), role="lead")
    return user


@pytest.fixture
def au_focal_point(bodies, role_groups):
    """Focal point of the African Union: owns other items than the TPCC's."""
    from recommendations.models import Body
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="au-focal", groups=["Focal points"])
    MembershipFactory(user=user, body=Body.objects.get(code="AU"))
    return user


@pytest.fixture
def viewer(role_groups):
    from tests.factories import UserFactory

    return UserFactory(username="viewer", groups=["Viewers"])


@pytest.fixture
def outsider(db):
    """Staff, but neither coordinator, focal point nor viewer."""
    from tests.factories import UserFactory

    return UserFactory(username="outsider")


@pytest.fixture
def opened(seed_document, curated):
    """S/2017/130 with its reviewed items open."""
    from recommendations.services import apply_curated_items

    apply_curated_items(document=seed_document, entries=curated["items"])
    return seed_document


@pytest.fixture
def eager_celery():
    """Tasks run inline, for tests of what a task does (the worker itself is tested with a real one)."""
    from tracker.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def api():
    """A client per persona, each with its own API token."""
    from tests.recommendations.api.conftest import token_client

    return token_client
