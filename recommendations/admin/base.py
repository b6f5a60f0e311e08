"""What every item list shares: its columns, filters, search by reference, permissions and owner inline."""

from __future__ import annotations

import functools

from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import permissions, search
from ..models import ItemOwner
from ..models.bodies import list_name
from ..models.items import MAX_ID
from . import actions
from .filters import DueFilter, OverdueFilter, OwnerBodyFilter, SectionFilter, StaleFilter
from .paging import EstimatedChangeList, EstimatedCountPaginator


class ItemOwnerInline(admin.TabularInline):
    model = ItemOwner
    extra = 0
    autocomplete_fields = ("body",)

    def has_add_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)


class BaseItemAdmin(SimpleHistoryAdmin):
    # Days overdue says both whether and how long: one column where there were two, so that due
    # date, days overdue and last update fit beside the filters at 1400 px.
    list_display = ("reference_link", "kind", "summary_or_quote", "owner_list", "response", "status", "due_date",
                    "overdue_mark", "last_update")  # fmt: skip
    list_filter = ("status", "response", "kind", OwnerBodyFilter, SectionFilter, OverdueFilter, StaleFilter, DueFilter)
    list_per_page = 50
    # Shows the search box; what a search means is ``search`` (get_search_results), as in the API.
    search_fields = ("quote", "summary", "summary_zh")
    search_help_text = _(
        "A document symbol (S/2017/130: its items and the items citing it), a paragraph (¶107, 107(a)), "
        "both (S/2017/130 ¶109), or words in English or Chinese."
    )
    ordering = ("document", "paragraph__number", "seq")
    # No COUNT(*) over a million items on each page: the unfiltered total is skipped, and the
    # list's own count is an estimate or stops at a cap on PostgreSQL (``paging``).
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    # Facets count the items under every filter choice: a scan of the table per filter.
    show_facets = admin.ShowFacets.NEVER

    def get_changelist(self, request, **kwargs):
        return EstimatedChangeList

    def get_queryset(self, request):
        return permissions.visible_items(request.user, super().get_queryset(request)).for_list()

    def get_object(self, request, object_id, from_field=None):
        item = super().get_object(request, object_id, from_field)
        if item is None and from_field is None and object_id.isdigit() and int(object_id) <= MAX_ID:
            # Hidden, not missing: saying it does not exist would send a focal point looking for it.
            hidden = self.model._default_manager.select_related("document", "paragraph").filter(pk=object_id).first()
            if hidden is not None:
                raise PermissionDenied(
                    _("%(reference)s belongs to bodies you are not a focal point of.") % {"reference": hidden.reference}
                )
        return item

    def get_search_results(self, request, queryset, search_term):
        # No duplicates: every condition is on the item's own row, its document's, or a subquery.
        return search.matching(queryset, search_term), False

    def has_add_permission(self, request):
        return False  # items come from importing a report

    def has_change_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        who = permissions.actor(request.user)
        if obj is not None and not (who.coordinator or who.viewer):
            return permissions.owns(request.user, obj)
        return who.coordinator or who.viewer or who.focal_point

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def get_actions(self, request):
        return actions.allowed(request, super().get_actions(request))

    def action_checkbox(self, obj):
        # Django's markup, written out: its widget renders a template per row, a fifth of a page of 50.
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )

    @admin.display(description=_("reference"), ordering="paragraph__number")
    def reference_link(self, obj):
        return obj.reference

    @admin.display(description=_("summary"))
    def summary_or_quote(self, obj):
        # Cut between words (the whole text on hover): a word cut in half reads as a typo.
        return format_html('<span title="{}">{}</span>', obj.summary_text or obj.quote, obj.summary_preview)

    @admin.display(description=_("owners"))
    def owner_list(self, obj):
        return owners_text((o.role, owner_label(o.body)) for o in obj.ownerships.all())

    @admin.display(description=_("days overdue"), ordering="due_date")
    def overdue_mark(self, obj):
        days = obj.days_overdue()
        return format_html('<strong class="overdue" title="{}">⚠ {}</strong>', _("overdue"), days) if days else ""

    @admin.display(description=_("last update"), ordering="last_activity_at")
    def last_update(self, obj):
        day = timezone.localdate(obj.last_activity_at)
        # Formatting a date is slow (month names through the translations): each day once a language.
        return _day_label(day, get_language(), get_format("DATE_FORMAT"))


@functools.lru_cache(maxsize=4096)
def _day_label(day, language: str, date_format: str) -> str:
    return dateformat.format(day, date_format)


def owners_text(owners) -> str:
    """(role, name) pairs as a list's cell names them (``owner_label`` gives a body's name)."""
    # Supporting owners say so in words: a mark such as "⁺" needed a legend nobody saw.
    return ", ".join(
        name if role == ItemOwner.Role.LEAD else _("%(body)s (supporting)") % {"body": name} for role, name in owners
    )


def owner_label(body) -> str:
    """A body as a list names it (``bodies.list_name``)."""
    return list_name(body.abbreviation, body.name_en, body.name_zh)


def require_id(object_id: str) -> None:
    """An item's address holds its number; anything else is no item (rather than an error in the query)."""
    if not object_id.isdigit() or int(object_id) > MAX_ID:
        raise Http404
