"""An item's quote in the other language versions of its document (the same symbol in another language)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .documents import Language, Paragraph
from .items import Item


class Carried(models.TextChoices):
    """How a quote was carried into another language (``ingest.alignment.Carried``)."""

    SENTENCE = "sentence", _("by sentences")
    SUB_ITEM = "sub_item", _("to the sub-item")
    PARAGRAPH = "paragraph", _("to the paragraph")


class ItemQuote(models.Model):
    """An item's quote in another language version of its document (its own language is the item's quote)."""

    Carried = Carried

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="quotes")
    # The other version's paragraph of the same number: its language is the quote's.
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    text = models.TextField(_("quote"))
    carried = models.CharField(_("carried"), max_length=10, choices=Carried.choices)

    class Meta:
        ordering = ["item", "language"]
        verbose_name = _("quote in another language")
        verbose_name_plural = _("quotes in other languages")
        constraints = [models.UniqueConstraint(fields=["item", "language"], name="itemquote_item_language_unique")]

    def __str__(self) -> str:
        return f"{self.item_id} ({self.language})"
