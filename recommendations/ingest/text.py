"""Reading bytes as report text and undoing the PDF's line wraps."""

import re
import unicodedata

from .errors import IngestError

SOFT_HYPHEN = "\u00ad"


def decode(data: bytes) -> str:
    """UTF-8 text of ``data`` (a BOM is dropped); binary or empty input is refused."""
    if not data.strip():
        raise IngestError("the file is empty")
    if b"\x00" in data:
        raise IngestError("the file is binary, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"the file is not UTF-8 text (invalid byte at offset {exc.start})") from None
    # PDF dumps use \r\n or \r on some systems; offsets are kept against \n text.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_wide(char: str) -> bool:
    """True for CJK and full-width characters, which are set without spaces between them."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of one sentence that a line wrap separated.

    The dump ends each printed line with a space that is not in the report; it
    goes. Between two Latin words the wrap stood for a space; between
    Chinese characters it stood for nothing; between a Chinese character and a
    Latin letter or digit for a space, as UN Chinese texts set one there
    ("2016 年", "顾问 Thierry"); after a soft hyphen (a PDF's text layer keeps
    one where it broke a word) for nothing, and the hyphen goes. After a hyphen
    it stood for nothing ("peace-keeping"), unless the hyphen is suspended
    ("troop- and police-contributing").
    """
    left, right = left.rstrip(), right.lstrip()
    if left.endswith(SOFT_HYPHEN):
        return left.rstrip(SOFT_HYPHEN) + right
    if not left or not right:
        return left + right
    if (_latin(left[-1]) and _ideograph(right[0])) or (_ideograph(left[-1]) and _latin(right[0])):
        return f"{left} {right}"
    if is_wide(left[-1]) or is_wide(right[0]):
        return left + right
    if left.endswith("-") and not SUSPENDED.match(right):
        return left + right
    return f"{left} {right}"


# The word after a suspended hyphen: "troop- and police-", "pre- or post-deployment".
SUSPENDED = re.compile(r"(?:and|or|nor|to)\b")


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _ideograph(char: str) -> bool:
    """A Chinese character; not full-width punctuation, which takes no space after it ("（2016")."""
    return is_wide(char) and unicodedata.category(char) == "Lo"
