"""Reviewing what was proposed: imported items (the queue, a span, addressees) and closures of items."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .. import permissions, services
from ..highlight import highlighted_paragraph
from ..ingest.symbols import undocs_url
from ..models import Addressee, Body, Item, ProposedItem
from ..workflow import CLOSURE_REVIEWS
from . import actions, lineage
from .base import BaseItemAdmin, require_id
from .filters import OwnerBodyFilter, SectionFilter
from .forms import AddresseeForm, MergeForm, SpanForm
from .sheet import Refusal


class ItemReviewViews:
    """Mixed into the item page's ModelAdmin: the review panel of a proposed item and the forms it posts."""

    def review_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/span/", wrap(self.span_view), name="recommendations_item_span"),
            path("<path:object_id>/addressees/", wrap(self.map_view), name="recommendations_item_map"),
        ]

    def review_context(self, request, obj: Item) -> dict | None:
        """What reviewing a proposed item needs: its span to adjust, its addressees to map, a merge target."""
        if obj.status != Item.Status.PROPOSED or not permissions.can(request.user, "edit", obj):
            return None
        addressees = list(obj.addressees.unresolved())
        for addressee in addressees:
            addressee.form_key = f"addressee-{addressee.pk}"  # which form a refusal gives back
        return {
            "text": obj.paragraph.text,
            "length": len(obj.paragraph.text),
            "highlighted": highlighted_paragraph(obj.paragraph.text, obj.quote_start, obj.quote_end),
            "span_url": reverse("admin:recommendations_item_span", args=[obj.pk]),
            "addressees": addressees,
            # One list for every addressee's choice: one query, however many there are to map.
            "bodies": list(Body.objects.order_by("name_en")) if addressees else [],
            "map_url": reverse("admin:recommendations_item_map", args=[obj.pk]),
            "merge_form": MergeForm(items=Item.objects.filter(pk=obj.pk)),
        }

    def closure_context(self, request, obj: Item) -> dict | None:
        """A pending closure: the evidence proposed, by whom and when, and whether this user may accept or return it."""
        if not obj.closure_proposed:
            return None
        proposed = services.closure_proposal(obj)
        symbol = proposed.evidence_symbol if proposed else ""
        return {
            "proposal": proposed,
            "symbol_link": undocs_url(symbol, obj.document.language) if symbol else "",
            "can_review": obj.is_open and permissions.can(request.user, "accept_closure", obj),
            "accept": CLOSURE_REVIEWS["accept_closure"],
            "return": CLOSURE_REVIEWS["return_closure"],
        }

    def span_view(self, request, object_id):
        """New bounds for the quoted span of an item, from its review page."""
        item, form = self._posted(request, object_id, SpanForm)
        fields = ("quote_start", "quote_end")
        if not form.is_valid():
            return self.refuse(request, item, Refusal.of("span", request.POST, form=form, fields=fields))
        data = form.cleaned_data
        try:
            services.set_quote_span(
                item=item,
                actor=request.user,
                start=data["quote_start"],
                end=data["quote_end"],
                expected_version=data["version"],
            )
        except services.ServiceError as exc:
            return self.refuse(request, item, Refusal.of("span", request.POST, error=exc, fields=fields))
        self.message_user(request, _("Quoted span saved."), level=messages.SUCCESS)
        return self.back(item)

    def map_view(self, request, object_id):
        """An unresolved addressee of the item mapped to a body, existing or new."""
        item, form = self._posted(request, object_id, AddresseeForm)
        key = f"addressee-{request.POST.get('addressee', '')}"
        fields = ("body", "code", "name_en", "name_zh")
        if not form.is_valid():
            return self.refuse(request, item, Refusal.of(key, request.POST, form=form, fields=fields))
        data = form.cleaned_data
        addressee = get_object_or_404(Addressee, pk=data["addressee"], item=item)
        try:
            mapped = services.map_addressee(
                addressee=addressee,
                actor=request.user,
                body=data["body"],
                code=data["code"],
                name_en=data["name_en"],
                name_zh=data["name_zh"],
                expected_version=data["version"],
            )
        except services.ServiceError as exc:
            return self.refuse(request, item, Refusal.of(key, request.POST, error=exc, fields=fields))
        self.message_user(
            request,
            _("“%(words)s” is now a name of %(body)s, lead owner of %(count)d proposed item(s).")
            % {"words": addressee.words, "body": mapped.body, "count": len(mapped.items)},
            level=messages.SUCCESS,
        )
        return self.back(item)

    def _posted(self, request, object_id, form_class) -> tuple[Item, forms.Form]:
        """The item a form on its page was posted for (if this user sees it), and the bound form."""
        require_id(object_id)
        item = get_object_or_404(self.get_queryset(request), pk=object_id)
        if request.method != "POST":
            raise Http404
        return item, form_class(request.POST)

    def back(self, item: Item) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:recommendations_item_change", args=[item.pk]))

    def refuse(self, request, item: Item, refusal: Refusal):
        """The item page again, the refused form holding what was typed and each error beside its field.

        Rendered, not redirected: a redirect would lose what was typed. Nothing was saved.
        """
        request.method = "GET"  # the page as read, not the admin's own form posted
        change_url = reverse("admin:recommendations_item_change", args=[item.pk])
        return self.change_view(request, str(item.pk), form_url=change_url, extra_context={"refusal": refusal})


@admin.register(ProposedItem)
class ReviewQueueAdmin(BaseItemAdmin):
    """Items the extractor proposed, waiting for a coordinator to confirm, dismiss or merge them."""

    actions = [
        actions.transition_action("confirm"),
        actions.transition_action("dismiss"),
        actions.merge_into,
        lineage.confirm_predecessors,
    ]
    list_display = ("reference_link", "kind", "speaker", "quote_preview", "owners_and_addressees", "likely_predecessor")
    # The paragraph links to the item's own page, where it is reviewed: no second link around it.
    list_display_links = None
    # By document: the import page and a document's page link to the queue of that report.
    list_filter = ("document", "kind", OwnerBodyFilter, SectionFilter)

    def get_queryset(self, request):
        unresolved = Prefetch("addressees", queryset=Addressee.objects.unresolved(), to_attr="unresolved")
        return super().get_queryset(request).proposed().prefetch_related(unresolved, lineage.proposed_predecessors())

    def has_view_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # review happens through the actions and on the item page

    @admin.display(description=_("paragraph"), ordering="paragraph__number")
    def reference_link(self, obj):
        url = reverse("admin:recommendations_item_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.reference)

    @admin.display(description=_("quote"))
    def quote_preview(self, obj):
        # Cut between words (not in Chinese, which has none); the whole quote on hover.
        return format_html('<span lang="{}" title="{}">{}</span>', obj.document.language, obj.quote, obj.quote_preview)

    @admin.display(description=_("owners"))
    def owners_and_addressees(self, obj):
        marked = ((a.words, _("unresolved")) for a in obj.unresolved)
        unresolved = format_html_join(", ", '<span class="unresolved-addressee">“{}” ({})</span>', marked)
        owners = self.owner_list(obj)
        return format_html("{}{}{}", owners, ", " if owners and unresolved else "", unresolved)

    @admin.display(description=_("likely predecessor"))
    def likely_predecessor(self, obj):
        return lineage.predecessor_cell(obj)
