"""Reports the tests make for themselves: a text dump laid out again, printed by Chromium or written by Word.

From the text route's parse of a dump, the report is set as a reader sees it:
masthead lines, headings, numbered paragraphs, sub-items, the annex; then
Chromium prints it with a running header and footer on every page (as the UN
prints the symbol, the page and the job number), or python-docx writes it with
the paragraph numbers typed in, a header and a footer, and the annex as a table.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from pdfminer.arcfour import Arcfour

from recommendations.ingest import ParsedDocument, parse
from recommendations.ingest import layout as lay
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS


@dataclass
class Report:
    """A report as blocks in reading order: (kind, text), kind one of front, heading, para, sub, annex."""

    symbol: str
    language: str
    title: str
    blocks: list[tuple[str, str]]


def report_of(text: str, *, language: str) -> Report:
    parsed = parse(text, language=language)
    blocks = [*_front(text, parsed, language), *_body(parsed), *_annex(text, parsed)]
    return Report(parsed.symbol, language, parsed.title, blocks)


def _kept(text: str, symbol: str) -> list[str]:
    symbol_line = re.compile(rf"^\s*{re.escape(symbol)}\s*$")
    drop = [*lay.FURNITURE, lay.UNDOCS_LINK, symbol_line]
    return [line.strip() for line in text.splitlines() if line.strip() and not any(p.match(line) for p in drop)]


def _front(text: str, parsed: ParsedDocument, language: str) -> list[tuple[str, str]]:
    layout = lay.layout_for(language)
    front = []
    for line in _kept(text, parsed.symbol):
        if layout.chapter.match(line) or lay.PARAGRAPH.match(line):
            break
        front.append(("front", line))
    return front


def _body(parsed: ParsedDocument) -> list[tuple[str, str]]:
    blocks, shown = [], -1
    for para in parsed.paragraphs:
        for section in parsed.sections[shown + 1 : para.section_order + 1]:
            blocks.append(("heading", f"{section.number}. {section.heading}"))
        shown = max(shown, para.section_order)
        lead, *subs = para.text.split("\n")
        blocks.append(("para", f"{para.number}. {lead}"))
        blocks.extend(("sub", sub) for sub in subs)
    return blocks


def _annex(text: str, parsed: ParsedDocument) -> list[tuple[str, str]]:
    if not any(section.kind == "annex" for section in parsed.sections):
        return []
    layout = lay.layout_for(parsed.language)
    lines = _kept(text, parsed.symbol)
    start = next(i for i, line in enumerate(lines) if layout.annex.match(line))
    return [("heading", lines[start]), *(("annex", line) for line in lines[start + 1 :])]


# -- PDF ------------------------------------------------------------------------

# The English sample is short: on A5 it still runs to several pages.
_PAGE_SIZES = {"en": "A5", "zh": "A4"}
_CSS = """
@page { size: %(size)s; margin: 2.5cm 2.2cm; }
body { font-family: %(font)s; font-size: 12pt; line-height: 1.6; }
p, div, h2 { margin: 0 0 0.6em 0; }
h2 { font-size: 12pt; font-weight: bold; }
.para, .sub { padding-left: 4em; text-indent: -4em; }
.sub { margin-left: 4em; }
.number { display: inline-block; width: 4em; text-indent: 0; }
.front { text-align: left; }
"""
_FONTS = {"en": "'Liberation Serif', 'DejaVu Serif', serif", "zh": "'Noto Serif CJK SC', 'Noto Sans CJK SC', serif"}
_TAGS = {"front": "div", "heading": "h2", "para": "p", "sub": "p", "annex": "div"}


def html_of(report: Report, *, ligatures: bool = False) -> str:
    """The report as a web page; with ``ligatures`` some words are typed with ligature characters (ﬁ, ﬂ, ﬀ).

    The page's title is the symbol and the title, which a browser's own header prints.
    """
    lang = {"en": "en", "zh": "zh-CN"}[report.language]
    body = []
    for kind, text in report.blocks:
        if ligatures:
            text = text.replace("ffi", "\ufb03").replace("fi", "\ufb01").replace("fl", "\ufb02").replace("ff", "\ufb00")
        content = html.escape(text)
        if kind in ("para", "sub"):
            # As the UN sets them: the number in a hanging indent, well apart from the text.
            number, rest = text.split(" ", 1)
            content = f'<span class="number">{html.escape(number)}</span>{html.escape(rest)}'
        body.append(f'<{_TAGS[kind]} class="{kind}">{content}</{_TAGS[kind]}>')
    css = _CSS % {"font": _FONTS[report.language], "size": _PAGE_SIZES[report.language]}
    title = html.escape(f"{report.symbol} – {report.title}")
    head = f'<meta charset="utf-8"><title>{title}</title><style>{css}</style>'
    return f'<!doctype html><html lang="{lang}"><head>{head}</head><body>{"".join(body)}</body></html>'


def _band(left: str, right: str) -> str:
    style = "font-size:9pt;width:100%;box-sizing:border-box;padding:0 2.2cm;display:flex;justify-content:space-between"
    return f'<div style="{style}"><span>{left}</span><span>{right}</span></div>'


PAGE_OF = '<span class="pageNumber"></span>'
PAGES = '<span class="totalPages"></span>'


def furniture(report: Report, job: str) -> dict:
    """Chromium's header and footer: the symbol on top, the page and the job number below."""
    if report.language == "zh":
        footer = _band(job, f"第 {PAGE_OF} 页，共 {PAGES} 页")
    else:
        footer = _band(f"Page {PAGE_OF} of {PAGES}", job)
    return {"header_template": _band("", report.symbol), "footer_template": footer}


