"""A report in another language: the same symbol's text in a second language, aligned with the
version that holds the items by paragraph numbers, and each item's quote carried into it.

The version imported first holds the items; another language version proposes none of its own
(they would be the same items twice). Its paragraphs must be the same numbers, as UN language
versions are; each item's quote is carried by ``ingest.alignment`` and stored (``ItemQuote``),
so that a list or an email reads it without aligning anything. Whatever moves a quote in the
holder (a revision, a new span, a reviewed list) carries it again.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..ingest import ParsedDocument
from ..ingest.alignment import Unit, carry
from ..models import Document, Item, ItemQuote, Paragraph
from .errors import ImportRefused


def holder_of(symbol: str, language: str) -> Document | None:
    """The version of ``symbol`` in another language than ``language`` that holds its items, if any."""
    versions = Document.objects.filter(symbol=symbol).exclude(language=language).order_by("imported_at", "pk")
    return next((version for version in versions if version.items.exists()), None)


def check_aligned(holder: Document, parsed: ParsedDocument) -> None:
    """Refuse a language version whose paragraph numbers are not the holder's: nothing could be aligned."""
    theirs = set(holder.paragraphs.values_list("number", flat=True))
    ours = {p.number for p in parsed.paragraphs}
    if theirs == ours:
        return
    missing, extra = sorted(theirs - ours), sorted(ours - theirs)
    parts = []
    if missing:
        parts.append(f"lacks paragraph{'s' if len(missing) > 1 else ''} {_numbers(missing)}")
    if extra:
        parts.append(f"has paragraph{'s' if len(extra) > 1 else ''} {_numbers(extra)} that {holder} has not")
    raise ImportRefused(
        f"this {parsed.language} text of {parsed.symbol} cannot be aligned with {holder}: it {' and '.join(parts)}; "
        "nothing was changed"
    )


def carry_quotes(items: Iterable[Item]) -> int:
    """Each item's quote carried into every other language version of its document, replacing any before."""
    items = list(items)
    if not items:
        return 0
    documents = {item.document_id: item.document for item in items}
    versions = {
        document_id: list(Document.objects.filter(symbol=document.symbol).exclude(pk=document_id))
        for document_id, document in documents.items()
    }
    if not any(versions.values()):
        return 0  # one language: nothing to carry, and no quote carried before (versions cascade)
    # A version whose paragraphs are no longer the holder's numbers (one was revised, the other not
    # yet) is out of step: its quotes are dropped rather than carried into the wrong paragraphs.
    versions = {document_id: _in_step(documents[document_id], vs) for document_id, vs in versions.items()}
    numbers = {item.paragraph.number for item in items}
    paragraphs = {
        (p.document_id, p.number): p
        for p in Paragraph.objects.filter(document__in=[v for vs in versions.values() for v in vs], number__in=numbers)
    }
    ItemQuote.objects.filter(item__in=items).delete()
    quotes = []
    for item in items:
        own = _unit(item.paragraph, documents[item.document_id].language)
        for version in versions[item.document_id]:
            target = paragraphs.get((version.pk, item.paragraph.number))
            if target is None:
                continue
            span = carry(item.quote_start, item.quote_end, own, _unit(target, version.language))
            quotes.append(
                ItemQuote(item=item, paragraph=target, language=version.language, start=span.start, end=span.end,
                          text=target.text[span.start : span.end], carried=span.carried.value)
            )  # fmt: skip
    ItemQuote.objects.bulk_create(quotes)
    return len(quotes)


def _in_step(holder: Document, versions: list[Document]) -> list[Document]:
    if not versions:
        return []
    numbers = _numbers_of(holder)
    return [version for version in versions if _numbers_of(version) == numbers]


def _numbers_of(document: Document) -> set[int]:
    return set(document.paragraphs.values_list("number", flat=True))


def _unit(paragraph: Paragraph, language: str) -> Unit:
    return Unit(paragraph.text, language, tuple(paragraph.sub_items))


def _numbers(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:20])) + (" …" if len(numbers) > 20 else "")
