"""read_report: a report printed to PDF or written in Word reads to the paragraphs of its text dump.

The files are made here: the text route's parse of a dump is laid out again,
printed by Chromium with a running header and footer on every page, or written
by python-docx with a header and a footer. Paragraphs are compared one by one,
number, text (exactly, spaces and all) and sub-items; then symbol, title, sections and annex.
"""

import io
import zipfile

import pytest

from recommendations.ingest import IngestError, parse, read_report
from recommendations.ingest.glyphs import letters
from recommendations.ingest.pdf import read_pdf
from tests.recommendations.ingest.conftest import SAMPLES
from tests.recommendations.ingest.documents import (
    TEXT_PAGE,
    docx_of,
    furniture,
    hand_pdf,
    html_of,
    outline,
    paragraphs,
    pdf_pages,
    print_pdfs,
    refusals,
    report_of,
    zip_of,
)

JOBS = {"en": "99-01234 (E)", "zh": "17-02287 (C)"}


@pytest.fixture(scope="session")
def texts(seed_bytes):
    return {"en": (SAMPLES / "report.en.txt").read_text(encoding="utf-8"), "zh": seed_bytes.decode("utf-8")}


@pytest.fixture(scope="session")
def reports(texts):
    return {language: report_of(text, language=language) for language, text in texts.items()}


@pytest.fixture(scope="session")
def printed(reports):
    """The English sample (also typed with ligature characters) and the whole of S/2017/130, as PDFs."""
    en, zh = reports["en"], reports["zh"]
    pdfs = print_pdfs(
        (html_of(en), furniture(en, JOBS["en"])),
        (html_of(en, ligatures=True), furniture(en, JOBS["en"])),
        (html_of(zh), furniture(zh, JOBS["zh"])),
        (html_of(en), {}),
    )
    return dict(zip(("en", "en-ligatures", "zh", "en-browser-bands"), pdfs, strict=True))


@pytest.fixture(scope="session")
def written(reports):
    return {language: docx_of(report, job=JOBS[language]) for language, report in reports.items()}


@pytest.mark.parametrize(("language", "least_pages"), [("en", 3), ("zh", 10)])
def test_a_pdf_printed_with_running_header_and_footer_reads_to_the_paragraphs_of_its_text(
    texts, printed, language, least_pages
):
    assert pdf_pages(printed[language]) >= least_pages  # paragraphs run across page breaks and furniture
    from_text = parse(texts[language], language=language)
    from_pdf = parse(read_report(printed[language]), language=language)
    assert len(from_pdf.paragraphs) == len(from_text.paragraphs) > 10
    for text_para, pdf_para in zip(paragraphs(from_text), paragraphs(from_pdf), strict=True):
        assert pdf_para == text_para
    assert outline(from_pdf) == outline(from_text)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_word_document_with_header_and_footer_reads_to_the_paragraphs_of_its_text(texts, written, language):
    from_text = parse(texts[language], language=language)
    from_docx = parse(read_report(written[language]), language=language)
    assert len(from_docx.paragraphs) == len(from_text.paragraphs) > 10
    for text_para, docx_para in zip(paragraphs(from_text), paragraphs(from_docx), strict=True):
        assert docx_para == text_para
    assert outline(from_docx) == outline(from_text)


def test_a_pdf_with_the_browsers_own_header_and_footer_reads_to_the_paragraphs_of_its_text(texts, printed):
    text = read_report(printed["en-browser-bands"])
    assert "about:blank 2/" in text  # Chromium's footer: the page's address, the page number
    from_text = parse(texts["en"], language="en")
    from_pdf = parse(text, language="en")
    assert paragraphs(from_pdf) == paragraphs(from_text)
    assert outline(from_pdf) == outline(from_text)


def test_ligature_characters_in_a_pdf_read_as_the_letters_they_join(texts, printed):
    text = read_report(printed["en-ligatures"])
    assert not any("\ufb00" <= char <= "\ufb06" or char in "\uf001\uf002" for char in text)
    assert paragraphs(parse(text, language="en")) == paragraphs(parse(texts["en"], language="en"))


