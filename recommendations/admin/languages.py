"""The item page's source paragraph beside its other language versions, and a revision's changed words."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from ..highlight import highlighted_paragraph
from ..models import Item


def side_by_side(item: Item, own: SafeString) -> SafeString:
    """``own`` (the paragraph as the item quotes it) beside the same paragraph in each other language,
    the carried quote marked; ``own`` alone when the report is in one language."""
    quotes = list(item.quotes.select_related("paragraph").order_by("language"))
    if not quotes:
        return own
    columns = [(item.document.get_language_display(), own)] + [
        (quote.get_language_display(), _paragraph(quote.language, quote.paragraph.text, quote.start, quote.end))
        for quote in quotes
    ]
    figures = format_html_join(
        "", '<figure class="source-language"><figcaption>{}</figcaption>{}</figure>', columns
    )  # fmt: skip
    return format_html('<div class="source-languages">{}</div>', figures)


def to_review(item: Item) -> SafeString:
    """The words a revision changed or lost in the item's quote, before and after, while unreviewed."""
    notes = [note for note in item.reanchorings.select_related("revision").order_by("-revision__number")
             if note.needs_review]  # fmt: skip
    return format_html_join(
        "",
        '<div class="reanchored"><p>{} <strong>{}</strong> ({}%)</p><div class="source-languages">'
        '<figure><figcaption>{} ¶{}</figcaption><blockquote class="source-paragraph">{}</blockquote></figure>'
        '<figure><figcaption>{} ¶{}</figcaption><blockquote class="source-paragraph">{}</blockquote></figure>'
        "</div></div>",
        (
            (note.revision.symbol, note.get_found_display(), round(note.similarity), _("Before"), note.old_paragraph,
             note.old_quote, _("After"), note.new_paragraph, note.new_quote)
            for note in notes
        ),
    )  # fmt: skip


def _paragraph(language: str, text: str, start: int, end: int) -> SafeString:
    return format_html(
        '<blockquote class="source-paragraph" lang="{}">{}</blockquote>',
        language,
        highlighted_paragraph(text, start, end),
    )
