"""*Revise* on the "Import a report" page: a changed text of a report already imported becomes its next revision."""

import pytest
from django.urls import reverse

from recommendations.models import Document, Event, ImportJob, Item, Reanchoring, Revision
from recommendations.services import import_jobs, run_import_job
from recommendations.services.reanchoring import review_reanchoring
from tests.recommendations.test_import_page import _confirm, _job_url, _uploaded
from tests.recommendations.test_revising import REVISED, imported  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def _revise_url(job_id):
    return reverse("admin:recommendations_document_import_revise", args=[job_id])


def _status(client, job):
    return client.get(_job_url(job.pk, status=True)).json()


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def at_once(eager_celery, django_capture_on_commit_callbacks):
    """A POST whose after-commit enqueue runs, and the task with it (Celery eager)."""

    def post(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data or {})
        assert response.status_code == 302, response.content.decode()[:2000]
        return response

    return post


@pytest.fixture
def refused(as_coordinator, at_once, imported):  # noqa: F811 (a fixture)
    """The reissued S/2017/130 uploaded and imported: refused, its text having changed."""
    job = _uploaded(as_coordinator, REVISED.read_bytes())
    at_once(as_coordinator, _job_url(job.pk), {"symbol": job.symbol, "language": job.language, "title": ""})
    job.refresh_from_db()
    assert (job.state, job.text_changed) == ("failed", True)
    return job


# -- the refusal offers it ----------------------------------------------------------


def test_a_changed_text_is_refused_with_its_paragraphs_and_offered_for_revision(as_coordinator, refused):
    status = _status(as_coordinator, refused)
    assert status["error"].startswith("S/2017/130 (zh) is already imported and this text differs in paragraphs 19, ")
    assert status["revisable"] is True and status["revise"] is False
    page = as_coordinator.get(_job_url(refused.pk)).content.decode()
    assert f'<form method="post" action="{_revise_url(refused.pk)}" class="import-revise">' in page
    assert 'value="Revise"' in page


def test_other_failures_are_not_offered_for_revision(as_coordinator, bodies, at_once):
    job = _uploaded(as_coordinator, b"S/2099/1\nNo paragraphs here.\n")
    at_once(as_coordinator, _job_url(job.pk), {"symbol": job.symbol, "language": "en"})
    assert _status(as_coordinator, job)["revisable"] is False
    assert 'class="import-revise" hidden>' in as_coordinator.get(_job_url(job.pk)).content.decode()


# -- revise: the worker records the revision ----------------------------------------


def test_revise_records_the_next_revision_and_reports_it(as_coordinator, coordinator, refused, at_once):
    document = Document.objects.get(symbol="S/2017/130", language="zh")
    response = at_once(as_coordinator, _revise_url(refused.pk))
    assert response["Location"] == _job_url(refused.pk)
    status = _status(as_coordinator, refused)
    assert (status["state"], status["stage"], status["step"], status["steps"]) == ("done", "done", 3, 3)
    assert (status["revise"], status["revisable"], status["error"]) == (True, False, "")
    assert status["revision"] == 2
    assert status["found"] == {"same": 0, "moved": 17, "changed": 3, "lost": 1} and status["to_review"] == 4
    assert status["summary"] == (
        "S/2017/130 (zh): revision 2 (S/2017/130) recorded. Quotes found again: 17 moved with the same words, "
        "3 with changed words, 1 not found; 4 items wait for review."
    )
    revision = Revision.objects.get(document=document, number=2)
    assert revision.imported_by == coordinator
    assert Event.objects.filter(action="reanchor", actor=coordinator).count() == 21
    assert document.paragraphs.count() == 111  # the new text's (¶81 split in two)
    page = as_coordinator.get(_job_url(refused.pk)).content.decode()
    assert "Revising S/2017/130" in page and "Step 3 of 3: the worker records the revised text" in page
    assert status["summary"] in page


