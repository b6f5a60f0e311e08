"""Report files → text: the one door every upload goes through before the parser."""

from .text import decode


def read_report(data: bytes) -> str:
    """The text of a report file.

    Only UTF-8 text is read so far; PDF and Word are issue 10's next step.
    """
    return decode(data)
