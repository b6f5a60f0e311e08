"""Uploads of one new symbol at once, to gunicorn's worker processes on PostgreSQL: one stores it, none fails."""

import subprocess
import sys
import threading
from pathlib import Path

import psycopg
import pytest
import requests
from django.db import connection
from knox.models import AuthToken

from recommendations.models import Document
from tests.notifications.processes import ROOT, database_url, free_port, wait_until
from tests.recommendations.ingest.conftest import SAMPLES

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="two processes racing on a unique constraint need PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]

SAMPLE = (SAMPLES / "report.en.txt").read_bytes()
SYMBOL = "S/2099/42"


@pytest.fixture
def server(tmp_path):
    """gunicorn with two worker processes on this test's database."""
    port = free_port()
    env = {
        "DEBUG": "1",
        "DATABASE_URL": database_url(),
        "VAR_DIR": str(tmp_path),
        "PATH": str(Path(sys.executable).parent),
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tracker.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip

    def answers():
        try:
            return requests.get(f"http://127.0.0.1:{port}/api/v1/", timeout=5).status_code > 0
        except requests.RequestException:  # not listening yet, or its workers still booting
            return False

    try:
        wait_until(answers, timeout=120, what="gunicorn")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _post(server: str, token: str) -> requests.Response:
    return requests.post(
        f"{server}/api/v1/documents/import/",
        files={"file": ("report.txt", SAMPLE)},
        data={"symbol": SYMBOL, "language": "en"},
        headers={"Authorization": f"Token {token}"},
        timeout=60,
    )


def test_an_upload_that_meets_an_import_in_flight_is_409_naming_the_symbol(server, bodies, coordinator):
    _, token = AuthToken.objects.create(user=coordinator)
    # Another import of the symbol, stopped just after it inserted the document and before it commits.
    other = psycopg.connect(database_url())
    try:
        other.execute(
            "INSERT INTO recommendations_document (symbol, language, original_language, title, issuing_body, "
            "source_url, checksum, imported_at) VALUES (%s, 'en', '', '', '', '', 'other', now())",
            [SYMBOL],
        )
        answers = []
        upload = threading.Thread(target=lambda: answers.append(_post(server, token)))
        upload.start()
        # A second connection watches, so that the one holding the row does not commit early.
        with psycopg.connect(database_url(), autocommit=True) as watcher:
            waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = %s"
            name = connection.settings_dict["NAME"]
            wait_until(
                lambda: watcher.execute(waiting, [name]).fetchone()[0] > 0, timeout=120, what="the upload to wait"
            )
        other.commit()
    finally:
        other.close()  # on any failure too: an open transaction would hold the test database's teardown
    upload.join(timeout=60)
    response = answers[0]
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["code"] == "import_conflict" and SYMBOL in body["message"]
    assert Document.objects.filter(symbol=SYMBOL).count() == 1


def test_four_uploads_at_once_store_one_document_and_none_fails(server, bodies, coordinator):
    _, token = AuthToken.objects.create(user=coordinator)
    start = threading.Barrier(4)
    answers = []

    def upload():
        start.wait()
        answers.append(_post(server, token))

    threads = [threading.Thread(target=upload) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    codes = sorted(r.status_code for r in answers)
    # One stores it; an upload that meets it in flight is 409, one that comes after finds the same text (200).
    assert codes.count(201) == 1 and set(codes) <= {200, 201, 409}, [r.text for r in answers]
    assert Document.objects.filter(symbol=SYMBOL).count() == 1
