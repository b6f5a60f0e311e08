"""The domain: a report, its sections and paragraphs, what they cite, and the items tracked from them."""

import hashlib

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .ingest.symbols import undocs_url


def text_hash(text: str) -> str:
    """SHA-256 of ``text``: equal hashes mean the words did not drift between imports."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Language(models.TextChoices):
    ARABIC = "ar", "العربية"
    CHINESE = "zh", "中文"
    ENGLISH = "en", "English"
    FRENCH = "fr", "Français"
    RUSSIAN = "ru", "Русский"
    SPANISH = "es", "Español"


class Document(models.Model):
    symbol = models.CharField(_("symbol"), max_length=64)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    original_language = models.CharField(_("original language"), max_length=2, choices=Language.choices, blank=True)
    title = models.TextField(_("title"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    source_url = models.URLField(_("source URL"), blank=True)
    checksum = models.CharField(_("checksum"), max_length=64, help_text=_("SHA-256 of the imported text"))
    raw_text = models.TextField(_("raw text"))
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["symbol", "language"]
        constraints = [
            # One text per symbol and language: a re-import finds it and compares instead of duplicating.
            models.UniqueConstraint(fields=["symbol", "language"], name="document_symbol_language_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} ({self.language})"

    @property
    def undocs_url(self) -> str:
        return undocs_url(self.symbol, self.language)


class Section(models.Model):
    class Kind(models.TextChoices):
        CHAPTER = "chapter", _("chapter")
        TOPIC = "topic", _("topic")
        ANNEX = "annex", _("annex")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=8, blank=True)
    heading = models.TextField(_("heading"), blank=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))
    # The annex table of meetings: column names and one row per meeting.
    columns = models.JSONField(_("columns"), default=list, blank=True)
    rows = models.JSONField(_("rows"), default=list, blank=True)

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            # Sections are listed and re-imported in document order.
            models.UniqueConstraint(fields=["document", "order"], name="section_document_order_unique"),
        ]

    def __str__(self) -> str:
        label = f"{self.number}. {self.heading}" if self.number else self.heading
        return label or self.get_kind_display()


class Paragraph(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="paragraphs")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="paragraphs")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    text_hash = models.CharField(_("text hash"), max_length=64)
    # [{"label": "a", "start": 12, "end": 29}, ...]: offsets in ``text``.
    sub_items = models.JSONField(_("sub-items"), default=list, blank=True)
    # Where the paragraph stands in the document's raw text.
    source_start = models.PositiveIntegerField(_("source start"))
    source_end = models.PositiveIntegerField(_("source end"))
    references = models.ManyToManyField("Reference", through="Citation", related_name="paragraphs", blank=True)

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            # ``S/2017/130 ¶107`` names exactly one paragraph.
            models.UniqueConstraint(fields=["document", "number"], name="paragraph_document_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} ¶{self.number}"


class Reference(models.Model):
    """A UN document cited by the reports, by its normalised symbol."""

    symbol = models.CharField(_("symbol"), max_length=100, unique=True)

    class Meta:
        ordering = ["symbol"]

    def __str__(self) -> str:
        return self.symbol

    def url(self, language: str) -> str:
        return undocs_url(self.symbol, language)


class Citation(models.Model):
    """Where a paragraph cites a reference."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="citations")
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="citations")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["paragraph", "start"]
        constraints = [
            # A span of text cites one symbol; re-import cannot add the same citation twice.
            models.UniqueConstraint(fields=["paragraph", "start"], name="citation_paragraph_start_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph} → {self.reference}"

    @property
    def url(self) -> str:
        return self.reference.url(self.paragraph.document.language)


class Body(models.Model):
    """An organisation items are addressed to. People are focal points of bodies."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    aliases_zh = models.JSONField(_("Chinese aliases"), default=list, blank=True)
    aliases_en = models.JSONField(_("English aliases"), default=list, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.name_en

    def aliases(self, language: str) -> list[str]:
        return {"zh": self.aliases_zh, "en": self.aliases_en}.get(language, [])


class ItemQuerySet(models.QuerySet):
    def proposed(self):
        return self.filter(status=Item.Status.PROPOSED)

    def open(self):
        return self.filter(status=Item.Status.OPEN)

    def with_owner(self, body: Body):
        return self.filter(owners=body)


class Item(models.Model):
    """Something the report asks for or worries about, tracked until it is done."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", _("recommendation")
        CONCLUSION = "conclusion", _("conclusion")
        CONCERN = "concern", _("concern")
        SUGGESTION = "suggestion", _("suggestion")
        EMPHASIS = "emphasis", _("emphasis")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        OPEN = "open", _("open")

    class Priority(models.IntegerChoices):
        LOW = 1, _("low")
        NORMAL = 2, _("normal")
        HIGH = 3, _("high")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="items")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="items")
    sub_item = models.CharField(_("sub-item"), max_length=2, blank=True)
    seq = models.PositiveSmallIntegerField(_("position in paragraph"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    quote = models.TextField(_("quote"))
    quote_start = models.PositiveIntegerField(_("quote start"))
    quote_end = models.PositiveIntegerField(_("quote end"))
    quote_hash = models.CharField(_("quote hash"), max_length=64)
    speaker = models.CharField(_("speaker"), max_length=100, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    owners = models.ManyToManyField(Body, through="ItemOwner", related_name="items", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["document", "paragraph__number", "seq"]
        constraints = [
            # The stable reference of an item (¶ number and position): re-import and the
            # curated list match by it, so running either twice adds nothing.
            models.UniqueConstraint(fields=["paragraph", "seq"], name="item_paragraph_seq_unique"),
            models.CheckConstraint(condition=Q(quote_end__gt=models.F("quote_start")), name="item_quote_not_empty"),
        ]
        indexes = [
            # The coordinators' list: items of one status, soonest due first.
            models.Index(fields=["status", "due_date"], name="item_status_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.get_kind_display()}"

    @property
    def reference(self) -> str:
        """How people cite the item: ``S/2017/130 ¶107`` or ``S/2017/130 ¶31(a)``."""
        sub = f"({self.sub_item})" if self.sub_item else ""
        return f"{self.document.symbol} ¶{self.paragraph.number}{sub}"

    @property
    def key(self) -> str:
        return f"{self.paragraph.number}-{self.seq}"

    @property
    def quote_drifted(self) -> bool:
        """True when the paragraph no longer holds the quoted words at the recorded offsets."""
        return self.paragraph.text[self.quote_start : self.quote_end] != self.quote


class ItemOwner(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        SUPPORTING = "supporting", _("supporting")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="ownerships")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="ownerships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.LEAD)

    class Meta:
        ordering = ["item", "role", "body__name_en"]
        constraints = [
            # A body owns an item once, as lead or as supporting.
            models.UniqueConstraint(fields=["item", "body"], name="itemowner_item_body_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.body} ({self.get_role_display()})"