def test_a_chinese_pdf_names_ideographs_not_the_radicals_its_font_shares_glyphs_with(printed):
    text = read_report(printed["zh"])
    assert "维持和平行动" in text and "平民" in text
    assert not any("\u2e80" <= char <= "\u2fdf" for char in text)


def test_letters_undo_ligatures_and_radicals_and_keep_full_width_punctuation():
    assert letters("ﬁnancing ﬂows, eﬀorts, oﬃce, \uf001eld") == "financing flows, efforts, office, field"
    assert letters("⾏动，⺠众：（见）") == "行动，民众：（见）"


def test_a_soft_hyphen_goes_inside_a_line_and_joins_a_word_broken_at_a_line_end():
    assert letters("peace\u00adkeeping troop-\ncontri\u00ad\nbuting") == "peacekeeping troop-\ncontri\u00ad\nbuting"
    text = "S/2099/42\n1. Peace\u00ad\nkeepers of troop- and police-contri\u00ad\nbuting countries.\n"
    assert parse(text, language="en").paragraphs[0].text == "Peacekeepers of troop- and police-contributing countries."


def test_the_format_is_told_by_the_first_bytes(written):
    assert read_report(hand_pdf(TEXT_PAGE)) == "S/2099/42\n1. The Working Group met.\n"
    assert read_report(b"S/2099/42\n1. The Working Group met.\n") == "S/2099/42\n1. The Working Group met.\n"
    assert "1.\tThe Working Group was established" not in read_report(written["en"])  # tabs are spaces
    assert "1. The Working Group was established" in read_report(written["en"])


@pytest.fixture(scope="session")
def refused(written):
    return refusals(docx=written["en"])


@pytest.mark.parametrize(
    "name",
    ["doc", "encrypted-pdf", "truncated-pdf", "damaged-pdf", "scanned-pdf", "zip-bomb-docx", "plain-zip", "binary"],
)
def test_a_file_no_reader_takes_is_refused_in_one_line(refused, name):
    data, message = refused[name]
    with pytest.raises(IngestError, match=message) as caught:
        read_report(data)
    assert "\n" not in str(caught.value)


def test_a_pdf_encrypted_without_a_password_is_read_unless_it_forbids_copying_its_text():
    assert read_report(hand_pdf(TEXT_PAGE, encrypted="allowed")) == "S/2099/42\n1. The Working Group met.\n"
    with pytest.raises(IngestError, match="permissions forbid copying its text"):
        read_report(hand_pdf(TEXT_PAGE, encrypted="no-copy"))


def test_a_pdf_of_more_pages_than_the_cap_is_refused():
    assert read_pdf(hand_pdf(TEXT_PAGE, TEXT_PAGE), max_pages=2)
    with pytest.raises(IngestError, match="more than 2 pages"):
        read_pdf(hand_pdf(TEXT_PAGE, TEXT_PAGE, TEXT_PAGE), max_pages=2)


def test_a_pdf_whose_streams_inflate_beyond_the_cap_is_refused_before_pdfminer_inflates_them():
    cap = 16 * 2**20
    assert (
        read_pdf(hand_pdf(TEXT_PAGE, deflated=True), max_inflated_bytes=cap) == "S/2099/42\n1. The Working Group met.\n"
    )
    bomb = hand_pdf(TEXT_PAGE + b" " * (cap + 1), deflated=True)
    assert len(bomb) < cap / 100
    with pytest.raises(IngestError, match="inflate to more than 16 MB"):
        read_pdf(bomb, max_inflated_bytes=cap)


def test_a_word_template_is_refused_as_not_a_document(written):
    archive = zipfile.ZipFile(io.BytesIO(written["en"]))
    members = {name: archive.read(name) for name in archive.namelist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b".document.main+xml", b".template.main+xml"
    )
    with pytest.raises(IngestError, match=r"the file is a Word template, not a document \(.docx\)"):
        read_report(zip_of(members))


def test_a_word_document_numbered_by_words_automatic_numbering_is_refused_with_that_reason():
    import docx

    document = docx.Document()
    document.add_paragraph("S/2099/42")
    for text in ("The Working Group met.", "It recommends a review."):
        document.add_paragraph(text, style="List Number")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(IngestError, match="Word's automatic numbering"):
        read_report(out.getvalue())
