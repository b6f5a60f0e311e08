"""The coordinator's "Import a report" page: upload, confirm the masthead, the worker's progress, the result."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.models import Document, ImportJob
from recommendations.services import import_jobs, run_import_job
from tests.recommendations.ingest.conftest import SAMPLES

pytestmark = pytest.mark.django_db

UPLOAD = "admin:recommendations_document_import"
ENGLISH = (SAMPLES / "report.en.txt").read_bytes()


def _job_url(job_id, status=False):
    name = "recommendations_document_import_status" if status else "recommendations_document_import_job"
    return reverse(f"admin:{name}", args=[job_id])


def _upload(client, data: bytes, name: str = "report.txt"):
    return client.post(reverse(UPLOAD), {"file": SimpleUploadedFile(name, data, content_type="text/plain")})


def _uploaded(client, data: bytes) -> ImportJob:
    response = _upload(client, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.get(created_by=response.wsgi_request.user, state="awaiting")
    assert response["Location"] == _job_url(job.pk)
    return job


def _confirm(client, job, **fields):
    values = {"symbol": job.symbol, "language": job.language, "title": job.title, "source_url": ""} | fields
    return client.post(_job_url(job.pk), values)


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def run_at_once(eager_celery, django_capture_on_commit_callbacks):
    """The confirmation's after-commit enqueue runs, and the task with it (Celery eager)."""

    def confirm(client, job, **fields):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = _confirm(client, job, **fields)
        assert response.status_code == 302
        return callbacks

    return confirm


# -- who may -------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["tpcc_focal_point", "viewer", "outsider"])
def test_others_than_coordinators_are_refused_every_step(client, request, persona, coordinator):
    job = ImportJob.objects.create(state="awaiting", data=ENGLISH, created_by=coordinator, symbol="S/2099/42")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(UPLOAD)).status_code == 403
    assert _upload(client, ENGLISH).status_code == 403
    assert client.get(_job_url(job.pk)).status_code == 403
    assert _confirm(client, job).status_code == 403
    assert client.get(_job_url(job.pk, status=True)).status_code == 403
    assert ImportJob.objects.get(pk=job.pk).state == "awaiting"


