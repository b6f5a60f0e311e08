"""A report as imported: its sections, paragraphs and the documents it cites."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..ingest.symbols import undocs_url
from . import facts


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


class DocumentText(models.Model):
    """The text a document was imported from, as it came.

    In a table of its own: a report's text runs to megabytes, and every list of items
    joins its documents; no join can drag it along, so it is read only where it is shown.
    """

    document = models.OneToOneField(Document, on_delete=models.CASCADE, primary_key=True, related_name="source")
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("document text")
        verbose_name_plural = _("document texts")

    def __str__(self) -> str:
        return str(self.document)


class SectionKind(models.TextChoices):
    CHAPTER = "chapter", _("chapter")
    TOPIC = "topic", _("topic")
    ANNEX = "annex", _("annex")


class Section(models.Model):
    Kind = SectionKind

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=8, blank=True)
    heading = models.TextField(_("heading"), blank=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    # Not a small integer: nothing in a legal report bounds its headings to 32,767.
    order = models.PositiveIntegerField(_("order"))
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
        return section_label(self.number, self.heading, self.kind)


def section_label(number: str, heading: str, kind: str) -> str:
    """A section as it is named: its number and heading, else its kind (``str(section)``, without a row)."""
    label = f"{number}. {heading}" if number else heading
    return label or str(SectionKind(kind).label if kind in SectionKind.values else kind)


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
        return facts.reference(self.document.symbol, self.number)


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


class ImportJob(models.Model):
    """A document uploaded to be imported by the worker: a large one through the API, any through the admin page."""

    class State(models.TextChoices):
        # Uploaded on the admin's import page, waiting for its coordinator to confirm what the
        # masthead says; no worker claims it (they claim pending jobs only).
        AWAITING = "awaiting", _("awaiting confirmation")
        PENDING = "pending", _("pending")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Stage(models.TextChoices):
        PARSING = "parsing", _("parsing")
        EXTRACTING = "extracting", _("extracting")
        STORING = "storing", _("storing")
        # A revision's one stage after parsing: its quotes are found again as its text is stored.
        ANCHORING = "anchoring", _("finding the quotes again")
        DONE = "done", _("done")

    symbol = models.CharField(_("symbol"), max_length=64)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    # Given by the coordinator who confirmed the upload; empty: the title the masthead gives.
    title = models.TextField(_("title"), blank=True)
    source_url = models.URLField(_("source URL"), blank=True)
    # A changed text of a document already imported, to be recorded as its next revision
    # (``revising``) rather than imported.
    revise = models.BooleanField(_("revise"), default=False)
    # The upload itself: the job must not depend on a file the web process may not share.
    # Emptied IMPORT_JOB_KEEP_DAYS after the job finished (``purged``).
    data = models.BinaryField(_("data"))
    purged = models.BooleanField(_("upload purged"), default=False)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    # Where a running job stands, written between stages (outside the import's transaction, so
    # the status page sees it); a failed job keeps the stage it failed in.
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, blank=True)
    # What a done job stored; None when the same text was already imported and nothing was.
    paragraphs = models.PositiveIntegerField(_("paragraphs"), null=True, blank=True)
    citations = models.PositiveIntegerField(_("references"), null=True, blank=True)
    items = models.PositiveIntegerField(_("proposed items"), null=True, blank=True)
    # While a worker runs the job; past it, the worker is presumed dead and the job failed.
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # Failed because the document is imported with another text: the page offers to revise it.
    text_changed = models.BooleanField(_("text changed"), default=False)
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # What a done revision recorded; None when the document already had this text.
    revision = models.ForeignKey(
        "recommendations.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.symbol} ({self.language}) · {self.state}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
