"""UN report text → ParsedDocument.

The text is a dump of the PDF: one printed line per line, page furniture and
link blocks wherever the page broke. Lines are classified one by one; a
paragraph ends only where the next numbered paragraph, sub-item or heading
begins, so a paragraph that runs across a page break stays whole.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from . import layout as lay
from .errors import IngestError
from .model import Paragraph, ParsedDocument, Section, SubItem
from .symbols import SYMBOL, find_citations, validate
from .text import decode, join_wrapped


@dataclass
class _Line:
    number: int  # 1-based, for error messages
    start: int  # offset of the first non-blank character in the raw text
    end: int  # offset just after the last non-blank character
    text: str  # stripped


@dataclass
class _OpenParagraph:
    number: int
    text: str
    source_start: int
    source_end: int
    section_order: int
    sub_items: list[list] = field(default_factory=list)  # [label, start, end]


def parse(data: bytes | str, *, language: str, symbol: str | None = None) -> ParsedDocument:
    """Parse a report; raise IngestError naming the first problem found."""
    layout = lay.layout_for(language)
    text = decode(data) if isinstance(data, bytes) else data
    if not text.strip():
        raise IngestError("the file is empty")
    return _Parser(text, layout, symbol).run()


# Also the page's words when a text without a masthead is confirmed with no symbol typed.
NO_SYMBOL = "no document symbol in the masthead; give one with --symbol"


def front_matter(text: str, layout: lay.Layout) -> tuple[str | None, str]:
    """The symbol printed in the masthead (None without one) and the title, without reading the body."""
    lines = _lines(text)
    printed = _printed_symbol(lines)
    front = []
    for line in lines:
        if lay.UNDOCS_LINK.match(line.text) or _is_furniture(line, printed):
            continue
        if _starts_body(line, layout):
            break
        front.append(line)
    return printed, _title(front, layout)


def _printed_symbol(lines: list[_Line]) -> str | None:
    return next((m["symbol"] for line in lines[:12] if (m := SYMBOL.search(line.text))), None)


# Every kind of furniture in one pattern, so that a line is tried once.
_FURNITURE = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in lay.FURNITURE))
# The running header: the symbol, with the page number on either side in some printings. One
# pattern for every symbol, compared after: a pattern made for each report's symbol took a
# millisecond to compile, as long as parsing a short report.
_RUNNING_HEADER = re.compile(rf"^\s*(?:{lay.PAGE_NUMBER}\s+)?(?P<symbol>\S.*?)(?:\s+{lay.PAGE_NUMBER})?\s*$")


def _is_furniture(line: _Line, symbol: str | None) -> bool:
    """Page furniture, with the symbol that heads every page when there is one."""
    if _FURNITURE.match(line.text):
        return True
    if not symbol or symbol not in line.text:
        return False
    header = _RUNNING_HEADER.match(line.text)
    return header is not None and header["symbol"] == symbol


def _starts_body(line: _Line, layout: lay.Layout) -> bool:
    return bool(layout.chapter.match(line.text) or lay.PARAGRAPH.match(line.text))


def _title(front: list[_Line], layout: lay.Layout) -> str:
    starts = [i for i, line in enumerate(front) if layout.title_start.match(line.text)]
    if not starts:
        return ""
    title = ""
    for line in front[starts[-1] :]:
        title = join_wrapped(title, line.text)
    return title


def _lines(text: str) -> list[_Line]:
    lines, offset = [], 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped:
            start = offset + raw.index(stripped[0])
            lines.append(_Line(number, start, start + len(stripped), stripped))
        offset += len(raw) + 1
    return lines


class _Parser:
    def __init__(self, text: str, layout: lay.Layout, symbol: str | None):
        self.text = text
        self.layout = layout
        self.given_symbol = symbol
        self.front: list[_Line] = []
        self.sections: list[Section] = []
        self.paragraphs: list[Paragraph] = []
        self.open: _OpenParagraph | None = None
        self.heading_open = False  # the last body line was a heading that may wrap
        self.chapter: int | None = None
        self.in_annex = False

    def run(self) -> ParsedDocument:
        lines = _lines(self.text)
        symbol = self._symbol(lines)
        in_body = False
        for line in lines:
            if lay.UNDOCS_LINK.match(line.text):
                continue  # the address the PDF printed under a link
            if _is_furniture(line, symbol):
                continue
            if not in_body and _starts_body(line, self.layout):
                in_body = True
            if in_body:
                self._body_line(line)
            else:
                self.front.append(line)
        self._close_paragraph()
        if not self.paragraphs:
            raise IngestError("no numbered paragraphs found (expected lines such as '1. ...')")
        return self._document(symbol)

    # -- masthead -----------------------------------------------------------

    def _symbol(self, lines: list[_Line]) -> str:
        printed = _printed_symbol(lines)
        if self.given_symbol and printed and printed != self.given_symbol:
            raise IngestError(f"the masthead says {printed}, not {self.given_symbol}")
        if not (self.given_symbol or printed):
            raise IngestError(NO_SYMBOL)
        # A symbol typed for a text without a masthead becomes the document's name: it must be one.
        return validate(self.given_symbol or printed)

    def _masthead(self) -> tuple[str, str, datetime.date | None, str]:
        language = original = issuing = ""
        date = None
        for line in self.front:
            if line.text in lay.MASTHEAD_LANGUAGES and not language:
                language = lay.MASTHEAD_LANGUAGES[line.text]
            elif m := lay.MASTHEAD_ORIGINAL.match(line.text):
                original = lay.MASTHEAD_LANGUAGES.get(m[1], "")
            elif (m := lay.MASTHEAD_DATE.match(line.text)) and date is None:
                date = datetime.date(int(m[3]), lay.MONTHS_EN[m[2]], int(m[1]))
            elif line.text in self.layout.issuing_bodies and not issuing:
                issuing = line.text
        if language and language != self.layout.language:
            raise IngestError(f"the masthead says the text is in {language}, not {self.layout.language}")
        return original or self.layout.language, issuing, date, _title(self.front, self.layout)

    # -- body ---------------------------------------------------------------

    def _body_line(self, line: _Line) -> None:
        layout = self.layout
        if self.in_annex:
            self._annex_line(line)
        elif layout.annex.match(line.text):
            self._close_paragraph()
            self._add_section("annex", "", "")
            self.in_annex = True
        elif m := lay.PARAGRAPH.match(line.text):
            self._start_paragraph(int(m[1]), m[2], line)
        elif m := layout.chapter.match(line.text):
            self._close_paragraph()
            self.chapter = self._add_section("chapter", m[1], m[2])
        elif (m := layout.topic.match(line.text)) and self.chapter is not None:
            self._close_paragraph()
            self._add_section("topic", m[1], m[2], parent=self.chapter)
        elif (m := lay.SUB_ITEM.match(line.text)) and self.open:
            para = self.open
            para.text += "\n"
            para.sub_items.append([m[1], len(para.text), len(para.text) + len(line.text)])
            para.text += line.text
            para.source_end = line.end
        else:
            self._continue(line)

    def _continue(self, line: _Line) -> None:
        if self.heading_open and self.sections:
            section = self.sections[-1]
            section.heading = join_wrapped(section.heading, line.text)
        elif self.open:
            para = self.open
            para.text = join_wrapped(para.text, line.text)
            para.source_end = line.end
            if para.sub_items:
                para.sub_items[-1][2] = len(para.text)
        else:
            raise IngestError(f"line {line.number}: text outside any numbered paragraph: {line.text[:40]!r}")

    def _add_section(self, kind: str, number: str, heading: str, parent: int | None = None) -> int:
        self.sections.append(Section(kind, number, heading, len(self.sections), parent))
        self.heading_open = kind != "annex"
        return len(self.sections) - 1

    def _start_paragraph(self, number: int, first: str, line: _Line) -> None:
        expected = len(self.paragraphs) + (1 if self.open is None else 2)
        if number != expected:
            if number < expected:
                raise IngestError(f"line {line.number}: paragraph {number} appears twice")
            missing = expected if number == expected + 1 else f"{expected}–{number - 1}"
            raise IngestError(f"line {line.number}: paragraph {missing} is missing (found {number})")
        self._close_paragraph()
        if not self.sections:
            self._add_section("chapter", "", "")
        self.heading_open = False
        start = line.start
        self.open = _OpenParagraph(number, first, start, line.end, len(self.sections) - 1)

    def _close_paragraph(self) -> None:
        para, self.open = self.open, None
        if para is None:
            return
        subs = [SubItem(label, start, end) for label, start, end in para.sub_items]
        self.paragraphs.append(
            Paragraph(
                number=para.number,
                text=para.text,
                section_order=para.section_order,
                sub_items=subs,
                citations=find_citations(para.text, self.layout.language),
                source_start=para.source_start,
                source_end=para.source_end,
            )
        )

    def _annex_line(self, line: _Line) -> None:
        annex = self.sections[-1]
        if m := self.layout.annex_row.match(line.text):
            month, day = self.layout.month_day(m)
            annex.rows.append({"month": month, "day": day, "lines": [m["rest"]] if m["rest"] else []})
        elif annex.rows:
            annex.rows[-1]["lines"].append(line.text)
        elif not annex.heading:
            annex.heading = line.text
        else:
            annex.columns = line.text.split()

    # -- assembly -----------------------------------------------------------

    def _document(self, symbol: str) -> ParsedDocument:
        original, issuing, date, title = self._masthead()
        year_match = self.layout.title_year.search(title)
        year = int(year_match[1]) if year_match else (date.year if date else None)
        self._date_meetings(year)
        return ParsedDocument(
            symbol=symbol,
            language=self.layout.language,
            original_language=original,
            title=title,
            date=date,
            issuing_body=issuing,
            sections=self.sections,
            paragraphs=self.paragraphs,
        )

    def _date_meetings(self, year: int | None) -> None:
        """Give each topic the date its first paragraph names, and each annex row its date and topic."""
        if year is None:
            return
        first_paragraph: dict[int, Paragraph] = {}
        for para in self.paragraphs:
            first_paragraph.setdefault(para.section_order, para)
        by_date = {}
        for section in self.sections:
            para = first_paragraph.get(section.order)
            if section.kind == "topic" and para and (m := self.layout.meeting_date.match(para.text)):
                section.meeting_date = datetime.date(year, *self.layout.month_day(m))
                by_date[section.meeting_date] = section
        for section in self.sections:
            for row in section.rows:
                day = datetime.date(year, row.pop("month"), row.pop("day"))
                topic = by_date.get(day)
                row.update(date=day.isoformat(), text=" ".join(row["lines"]), topic=topic.number if topic else "")
