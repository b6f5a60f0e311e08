"""Reading UN reports: the parser and the item extractor. Pure Python, no Django."""

from .errors import IngestError
from .extract import extract
from .formats import read_report
from .model import ExtractedItem, ParsedDocument
from .parser import parse
from .text import decode

__all__ = ["ExtractedItem", "IngestError", "ParsedDocument", "decode", "extract", "parse", "read_report"]
