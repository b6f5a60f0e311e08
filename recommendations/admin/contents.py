"""A document's page as a reader wants it: its contents by chapter and topic, and its text folded by section."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from .. import permissions
from ..models import Document, Item, Paragraph, Section


@dataclass
class Part:
    """A section of the document with its own paragraphs (a chapter's topics are parts of their own)."""

    section: Section
    depth: int
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"section-{self.section.order}"

    @property
    def first(self) -> int | None:
        return self.paragraphs[0].number if self.paragraphs else None

    @property
    def last(self) -> int | None:
        return self.paragraphs[-1].number if self.paragraphs else None


def paragraph_anchor(number: int) -> str:
    """Where paragraph ``number`` is on its document's page: ``#p107`` links to it."""
    return f"p{number}"


def contents(document: Document, user) -> list[Part]:
    """The document's sections in order, each with its paragraphs and their items' count (three queries)."""
    sections = list(document.sections.order_by("order"))
    by_id = {section.pk: section for section in sections}
    parts = {section.pk: Part(section, _depth(section, by_id)) for section in sections}
    items = dict(
        permissions.visible_items(user, Item.objects.filter(document=document))
        .values_list("paragraph_id")
        .annotate(n=Count("id"))
    )
    for paragraph in document.paragraphs.only("id", "document_id", "section_id", "number", "text").order_by("number"):
        paragraph.anchor = paragraph_anchor(paragraph.number)
        paragraph.item_total = items.get(paragraph.pk, 0)
        parts[paragraph.section_id].paragraphs.append(paragraph)
    return list(parts.values())


def _depth(section: Section, by_id: dict[int, Section]) -> int:
    depth, parent = 0, section.parent_id
    # A parent outside the document (never written by the import) ends the walk rather than loop.
    while parent in by_id and depth < len(by_id):
        depth, parent = depth + 1, by_id[parent].parent_id
    return depth
