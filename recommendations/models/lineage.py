"""Lineage: an item linked to the item of an earlier report that it repeats, follows up or supersedes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..ingest.lineage import Relation as Kinds
from .items import Item


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
