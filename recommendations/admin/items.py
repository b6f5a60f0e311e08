"""The item list and item page: the coordinators' daily tool, and a focal point's view of its own items."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .. import permissions, services
from ..highlight import highlighted_paragraph
from ..models import Body, Item, ItemOwner
from ..models.item_lists import inline_owners
from ..services import exchange, export
from ..services.reanchoring import review_reanchoring
from ..workflow import TRANSITIONS
from . import actions, history, languages, sheet
from .base import BaseItemAdmin, ItemOwnerInline, owners_text, require_id
from .contents import paragraph_anchor
from .filters import QuoteReviewFilter
from .forms import ActForm, ImportForm, MergeForm
from .item_list import ItemChangeList
from .lineage import LineageViews, item_lineage
from .review import ItemReviewViews
from .sheet import Refusal


@admin.register(Item)
class ItemAdmin(LineageViews, ItemReviewViews, BaseItemAdmin):
    actions = actions.item_actions()
    inlines = [ItemOwnerInline]
    change_form_template = "admin/recommendations/item/change_form.html"
    change_list_template = "admin/recommendations/item/item_list.html"
    list_display = (*BaseItemAdmin.list_display, "closure_mark")
    # Closures waiting for a coordinator, next to status: the standard boolean filter, so the
    # dashboard's "closures proposed" links to ?closure_proposed__exact=1; quotes a revision changed,
    # last, as the import page's *Revise* result links to them (?quote_review=yes).
    list_filter = (
        *BaseItemAdmin.list_filter[:1], "closure_proposed", *BaseItemAdmin.list_filter[1:], QuoteReviewFilter
    )  # fmt: skip
    # The worksheet's last part: what a coordinator edits (the rest of the page is the template's).
    # Offsets, hashes and versions are the machinery's, never shown.
    fieldsets = (
        (_("Details"), {"fields": ("kind", "summary", "summary_zh", "due_date", "priority", "progress", "speaker")}),
    )
    readonly_fields = ("progress", "speaker")

    def get_changelist(self, request, **kwargs):
        return ItemChangeList

    @admin.display(description=_("owners"))
    def owner_list(self, obj):
        # The page's rows carry their owners (ItemChangeList); an item read otherwise, its own.
        if hasattr(obj, "owner_rows"):
            return owners_text(inline_owners(obj))
        return super().owner_list(obj)

    def get_inlines(self, request, obj):
        # Owners are listed at the top of the page; the inline is where coordinators change them.
        return self.inlines if permissions.is_coordinator(request.user) else []

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("export/<str:fmt>/", wrap(self.export_view), name="recommendations_item_export"),
            path("import/", wrap(self.import_view), name="recommendations_item_import"),
            path("<path:object_id>/act/", wrap(self.act_view), name="recommendations_item_act"),
            *self.review_urls(),
            *self.lineage_urls(),
            *super().get_urls(),
        ]

    def export_view(self, request, fmt):
        """The list as filtered on screen, as a file in the import schema."""
        if fmt not in exchange.FORMATS or not self.has_view_permission(request):
            raise Http404
        shown = self.get_changelist_instance(request).get_queryset(request)
        # Re-select by key: the changelist's own prefetches and ordering are for the screen.
        items = Item.objects.filter(pk__in=shown.values("pk")).order_by("document", "paragraph__number", "seq")
        response = StreamingHttpResponse(
            export.export_stream(items, fmt, reader=request.user), content_type=exchange.FORMATS[fmt]
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="items-{stamp}.{fmt}"'
        return response

    def import_view(self, request):
        """Upload a CSV, XLSX or JSON file of items; coordinators only, all or nothing."""
        if not permissions.is_coordinator(request.user):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = exchange.import_items(data=upload.read(), fmt=form.format, actor=request.user)
            except services.ServiceError as exc:
                form.add_error("file", exc.message)
            else:
                self.message_user(
                    request,
                    _("%(rows)d rows read: %(changed)d items changed, %(unchanged)d unchanged.")
                    % {"rows": report.rows, "changed": len(report.changed), "unchanged": report.unchanged},
                    level=messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:recommendations_item_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import items"),
            "form": form,
            "opts": self.model._meta,
            "columns": exchange.COLUMNS,
        }
        return TemplateResponse(request, "admin/recommendations/item/import.html", context)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("paragraph__section")

    def save_model(self, request, obj, form, change):
        """Edits go through the services, so they bump the version and land on the timeline."""
        changed = set(form.changed_data)
        if "due_date" in changed:
            services.set_due_date(item=obj, actor=request.user, due_date=form.cleaned_data["due_date"])
        details = {name: form.cleaned_data[name] for name in ("kind", "summary", "summary_zh", "priority")}
        if changed & set(details):
            services.update_details(item=obj, actor=request.user, **details)

    def save_formset(self, request, form, formset, change):
        """Owner changes go through the services too: one timeline entry each."""
        item = form.instance
        for owner_form in formset.forms:
            previous = owner_form.initial.get("body")
            if owner_form in formset.deleted_forms:
                if previous:
                    services.remove_owner(item=item, actor=request.user, body=Body(pk=previous))
                continue
            if not owner_form.has_changed():
                continue
            body, role = owner_form.cleaned_data["body"], owner_form.cleaned_data["role"]
            if previous and previous != body.pk:
                services.remove_owner(item=item, actor=request.user, body=Body(pk=previous))
            services.set_owner(item=item, actor=request.user, body=body, role=role)
        # Read by the admin's change message, which formset.save() would have filled; the
        # services wrote the owner changes to the item's timeline instead.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    object_history_template = "admin/recommendations/item/object_history.html"
    object_history_list_template = "admin/recommendations/item/object_history_list.html"

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each row in words, bookkeeping fields left out (see ``history``)."""
        history.describe(historical_records)

    def history_view(self, request, object_id, extra_context=None):
        """Field history of the item, and of its owners below it."""
        require_id(object_id)
        owners = ItemOwner.history.filter(item_id=object_id).select_related("body", "history_user")
        extra = {"owner_history": owners.order_by("history_date"), **(extra_context or {})}
        return super().history_view(request, object_id, extra)

    def changelist_view(self, request, extra_context=None):
        extra = {"is_coordinator": permissions.is_coordinator(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self._workflow_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _workflow_context(self, request, obj: Item) -> dict:
        return {
            **sheet.actions(request.user, obj),
            "source": self.source(obj),
            "reanchored": languages.to_review(obj),
            "can_edit": permissions.can(request.user, "edit", obj),
            "owners": [(o.body, o.get_role_display()) for o in obj.ownerships.select_related("body")],
            "can_progress": obj.is_open and permissions.can(request.user, "progress", obj),
            "can_comment": permissions.can(request.user, "comment", obj),
            "can_propose_closure": obj.is_open
            and not permissions.is_coordinator(request.user)
            and permissions.can(request.user, "propose_closure", obj),
            "timeline": sheet.timeline(obj),
            "act_url": reverse("admin:recommendations_item_act", args=[obj.pk]),
            "review": self.review_context(request, obj),
            "closure": self.closure_context(request, obj),
            "lineage": item_lineage(request.user, obj),
        }

    def act_view(self, request, object_id):
        """One entry on the item page: a transition, progress, a comment, a closing proposal or its review."""
        item, form = self._posted(request, object_id, ActForm)
        action = request.POST.get("action", "")
        fields = sheet.fields_of(action)
        if not form.is_valid():
            return self.refuse(request, item, Refusal.of(action, request.POST, form=form, fields=fields))
        data = form.cleaned_data
        common = {"item": item, "actor": request.user, "expected_version": data["version"]}
        evidence = {k: data[k] for k in ("evidence_url", "evidence_symbol")}
        merge = MergeForm(request.POST, items=Item.objects.filter(pk=item.pk))
        if action == "merge" and not merge.is_valid():
            return self.refuse(request, item, Refusal.of(action, request.POST, form=merge, fields=fields))
        try:
            if action in TRANSITIONS:
                services.transition(action=action, comment=data["comment"], **evidence, **common)
            elif action == "progress":
                services.record_progress(comment=data["comment"], percent=data["percent"], **common)
            elif action == "comment":
                services.add_comment(comment=data["comment"], **common)
            elif action == "propose_closure":
                services.propose_closure(comment=data["comment"], **evidence, **common)
            elif action == "accept_closure":
                services.accept_closure(comment=data["comment"], **common)
            elif action == "return_closure":
                services.return_closure(comment=data["comment"], **common)
            elif action == "review_reanchoring":
                review_reanchoring(comment=data["comment"], **common)
            elif action == "merge":
                services.merge(into=merge.cleaned_data["into"], comment=data["comment"], **common)
            else:
                raise services.TransitionNotAllowed(f"unknown action {action!r}")
        except services.ServiceError as exc:
            return self.refuse(request, item, Refusal.of(action, request.POST, error=exc, fields=fields))
        self.message_user(request, _("Recorded."), level=messages.SUCCESS)
        return self.back(item)

    @admin.display(description=_("closure"), ordering="closure_proposed")
    def closure_mark(self, obj):
        if not obj.closure_proposed:
            return ""
        return format_html('<strong class="closure-proposed">⚑ {}</strong>', _("awaiting review"))

    @admin.display(description=_("source paragraph"))
    def source(self, obj):
        para = obj.paragraph
        section = para.section
        # The paragraph where it stands in the document (its section unfolded at the anchor).
        in_document = reverse("admin:recommendations_document_change", args=[obj.document_id])
        in_document += f"#{paragraph_anchor(para.number)}"
        citations = list(para.citations.select_related("reference"))
        links = format_html_join(
            ", ", '<a href="{}">{}</a>', ((c.reference.url(obj.document.language), c.reference) for c in citations)
        )
        meeting = format_html(" · {} {}", _("meeting of"), section.meeting_date) if section.meeting_date else ""
        own = format_html(
            '<blockquote class="source-paragraph" lang="{}">{}</blockquote>',
            obj.document.language,
            highlighted_paragraph(para.text, obj.quote_start, obj.quote_end),
        )
        return format_html(
            '<p class="source-where"><a href="{}" class="source-link">{} ¶{}</a> · {}{}</p>{}{}',
            in_document,
            obj.document,
            para.number,
            section,
            meeting,
            languages.side_by_side(obj, own),
            format_html('<p class="source-cites">{} {}</p>', _("Cites:"), links) if citations else "",
        )
