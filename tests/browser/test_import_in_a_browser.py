"""A coordinator imports a report from the admin and watches the worker's progress in Chromium."""

import pytest

from recommendations.models import Document, ImportJob
from recommendations.services import import_jobs
from recommendations.tasks import import_document_job
from tests.recommendations.ingest.conftest import SAMPLES

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_coordinator_imports_a_report_and_watches_it_reach_done(page, screenshot, bodies, coordinator, monkeypatch):
    # The broker is this list: the confirmation enqueues after commit, and the test, as the worker,
    # runs the task the real way (Celery's own apply) while the page polls.
    queued = []
    monkeypatch.setattr(import_document_job, "delay", queued.append)
    real_import = import_jobs.import_document
    shown = []

    def watched(*, progress, **kwargs):
        def stage(name):
            progress(name)
            # Each stage is committed before the next begins: the page must show it without a reload.
            page.wait_for_selector(f"#import-progress[data-stage={name}]")
            shown.append((name, page.locator("#import-progress progress").get_attribute("value")))
            screenshot(f"stage-{name}")

        return real_import(progress=stage, **kwargs)

    monkeypatch.setattr(import_jobs, "import_document", watched)

    page.goto("/admin/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "secret-password")
    page.click("input[type=submit]")
    page.click("#dashboard-import-link")
    page.set_input_files("#id_file", str(SAMPLES / "report.en.txt"))
    screenshot("upload")
    page.click("#import-upload input[type=submit]")

    page.wait_for_selector("#import-confirm")
    assert page.input_value("#id_symbol") == "S/2099/42"
    assert page.input_value("#id_language") == "en"
    assert page.input_value("#id_title").startswith("Report of the Working Group on Peacekeeping Operations")
    screenshot("confirm")
    page.click("#import-confirm input[type=submit]")

    page.wait_for_selector("#import-progress")
    assert page.inner_text(".import-stage-label") == "queued: waiting for the worker"
    assert page.is_hidden("#import-result")
    page.evaluate("window.notReloaded = true")
    job = ImportJob.objects.get(created_by=coordinator)
    assert queued == [job.pk]
    import_document_job.apply(args=[job.pk])

    page.wait_for_selector("#import-progress[data-stage=done]")
    assert shown == [("parsing", "1"), ("extracting", "2"), ("storing", "3")]
    assert page.locator("#import-progress progress").get_attribute("value") == "4"
    assert page.evaluate("window.notReloaded") is True
    document = Document.objects.get(symbol="S/2099/42", language="en")
    items = document.items.count()
    summary = page.inner_text(".import-summary")
    assert f"{document.paragraphs.count()} paragraphs" in summary and f"{items} proposed items" in summary
    screenshot("done")

    page.click("a.review-link")
    page.wait_for_selector("#result_list")
    references = page.locator("#result_list tbody .field-reference_link").all_inner_texts()
    assert len(references) == items > 0
    assert all(reference.startswith("S/2099/42 ¶") for reference in references)
    screenshot("review-queue")


def test_a_refused_changed_text_is_revised_from_the_page(page, screenshot, bodies, coordinator, monkeypatch):
    from django.conf import settings

    from recommendations.demo import read_yaml
    from recommendations.services import apply_curated_items, import_document

    curated = read_yaml(settings.FIXTURES_DIR / "items" / "S-2017-130.zh.yaml")
    seed = import_document(data=(settings.FIXTURES_DIR / curated["source"]).read_bytes(), language="zh").document
    apply_curated_items(document=seed, entries=curated["items"])
    queued = []
    monkeypatch.setattr(import_document_job, "delay", queued.append)

    page.goto("/admin/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "secret-password")
    page.click("input[type=submit]")
    page.goto("/admin/recommendations/document/import/")
    page.set_input_files("#id_file", str(settings.FIXTURES_DIR / "revisions" / "S-2017-130.reissued.zh.txt"))
    page.click("#import-upload input[type=submit]")
    page.wait_for_selector("#import-confirm")
    page.click("#import-confirm input[type=submit]")
    page.wait_for_selector("#import-progress")
    assert page.is_hidden("form.import-revise")
    page.evaluate("window.notReloaded = true")
    import_document_job.apply(args=[queued[-1]])

    # The refusal arrives by polling: its words, and the action that answers it, without a reload.
    page.wait_for_selector("form.import-revise", state="visible")
    assert page.evaluate("window.notReloaded") is True
    assert "this text differs in paragraphs 19," in page.inner_text(".import-error")
    screenshot("revise-offered")
    page.click("form.import-revise input[type=submit]")
    page.wait_for_selector("#import-progress[data-state=pending]")
    assert page.locator("#import-progress li").all_inner_texts() == ["parsing", "finding the quotes again", "done"]
    assert len(queued) == 2 and queued[0] == queued[1]  # the same job, queued again
    import_document_job.apply(args=[queued[-1]])

    page.wait_for_selector("#import-progress[data-stage=done]")
    assert page.locator("#import-progress progress").get_attribute("value") == "3"
    assert "revision 2 (S/2017/130) recorded" in page.inner_text(".import-summary")
    assert page.is_hidden("form.import-revise")
    screenshot("revised")
    page.click("a.review-link")
    page.wait_for_selector("#result_list")
    assert len(page.locator("#result_list tbody tr").all()) == 4
    screenshot("quotes-to-review")
