"""A PDF report → its text, one printed line per line, as the parser reads a dump."""

from __future__ import annotations

import io
import itertools
import re
import struct
import zlib
from collections.abc import Iterator

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTComponent, LTTextLineHorizontal
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.psexceptions import PSException

from .errors import IngestError
from .glyphs import letters, one_line

# A UN report runs to a few hundred pages at most; beyond this the file is something else
# and its layout analysis would hold a worker for minutes.
MAX_PAGES = 1_000
# A PDF's streams are deflated and pdfminer inflates each whole, in memory: a 20 MB
# upload of zeros would inflate to gigabytes. A report's text and fonts inflate to a few
# megabytes, its images to tens.
MAX_INFLATED_BYTES = 256 * 2**20
# Where a PDF ends: readers look for the end-of-file marker in the last kilobyte.
_TAIL = 1024
_STREAM = re.compile(rb"stream\r?\n")
_PIECE = 4096
# Malformed objects reach pdfminer's internals and surface as these, not as its own errors.
_DAMAGE = (
    PSException,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    RecursionError,
    struct.error,
    zlib.error,
)


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip(b"\t\n\r\f ").startswith(b"%PDF-")


def read_pdf(data: bytes, *, max_pages: int = MAX_PAGES, max_inflated_bytes: int = MAX_INFLATED_BYTES) -> str:
    """The printed lines of every page, top to bottom; IngestError names what makes the PDF unreadable."""
    if b"%%EOF" not in data[-_TAIL:]:
        raise IngestError("the PDF is truncated (it does not end with %%EOF); upload the whole file")
    _check_inflation(data, max_inflated_bytes)
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        if not document.is_extractable:
            raise IngestError("the PDF's permissions forbid copying its text; ask for an unrestricted copy")
        pages = list(itertools.islice(PDFPage.create_pages(document), max_pages + 1))
        if len(pages) > max_pages:
            raise IngestError(f"the PDF has more than {max_pages:,} pages; a report has fewer")
        lines = [line for page in _layouts(pages) for line in _printed_lines(page)]
    except IngestError:
        raise
    except PDFPasswordIncorrect:
        raise IngestError("the PDF is encrypted with a password; upload an unprotected copy") from None
    except PDFEncryptionError as exc:
        raise IngestError(f"the PDF is encrypted in a way that cannot be read ({one_line(str(exc))[:120]})") from None
    except _DAMAGE as exc:
        raise IngestError(f"the PDF is damaged and cannot be read ({_reason(exc)})") from None
    if not pages:
        raise IngestError("the PDF has no pages")
    if not any(lines):
        raise IngestError("the PDF has no text layer (scanned?); OCR it first")
    return letters("\n".join(lines)) + "\n"


def _reason(exc: Exception) -> str:
    return f"{type(exc).__name__}: {one_line(str(exc))}"[:160]


def _check_inflation(data: bytes, cap: int) -> None:
    """Inflate every deflated stream once, counting, never holding more than a few megabytes."""
    left, view = cap, memoryview(data)
    for start in _STREAM.finditer(data):
        inflater = zlib.decompressobj()
        # Small pieces in: one piece inflates to at most about a thousand times its size.
        for offset in range(start.end(), len(data), _PIECE):
            try:
                left -= len(inflater.decompress(view[offset : offset + _PIECE]))
            except zlib.error:
                break  # not deflated, or damaged: pdfminer will say
            if left < 0:
                raise IngestError(f"the PDF's streams inflate to more than {cap / 2**20:,.0f} MB; a report's do not")
            if inflater.eof:
                break


def _layouts(pages: list[PDFPage]) -> Iterator[LTComponent]:
    resources = PDFResourceManager()
    # all_texts: some writers put a page's text in a form XObject, which pdfminer calls a figure.
    device = PDFPageAggregator(resources, laparams=LAParams(all_texts=True))
    interpreter = PDFPageInterpreter(resources, device)
    for page in pages:
        interpreter.process_page(page)
        yield device.get_result()


def _printed_lines(page: LTComponent) -> list[str]:
    """Text lines side by side (a footer's page number and job number, a table's cells) make one line.

    pdfminer splits a printed line wherever its pieces stand apart and orders boxes
    column by column; the parser wants what a reader sees, line by line.
    """
    rows: list[list[LTTextLineHorizontal]] = []
    for line in sorted(_text_lines(page), key=lambda line: -(line.y0 + line.y1)):
        middle = (line.y0 + line.y1) / 2
        if rows and rows[-1][0].y0 <= middle <= rows[-1][0].y1:
            rows[-1].append(line)
        else:
            rows.append([line])
    printed = (" ".join(one_line(line.get_text()) for line in sorted(row, key=lambda line: line.x0)) for row in rows)
    return [text for text in printed if text]


def _text_lines(item: LTComponent) -> Iterator[LTTextLineHorizontal]:
    if isinstance(item, LTTextLineHorizontal):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from _text_lines(child)
