"""Items tracked from a report, and the bodies that own them."""

import datetime
import re

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import facts
from .bodies import Body
from .choices import OPEN_STATUSES, Kind, Response, Status
from .documents import Document, Paragraph

# The largest key (primary keys are bigint): a lookup by a larger number would fail in the database.
MAX_ID = 2**63 - 1

# The longest summary, in either language, that any writer (API, admin, files of items) accepts.
SUMMARY_MAX_LENGTH = 2000

# An item's kind in words, by value (lazily translated).
KIND_LABELS = dict(Kind.choices)

# How much of a quote a list shows.
QUOTE_PREVIEW_LENGTH = 100


# The database's side of ``facts.is_overdue`` and ``facts.is_stale``: as conditions, so that a
# count (the dashboard's) and a list (the queryset's) select the same items.
IS_OPEN = Q(status__in=OPEN_STATUSES)


def overdue_q(today: datetime.date) -> Q:
    return IS_OPEN & Q(due_date__lt=today)


def stale_q(now: datetime.datetime) -> Q:
    return IS_OPEN & Q(last_activity_at__lt=facts.stale_before(now))


class ItemQuerySet(models.QuerySet):
    def proposed(self):
        return self.filter(status=Status.PROPOSED)

    def open(self):
        return self.filter(IS_OPEN)

    def overdue(self, today: datetime.date | None = None):
        """Open items whose due date has passed."""
        return self.filter(overdue_q(today or timezone.localdate()))

    def stale(self, now: datetime.datetime | None = None):
        """Open items with no update for ``settings.STALE_AFTER_DAYS`` days."""
        return self.filter(stale_q(now or timezone.now()))

    def for_list(self):
        """What a list of items shows, in a constant number of queries."""
        owners = models.Prefetch("ownerships", queryset=ItemOwner.objects.select_related("body"))
        return self.select_related("document", "paragraph").prefetch_related(owners)


def cut_quote(text: str, limit: int, language: str) -> str:
    """``text`` cut to ``limit`` characters and "…": between words, except in Chinese, which has no spaces to cut at."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    if language != "zh" and not text[limit].isspace():
        # The last word is cut through: drop it, unless it is the only one.
        whole = re.match(r"(.*\S)\s+\S*$", head, re.DOTALL)
        if whole:
            head = whole[1]
    return head.rstrip(" ,;:，；：、") + "…"


class Item(models.Model):
    """Something the report asks for or worries about, tracked until it is done."""

    Kind = Kind
    Status = Status
    Response = Response

    class Priority(models.IntegerChoices):
        LOW = 1, _("low")
        NORMAL = 2, _("normal")
        HIGH = 3, _("high")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="items")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="items")
    sub_item = models.CharField(_("sub-item"), max_length=2, blank=True)
    # Not a small integer: a legal paragraph may yield more than 32,767 statements.
    seq = models.PositiveIntegerField(_("position in paragraph"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    response = models.CharField(_("response"), max_length=20, choices=Response.choices, default=Response.PENDING)
    quote = models.TextField(_("quote"))
    quote_start = models.PositiveIntegerField(_("quote start"))
    quote_end = models.PositiveIntegerField(_("quote end"))
    quote_hash = models.CharField(_("quote hash"), max_length=64)
    speaker = models.CharField(_("speaker"), max_length=100, blank=True)
    summary = models.TextField(_("summary (English)"), blank=True)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    # A focal point submitted evidence and asks a coordinator to close the item as implemented.
    closure_proposed = models.BooleanField(_("closure proposed"), default=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged", verbose_name=_("merged into")
    )
    # Bumped by every change through the services: the ETag, and the guard against lost updates.
    version = models.PositiveIntegerField(_("version"), default=1)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    owners = models.ManyToManyField(Body, through="ItemOwner", related_name="items", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "last_activity_at"])
    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["document", "paragraph__number", "seq"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            # The stable reference of an item (¶ number and position): re-import and the
            # curated list match by it, so running either twice adds nothing.
            models.UniqueConstraint(fields=["paragraph", "seq"], name="item_paragraph_seq_unique"),
            models.CheckConstraint(condition=Q(quote_end__gt=models.F("quote_start")), name="item_quote_not_empty"),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100), name="item_progress_percent"
            ),
        ]
        indexes = [
            # Overdue lists and the reminder sweep: open items by due date.
            models.Index(fields=["status", "due_date"], name="item_status_due_idx"),
            # Stale lists: open items by their last update.
            models.Index(fields=["status", "last_activity_at"], name="item_status_activity_idx"),
        ]

    def __str__(self) -> str:
        # Not get_kind_display(), which hashes every lazily translated label on each call: a
        # list names each of its rows (the action checkbox's label).
        return f"{self.reference} · {KIND_LABELS.get(self.kind, self.kind)}"

    @property
    def reference(self) -> str:
        return facts.reference(self.document.symbol, self.paragraph.number, self.sub_item)

    @property
    def key(self) -> str:
        return facts.key(self.paragraph.number, self.seq)

    # The paragraph number and position a key (``109-1``) names.
    parse_key = staticmethod(facts.parse_key)

    @property
    def etag(self) -> str:
        return facts.etag(self.pk, self.version)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return facts.is_overdue(self.status, self.due_date, today or timezone.localdate())

    def days_overdue(self, today: datetime.date | None = None) -> int:
        return facts.days_overdue(self.status, self.due_date, today or timezone.localdate())

    def is_stale(self, now: datetime.datetime | None = None) -> bool:
        return facts.is_stale(self.status, self.last_activity_at, now or timezone.now())

    @property
    def summary_text(self) -> str:
        """The summary in the active language, falling back to the other one."""
        return facts.summary_in(get_language() or "", self.summary, self.summary_zh)

    @property
    def quote_preview(self) -> str:
        """The quote as a list shows it: its first words."""
        return cut_quote(self.quote, QUOTE_PREVIEW_LENGTH, self.document.language)

    @property
    def summary_preview(self) -> str:
        """The summary in the active language (else the quote) as a list shows it: its first words."""
        summary = self.summary_text
        if not summary:
            return self.quote_preview
        # The language of the words shown, not the reader's: only Chinese is cut anywhere.
        return cut_quote(summary, QUOTE_PREVIEW_LENGTH, "zh" if summary == self.summary_zh else "en")


class ProposedItem(Item):
    """The review queue: items the extractor proposed, for a coordinator to confirm or dismiss."""

    objects = ItemQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("proposed item")
        verbose_name_plural = _("proposed items (review queue)")


class ItemOwner(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        SUPPORTING = "supporting", _("supporting")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="ownerships")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="ownerships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.LEAD)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "role", "body__name_en"]
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        constraints = [
            # A body owns an item once, as lead or as supporting.
            models.UniqueConstraint(fields=["item", "body"], name="itemowner_item_body_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.body} ({self.get_role_display()})"
