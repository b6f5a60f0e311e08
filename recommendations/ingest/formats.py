"""Report files → text: the one door every upload goes through before the parser.

The format is told by the file's first bytes, never by its name: an upload's name
is whatever the sender's machine called it.
"""

from .errors import IngestError
from .pdf import MAX_PAGES, is_pdf, read_pdf
from .text import decode
from .word import MAX_UNZIPPED_BYTES, is_zip, read_docx

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 and other Office binary files


def read_report(data: bytes, *, max_pages: int = MAX_PAGES, max_unzipped_bytes: int = MAX_UNZIPPED_BYTES) -> str:
    """The text of a report file (PDF, Word .docx or UTF-8 text), one printed line per line."""
    if is_pdf(data):
        return read_pdf(data, max_pages=max_pages)
    if is_zip(data):
        return read_docx(data, max_unzipped_bytes=max_unzipped_bytes)
    if data.startswith(_OLE2):
        raise IngestError("Word 97–2003 .doc files are not read; save it as .docx or PDF")
    if data.lstrip().startswith(b"{\\rtf"):
        raise IngestError("RTF files are not read; save it as .docx or PDF")
    return decode(data)
