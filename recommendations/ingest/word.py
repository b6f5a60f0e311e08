"""A Word (.docx) report → its text, one paragraph per line, as the parser reads a dump.

Paragraph numbers must be typed in the text ("1.", a tab, the paragraph), as UN
templates have them. Word's automatic numbering is drawn by Word from the
numbering definitions and is in no paragraph's text; a report numbered that way
is refused with that reason (its PDF reads).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from .errors import IngestError
from .glyphs import letters, one_line
from .layout import PARAGRAPH
from .text import SOFT_HYPHEN

# A report with its images unzips to a few megabytes; a small zip can unzip to gigabytes.
MAX_UNZIPPED_BYTES = 100 * 2**20
# python-docx opens only documents; a template (.dotx) or a macro-enabled file (.docm) it refuses by content type.
_OTHER_CONTENT = re.compile(r"content type is '[^']*?(template|macroEnabled)")
_DAMAGE = (
    PackageNotFoundError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    etree.LxmlError,
)


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def read_docx(data: bytes, *, max_unzipped_bytes: int = MAX_UNZIPPED_BYTES) -> str:
    """Paragraphs and table rows in document order, headers and footers left out."""
    _check_archive(data, max_unzipped_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_lines(document))
        auto_numbered = any(_auto_numbered(paragraph) for paragraph in document.paragraphs)
    except _DAMAGE as exc:
        if kind := _OTHER_CONTENT.search(str(exc)):
            raise IngestError(f"the file is a Word {kind[1]}, not a document (.docx); save it as .docx") from None
        reason = f"{type(exc).__name__}: {one_line(str(exc))}"[:160]
        raise IngestError(f"the Word file is damaged and cannot be read ({reason})") from None
    if not any(lines):
        raise IngestError("the Word document has no text")
    if auto_numbered and not any(PARAGRAPH.match(line) for line in lines):
        raise IngestError(
            "the paragraphs are numbered by Word's automatic numbering, which is not part of the text; "
            "upload the report's PDF instead"
        )
    return letters("\n".join(lines)) + "\n"


def _check_archive(data: bytes, cap: int) -> None:
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise IngestError("the file is a damaged ZIP archive") from None
    if not any(member.filename == "word/document.xml" for member in members):
        raise IngestError("the file is a ZIP archive but not a Word document (it has no word/document.xml)")
    # zipfile inflates a member only up to the size its directory declares (then the CRC
    # check fails), so the declared sizes bound what python-docx can unpack.
    unzipped = sum(member.file_size for member in members)
    if unzipped > cap:
        raise IngestError(f"the Word file unzips to {unzipped / 2**20:,.0f} MB; at most {cap / 2**20:,.0f} MB is read")


def _auto_numbered(paragraph: Paragraph) -> bool:
    """Whether Word draws a number before the paragraph, by its own numbering or its style's."""
    if paragraph._p.xpath("./w:pPr/w:numPr"):
        return True
    style = paragraph.style
    return style is not None and bool(style.element.xpath("./w:pPr/w:numPr"))


def _lines(container) -> Iterator[str]:
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            yield from _rows(block)
        else:
            for line in block.text.replace(SOFT_HYPHEN, "").split("\n"):
                yield one_line(line)


def _rows(table: Table) -> Iterator[str]:
    """A row as one line, cell after cell, as a PDF prints it; a merged cell once."""
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(" ".join(_lines(cell)))
        yield one_line(" ".join(cells))
