"""Characters a PDF or Word file prints → the characters of the report's text.

A PDF's text layer names glyphs, not always letters: a ligature glyph comes out
as one character (ﬁ), and a CJK font that draws an ideograph and a radical with
one glyph (Noto CJK does, for 行 and ⾏) may name the radical. The parser and the
extractor match words and cue phrases, so these are turned back into letters
here. Nothing else is normalized: full-width punctuation (，：) is the Chinese
text itself, and NFKC would turn it into ASCII.
"""

import re
import unicodedata

from .text import SOFT_HYPHEN

_LIGATURES = {chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}
# Fonts of the Mac and older Adobe encodings put fi and fl in the private use area.
_LIGATURES |= {"\uf001": "fi", "\uf002": "fl"}
# Every Kangxi radical has a compatibility mapping to its ideograph.
_KANGXI = {chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)}
# CJK radicals supplement has none; these pairs share a glyph in the Noto CJK fonts (as
# Unicode's EquivalentUnifiedIdeograph.txt pairs them).
_SUPPLEMENT = dict(
    zip(
        "⺂⺃⺅⺉⺋⺎⺏⺐⺒⺓⺔⺕⺖⺘⺙⺛⺞⺟⺠⺡⺣⺤⺦⺨⺫⺭⺯⺰⺱⺲⺳⺹⺺⺾⺿⻁⻂⻃⻄⻅⻆⻈⻉⻋⻌⻍⻎⻐⻑⻒⻓⻔⻖⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳",
        "乛乚亻刂㔾兀尣尢巳幺彑彐忄扌攵旡歺母民氵灬爫丬犭罒礻糹纟罓罒㓁耂肀艹艹虎衤覀西见角讠贝车辶辶辶钅長镸长门阝青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀龟",
        strict=True,
    )
)
_TABLE = str.maketrans(_LIGATURES | _KANGXI | _SUPPLEMENT)
# A soft hyphen inside a line is invisible; at the end of a printed line it marks a
# word broken across lines, which join_wrapped mends.
_INNER_SOFT_HYPHEN = re.compile(f"{SOFT_HYPHEN}+(?!\n|$)")
_SPACES = re.compile(r"[ \t\u00a0]+")


def letters(text: str) -> str:
    """``text`` with ligatures and CJK radicals as letters and soft hyphens only where a line breaks."""
    return _INNER_SOFT_HYPHEN.sub("", text.translate(_TABLE))


def one_line(text: str) -> str:
    """Runs of spaces, tabs and no-break spaces as one space, ends stripped: justified text's gaps go."""
    return _SPACES.sub(" ", text).strip()