@pytest.mark.parametrize("persona", ["tpcc_focal_point", "viewer"])
def test_the_import_link_is_not_shown_to_others(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert "Import a report" not in client.get(reverse("admin:recommendations_document_changelist")).content.decode()
    assert "Import a report" not in client.get(reverse("admin:index")).content.decode()


def test_anonymous_is_sent_to_the_login_page(client, coordinator):
    job = ImportJob.objects.create(state="awaiting", data=ENGLISH, created_by=coordinator)
    for url in (reverse(UPLOAD), _job_url(job.pk), _job_url(job.pk, status=True)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert _upload(client, ENGLISH).status_code == 302
    assert ImportJob.objects.count() == 1


def test_coordinators_find_the_page_from_the_documents_list_and_the_index(as_coordinator):
    url = reverse(UPLOAD)
    assert f'href="{url}"' in as_coordinator.get(reverse("admin:recommendations_document_changelist")).content.decode()
    assert f'href="{url}"' in as_coordinator.get(reverse("admin:index")).content.decode()


# -- upload and confirm --------------------------------------------------------


def test_upload_keeps_the_file_on_the_server_and_prefills_the_masthead(as_coordinator):
    job = _uploaded(as_coordinator, ENGLISH)
    assert bytes(job.data) == ENGLISH and not as_coordinator.session.get("file")
    page = as_coordinator.get(_job_url(job.pk)).content.decode()
    assert 'value="S/2099/42"' in page
    assert re.search(r'<option value="en" selected>English</option>', page)
    assert "Report of the Working Group on Peacekeeping Operations on its activities" in page
    assert 'type="file"' not in page


def test_the_seed_is_prefilled_in_chinese(as_coordinator, seed_bytes):
    job = _uploaded(as_coordinator, seed_bytes)
    assert (job.symbol, job.language) == ("S/2017/130", "zh")
    assert job.title.startswith("关于维持和平行动工作组")


def test_a_text_without_masthead_asks_for_the_symbol(as_coordinator, bodies):
    job = _uploaded(as_coordinator, b"1. The Council met twice.\n2. It agreed.\n")
    page = as_coordinator.get(_job_url(job.pk)).content.decode()
    assert "The masthead gives no document symbol: type it." in page
    response = _confirm(as_coordinator, job, symbol="")
    assert response.status_code == 200
    assert "The masthead gives no document symbol: type it." in response.content.decode()
    assert "--symbol" not in response.content.decode()
    assert ImportJob.objects.get(pk=job.pk).state == "awaiting"


def test_a_typed_symbol_that_is_none_is_refused_with_the_parsers_words(as_coordinator):
    job = _uploaded(as_coordinator, ENGLISH)
    response = _confirm(as_coordinator, job, symbol="not a symbol")
    assert "is not a UN document symbol" in response.content.decode()


# -- the worker, its progress and the result ------------------------------------


def test_confirm_queues_the_job_once_after_commit(as_coordinator, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr("recommendations.tasks.import_document_job.delay", queued.append)
    job = _uploaded(as_coordinator, ENGLISH)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _confirm(as_coordinator, job, title="A title of my own")
        _confirm(as_coordinator, job)  # sent twice
    assert queued == [] and len(callbacks) == 1
    callbacks[0]()
    assert queued == [job.pk]
    job.refresh_from_db()
    assert (job.state, job.title) == ("pending", "A title of my own")


def test_status_goes_through_the_stages_and_ends_with_the_counts(as_coordinator, bodies, run_at_once, monkeypatch):
    job = _uploaded(as_coordinator, ENGLISH)
    seen = [as_coordinator.get(_job_url(job.pk, status=True)).json()]
    real_import = import_jobs.import_document

    def watched(*, progress, **kwargs):
        def report(stage):
            progress(stage)
            seen.append(as_coordinator.get(_job_url(job.pk, status=True)).json())

        return real_import(progress=report, **kwargs)

    monkeypatch.setattr(import_jobs, "import_document", watched)
    seen.append(None)  # the confirmation
    run_at_once(as_coordinator, job)
    done = as_coordinator.get(_job_url(job.pk, status=True)).json()
    assert [(s["state"], s["stage"], s["step"]) if s else None for s in seen] == [
        ("awaiting", "", 0),
        None,
        ("running", "parsing", 1),
        ("running", "extracting", 2),
        ("running", "storing", 3),
    ]
    document = Document.objects.get(symbol="S/2099/42", language="en")
    assert (done["state"], done["stage"], done["step"], done["steps"], done["finished"]) == ("done", "done", 4, 4, True)
    assert (done["paragraphs"], done["citations"], done["items"]) == (
        document.paragraphs.count(),
        sum(p.citations.count() for p in document.paragraphs.all()),
        document.items.count(),
    )
    assert done["paragraphs"] > 0 and done["citations"] > 0 and done["items"] > 0
    assert done["review_url"] == (
        reverse("admin:recommendations_proposeditem_changelist") + f"?document__id__exact={document.pk}"
    )
    assert (
        f"{done['paragraphs']} paragraphs, {done['citations']} references, {done['items']} proposed items"
        in (done["summary"])
    )


def test_the_result_page_links_to_the_review_queue_of_that_document(as_coordinator, bodies, run_at_once, seed_document):
    job = _uploaded(as_coordinator, ENGLISH)
    run_at_once(as_coordinator, job, title="The English sample")
    document = Document.objects.get(symbol="S/2099/42")
    assert document.title == "The English sample"
    page = as_coordinator.get(_job_url(job.pk)).content.decode()
    review = reverse("admin:recommendations_proposeditem_changelist") + f"?document__id__exact={document.pk}"
    assert f'href="{review}"' in page
    assert 'src="/static/recommendations/import_progress.js"' in page
    queue = as_coordinator.get(review)
    assert queue.status_code == 200
    # The rows only: the search box's help text cites an example reference too.
    rows = queue.content.decode().split('id="result_list"', 1)[1]
    shown = set(re.findall(r"(S/\d{4}/\d+) ¶\d+", rows))
    assert shown == {"S/2099/42"}  # the seed's proposed items are filtered out


def test_same_text_again_says_nothing_changed(as_coordinator, bodies, run_at_once, seed_document, seed_bytes):
    job = _uploaded(as_coordinator, seed_bytes)
    run_at_once(as_coordinator, job)
    status = as_coordinator.get(_job_url(job.pk, status=True)).json()
    assert status["state"] == "done" and status["paragraphs"] is None
    assert "already imported with this text; nothing changed" in status["summary"]


def test_a_changed_text_names_the_paragraphs_that_differ(as_coordinator, run_at_once, seed_document, seed_bytes):
    changed = seed_bytes.replace("也引发了关切".encode(), "也引起了关切".encode())
    job = _uploaded(as_coordinator, changed)
    run_at_once(as_coordinator, job)
    status = as_coordinator.get(_job_url(job.pk, status=True)).json()
    assert (status["state"], status["stage"], status["finished"]) == ("failed", "storing", True)
    assert status["error"] == (
        "S/2017/130 (zh) is already imported and this text differs in paragraph 19; nothing was changed"
    )
    assert status["error"] in as_coordinator.get(_job_url(job.pk)).content.decode()


def test_a_body_the_parser_refuses_fails_the_job_with_the_command_lines_words(as_coordinator, bodies, run_at_once):
    job = _uploaded(as_coordinator, b"S/2099/1\nNo paragraphs here.\n")
    run_at_once(as_coordinator, job)
    status = as_coordinator.get(_job_url(job.pk, status=True)).json()
    assert status["state"] == "failed" and status["stage"] == "parsing"
    assert status["error"] == "no numbered paragraphs found (expected lines such as '1. ...')"
    assert status["summary"] == "The import failed; nothing was stored."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"   \n", "the file is empty"),
        (b"\x00\x01\x02binary", "the file is binary, not text (it contains NUL bytes)"),
        ("S/2017/130 报告".encode("gb18030"), "the file is not UTF-8 text (invalid byte at offset 11)"),
    ],
)
def test_bad_files_show_the_command_lines_message_on_the_page(as_coordinator, data, message):
    response = _upload(as_coordinator, data)
    assert response.status_code == 400
    assert f'<p class="errornote" id="import-error">{message}</p>' in response.content.decode()
    assert not ImportJob.objects.exists()


