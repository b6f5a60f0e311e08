"""Filters of the item list: ?status=open&body=TPCC&overdue=true&q=…"""

import django_filters
from django.db.models import Q

from ..models import Item, Response, Status

# "true"/"false" only: a misspelt value is an error, not silently ignored.
BOOLEAN = [("true", "true"), ("false", "false")]


class ItemFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    response = django_filters.MultipleChoiceFilter(choices=Response.choices)
    kind = django_filters.MultipleChoiceFilter(choices=Item.Kind.choices)
    body = django_filters.CharFilter(method="filter_body", help_text="owner body code, e.g. TPCC")
    document = django_filters.CharFilter(field_name="document__symbol", help_text="document symbol")
    language = django_filters.CharFilter(field_name="document__language")
    paragraph = django_filters.NumberFilter(field_name="paragraph__number")
    section = django_filters.NumberFilter(method="filter_section", help_text="section id; a chapter takes its topics")
    overdue = django_filters.ChoiceFilter(choices=BOOLEAN, method="filter_overdue")
    stale = django_filters.ChoiceFilter(choices=BOOLEAN, method="filter_stale")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lt")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    q = django_filters.CharFilter(method="filter_text", help_text="words in the quote or a summary (any language)")

    class Meta:
        model = Item
        fields = []

    def filter_body(self, queryset, name, value):
        # unique(item, body): the join cannot repeat an item.
        return queryset.filter(ownerships__body__code=value)

    def filter_section(self, queryset, name, value):
        return queryset.filter(Q(paragraph__section_id=value) | Q(paragraph__section__parent_id=value))

    def filter_overdue(self, queryset, name, value):
        overdue = Item.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value == "true" else queryset.exclude(pk__in=overdue)

    def filter_stale(self, queryset, name, value):
        stale = Item.objects.stale().values("pk")
        return queryset.filter(pk__in=stale) if value == "true" else queryset.exclude(pk__in=stale)

    def filter_text(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(quote__icontains=word) | Q(summary__icontains=word) | Q(summary_zh__icontains=word)
            )
        return queryset
