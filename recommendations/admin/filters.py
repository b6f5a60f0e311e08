"""List filters of the item changelist: owner body, section, overdue, stale, due range, quote to review."""

import datetime

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from ..models import Body, ItemOwner, Reanchoring, Section
from ..models.bodies import short_name
from ..models.documents import section_label
from ..models.items import MAX_ID


class ManyChoicesFilter(admin.SimpleListFilter):
    """A filter of a few hundred choices (bodies, sections), its links written at once.

    The admin builds each choice's query string by copying, sorting and encoding all the list's
    parameters again, and its template spends a loop turn of several tags on each link; for
    two hundred bodies on every page, that was a tenth of the page.
    """

    template = "admin/recommendations/many_choices_filter.html"

    def choices(self, changelist):
        if changelist.add_facets:
            yield from super().choices(changelist)
            return
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("All"),
        }
        # What ``changelist.get_query_string({name: choice})`` gives: the other parameters sorted
        # by name, encoded once, on either side of this one.
        name = self.parameter_name
        others = sorted((key, value) for key, value in changelist.filter_params.items() if key != name)
        before = urlencode([(k, v) for k, v in others if k < name], doseq=True)
        after = urlencode([(k, v) for k, v in others if k > name], doseq=True)
        before, after = f"?{before}&" if before else "?", f"&{after}" if after else ""
        chosen = self.value()
        for lookup, title in self.lookup_choices:
            yield {
                "selected": chosen == str(lookup),
                "query_string": f"{before}{urlencode([(name, lookup)])}{after}",
                "display": title,
            }


class OwnerBodyFilter(ManyChoicesFilter):
    title = _("owner body")
    parameter_name = "owner"

    def lookups(self, request, model_admin):
        # The columns a choice shows, as values: a row object per body cost more than the query.
        bodies = Body.objects.order_by("name_en").values_list("pk", "code", "abbreviation", "name_en", "name_zh")
        self.body_ids, choices = {}, []
        for pk, code, abbreviation, name_en, name_zh in bodies:
            self.body_ids[code] = pk
            choices.append((code, short_name(abbreviation, name_en, name_zh)))
        return choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if self.value() not in self.body_ids:
            return queryset.none()
        # By the body's key, read with the choices, not by a join on its code: with the key in the
        # query the planner knows how many items the body owns, and at a million items walks the
        # list in its order (milliseconds) instead of gathering all the body's items first (a second).
        owned = ItemOwner.objects.filter(item=OuterRef("pk"), body_id=self.body_ids[self.value()])
        return queryset.filter(Exists(owned))


class SectionFilter(ManyChoicesFilter):
    title = _("section")
    parameter_name = "section"

    # More than this and the list is a wall of links on every page (a thousand documents hold ten
    # thousand sections): the sections are then offered once the list is narrowed to one document.
    MAX_CHOICES = 100

    def lookups(self, request, model_admin):
        sections = Section.objects.exclude(kind=Section.Kind.ANNEX)
        document = request.GET.get("document__id__exact", "") if request is not None else ""
        if document.isdigit() and int(document) <= MAX_ID:
            sections = sections.filter(document_id=document)
        elif self.value() and self.value().isdigit() and int(self.value()) <= MAX_ID:
            sections = sections.filter(document__sections=self.value())  # the chosen one's document
        shown = sections.order_by("document", "order")[: self.MAX_CHOICES + 1]
        columns = ("pk", "document__symbol", "number", "heading", "kind")
        choices = [
            (pk, f"{symbol} · {section_label(number, heading, kind)}")
            for pk, symbol, number, heading, kind in shown.values_list(*columns)
        ]
        return choices if len(choices) <= self.MAX_CHOICES else []

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if not self.value().isdigit() or int(self.value()) > MAX_ID:
            # The changelist answers this as it does any bad filter: the list, unfiltered, with "?e=1".
            raise IncorrectLookupParameters(f"no section {self.value()!r}")
        # A chapter takes in the topics under it.
        return queryset.filter(Q(paragraph__section_id=self.value()) | Q(paragraph__section__parent_id=self.value()))


class _YesNoFilter(admin.SimpleListFilter):
    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def matching(self, queryset):
        raise NotImplementedError

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=self.matching(queryset).values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=self.matching(queryset).values("pk"))
        return queryset


class OverdueFilter(_YesNoFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def matching(self, queryset):
        return queryset.overdue()


class StaleFilter(_YesNoFilter):
    title = _("stale (no update)")
    parameter_name = "stale"

    def matching(self, queryset):
        return queryset.stale()


class QuoteReviewFilter(_YesNoFilter):
    """Items whose quote a revision changed or lost, not yet confirmed: the *Revise* result links here."""

    title = _("quote to review after a revision")
    parameter_name = "quote_review"

    def matching(self, queryset):
        return queryset.filter(Exists(Reanchoring.objects.to_review().filter(item=OuterRef("pk"))))


class DueFilter(admin.SimpleListFilter):
    title = _("due")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            ("past", _("before today")),
            ("7", _("within 7 days")),
            ("30", _("within 30 days")),
            ("90", _("within 90 days")),
            ("none", _("no due date")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "past":
            return queryset.filter(due_date__lt=today)
        if self.value() == "none":
            return queryset.filter(due_date__isnull=True)
        if self.value() in ("7", "30", "90"):
            return queryset.filter(
                due_date__gte=today, due_date__lte=today + datetime.timedelta(days=int(self.value()))
            )
        return queryset