def test_no_file_at_all_is_a_form_error(as_coordinator):
    response = as_coordinator.post(reverse(UPLOAD), {})
    assert response.status_code == 200 and "This field is required." in response.content.decode()


def test_a_file_over_the_cap_is_refused(as_coordinator, settings):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1000
    response = _upload(as_coordinator, ENGLISH)
    assert response.status_code == 413
    assert "a report may be at most 0.0 MB (DOCUMENT_UPLOAD_MAX_BYTES)" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_body_over_the_cap_is_refused_before_it_is_read(as_coordinator, settings, monkeypatch):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1000

    def never(*args, **kwargs):
        raise AssertionError("the upload was read")

    monkeypatch.setattr("django.http.request.HttpRequest._load_post_and_files", never)
    response = _upload(as_coordinator, b"1. x\n" * 40_000)
    assert response.status_code == 413
    assert "DOCUMENT_UPLOAD_MAX_BYTES" in response.content.decode()


# -- the status view -------------------------------------------------------------


@pytest.mark.parametrize("job_id", ["0", "999999999", "12x", "-1", str(2**63), "%20"])
def test_the_job_pages_know_no_other_ids(as_coordinator, job_id):
    ImportJob.objects.create(state="awaiting", data=ENGLISH)
    assert as_coordinator.get(f"/admin/recommendations/document/import/{job_id}/status/").status_code == 404
    assert as_coordinator.get(f"/admin/recommendations/document/import/{job_id}/").status_code == 404


def test_another_coordinators_upload_is_no_job_of_mine(client, coordinator, role_groups):
    from tests.factories import UserFactory

    job = ImportJob.objects.create(state="awaiting", data=ENGLISH, created_by=coordinator, symbol="S/2099/42")
    client.force_login(UserFactory(username="other-coordinator", groups=["Coordinators"]))
    assert client.get(_job_url(job.pk, status=True)).status_code == 404
    assert _confirm(client, job).status_code == 404
    assert ImportJob.objects.get(pk=job.pk).state == "awaiting"


def test_the_status_view_reads_a_fixed_number_of_rows(as_coordinator, django_assert_num_queries):
    job = _uploaded(as_coordinator, ENGLISH)
    # Session, user, the user's groups and bodies (its roles), the job (without its upload).
    with django_assert_num_queries(5) as captured:
        response = as_coordinator.get(_job_url(job.pk, status=True))
    assert response.status_code == 200 and response.json()["id"] == job.pk
    assert '"data"' not in captured.captured_queries[-1]["sql"]


def test_run_import_job_of_the_api_still_has_no_title_of_its_own(bodies):
    job = ImportJob.objects.create(data=ENGLISH, symbol="S/2099/42", language="en")
    run_import_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "done" and job.document.title.startswith("Report of the Working Group")
    assert job.items == job.document.items.count()


def test_the_pages_speak_chinese(as_coordinator):
    as_coordinator.cookies["django_language"] = "zh-hans"
    page = as_coordinator.get(reverse(UPLOAD)).content.decode()
    assert "导入报告" in page and "第 1 步（共 3 步）" in page and "上传" in page
    job = _uploaded(as_coordinator, b"1. The Council met twice.\n")
    assert "报头中没有文号：请填写。" in as_coordinator.get(_job_url(job.pk)).content.decode()
    ImportJob.objects.filter(pk=job.pk).update(state="pending")
    assert as_coordinator.get(_job_url(job.pk, status=True)).json()["label"] == "已排队：等待后台进程"


@pytest.mark.parametrize("value", ["abc", "-1", str(2**64), "1\u00a0"])
def test_a_bad_document_filter_on_the_review_queue_shows_the_list_as_usual(as_coordinator, value):
    queue = reverse("admin:recommendations_proposeditem_changelist")
    response = as_coordinator.get(queue, {"document__id__exact": value})
    assert response.status_code in (200, 302)
