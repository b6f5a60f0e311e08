"""The published schema and docs page; concurrent writers on a real database."""

import re
import threading
import time

import pytest
from django.db import connection, connections, transaction

from recommendations.models import Event, Item
from recommendations.services import ServiceError, transition, update_details

pytestmark = pytest.mark.django_db


def test_schema_is_served_and_describes_errors(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    item_patch = schema["paths"]["/api/v1/items/{id}/"]["patch"]["responses"]
    assert {"200", "400", "401", "403", "404", "409", "412", "428", "429"} <= set(item_patch)
    assert item_patch["412"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")


def test_docs_page_loads_its_assets_from_this_server(client):
    page = client.get("/api/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui" in s for s in sources)
    assert all(not s.startswith(("http://", "https://", "//")) for s in sources), sources


def test_every_beat_entry_names_a_registered_task(settings):
    from tracker.celery import app

    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks under concurrent writers need PostgreSQL (CI runs it)"
)


def _race(*jobs):
    """Run each job in its own thread and connection, released together."""
    barrier, results = threading.Barrier(len(jobs)), [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # the test reads what each writer got
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_updates_with_the_same_version_one_wins_one_conflicts(opened, coordinator):
    item = Item.objects.get(paragraph__number=109)
    version = item.version
    results = _race(
        lambda: update_details(item=item, actor=coordinator, summary="first", expected_version=version),
        lambda: update_details(item=item, actor=coordinator, summary="second", expected_version=version),
    )
    assert sorted(type(r).__name__ for r in results) == ["Item", "VersionConflict"]
    assert Item.objects.get(pk=item.pk).version == version + 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transitions_one_succeeds_and_one_event_is_recorded(opened, coordinator):
    item = Item.objects.get(paragraph__number=109)
    events = Event.objects.filter(item=item).count()
    results = _race(
        lambda: transition(item=item, action="start", actor=coordinator),
        lambda: transition(item=item, action="start", actor=coordinator),
    )
    assert sum(isinstance(r, Item) for r in results) == 1
    assert sum(isinstance(r, ServiceError) for r in results) == 1
    assert Event.objects.filter(item=item).count() == events + 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_http_updates_with_the_same_if_match_one_200_one_412(live_server, opened, coordinator):
    import requests
    from knox.models import AuthToken

    _, token = AuthToken.objects.create(user=coordinator)
    item = Item.objects.get(paragraph__number=109)
    url = f"{live_server.url}/api/v1/items/{item.pk}/"
    headers = {"Authorization": f"Token {token}", "If-Match": f'"{item.pk}-{item.version}"'}
    results = _race(
        lambda: requests.patch(url, json={"summary": "one"}, headers=headers, timeout=30).status_code,
        lambda: requests.patch(url, json={"summary": "two"}, headers=headers, timeout=30).status_code,
    )
    assert sorted(results) == [200, 412]


def _wait_for_lock_waiters(count: int, timeout: float = 20.0) -> None:
    """Until ``count`` sessions of this database wait for a lock (the row the test holds)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # the view is cached per transaction
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] >= count:
                return
            time.sleep(0.05)
    raise AssertionError(f"{count} writers never queued on the row lock")


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_http_writers_with_if_match_star_both_succeed(live_server, opened, coordinator):
    """Both read the item, then queue on its row lock: ``*`` must not pin the version they read."""
    import requests
    from knox.models import AuthToken

    _, token = AuthToken.objects.create(user=coordinator)
    item = Item.objects.get(paragraph__number=109)
    url = f"{live_server.url}/api/v1/items/{item.pk}/"
    headers = {"Authorization": f"Token {token}", "If-Match": "*"}
    results = [None, None]

    def write(index):
        try:
            results[index] = requests.patch(url, json={"summary": f"by {index}"}, headers=headers, timeout=60)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    with transaction.atomic():
        Item.objects.select_for_update().get(pk=item.pk)
        for thread in threads:
            thread.start()
        _wait_for_lock_waiters(2)
    for thread in threads:
        thread.join()
    assert [r.status_code for r in results] == [200, 200], [r.content for r in results]
    assert Item.objects.get(pk=item.pk).version == item.version + 2