def print_pdfs(*pages: tuple[str, dict | None]) -> list[bytes]:
    """Each (html, header and footer) printed by Chromium, one browser for all (``printer.py``).

    Header and footer: templates; {} for Chromium's own (date and title, address and
    page number); None for none.
    """
    if not shutil.which(CHROMIUM):
        message = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    with tempfile.TemporaryDirectory() as folder:
        outs = [Path(folder) / f"{n}.pdf" for n in range(len(pages))]
        job = Path(folder) / "job.json"
        job.write_text(
            json.dumps(
                {
                    "executable": shutil.which(CHROMIUM),
                    "args": CHROMIUM_ARGS,
                    "pages": [
                        {"html": content, "bands": bands, "out": str(out)}
                        for (content, bands), out in zip(pages, outs, strict=True)
                    ],
                }
            ),
            encoding="utf-8",
        )
        root = Path(__file__).resolve().parents[3]
        subprocess.run(
            [sys.executable, "-m", "tests.recommendations.ingest.printer", str(job)], cwd=root, check=True, timeout=300
        )
        return [out.read_bytes() for out in outs]


def pdf_pages(data: bytes) -> int:
    from pdfminer.pdfpage import PDFPage

    return sum(1 for _ in PDFPage.get_pages(io.BytesIO(data)))


# -- Word -----------------------------------------------------------------------


