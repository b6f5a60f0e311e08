"""The whole first week of a report, in Chromium: import it as PDF or Word, review it, see it on the dashboard."""

import pytest

from recommendations.dashboard import COLUMNS
from recommendations.models import Document, ImportJob, Status
from recommendations.tasks import import_document_job
from tests.recommendations.ingest.conftest import SAMPLES
from tests.recommendations.ingest.documents import docx_of, furniture, html_of, report_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

JOB = "99-01234 (E)"


def _english_sample(browser, kind: str) -> bytes:
    """The English sample as Chromium prints it (running header and footer on every page), or as Word writes it."""
    report = report_of((SAMPLES / "report.en.txt").read_text(encoding="utf-8"), language="en")
    if kind == "docx":
        return docx_of(report, job=JOB)
    printer = browser.new_page()
    try:
        printer.set_content(html_of(report))
        return printer.pdf(prefer_css_page_size=True, display_header_footer=True, **furniture(report, JOB))
    finally:
        printer.close()


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_a_report_imported_as_pdf_or_word_is_reviewed_and_reaches_the_dashboard(
    browser, page, screenshot, bodies, coordinator, monkeypatch, tmp_path, kind
):
    upload = tmp_path / f"S-2099-42.{kind}"
    upload.write_bytes(_english_sample(browser, kind))
    # The broker is this list: the test, as the worker, runs the queued task (Celery's own apply).
    queued = []
    monkeypatch.setattr(import_document_job, "delay", queued.append)

    page.goto("/admin/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "secret-password")
    page.click("input[type=submit]")
    page.click("#dashboard-import-link")
    page.set_input_files("#id_file", str(upload))
    page.click("#import-upload input[type=submit]")

    # What the masthead of the PDF or Word file says, ready to confirm.
    page.wait_for_selector("#import-confirm")
    assert page.input_value("#id_symbol") == "S/2099/42"
    assert page.input_value("#id_language") == "en"
    assert page.input_value("#id_title").startswith("Report of the Working Group on Peacekeeping Operations")
    screenshot("confirm")
    page.click("#import-confirm input[type=submit]")

    page.wait_for_selector("#import-progress")
    (job,) = ImportJob.objects.filter(created_by=coordinator)
    assert queued == [job.pk]
    import_document_job.apply(args=[job.pk])
    page.wait_for_selector("#import-progress[data-stage=done]")
    document = Document.objects.get(symbol="S/2099/42", language="en")
    items = document.items.count()
    assert (document.paragraphs.count(), items > 0) == (11, True)
    assert f"{items} proposed items" in page.inner_text(".import-summary")
    screenshot("done")

    # The review queue of this document: select every item and confirm them at once.
    page.click("a.review-link")
    page.wait_for_selector("#result_list")
    assert page.locator("#result_list tbody tr").count() == items
    page.check("#action-toggle")
    page.select_option("select[name=action]", "transition_confirm")
    screenshot("review-queue")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist")
    assert f"{items} item(s) changed" in page.inner_text(".messagelist")
    assert document.items.filter(status=Status.OPEN).count() == items

    # The dashboard counts them as open.
    page.goto("/admin/")
    totals = page.locator("#status-by-body tfoot th.num").all_inner_texts()
    assert int(totals[COLUMNS.index(Status.OPEN)]) == items
    screenshot("dashboard")
