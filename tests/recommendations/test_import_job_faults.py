"""Background imports with real parts: a Celery worker killed mid-import, a sweep run by another worker."""

import psycopg
import pytest
from django.db import connection

from recommendations.models import Document, ImportJob
from tests.notifications import processes
from tests.recommendations.ingest.conftest import SAMPLES
from tracker.celery import app

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="worker processes share the database: PostgreSQL only (CI runs it)"
    ),
    pytest.mark.django_db(transaction=True),
]
LEASE = 3


def _send(broker: str, task: str, *args) -> None:
    with app.connection_for_write(broker) as conn:
        app.send_task(task, args=args, connection=conn)


def test_a_job_whose_worker_is_killed_mid_import_is_failed_by_the_sweep(bodies, tmp_path):
    job = ImportJob.objects.create(symbol="S/2099/42", language="en", data=(SAMPLES / "report.en.txt").read_bytes())
    with processes.Redis() as redis:
        env = processes.environment(
            broker=redis.url, smtp_port=processes.free_port(), lease=LEASE,
            extra={"IMPORT_JOB_LEASE_SECONDS": str(LEASE)},
        )  # fmt: skip
        # The documents table is locked, so the import stops where it would store the report:
        # the worker is then killed in the middle of it, holding the job as "running".
        blocker = psycopg.connect(processes.database_url())
        try:
            blocker.execute("LOCK TABLE recommendations_document IN EXCLUSIVE MODE")
            first = processes.worker(env, tmp_path / "first.log", concurrency=1).start()
            try:
                _send(redis.url, "recommendations.tasks.import_document_job", job.pk)
                processes.wait_until(
                    lambda: ImportJob.objects.get(pk=job.pk).state == "running", timeout=60, what="the import to start"
                )
            finally:
                first.kill()
        finally:
            blocker.rollback()
            blocker.close()
        assert ImportJob.objects.get(pk=job.pk).state == "running"  # nobody left to end it

        second = processes.worker(env, tmp_path / "second.log", concurrency=1).start()
        try:
            # What beat does every few minutes, once the dead worker's lease has run out.
            def swept():
                _send(redis.url, "recommendations.tasks.fail_abandoned_import_jobs")
                return ImportJob.objects.get(pk=job.pk).state == "failed"

            processes.wait_until(swept, timeout=60, step=1, what="the sweep to fail the job")
        finally:
            second.stop()
    job.refresh_from_db()
    assert "worker stopped before the import finished" in job.error and job.finished_at is not None
    assert not Document.objects.exists()  # the killed import's transaction stored nothing