def test_the_result_links_to_the_items_waiting_for_review(as_coordinator, coordinator, refused, at_once):
    at_once(as_coordinator, _revise_url(refused.pk))
    status = _status(as_coordinator, refused)
    document = Document.objects.get(symbol="S/2017/130", language="zh")
    assert status["review_url"] == (
        reverse("admin:recommendations_item_changelist") + f"?document__id__exact={document.pk}&quote_review=yes"
    )
    page = as_coordinator.get(_job_url(refused.pk)).content.decode()
    assert f'href="{status["review_url"].replace("&", "&amp;")}">Review the items whose quotes changed</a>' in page
    waiting = set(Reanchoring.objects.to_review().values_list("item_id", flat=True))
    listed = as_coordinator.get(status["review_url"])
    assert {item.pk for item in listed.context["cl"].result_list} == waiting and len(waiting) == 4
    # Once reviewed, an item leaves the list, and the result counts it no more.
    review_reanchoring(item=Item.objects.get(pk=min(waiting)), actor=coordinator)
    assert len(as_coordinator.get(status["review_url"]).context["cl"].result_list) == 3
    assert _status(as_coordinator, refused)["to_review"] == 3


def test_the_progress_goes_through_parsing_and_finding_the_quotes(as_coordinator, refused, at_once, monkeypatch):
    seen = []
    real_revise = import_jobs.revise_document

    def watched(*, progress, **kwargs):
        def report(stage):
            progress(stage)
            seen.append(_status(as_coordinator, refused))

        return real_revise(progress=report, **kwargs)

    monkeypatch.setattr(import_jobs, "revise_document", watched)
    at_once(as_coordinator, _revise_url(refused.pk))
    assert [(s["state"], s["stage"], s["step"], s["steps"], s["label"]) for s in seen] == [
        ("running", "parsing", 1, 3, "parsing"),
        ("running", "anchoring", 2, 3, "finding the quotes again"),
    ]


def test_the_same_text_again_as_a_revision_changes_nothing(as_coordinator, at_once, seed_document, seed_bytes):
    job = _uploaded(as_coordinator, seed_bytes)
    at_once(as_coordinator, _job_url(job.pk), {"symbol": job.symbol, "language": "zh", "revise": "on"})
    status = _status(as_coordinator, job)
    assert (status["state"], status["revision"], status["review_url"]) == ("done", None, "")
    assert status["summary"] == "S/2017/130 (zh) already has this text; nothing changed."
    assert not Revision.objects.exists()


# -- revise up front ------------------------------------------------------------------


def test_the_checkbox_revises_without_a_refusal_first(as_coordinator, at_once, imported):  # noqa: F811
    job = _uploaded(as_coordinator, REVISED.read_bytes())
    page = as_coordinator.get(_job_url(job.pk)).content.decode()
    assert 'name="revise"' in page and "This is a revised text of a report already imported" in page
    at_once(as_coordinator, _job_url(job.pk), {"symbol": "S/2017/130/Corr.1", "language": "zh", "revise": "on"})
    status = _status(as_coordinator, job)
    assert (status["state"], status["revision"], status["to_review"]) == ("done", 2, 4)
    assert Revision.objects.get(document=imported, number=2).symbol == "S/2017/130/Corr.1"
    assert "Revising S/2017/130/Corr.1" in as_coordinator.get(_job_url(job.pk)).content.decode()


def test_revising_a_report_not_imported_is_refused_on_the_confirm_page(as_coordinator, bodies):
    job = _uploaded(as_coordinator, REVISED.read_bytes())
    response = _confirm(as_coordinator, job, symbol="S/2017/130/Corr.1", revise="on")
    assert response.status_code == 200
    assert "S/2017/130 (zh) is not imported: import it first, then revise it." in response.content.decode()
    assert ImportJob.objects.get(pk=job.pk).state == "awaiting"


def test_a_revision_whose_report_is_gone_fails_with_the_command_lines_words(coordinator, bodies):
    job = ImportJob.objects.create(
        data=REVISED.read_bytes(), symbol="S/2017/130", language="zh", revise=True, created_by=coordinator
    )
    run_import_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "failed" and not job.text_changed
    assert job.error == "S/2017/130 (zh) is not imported: import it first, then revise it"


# -- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["tpcc_focal_point", "viewer", "outsider"])
def test_only_coordinators_may_revise(client, request, persona, coordinator):
    job = ImportJob.objects.create(
        state="failed", text_changed=True, data=REVISED.read_bytes(), created_by=coordinator, symbol="S/2017/130"
    )
    client.force_login(request.getfixturevalue(persona))
    assert client.post(_revise_url(job.pk)).status_code == 403
    assert ImportJob.objects.get(pk=job.pk).state == "failed"