def docx_of(report: Report, *, job: str) -> bytes:
    """The report as Word writes it: typed paragraph numbers and a tab, the annex's meetings as a table."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = report.symbol
    section.footer.paragraphs[0].text = job
    layout = lay.layout_for(report.language)
    table = None
    for kind, text in report.blocks:
        if kind == "para":
            number, rest = text.split(". ", 1)
            document.add_paragraph(f"{number}.\t{rest}")
        elif kind == "annex" and (row := layout.annex_row.match(text)):
            table = table or document.add_table(rows=0, cols=2)
            cells = table.add_row().cells
            cells[0].text = text[: row.start("rest")].strip()
            cells[1].text = row["rest"]
        elif kind == "annex" and table is not None:
            table.rows[-1].cells[1].add_paragraph(text)
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- comparing ------------------------------------------------------------------


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def paragraphs(parsed: ParsedDocument) -> list[tuple[int, str, list[str]]]:
    """Number, text (exactly, spaces and all) and sub-item labels of each paragraph."""
    return [(p.number, p.text, [s.label for s in p.sub_items]) for p in parsed.paragraphs]


def outline(parsed: ParsedDocument) -> dict:
    """Everything but the paragraphs, whitespace aside."""
    return {
        "symbol": parsed.symbol,
        "title": _squeezed(parsed.title),
        "date": parsed.date,
        "issuing_body": parsed.issuing_body,
        "sections": [(s.kind, s.number, _squeezed(s.heading), s.meeting_date) for s in parsed.sections],
        "annex": [(row["date"], _squeezed(row["text"]), row["topic"]) for s in parsed.sections for row in s.rows],
    }


# -- files the readers refuse -----------------------------------------------------


# The standard security handler, revision 2 (RC4, 40-bit key), as in the PDF 1.7 spec, 7.6.3.
_PADDING = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
_OWNER = b"\x41" * 32
_DOC_ID = b"\x0f" * 16
_ALL_ALLOWED, _NO_COPY = -4, -4 & ~16  # bit 5 (16): copy or extract text


def hand_pdf(*contents: bytes, deflated: bool = False, encrypted: str = "") -> bytes:
    """A minimal PDF written byte by byte: one page per content stream, Helvetica, a true cross-reference table.

    ``deflated``: the content streams are, as most PDFs' are. ``encrypted``: "password",
    the user password is not the empty one (what a reader tries first); "no-copy", it is,
    and the permissions forbid copying text; "allowed", it is, and they allow it.
    """
    key = b""
    if encrypted:
        permissions = _NO_COPY if encrypted == "no-copy" else _ALL_ALLOWED
        digest = hashlib.md5(_PADDING + _OWNER + struct.pack("<l", permissions) + _DOC_ID).digest()
        key = digest[:5]
        user = b"\x42" * 32 if encrypted == "password" else Arcfour(key).encrypt(_PADDING)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(contents))).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(contents)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for content in contents:
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R >> >> >>" % (len(objects) + 2)
        )
        stream, flate = (zlib.compress(content), b" /Filter /FlateDecode") if deflated else (content, b"")
        if key:
            number = len(objects) + 1
            stream = Arcfour(hashlib.md5(key + struct.pack("<L", number)[:3] + b"\0\0").digest()[:10]).encrypt(stream)
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(stream), flate, stream))
    trailer = b"/Root 1 0 R"
    if encrypted:
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
            % (_OWNER.hex().encode(), user.hex().encode(), permissions)
        )
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), _DOC_ID.hex().encode(), _DOC_ID.hex().encode())
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


TEXT_PAGE = b"BT /F1 12 Tf 20 250 Td (S/2099/42) Tj 0 -20 Td (1. The Working Group met.) Tj ET"
PICTURE_PAGE = b"0.5 g 20 20 260 260 re f"  # a scan is an image; a grey square will do


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb(docx: bytes, *, megabytes: int) -> bytes:
    """``docx`` with an image of ``megabytes`` of zeros: a few hundred kilobytes zipped."""
    out = io.BytesIO(docx)
    block = bytes(2**20)
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/image1.png", "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(block)
    return out.getvalue()


def refusals(*, docx: bytes) -> dict[str, tuple[bytes, str]]:
    """Files no reader takes, each with the words its one-line refusal must contain.

    Built from good ones (``docx``, a PDF of a page of text), so that each is refused
    for its one fault; none needs a browser.
    """
    pdf = hand_pdf(TEXT_PAGE, TEXT_PAGE, deflated=True)
    return {
        "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), "Word 97–2003 .doc files are not read"),
        "encrypted-pdf": (hand_pdf(TEXT_PAGE, encrypted="password"), "encrypted with a password"),
        "truncated-pdf": (pdf[: len(pdf) // 2], "truncated"),
        "damaged-pdf": (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nthis is no PDF\n%%EOF\n", "damaged"),
        "scanned-pdf": (hand_pdf(PICTURE_PAGE, PICTURE_PAGE), r"no text layer \(scanned\?\); OCR it first"),
        "zip-bomb-docx": (zip_bomb(docx, megabytes=101), r"unzips to 10\d MB; at most 100 MB"),
        "plain-zip": (zip_of({"report.txt": b"1. Hello"}), "not a Word document"),
        "binary": (b"\x89PNG\r\n\x1a\n" + bytes(64), "binary"),
    }
