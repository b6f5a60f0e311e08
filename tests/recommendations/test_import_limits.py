"""What an import refuses before it reads too much, and how a background import always ends."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from recommendations.ingest import IngestError, parse
from recommendations.ingest.symbols import find_citations
from recommendations.models import Document, ImportJob, Item, Paragraph, Section
from recommendations.services import (
    TooLarge,
    fail_abandoned_jobs,
    import_document,
    import_jobs,
    importing,
    purge_finished_jobs,
    run_import_job,
)
from tests.recommendations.ingest.conftest import SAMPLES

pytestmark = pytest.mark.django_db

SAMPLE = SAMPLES / "report.en.txt"


def _upload(client, content: bytes, **fields):
    data = {"file": SimpleUploadedFile("report.txt", content), "symbol": "S/2099/42", "language": "en", **fields}
    return client.post("/api/v1/documents/import/", data, format="multipart")


@pytest.mark.parametrize(
    ("cap", "size"),
    [
        (1_000, 5_000),  # the file is over the cap, the request only a little: refused after parsing the form
        (100_000, 400_000),  # the request itself is far over: refused before its body is read
    ],
)
def test_a_document_over_the_cap_is_413_and_nothing_is_kept(api, bodies, coordinator, settings, cap, size):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = cap
    settings.IMPORT_INLINE_MAX_BYTES = 10  # would otherwise be queued for the worker, data and all
    response = _upload(api(coordinator), SAMPLE.read_bytes().ljust(size, b"\n"))
    assert response.status_code == 413, response.content
    body = response.json()
    assert body["code"] == "too_large" and "DOCUMENT_UPLOAD_MAX_BYTES" in body["message"]
    assert Document.objects.count() == 0 and ImportJob.objects.count() == 0


def test_the_import_service_and_command_refuse_a_document_over_the_cap(bodies, settings, tmp_path):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1_000
    with pytest.raises(TooLarge, match=r"at most 0\.0 MB"):
        import_document(data=SAMPLE.read_bytes(), symbol="S/2099/42", language="en")
    path = tmp_path / "big.txt"
    path.write_bytes(SAMPLE.read_bytes())
    with pytest.raises(CommandError, match="DOCUMENT_UPLOAD_MAX_BYTES"):
        call_command("import_document", str(path), "--symbol", "S/2099/42", "--language", "en")
    assert Document.objects.count() == 0


def _job(**fields) -> ImportJob:
    values = {"symbol": "S/2099/42", "language": "en", "data": SAMPLE.read_bytes(), **fields}
    return ImportJob.objects.create(**values)


def test_a_job_that_hits_an_unexpected_error_ends_failed_with_its_reason(bodies, monkeypatch):
    job = _job()

    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(import_jobs, "import_document", broken)
    run_import_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "failed" and "internal error (RuntimeError)" in job.error
    assert job.finished_at is not None and job.lease_until is None


def test_a_job_whose_worker_died_is_failed_once_its_lease_ran_out(bodies):
    now = timezone.now()
    dead = _job(state="running", lease_until=now - datetime.timedelta(seconds=1))
    alive = _job(state="running", lease_until=now + datetime.timedelta(minutes=5))
    assert fail_abandoned_jobs(now=now) == 1
    dead.refresh_from_db(), alive.refresh_from_db()
    assert dead.state == "failed" and "worker stopped" in dead.error
    assert alive.state == "running"


def test_a_worker_that_comes_back_after_the_sweep_does_not_undo_the_failure(bodies, monkeypatch):
    job = _job()

    def slow_import(**kwargs):
        # The sweep runs while this worker is still busy, as after a long pause.
        fail_abandoned_jobs(now=timezone.now() + datetime.timedelta(days=1))
        return importing.ImportResult(document=None, created=True)

    monkeypatch.setattr(import_jobs, "import_document", slow_import)
    run_import_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "failed" and job.document is None


def test_finished_jobs_lose_their_upload_after_the_kept_days(bodies, settings):
    settings.IMPORT_JOB_KEEP_DAYS = 7
    now = timezone.now()
    old = _job(state="done", finished_at=now - datetime.timedelta(days=8))
    failed = _job(state="failed", finished_at=now - datetime.timedelta(days=30))
    recent = _job(state="done", finished_at=now - datetime.timedelta(days=1))
    waiting = _job(state="pending")
    assert purge_finished_jobs(now=now) == 2
    for job in (old, failed):
        job.refresh_from_db()
        assert bytes(job.data) == b"" and job.purged
    for job in (recent, waiting):
        job.refresh_from_db()
        assert bytes(job.data) == SAMPLE.read_bytes() and not job.purged


def test_positions_and_section_orders_beyond_a_small_integer_are_stored(opened):
    paragraph = Paragraph.objects.get(document=opened, number=109)
    item = Item.objects.create(
        document=opened, paragraph=paragraph, seq=40_000, kind="concern", quote="x", quote_start=0, quote_end=1,
        quote_hash="",
    )  # fmt: skip
    assert Item.objects.get(pk=item.pk).seq == 40_000
    section = Section.objects.create(document=opened, kind="chapter", order=40_000)
    assert Section.objects.get(pk=section.pk).order == 40_000


def test_a_typed_symbol_for_a_text_without_a_masthead_must_be_a_symbol():
    text = "1. The Working Group met.\n2. Members expressed concern.\n"
    assert parse(text, language="en", symbol="S/2099/42").symbol == "S/2099/42"
    for bad in ("hello", "S/", "../../etc/passwd", "S/" + "1/" * 40 + "1"):
        with pytest.raises(IngestError, match="not a UN document symbol"):
            parse(text, language="en", symbol=bad)


def test_a_run_of_slashes_too_long_to_be_a_symbol_is_not_cited():
    long_one = "S/" + "/".join(["2017"] * 30)
    text = f"As in S/2017/130 and {long_one}."
    assert [c.symbol for c in find_citations(text, "en")] == ["S/2017/130"]
