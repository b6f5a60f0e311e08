"""How a UN report is laid out, per language of the text.

The masthead of every language version is printed in English; the body is in
the document's language. One Layout per language keeps those patterns together.
"""

import re
from dataclasses import dataclass

from .errors import IngestError

_MONTHS = "January February March April May June July August September October November December"
MONTHS_EN = {name: number for number, name in enumerate(_MONTHS.split(), start=1)}
MASTHEAD_LANGUAGES = {
    "Arabic": "ar",
    "Chinese": "zh",
    "English": "en",
    "French": "fr",
    "Russian": "ru",
    "Spanish": "es",
}
_MONTH_NAMES = "|".join(MONTHS_EN)

# Page furniture: printed on every page by the PDF, never part of the text.
_JOB = r"\d{2}-\d{5}(?:\s*\(\w\))?"  # the UN job number, e.g. 17-02287 (C)
# A page number as UN, word processors' and browsers' footers print it: 2/13, Page 2 of 13,
# - 2 -, 第 2 页，共 13 页. A bare 2 is not one: a wrapped line can be a number alone.
PAGE_NUMBER = (
    r"(?:\d{1,4}\s*/\s*\d{1,4}|(?i:page)\s+\d{1,4}(?:\s+(?i:of)\s+\d{1,4})?|-\s*\d{1,4}\s*-"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?)"
)
FURNITURE = [
    re.compile(r"^\s*\*\d{7}\*\s*$"),  # barcode of the job number
    re.compile(rf"^\s*{_JOB}(?:\s+\d{{6}})*\s*$"),  # job number, with print dates on page 1
    re.compile(rf"^\s*{PAGE_NUMBER}(?:\s+{_JOB})?\s*$"),  # odd-page footer: page and job number, or a page alone
    re.compile(rf"^\s*{_JOB}\s+{PAGE_NUMBER}\s*$"),  # even-page footer
    # A browser's own header and footer: when it printed (then the page's title), and the
    # page's address with the page number.
    re.compile(r"^\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?(?:\s|$)"),
    re.compile(rf"^\s*(?:(?:https?|file)://\S+|about:blank)\s+{PAGE_NUMBER}\s*$"),
]
UNDOCS_LINK = re.compile(r"^\s*(https?://undocs\.org/\S+)\s*$")
MASTHEAD_DATE = re.compile(rf"^\s*(\d{{1,2}}) ({_MONTH_NAMES}) (\d{{4}})\s*$")
MASTHEAD_ORIGINAL = re.compile(r"^\s*Original:\s*(\w+)\s*$")
PARAGRAPH = re.compile(r"^\s*(\d{1,3})\.\s+(\S.*?)\s*$")
SUB_ITEM = re.compile(r"^\s*\(([a-z])\)\s+(\S.*?)\s*$")


@dataclass(frozen=True)
class Layout:
    language: str
    chapter: re.Pattern
    topic: re.Pattern
    annex: re.Pattern
    title_start: re.Pattern
    title_year: re.Pattern
    issuing_bodies: tuple[str, ...]
    # First words of a topic's first paragraph, naming the meeting's day.
    meeting_date: re.Pattern
    # First line of a row in the annex table of meetings.
    annex_row: re.Pattern

    def month_day(self, match: re.Match) -> tuple[int, int]:
        month, day = match["month"], int(match["day"])
        return (MONTHS_EN[month] if month in MONTHS_EN else int(month)), day


ZH = Layout(
    language="zh",
    # Bounded as Section.number is: a longer run of numerals is text, not a chapter.
    chapter=re.compile(r"^\s*([一二三四五六七八九十]{1,8})\.\s*(\S.*?)\s*$"),
    topic=re.compile(r"^\s*([A-Z])\.\s+(\S.*?)\s*$"),
    annex=re.compile(r"^\s*附件\s*$"),
    title_start=re.compile(r"^\s*关于"),
    title_year=re.compile(r"(\d{4})\s*年"),
    issuing_bodies=("安全理事会", "大会", "经济及社会理事会"),
    meeting_date=re.compile(r"^(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"),
    annex_row=re.compile(r"^\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日\s*(?P<rest>.*?)\s*$"),
)

EN = Layout(
    language="en",
    chapter=re.compile(r"^\s*([IVX]{1,8})\.\s+(\S.*?)\s*$"),
    topic=re.compile(r"^\s*([A-Z])\.\s+(\S.*?)\s*$"),
    annex=re.compile(r"^\s*Annex\s*$"),
    title_start=re.compile(r"^\s*Report of"),
    title_year=re.compile(r"\b((?:19|20)\d{2})\b"),
    issuing_bodies=("Security Council", "General Assembly", "Economic and Social Council"),
    meeting_date=re.compile(rf"^On (?P<day>\d{{1,2}}) (?P<month>{_MONTH_NAMES})\b"),
    annex_row=re.compile(rf"^\s*(?P<day>\d{{1,2}}) (?P<month>{_MONTH_NAMES})\s*(?P<rest>.*?)\s*$"),
)

LAYOUTS = {layout.language: layout for layout in (ZH, EN)}


def layout_for(language: str) -> Layout:
    try:
        return LAYOUTS[language]
    except KeyError:
        known = ", ".join(sorted(LAYOUTS))
        raise IngestError(f"unknown language {language!r}: the parser reads {known}") from None
