"""The texts a document has had (its first import, then each corrigendum or reissue), and where
each revision found its items' quotes again."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .documents import Document
from .items import Item


class Revision(models.Model):
    """One text of a document, as imported; the document's paragraphs hold the latest one.

    An earlier revision stays readable here: its raw text and its paragraphs as they were.
    Number 1 is the text first imported, recorded when the first revision replaces it.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    # As issued: ``S/2017/130/Corr.1`` for a corrigendum, the document's own symbol for a reissue.
    symbol = models.CharField(_("symbol"), max_length=64)
    checksum = models.CharField(_("checksum"), max_length=64)
    text = models.TextField(_("text"))
    # [{"number": 109, "text": "…", "sub_items": [...]}]: the paragraphs this text had.
    paragraphs = models.JSONField(_("paragraphs"), default=list)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="revision_document_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} ({self.document.language}) · {self.number}"


class Found(models.TextChoices):
    """How a revision found a quote (``ingest.anchoring.Found``)."""

    SAME = "same", _("where it was")
    MOVED = "moved", _("moved, same words")
    CHANGED = "changed", _("words changed")
    LOST = "lost", _("not found")


# What a coordinator reviews: the words changed, or were not found at all.
REVIEWED = (Found.CHANGED, Found.LOST)


class ReanchoringQuerySet(models.QuerySet):
    def to_review(self):
        """Those whose words changed or were lost, not yet reviewed (``needs_review``)."""
        return self.filter(found__in=REVIEWED, reviewed_at__isnull=True)


class Reanchoring(models.Model):
    """An item's quote before and after a revision moved or changed it: reviewed when its words changed."""

    Found = Found

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reanchorings")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="reanchorings")
    found = models.CharField(_("found"), max_length=8, choices=Found.choices)
    # Of the new words to the old, 0–100.
    similarity = models.FloatField(_("similarity"))
    old_paragraph = models.PositiveIntegerField(_("old paragraph"))
    old_quote = models.TextField(_("old quote"))
    old_start = models.PositiveIntegerField()
    old_end = models.PositiveIntegerField()
    new_paragraph = models.PositiveIntegerField(_("new paragraph"))
    new_quote = models.TextField(_("new quote"))
    new_start = models.PositiveIntegerField()
    new_end = models.PositiveIntegerField()
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReanchoringQuerySet.as_manager()

    class Meta:
        ordering = ["revision", "item"]
        verbose_name = _("re-anchoring")
        verbose_name_plural = _("re-anchorings")
        constraints = [
            models.UniqueConstraint(fields=["item", "revision"], name="reanchoring_item_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: ¶{self.old_paragraph} → ¶{self.new_paragraph} ({self.found})"

    @property
    def needs_review(self) -> bool:
        return self.found in REVIEWED and self.reviewed_at is None
