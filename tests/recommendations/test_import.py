"""Importing a report: everything stored in one go, a second run changes nothing, bad input writes nothing."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction

from recommendations.ingest import IngestError
from recommendations.models import Citation, Document, Item, ItemOwner, Paragraph, Reference, Section
from recommendations.services import ImportRefused, apply_curated_items, import_document
from tests.recommendations.ingest.conftest import SAMPLES
from tests.recommendations.ingest.documents import docx_of, furniture, html_of, print_pdfs, refusals, report_of

pytestmark = pytest.mark.django_db

MODELS = (Document, Section, Paragraph, Reference, Citation, Item, ItemOwner)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_import_stores_the_seed_with_its_proposed_items(seed_document):
    doc = seed_document
    assert (doc.symbol, doc.language, doc.original_language, str(doc.date)) == ("S/2017/130", "zh", "en", "2017-02-14")
    assert doc.paragraphs.count() == 110
    assert doc.sections.filter(kind="topic").count() == 5
    assert doc.items.count() == 35
    assert set(doc.items.values_list("status", flat=True)) == {"proposed"}
    para = doc.paragraphs.get(number=52)
    assert para.section.number == "C" and para.section.parent.number == "二"
    assert list(para.citations.values_list("reference__symbol", flat=True))[:2] == [
        "S/RES/2129 (2013)",
        "S/RES/2185 (2014)",
    ]
    assert para.citations.first().url == "http://undocs.org/ch/S/RES/2129(2013)"
    item = doc.items.get(paragraph__number=109)
    assert item.reference == "S/2017/130 ¶109"
    assert set(item.ownerships.values_list("body__code", "role")) == {("TPCC", "lead"), ("SEC", "lead"), ("SC", "lead")}
    assert item.paragraph.text[item.quote_start : item.quote_end] == item.quote


def test_same_text_again_changes_nothing(seed_document, seed_bytes):
    before = _counts()
    result = import_document(data=seed_bytes, symbol="S/2017/130", language="zh")
    assert not result.created and result.document == seed_document
    assert _counts() == before


def test_changed_text_reports_which_paragraphs_differ_and_writes_nothing(seed_document, seed_bytes):
    before = _counts()
    changed = seed_bytes.replace("也引发了关切".encode(), "也引起了关切".encode()).replace(
        "工作组成员指出".encode(), "工作组成员均指出".encode()
    )
    with pytest.raises(ImportRefused, match=r"differs in paragraphs 19, 45; nothing was changed"):
        import_document(data=changed, symbol="S/2017/130", language="zh")
    assert _counts() == before


@pytest.mark.parametrize(
    ("data", "language", "message"),
    [
        (b"", "zh", "empty"),
        (b"\x00\x01\x02binary", "zh", "binary"),
        ("S/2017/130\n没有编号的段落\n".encode(), "zh", "no numbered paragraphs"),
        ("S/2017/130\n1. 一。\n3. 三。\n".encode(), "zh", "paragraph 2 is missing"),
        ("S/2017/130\n1. 一。\n1. 一。\n".encode(), "zh", "paragraph 1 appears twice"),
        ("S/2017/130\n1. 一。\n".encode(), "tlh", "unknown language"),
    ],
)
def test_bad_input_writes_nothing(bodies, data, language, message):
    with pytest.raises(IngestError, match=message):
        import_document(data=data, symbol="S/2017/130", language=language)
    assert set(_counts().values()) == {0}


def test_failure_halfway_through_rolls_back_everything(bodies, seed_bytes, monkeypatch):
    from recommendations.services import storing

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(storing, "_store_items", broken)
    with pytest.raises(RuntimeError):
        import_document(data=seed_bytes, symbol="S/2017/130", language="zh")
    assert set(_counts().values()) == {0}


def test_curated_items_open_with_summaries_and_reviewed_owners(seed_document, curated):
    result = apply_curated_items(document=seed_document, entries=curated["items"])
    assert (result.opened, result.updated, result.unchanged) == (35, 0, 0)
    assert seed_document.items.filter(status="open").count() == 35
    item = seed_document.items.get(paragraph__number=22)
    assert item.summary.startswith("WG members stressed")
    assert list(item.ownerships.values_list("body__code", "role")) == [("SEC", "supporting")]


def test_curated_items_twice_change_nothing(seed_document, curated):
    apply_curated_items(document=seed_document, entries=curated["items"])
    stamps = dict(seed_document.items.values_list("pk", "updated_at"))
    result = apply_curated_items(document=seed_document, entries=curated["items"])
    assert (result.opened, result.updated, result.unchanged) == (0, 0, 35)
    assert dict(seed_document.items.values_list("pk", "updated_at")) == stamps


def test_curated_quote_that_is_not_the_paragraph_text_is_refused(seed_document, curated):
    entries = [dict(curated["items"][0], quote="别的文字")]
    with pytest.raises(ImportRefused, match="curated item 18-1: the quote is not the text of ¶18"):
        apply_curated_items(document=seed_document, entries=entries)
    assert not seed_document.items.filter(status="open").exists()


def test_a_reviewed_list_that_names_one_item_twice_is_refused_whole(seed_document, curated):
    first = curated["items"][0]
    entries = [*curated["items"], dict(first, summary="another summary")]
    with pytest.raises(ImportRefused, match=f"curated item {first['ref']}: listed twice"):
        apply_curated_items(document=seed_document, entries=entries)
    assert not seed_document.items.filter(status="open").exists()


def test_without_bodies_every_item_is_still_proposed_awaiting_its_owners(db, seed_bytes):
    document = import_document(data=seed_bytes, symbol="S/2017/130", language="zh").document
    assert document.items.count() == 35
    assert not ItemOwner.objects.exists()


def test_the_reference_bodies_loaded_by_their_command_let_a_first_import_suggest_owners(db, seed_bytes, body_entries):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("load_bodies", stdout=out)
    assert f"{len(body_entries)} created, 0 updated" in out.getvalue()
    call_command("load_bodies", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()
    document = import_document(data=seed_bytes, symbol="S/2017/130", language="zh").document
    item = document.items.get(paragraph__number=109)
    assert set(item.ownerships.values_list("body__code", flat=True)) == {"TPCC", "SEC", "SC"}


def test_the_bodies_command_names_a_bad_file(db, tmp_path):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "bodies.yaml"
    bad.write_text("- code: X\n  parent: NOPE\n")
    with pytest.raises(CommandError, match="parent NOPE must be listed before it"):
        call_command("load_bodies", str(bad))
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_bodies", str(tmp_path / "missing.yaml"))


def test_stages_are_reported_in_order_and_outside_the_imports_transaction(bodies, seed_bytes):
    from django.db import connection

    outer = len(connection.atomic_blocks)  # the test's own transaction
    seen = []
    result = import_document(
        data=seed_bytes,
        symbol="S/2017/130",
        language="zh",
        progress=lambda stage: seen.append((stage, len(connection.atomic_blocks) - outer)),
    )
    # Outside it, a stage written by the caller is committed and seen by the status page at once.
    assert seen == [("parsing", 0), ("extracting", 0), ("storing", 0)]
    assert (result.paragraphs, result.items) == (110, 35)
    assert result.citations == Citation.objects.filter(paragraph__document=result.document).count() > 0


def test_a_title_given_replaces_the_mastheads(bodies, seed_bytes):
    document = import_document(data=seed_bytes, symbol="S/2017/130", language="zh", title="工作组报告").document
    assert document.title == "工作组报告"


# -- PDF and Word ------------------------------------------------------------------

JOB = "99-01234 (E)"


@pytest.fixture(scope="module")
def english_files():
    """The English sample as its text dump, printed by Chromium, and written by Word."""
    text = (SAMPLES / "report.en.txt").read_bytes()
    report = report_of(text.decode(), language="en")
    [pdf] = print_pdfs((html_of(report), furniture(report, JOB)))
    return {"text": text, "pdf": pdf, "docx": docx_of(report, job=JOB)}


def _stored(document: Document) -> dict:
    """Paragraphs and proposed items of a stored document, exactly."""
    items = document.items.select_related("paragraph").prefetch_related("owners").order_by("paragraph__number", "seq")
    return {
        "paragraphs": [(p.number, p.text) for p in document.paragraphs.order_by("number")],
        "items": [
            (i.paragraph.number, i.sub_item, i.kind, i.quote, i.quote_start, sorted(b.code for b in i.owners.all()))
            for i in items
        ],
    }


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_a_pdf_or_word_file_of_a_report_stores_the_paragraphs_and_items_of_its_text(bodies, english_files, kind):
    with transaction.atomic():
        from_text = _stored(import_document(data=english_files["text"], symbol="S/2099/42", language="en").document)
        transaction.set_rollback(True)
    assert Document.objects.count() == 0
    result = import_document(data=english_files[kind], symbol="S/2099/42", language="en")
    assert result.created and result.paragraphs == len(from_text["paragraphs"]) == 11
    assert _stored(result.document) == from_text
    assert from_text["items"]
    again = import_document(data=english_files[kind], symbol="S/2099/42", language="en")
    assert not again.created


@pytest.mark.parametrize(("first", "then"), [("text", "docx"), ("docx", "text"), ("text", "pdf")])
def test_the_same_report_from_another_file_is_already_imported_not_a_changed_text(bodies, english_files, first, then):
    document = import_document(data=english_files[first], symbol="S/2099/42", language="en").document
    again = import_document(data=english_files[then], symbol="S/2099/42", language="en")
    assert (again.created, again.document) == (False, document)
    assert Document.objects.count() == 1


@pytest.fixture(scope="module")
def refused():
    report = report_of((SAMPLES / "report.en.txt").read_text(encoding="utf-8"), language="en")
    return refusals(docx=docx_of(report, job=JOB))


REFUSED = ["doc", "encrypted-pdf", "truncated-pdf", "damaged-pdf", "scanned-pdf", "zip-bomb-docx", "plain-zip"]


@pytest.mark.parametrize("name", REFUSED)
def test_a_file_no_reader_takes_is_a_400_from_the_api_with_its_reason(api, bodies, coordinator, refused, name):
    data, message = refused[name]
    upload = SimpleUploadedFile("report.pdf", data)  # the name says PDF whatever it is: the content decides
    response = api(coordinator).post(
        "/api/v1/documents/import/", {"file": upload, "symbol": "S/2099/42", "language": "en"}, format="multipart"
    )
    assert response.status_code == 400, response.content
    assert re.search(message, str(response.json()))
    assert Document.objects.count() == 0


@pytest.mark.parametrize("name", REFUSED)
def test_a_file_no_reader_takes_is_a_one_line_command_error(bodies, refused, tmp_path, name):
    data, message = refused[name]
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    with pytest.raises(CommandError, match=message) as caught:
        call_command("import_document", str(path), "--symbol", "S/2099/42", "--language", "en")
    assert "\n" not in str(caught.value)
    assert Document.objects.count() == 0


def test_a_background_job_imports_a_pdf_and_fails_a_refused_file_with_its_reason(bodies, english_files, refused):
    from recommendations.models import ImportJob
    from recommendations.services import run_import_job

    fields = {"symbol": "S/2099/42", "language": "en"}
    good = ImportJob.objects.create(data=english_files["pdf"], **fields)
    bad = ImportJob.objects.create(data=refused["scanned-pdf"][0], **fields)
    for job in (bad, good):
        run_import_job(job_id=job.pk)
        job.refresh_from_db()
    assert (bad.state, bad.error) == ("failed", "the PDF has no text layer (scanned?); OCR it first")
    assert good.state == "done" and good.document.paragraphs.count() == 11
