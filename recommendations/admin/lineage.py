"""Lineage in the admin: an item's earlier and later reports' items, and the proposed predecessors to decide.

The links are the import's proposals (``services.lineage``); a coordinator confirms or rejects
them on the later item's page, or confirms them in bulk from the review queue.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions, services
from ..models import Item, Link
from .forms import LinkDecisionForm
from .sheet import Refusal

# A linked item is shown by its reference and status: its paragraph's words stay in the database.
_WORDS = ("paragraph__text", "paragraph__sub_items")


def _linked(*ends: str) -> list[str]:
    """``select_related`` paths for the items at ``ends`` of a link, with what their line shows."""
    return [f"{end}__{part}" for end in ends for part in ("document", "paragraph")]


def _unread(*ends: str) -> list[str]:
    return [f"{end}__{words}" for end in ends for words in _WORDS]


def item_lineage(user, item: Item) -> dict:
    """The item page's *Lineage*: proposals to decide (for who may edit it), confirmed links both ways.

    One query however many links: each end's document and paragraph come with it, and only the
    items this user may see are linked to (a focal point's page names no other body's item).
    """
    may_decide = permissions.can(user, "edit", item)
    shown_states = [Link.State.CONFIRMED, Link.State.PROPOSED] if may_decide else [Link.State.CONFIRMED]
    before, after = Q(item=item, state__in=shown_states), Q(earlier=item, state=Link.State.CONFIRMED)
    if not permissions.actor(user).sees_all:
        visible = permissions.visible_items(user, Item.objects.all())
        before, after = before & Q(earlier__in=visible), after & Q(item__in=visible)
    links = (
        Link.objects.filter(before | after)
        .select_related(*_linked("item", "earlier"))
        .defer(*_unread("item", "earlier"))
    )
    proposed, predecessors, successors = [], [], []
    for link in links:
        if link.earlier_id == item.pk:
            successors.append(link)
        elif link.state == Link.State.PROPOSED:
            link.form_key = f"link-{link.pk}"  # which form a refusal gives back
            proposed.append(link)
        else:
            predecessors.append(link)
    proposed.sort(key=lambda link: -(link.similarity or 0))
    predecessors.sort(key=lambda link: _when(link.earlier))
    successors.sort(key=lambda link: _when(link.item))
    return {
        "proposed": proposed,
        "predecessors": predecessors,
        "successors": successors,
        "relations": Link.Relation.choices,
        "decide_url": reverse("admin:recommendations_item_lineage", args=[item.pk]),
    }


def _when(item: Item) -> tuple:
    """Reports in the order they were issued (an undated one last), then by paragraph."""
    date = item.document.date
    return (date is None, date or "", item.document.symbol, item.paragraph.number, item.seq)


class LineageViews:
    """Mixed into the item page's ModelAdmin with ``ItemReviewViews``: uses its ``_posted``, ``refuse``, ``back``."""

    def lineage_urls(self):
        wrap = self.admin_site.admin_view
        return [path("<path:object_id>/lineage/", wrap(self.lineage_view), name="recommendations_item_lineage")]

    def lineage_view(self, request, object_id):
        """A proposed predecessor of the item confirmed (with the relation chosen) or rejected."""
        item, form = self._posted(request, object_id, LinkDecisionForm)
        form.is_valid()
        if "link" not in form.cleaned_data:
            raise Http404  # no link named: nothing on this page was posted
        link = get_object_or_404(
            Link.objects.select_related(*_linked("earlier")), pk=form.cleaned_data["link"], item=item
        )
        key = f"link-{link.pk}"
        if form.errors:
            return self.refuse(request, item, Refusal.of(key, request.POST, form=form, fields=("relation",)))
        confirm = form.cleaned_data["decision"] == "confirm"
        relation = (form.cleaned_data["relation"] or None) if confirm else None
        try:
            decided = services.decide_link(link=link, actor=request.user, confirm=confirm, relation=relation)
        except services.ServiceError as exc:
            return self.refuse(request, item, Refusal.of(key, request.POST, error=exc, fields=("relation",)))
        if confirm:
            told = _("Confirmed: this item %(relation)s %(earlier)s.") % {
                "relation": decided.get_relation_display(),
                "earlier": link.earlier.reference,
            }
        else:
            told = _("Rejected: %(earlier)s is not this item's predecessor.") % {"earlier": link.earlier.reference}
        self.message_user(request, told, level=messages.SUCCESS)
        return self.back(item)


def proposed_predecessors() -> Prefetch:
    """The review queue's proposals, each with the earlier item's reference: one query for the page."""
    links = Link.objects.proposed().select_related(*_linked("earlier")).defer(*_unread("earlier"))
    return Prefetch("predecessor_links", queryset=links.order_by("-similarity"), to_attr="proposed_links")


def predecessor_cell(item: Item) -> str:
    """What the queue shows of an item's proposed predecessors: how it relates to which item."""
    return format_html_join(
        ", ",
        '<a href="{}" class="likely-predecessor" title="{}">{} {}</a>',
        (
            (
                reverse("admin:recommendations_item_change", args=[link.earlier_id]),
                _("similarity %(similarity).2f") % {"similarity": link.similarity or 0},
                link.get_relation_display(),
                link.earlier.reference,
            )
            for link in item.proposed_links
        ),
    )


@admin.action(description=gettext_lazy("Confirm the proposed predecessors"))
def confirm_predecessors(modeladmin, request, queryset):
    """Each selected item's proposed predecessors confirmed as proposed; each decision stands on its own."""
    links = (
        Link.objects.proposed()
        .filter(item__in=queryset.values("pk"))
        .select_related(*_linked("item"))
        .defer(*_unread("item"))
        .order_by("item__document", "item__paragraph__number", "item__seq")
    )
    done, refused = 0, []
    for link in links:
        try:
            services.decide_link(link=link, actor=request.user, confirm=True)
            done += 1
        except services.ServiceError as exc:
            refused.append(f"{link.item.reference}: {exc.message}")
    if done:
        modeladmin.message_user(request, _("%(count)d proposed predecessor(s) confirmed.") % {"count": done})
    elif not refused:
        modeladmin.message_user(
            request, _("None of the selected items has a proposed predecessor."), level=messages.WARNING
        )
    if refused:
        modeladmin.message_user(
            request,
            _("%(count)d refused, unchanged — %(reasons)s") % {"count": len(refused), "reasons": "; ".join(refused)},
            level=messages.WARNING,
        )


confirm_predecessors.workflow_action = "edit"
