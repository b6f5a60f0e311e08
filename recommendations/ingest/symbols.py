"""UN document symbols: finding them in text, normalising them, linking them.

A symbol is a series prefix and slash-separated components (``S/2017/2/Rev.1``,
``S/PRST/2001/3``); two symbols joined by a hyphen name one joint document
(``A/70/95-S/2015/446``); resolutions carry their year (``S/RES/2129 (2013)``).
Chinese text cites resolutions by number only (``第 2129(2013)、2185(2014)号决议``).
"""

import re

from .errors import IngestError
from .model import Citation

# The longest symbol the service stores: real ones are far shorter (``A/70/95-S/2015/446`` is 18).
MAX_SYMBOL_LENGTH = 64
_PART = r"(?:(?:Rev|Add|Corr|Amend)\.\d+|[A-Z]{1,6}(?:\.\d+)?|\d+(?:\.\d+)?)"
_ONE = rf"(?:A|S|E|ST|DP|TD|UNEP)(?:/{_PART})+"
SYMBOL = re.compile(rf"(?<![\w/.])(?P<symbol>{_ONE}(?:-{_ONE})?)(?:\s?\((?P<year>\d{{4}})\))?")
_RES_NUMBER = re.compile(r"(?P<number>\d{1,4})\s?\((?P<year>\d{4})\)")
ZH_RESOLUTIONS = re.compile(r"第\s*(?P<list>\d{1,4}\s?\(\d{4}\)(?:\s*[、和及与]\s*\d{1,4}\s?\(\d{4}\))*)\s*号决议")
EN_RESOLUTIONS = re.compile(r"resolutions?\s+(?P<list>\d{1,4}\s?\(\d{4}\)(?:(?:,\s*|,?\s+and\s+)\d{1,4}\s?\(\d{4}\))*)")
# How far before a resolution number the text may name the General Assembly.
_ORGAN_WINDOW = 24
_ASSEMBLY = ("大会", "General Assembly")

# undocs.org's language codes, as the reports print them in their link blocks.
UNDOCS_LANGUAGE = {"ar": "ar", "zh": "ch", "en": "en", "fr": "fr", "ru": "ru", "es": "sp"}


def normalise(symbol: str, year: str | None = None) -> str:
    """The canonical form: no stray spaces, a resolution's year as `` (yyyy)``."""
    symbol = re.sub(r"\s+", "", symbol)
    match = re.fullmatch(r"(.*?)\((\d{4})\)", symbol)
    if match:
        symbol, year = match.groups()
    return f"{symbol} ({year})" if year else symbol


def validate(text: str) -> str:
    """The normalised symbol of ``text``, or an IngestError naming what is wrong."""
    candidate = text.strip()
    if len(candidate) > MAX_SYMBOL_LENGTH:
        raise IngestError(
            f"{candidate[:20]!r}… is longer than {MAX_SYMBOL_LENGTH} characters: not a UN document symbol"
        )
    match = SYMBOL.fullmatch(candidate)
    if not match or not re.search(r"\d", match["symbol"]):
        raise IngestError(f"{candidate!r} is not a UN document symbol (e.g. S/RES/2436 (2018), S/PRST/2015/26)")
    if "/RES/" in match["symbol"] and not match["year"]:
        raise IngestError(f"{candidate!r}: a resolution symbol needs its year, e.g. S/RES/2436 (2018)")
    return normalise(match["symbol"], match["year"])


def undocs_url(symbol: str, language: str) -> str:
    """The undocs.org address of ``symbol`` in ``language``.

    A joint symbol resolves through its first part, and a resolution's year is
    written without the space: that is how the reports' own links are printed.
    """
    path = symbol.split("-", 1)[0] if "-" in symbol and re.match(_ONE + "-", symbol) else symbol
    path = path.replace(" ", "")
    return f"http://undocs.org/{UNDOCS_LANGUAGE.get(language, 'en')}/{path}"


def find_citations(text: str, language: str) -> list[Citation]:
    """Every symbol cited in ``text``, in order of appearance."""
    found: list[Citation] = []
    for match in SYMBOL.finditer(text):
        # Too long to be a symbol: a run of slashes and numbers that only looks like one.
        if re.search(r"\d", match["symbol"]) and len(match[0]) <= MAX_SYMBOL_LENGTH:
            found.append(Citation(normalise(match["symbol"], match["year"]), match.start(), match.end()))
    pattern = ZH_RESOLUTIONS if language == "zh" else EN_RESOLUTIONS
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - _ORGAN_WINDOW) : match.start()]
        organ = "A" if any(name in before for name in _ASSEMBLY) else "S"
        offset = match.start("list")
        for number in _RES_NUMBER.finditer(match["list"]):
            symbol = f"{organ}/RES/{number['number']} ({number['year']})"
            found.append(Citation(symbol, offset + number.start(), offset + number.end()))
    return sorted(found, key=lambda citation: citation.start)
