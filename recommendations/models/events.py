"""The timeline of an item: every status change, response, progress update, comment and evidence."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..ingest.symbols import undocs_url
from .items import Item, Response, Status


class EventKind(models.TextChoices):
    STATUS = "status", _("status change")
    RESPONSE = "response", _("response")
    PROGRESS = "progress", _("progress update")
    COMMENT = "comment", _("comment")
    EVIDENCE = "evidence", _("evidence submitted")
    OWNERS = "owners", _("owners changed")
    DUE_DATE = "due_date", _("due date changed")
    MERGE = "merge", _("merge")
    QUOTE = "quote", _("quoted span changed")
    DETAILS = "details", _("details edited")


# The first event of an item a system load made (an import proposing it, a reviewed list adding
# it): on the timeline, so that version 1 has its event, but not pushed to people or webhooks,
# who hear of an item when it is reviewed.
LOADED = ("import", "curated")


class EventQuerySet(models.QuerySet):
    def announced(self):
        """Events that notices and webhooks tell of: all but the first events of loaded items."""
        return self.exclude(action__in=LOADED)


class Event(models.Model):
    Kind = EventKind

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Null when the system acted (an import, the demo loader).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    action = models.CharField(_("action"), max_length=32, blank=True)
    from_value = models.CharField(_("from"), max_length=100, blank=True)
    to_value = models.CharField(_("to"), max_length=100, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    evidence_url = models.URLField(_("evidence URL"), max_length=500, blank=True)
    evidence_symbol = models.CharField(_("evidence document"), max_length=100, blank=True)
    # The item's version after this event: the timeline and the ETag agree.
    version = models.PositiveIntegerField(_("version"))

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["item", "created_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            # An item's timeline, oldest first; "updated since" feeds read it by time.
            models.Index(fields=["item", "created_at"], name="event_item_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.item.reference} · {self.get_kind_display()}"

    @property
    def from_label(self) -> str:
        return _label(self.kind, self.from_value)

    @property
    def to_label(self) -> str:
        return _label(self.kind, self.to_value)

    @property
    def evidence_link(self) -> str:
        if self.evidence_url:
            return self.evidence_url
        if self.evidence_symbol:
            return undocs_url(self.evidence_symbol, self.item.document.language)
        return ""


def _label(kind: str, value: str) -> str:
    """A status or response value as people read it; other values as stored."""
    choices = {Event.Kind.STATUS: Status, Event.Kind.MERGE: Status, Event.Kind.RESPONSE: Response}.get(kind)
    if choices and value in choices.values:
        return str(choices(value).label)
    return value