def test_anonymous_and_another_coordinator_may_not_revise(client, coordinator, role_groups):
    from tests.factories import UserFactory

    job = ImportJob.objects.create(state="failed", text_changed=True, data=b"x", created_by=coordinator)
    response = client.post(_revise_url(job.pk))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    client.force_login(UserFactory(username="other-coordinator", groups=["Coordinators"]))
    assert client.post(_revise_url(job.pk)).status_code == 404
    assert ImportJob.objects.get(pk=job.pk).state == "failed"


@pytest.mark.parametrize("job_id", ["0", "999999999", "12x", str(2**63)])
def test_the_revise_action_knows_no_other_ids(as_coordinator, job_id):
    assert as_coordinator.post(f"/admin/recommendations/document/import/{job_id}/revise/").status_code == 404


def test_revise_is_a_post(as_coordinator, coordinator):
    job = ImportJob.objects.create(state="failed", text_changed=True, data=b"x", created_by=coordinator)
    assert as_coordinator.get(_revise_url(job.pk)).status_code == 405
    assert ImportJob.objects.get(pk=job.pk).state == "failed"


def test_revise_sent_twice_queues_the_job_once(
    as_coordinator, refused, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("recommendations.tasks.import_document_job.delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = as_coordinator.post(_revise_url(refused.pk))
        second = as_coordinator.post(_revise_url(refused.pk))
    assert first.status_code == second.status_code == 302
    assert len(callbacks) == 1 and queued == [refused.pk]
    refused.refresh_from_db()
    assert (refused.state, refused.revise, refused.error, refused.stage) == ("pending", True, "", "")
    # The second one is no mistake: the page shows the job on its way, with no error.
    page = as_coordinator.get(second["Location"]).content.decode()
    assert "can be revised" not in page and "Revising S/2017/130" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"state": "failed", "text_changed": False}, "Only an upload refused because the text changed can be revised."),
        ({"state": "done"}, "Only an upload refused because the text changed can be revised."),
        ({"state": "failed", "text_changed": True, "purged": True}, "The upload was deleted meanwhile"),
    ],
)
def test_an_upload_not_refused_for_a_changed_text_is_not_revised(as_coordinator, coordinator, fields, message):
    job = ImportJob.objects.create(data=b"x", created_by=coordinator, symbol="S/2017/130", language="zh", **fields)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("recommendations.tasks.import_document_job.delay", pytest.fail)
        response = as_coordinator.post(_revise_url(job.pk), follow=True)
    assert response.status_code == 200 and message in response.content.decode()
    assert ImportJob.objects.get(pk=job.pk).state == fields["state"]


def test_a_revision_over_the_size_cap_fails_and_changes_nothing(as_coordinator, refused, at_once, settings):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1000  # lowered since the upload
    at_once(as_coordinator, _revise_url(refused.pk))
    status = _status(as_coordinator, refused)
    assert status["state"] == "failed" and "(DOCUMENT_UPLOAD_MAX_BYTES)" in status["error"]
    assert status["summary"] == "The revision failed; nothing was changed."
    assert not Revision.objects.exists()


@pytest.mark.parametrize(
    ("data", "symbol", "error"),
    [
        ("联合国 S/2017/130\n\n没有编号的段落。", "S/2017/130", "no numbered paragraphs found"),
        (None, "S/2018/7/Corr.1", "the masthead says S/2017/130, which does not amend S/2018/7"),
    ],
)
def test_malformed_revisions_fail_with_the_command_lines_words(
    as_coordinator,
    at_once,
    imported,  # noqa: F811
    data,
    symbol,
    error,
):
    job = _uploaded(as_coordinator, data.encode() if data else REVISED.read_bytes())
    # Revising a report named by its corrigendum's symbol: the form checks the report it amends.
    Document.objects.create(symbol="S/2018/7", language="zh", checksum="-")
    at_once(as_coordinator, _job_url(job.pk), {"symbol": symbol, "language": "zh", "revise": "on"})
    status = _status(as_coordinator, job)
    assert status["state"] == "failed" and error in status["error"], status["error"]
    assert not Revision.objects.exists()


def test_the_revise_action_speaks_chinese(as_coordinator, refused, at_once):
    as_coordinator.cookies["django_language"] = "zh-hans"
    page = as_coordinator.get(_job_url(refused.pk)).content.decode()
    assert 'value="修订"' in page
    at_once(as_coordinator, _revise_url(refused.pk))
    status = _status(as_coordinator, refused)
    assert status["summary"].startswith("S/2017/130 (zh)：已记录第 2 次修订（S/2017/130）。")
    assert status["label"] == "完成"
