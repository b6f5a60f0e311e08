"""Lineage: an item linked to the item of an earlier report that it repeats, follows up or supersedes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from tracker.sql import one_of

from ..ingest.lineage import Relation as Kinds
from . import facts
from .documents import Document, Paragraph
from .items import Item, ItemOwner


class Relation(models.TextChoices):
    """How a later item relates to an earlier one (``ingest.lineage.Relation``)."""

    REPEATS = Kinds.REPEATS, _("repeats")
    FOLLOWS_UP = Kinds.FOLLOWS_UP, _("follows up")
    SUPERSEDES = Kinds.SUPERSEDES, _("supersedes")


class LinkQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(state=Link.State.CONFIRMED)

    def proposed(self):
        return self.filter(state=Link.State.PROPOSED)


class Link(models.Model):
    """``item`` (in a later report) relates to ``earlier`` (in an earlier one) as ``relation`` says.

    Proposed by the import when the later report's items are extracted, then confirmed or
    rejected by a coordinator. A rejected proposal is kept, so that it is not proposed again.
    """

    Relation = Relation

    class State(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="predecessor_links")
    earlier = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="successor_links")
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PROPOSED)
    # The matcher's cosine similarity (0–1) for a proposal; null for a link a person made.
    similarity = models.FloatField(_("similarity"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["item", "earlier"]
        verbose_name = _("lineage link")
        verbose_name_plural = _("lineage links")
        constraints = [
            models.UniqueConstraint(fields=["item", "earlier"], name="link_item_earlier_unique"),
            models.CheckConstraint(condition=~models.Q(item=models.F("earlier")), name="link_not_to_itself"),
        ]
        indexes = [models.Index(fields=["earlier", "state"], name="link_earlier_state")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.relation} {self.earlier_id}"


class Linked(NamedTuple):
    """The item at the other end of a confirmed link, as item rows and annotations name it.

    ``direction`` is where it stands: "earlier" (this item ``relation`` it) or "later" (it
    ``relation`` this item); a relation is always read from the later item to the earlier one.
    """

    item: int
    relation: str
    direction: str
    document: str  # its document's symbol
    number: int  # its paragraph's number
    seq: int
    sub_item: str

    @property
    def reference(self) -> str:
        return facts.reference(self.document, self.number, self.sub_item)

    @property
    def key(self) -> str:
        return facts.key(self.number, self.seq)


def linked_items(item_ids: Iterable[int], *, body_ids: frozenset[int] | None = None) -> dict[int, list[Linked]]:
    """The confirmed links of each of ``item_ids``, both ways, earlier ones first, in one query.

    ``body_ids``: only other items that one of these bodies owns (what a focal point may see);
    None for every item. Proposed and rejected links are the review queue's, never shown.
    """
    found: dict[int, list[Linked]] = {pk: [] for pk in item_ids}
    if not found or (body_ids is not None and not body_ids):
        return found
    # Plain SQL, as ``attach_owners``: a page of items pays for this query on every request.
    # One SELECT per direction, each served by an index: (item, earlier) by the unique
    # constraint, (earlier, state) by link_earlier_state.
    link, item, paragraph = Link._meta.db_table, Item._meta.db_table, Paragraph._meta.db_table
    document, owner = Document._meta.db_table, ItemOwner._meta.db_table
    seen, seen_params = "", []
    if body_ids is not None:
        among_bodies, seen_params = one_of("w.body_id", sorted(body_ids))
        seen = f" AND EXISTS (SELECT 1 FROM {owner} w WHERE w.item_id = o.id AND {among_bodies})"

    def one_way(this: str, other: str, direction: str) -> tuple[str, list]:
        among_items, item_params = one_of(f"l.{this}", found)
        sql = (
            f"SELECT l.{this}, o.id, l.relation, '{direction}', d.symbol, p.number, o.seq, o.sub_item"
            f" FROM {link} l JOIN {item} o ON o.id = l.{other}"
            f" JOIN {paragraph} p ON p.id = o.paragraph_id JOIN {document} d ON d.id = o.document_id"
            f" WHERE l.state = %s AND {among_items}{seen}"
        )
        return sql, [Link.State.CONFIRMED, *item_params, *seen_params]

    earlier, earlier_params = one_way("item_id", "earlier_id", "earlier")
    later, later_params = one_way("earlier_id", "item_id", "later")
    with connection.cursor() as cursor:
        cursor.execute(f"{earlier} UNION ALL {later} ORDER BY 1, 4, 5, 6, 7", earlier_params + later_params)
        for this, *other in cursor.fetchall():
            found[this].append(Linked(*other))
    return found


def attach_lineage(rows: list[dict], *, body_ids: frozenset[int] | None = None) -> list[dict]:
    """Give each row of items (an "id" each) its confirmed links (``Linked``) under "lineage", in one query."""
    links = linked_items([row["id"] for row in rows], body_ids=body_ids)
    for row in rows:
        row["lineage"] = links[row["id"]]
    return rows


def load_lineage(items: list[Item], *, body_ids: frozenset[int] | None = None) -> list[Item]:
    """Set ``lineage`` on each of ``items`` (``attach_lineage`` for model instances), in one query."""
    links = linked_items([item.pk for item in items], body_ids=body_ids)
    for item in items:
        item.lineage = links[item.pk]
    return items
