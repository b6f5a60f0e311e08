"""Reading UN reports: the parser and the item extractor. Pure Python, no Django."""

from .errors import IngestError
from .extract import extract
from .formats import read_report
from .masthead import Masthead, read_masthead, text_language
from .model import ExtractedItem, ParsedDocument
from .parser import parse
from .text import decode

__all__ = [
    "ExtractedItem",
    "IngestError",
    "Masthead",
    "ParsedDocument",
    "decode",
    "extract",
    "parse",
    "read_masthead",
    "read_report",
    "text_language",
]
