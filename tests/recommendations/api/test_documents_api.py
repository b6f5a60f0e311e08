"""Documents, paragraphs and the upload that imports a report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import Document, ImportJob
from tests.conftest import SEED
from tests.recommendations.ingest.conftest import SAMPLES

pytestmark = pytest.mark.django_db


def test_documents_with_their_sections(api, opened, viewer):
    documents = api(viewer).get("/api/v1/documents/").json()
    assert [d["symbol"] for d in documents] == ["S/2017/130"]
    detail = api(viewer).get(f"/api/v1/documents/{opened.pk}/").json()
    assert detail["undocs_url"] == "http://undocs.org/ch/S/2017/130"
    topics = [s for s in detail["sections"] if s["kind"] == "topic"]
    assert [(t["number"], t["meeting_date"]) for t in topics][:2] == [("A", "2016-04-28"), ("B", "2016-05-27")]


def test_paragraph_by_number_with_citations_and_items(api, opened, coordinator):
    client = api(coordinator)
    paragraphs = client.get(f"/api/v1/documents/{opened.pk}/paragraphs/").json()
    assert [p["number"] for p in paragraphs] == list(range(1, 111))
    para = client.get(f"/api/v1/documents/{opened.pk}/paragraphs/52/").json()
    assert para["citations"][0] == {
        "symbol": "S/RES/2129 (2013)",
        "start": 12,
        "end": 22,
        "url": "http://undocs.org/ch/S/RES/2129(2013)",
    }
    assert len(client.get(f"/api/v1/documents/{opened.pk}/paragraphs/103/").json()["items"]) == 3
    assert client.get(f"/api/v1/documents/{opened.pk}/paragraphs/111/").status_code == 404


def _upload(client, path, **fields):
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes()), **fields}
    return client.post("/api/v1/documents/import/", data, format="multipart")


def test_a_small_upload_is_imported_at_once_and_again_changes_nothing(api, bodies, coordinator):
    client = api(coordinator)
    sample = SAMPLES / "report.en.txt"
    created = _upload(client, sample, symbol="S/2099/42", language="en")
    assert created.status_code == 201, created.content
    assert created.json()["symbol"] == "S/2099/42"
    assert _upload(client, sample, symbol="S/2099/42", language="en").status_code == 200
    assert Document.objects.count() == 1


def test_a_large_upload_is_a_background_job_to_poll(
    api, bodies, coordinator, settings, eager_celery, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_MAX_BYTES = 1000
    client = api(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = _upload(client, SEED, symbol="S/2017/130", language="zh")
    assert accepted.status_code == 202, accepted.content
    job = client.get(accepted["Location"]).json()
    assert job["state"] == "done" and job["document"] == Document.objects.get().pk


def test_a_failed_background_import_says_why(
    api, bodies, coordinator, settings, eager_celery, tmp_path, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_MAX_BYTES = 10
    bad = tmp_path / "bad.txt"
    bad.write_text("S/2017/130\n1. 一。\n3. 三。\n")
    with django_capture_on_commit_callbacks(execute=True):
        accepted = _upload(api(coordinator), bad, symbol="S/2017/130", language="zh")
    job = ImportJob.objects.get(pk=accepted.json()["id"])
    assert job.state == "failed" and "paragraph 2 is missing" in job.error


@pytest.mark.parametrize(
    ("content", "fields", "field", "message"),
    [
        (b"", {"symbol": "S/1", "language": "zh"}, "file", "empty"),
        (b"\x00\x01", {"symbol": "S/2017/130", "language": "zh"}, "file", "binary"),
        ("S/2017/130\n1. 一。\n".encode(), {"symbol": "S/2017/130", "language": "fr"}, "language", "valid choice"),
    ],
)
def test_a_bad_upload_is_400_naming_the_problem(api, bodies, coordinator, tmp_path, content, fields, field, message):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    response = _upload(api(coordinator), path, **fields)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field and message in response.json()["message"]
    assert Document.objects.count() == 0


def test_only_coordinators_import(api, bodies, tpcc_focal_point):
    response = _upload(api(tpcc_focal_point), SAMPLES / "report.en.txt", symbol="S/2099/42", language="en")
    assert response.status_code == 403
