"""What a report says about itself before its first paragraph: symbol, language and title.

Read to fill in the import form for a coordinator to confirm; nothing here is final,
the parser checks it all again on import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import IngestError
from .layout import LAYOUTS
from .parser import front_matter
from .symbols import validate

# Runs of characters, not each one: a Chinese report of megabytes is millions of them, and a list
# of that many strings would weigh twenty times the text.
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Masthead:
    """What was found; a part the text does not give is None."""

    symbol: str | None
    language: str | None
    title: str | None


def read_masthead(text: str) -> Masthead:
    language = text_language(text)
    # The masthead is printed in English in every language version; only the title's words differ.
    printed, title = front_matter(text, LAYOUTS[language or "en"])
    return Masthead(symbol=_valid(printed), language=language, title=title or None)


def text_language(text: str) -> str | None:
    """Chinese where CJK characters outnumber Latin words, else English; None for a text of neither.

    Characters against words: a Chinese report's English masthead and cited symbols are
    many letters but few words, and an English report naming a Chinese place stays English.
    """
    # subn counts the words without listing them (an English report of megabytes has a million).
    cjk, latin = sum(map(len, _CJK_RUN.findall(text))), _LATIN_WORD.subn("", text)[1]
    if not (cjk or latin):
        return None
    return "zh" if cjk > latin else "en"


def _valid(printed: str | None) -> str | None:
    if printed is None:
        return None
    try:
        return validate(printed)
    except IngestError:
        return None
