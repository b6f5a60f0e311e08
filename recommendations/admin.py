"""The coordinators' first cut of the admin: documents, bodies and items, each item tied to its source."""

from django.contrib import admin
from django.db import models
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .highlight import highlighted_paragraph
from .models import Body, Citation, Document, Item, ItemOwner, Paragraph, Section


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SectionInline(ReadOnlyInline):
    model = Section
    fields = ("order", "kind", "number", "heading", "meeting_date")
    readonly_fields = fields
    show_change_link = False


class ParagraphInline(ReadOnlyInline):
    model = Paragraph
    fields = ("number", "text")
    readonly_fields = fields


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("symbol", "language", "title", "date", "paragraph_count", "item_count")
    search_fields = ("symbol", "title")
    readonly_fields = ("checksum", "imported_at", "undocs_link")
    exclude = ("raw_text",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [SectionInline, ParagraphInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(paragraph_total=Count("paragraphs", distinct=True), item_total=Count("items", distinct=True))
        )

    @admin.display(description=_("paragraphs"), ordering="paragraph_total")
    def paragraph_count(self, obj):
        return obj.paragraph_total

    @admin.display(description=_("items"), ordering="item_total")
    def item_count(self, obj):
        url = reverse("admin:recommendations_item_changelist") + f"?document__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.item_total)

    @admin.display(description=_("on undocs.org"))
    def undocs_link(self, obj):
        return format_html('<a href="{0}">{0}</a>', obj.undocs_url)


class CitationInline(ReadOnlyInline):
    model = Citation
    fields = ("reference", "start", "end", "link")
    readonly_fields = fields
    show_change_link = False

    @admin.display(description=_("link"))
    def link(self, obj):
        return format_html('<a href="{0}">{0}</a>', obj.url)


class ItemInline(ReadOnlyInline):
    model = Item
    fields = ("seq", "kind", "status", "quote")
    readonly_fields = fields


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ("__str__", "section", "short_text")
    list_filter = ("document", "section__kind")
    list_select_related = ("document", "section")
    search_fields = ("text",)
    readonly_fields = ("document", "section", "number", "text", "text_hash", "sub_items", "source_start", "source_end")
    inlines = [CitationInline, ItemInline]

    @admin.display(description=_("text"))
    def short_text(self, obj):
        return obj.text[:80]


class ChildBodyFilter(admin.SimpleListFilter):
    title = _("parent body")
    parameter_name = "parent"

    def lookups(self, request, model_admin):
        return [(b.pk, str(b)) for b in Body.objects.filter(children__isnull=False).distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(parent_id=self.value()) if self.value() else queryset


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_zh", "abbreviation", "code", "parent")
    list_select_related = ("parent",)
    list_filter = (ChildBodyFilter,)
    search_fields = ("name_en", "name_zh", "abbreviation", "code")
    autocomplete_fields = ("parent",)


class ItemOwnerInline(admin.TabularInline):
    model = ItemOwner
    extra = 0
    autocomplete_fields = ("body",)


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("reference_link", "kind", "status", "summary_or_quote", "owner_list", "due_date", "priority")
    list_filter = ("kind", "status", ("owners", admin.RelatedOnlyFieldListFilter), "paragraph__section", "document")
    list_select_related = ("document", "paragraph")
    search_fields = ("quote", "summary", "document__symbol")
    inlines = [ItemOwnerInline]
    fields = (
        "source",
        "kind",
        "status",
        "summary",
        "due_date",
        "priority",
        "speaker",
        "quote",
        "quote_start",
        "quote_end",
        "quote_hash",
    )
    readonly_fields = ("source", "speaker", "quote", "quote_start", "quote_end", "quote_hash")

    def get_queryset(self, request):
        owners = Prefetch("ownerships", queryset=ItemOwner.objects.select_related("body"))
        return super().get_queryset(request).prefetch_related(owners)

    @admin.display(description=_("reference"), ordering="paragraph__number")
    def reference_link(self, obj):
        return obj.reference

    @admin.display(description=_("summary"))
    def summary_or_quote(self, obj):
        return obj.summary or obj.quote[:80]

    @admin.display(description=_("owners"))
    def owner_list(self, obj):
        return ", ".join(
            f"{o.body.abbreviation or o.body.name_en}{'' if o.role == ItemOwner.Role.LEAD else ' (supporting)'}"
            for o in obj.ownerships.all()
        )

    @admin.display(description=_("source paragraph"))
    def source(self, obj):
        para = obj.paragraph
        section = para.section
        document_url = reverse("admin:recommendations_document_change", args=[obj.document_id])
        paragraph_url = reverse("admin:recommendations_paragraph_change", args=[para.pk])
        citations = para.citations.select_related("reference")
        links = format_html_join(
            ", ", '<a href="{}">{}</a>', ((c.reference.url(obj.document.language), c.reference) for c in citations)
        )
        meeting = format_html(" · {}", section.meeting_date) if section.meeting_date else ""
        return format_html(
            '<div><a href="{}">{}</a> · <a href="{}">¶{}</a> · {}{}</div>'
            '<blockquote class="source-paragraph" style="white-space:pre-wrap;max-width:60em">{}</blockquote>'
            "<div>{}</div>",
            document_url,
            obj.document,
            paragraph_url,
            para.number,
            section,
            meeting,
            highlighted_paragraph(para.text, obj.quote_start, obj.quote_end),
            format_html("{} {}", _("Cites:"), links) if citations else "",
        )
