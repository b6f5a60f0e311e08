"""Documents, their paragraphs, and bodies: read-only for everyone but coordinators."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Body, Citation, Document, Item, Membership, Paragraph
from .contents import contents, paragraph_anchor
from .importing import ReportImportViews


class CoordinatorsEdit:
    """Coordinators change these; focal points and viewers only read them."""

    def has_view_permission(self, request, obj=None):
        who = permissions.actor(request.user)
        return who.coordinator or who.viewer or who.focal_point

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request, *args):
        return permissions.is_coordinator(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ReportImportViews, CoordinatorsEdit, admin.ModelAdmin):
    list_display = ("symbol", "language", "title", "date", "paragraph_count", "item_count")
    search_fields = ("symbol", "title")
    change_list_template = "admin/recommendations/document/change_list.html"
    # The sections and paragraphs as a reader's contents and folded text, not as inlines: a
    # report of a hundred paragraphs made a page 10,000 px tall with no way to jump.
    change_form_template = "admin/recommendations/document/change_form.html"

    def has_add_permission(self, request):
        return False  # documents arrive through import_document: the import page, the command or the API

    def get_urls(self):
        return [*self.import_urls(), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra = {"can_import": permissions.is_coordinator(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra)

    readonly_fields = ("checksum", "imported_at", "undocs_link", "review_link")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["contents"] = contents(obj, request.user)
            context["unfold"] = request.GET.get("unfold") == "1"
        return super().render_change_form(request, context, add, change, form_url, obj)

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

    @admin.display(description=_("review queue"))
    def review_link(self, obj):
        url = reverse("admin:recommendations_proposeditem_changelist") + f"?document__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Proposed items of this document"))

    @admin.display(description=_("on undocs.org"))
    def undocs_link(self, obj):
        return format_html('<a href="{0}">{0}</a>', obj.undocs_url)


class CitationInline(ReadOnlyInline):
    model = Citation
    fields = ("reference", "link")  # where in the paragraph (offsets) is the import's business
    readonly_fields = fields
    show_change_link = False

    @admin.display(description=_("link"))
    def link(self, obj):
        return format_html('<a href="{0}">{0}</a>', obj.url)


class ItemInline(ReadOnlyInline):
    model = Item
    fields = ("seq", "kind", "status", "quote")
    readonly_fields = fields

    def get_queryset(self, request):
        return permissions.visible_items(request.user, super().get_queryset(request))


@admin.register(Paragraph)
class ParagraphAdmin(CoordinatorsEdit, admin.ModelAdmin):
    list_display = ("__str__", "section", "short_text")
    list_filter = ("document", "section__kind")
    list_select_related = ("document", "section")
    search_fields = ("text",)
    # The report's words as read; hashes and offsets are the import's bookkeeping, not for readers.
    fields = ("document", "in_document", "section", "number", "text")
    readonly_fields = fields
    inlines = [CitationInline, ItemInline]

    def has_add_permission(self, request):
        return False  # paragraphs are the report's own words, set by the import

    def has_change_permission(self, request, obj=None):
        return False  # nothing on the page can change: no Save button for a read-only page

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A paragraph goes with its document (whose deletion needs this permission), never alone.
        return super().change_view(request, object_id, form_url, {"show_delete": False, **(extra_context or {})})

    @admin.display(description=_("in the document"))
    def in_document(self, obj):
        url = reverse("admin:recommendations_document_change", args=[obj.document_id])
        return format_html('<a href="{}#{}">{}</a>', url, paragraph_anchor(obj.number), _("Read it in its context"))

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


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)
    verbose_name = _("focal point")
    verbose_name_plural = _("focal points")

    def has_add_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)


@admin.register(Body)
class BodyAdmin(CoordinatorsEdit, admin.ModelAdmin):
    list_display = ("name_en", "name_zh", "abbreviation", "code", "parent")
    list_select_related = ("parent",)
    list_filter = (ChildBodyFilter,)
    search_fields = ("name_en", "name_zh", "abbreviation", "code")
    autocomplete_fields = ("parent",)
    inlines = [MembershipInline]
