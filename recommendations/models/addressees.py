"""Addressees a report names that match no body yet, waiting for a coordinator to map them."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .bodies import Body
from .items import Item


class AddresseeQuerySet(models.QuerySet):
    def unresolved(self):
        return self.filter(body__isnull=True)


class Addressee(models.Model):
    """Words of an item's paragraph that address someone no body stands for (yet).

    Mapping them to a body (``services.map_addressee``) makes that body an owner of the item
    and records the words as an alias of the body, so later imports resolve them themselves.
    """

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="addressees")
    words = models.CharField(_("words"), max_length=200)
    # Offsets in the paragraph text, as the extractor found the words.
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    # The body the words were mapped to; null while unresolved.
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("mapped to")
    )

    objects = AddresseeQuerySet.as_manager()

    class Meta:
        ordering = ["item", "start"]
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        constraints = [
            # One span of a paragraph addresses once per item.
            models.UniqueConstraint(fields=["item", "start"], name="addressee_item_start_unique"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="addressee_not_empty"),
        ]
        indexes = [
            # Mapping words once resolves them everywhere: the unresolved addressees with these words.
            models.Index(fields=["words"], condition=Q(body__isnull=True), name="addressee_unresolved_words_idx"),
        ]

    def __str__(self) -> str:
        return self.words
