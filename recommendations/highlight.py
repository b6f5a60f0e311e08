"""Marking an item's quoted span in its paragraph, escaped for HTML."""

from django.utils.html import format_html


def highlighted_paragraph(text: str, start: int, end: int):
    """``text`` with ``text[start:end]`` in a <mark>; everything escaped."""
    return format_html("{}<mark>{}</mark>{}", text[:start], text[start:end], text[end:])
