"""Filters of the item list: ?status=open&body=TPCC&overdue=true&q=…"""

import datetime
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .. import search
from ..models import Item, Response, Status
from ..models.items import MAX_ID

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


class RFC3339Field(forms.CharField):
    """RFC 3339 only (2026-11-26T09:00:00Z), as the schema says: no guessing at other formats."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if not RFC3339.match(value):
            raise ValidationError("an RFC 3339 date-time, e.g. 2026-11-26T09:00:00Z", code="invalid")
        try:
            moment = datetime.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
            # In UTC: PostgreSQL refuses offsets beyond ±15:59 that RFC 3339 still allows.
            return moment.astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            raise ValidationError("not a real date and time", code="invalid") from None


class ISODateField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValidationError("a date as YYYY-MM-DD", code="invalid") from None


class IdField(forms.IntegerField):
    """A whole number that a key column (bigint) can hold; a larger one would fail in the database."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.Filter):
    """Whole numbers only: ``?paragraph=0.5`` is an error, not paragraph 0."""

    field_class = IdField


@extend_schema_field(OpenApiTypes.DATETIME)
class DateTimeFilter(django_filters.Filter):
    field_class = RFC3339Field


@extend_schema_field(OpenApiTypes.DATE)
class DateFilter(django_filters.Filter):
    field_class = ISODateField


# "true"/"false" only: a misspelt value is an error, not silently ignored.
BOOLEAN = [("true", "true"), ("false", "false")]


class StrictFilterSet(django_filters.FilterSet):
    """A typed parameter given empty (``?status=``) is an error, not a filter silently left out."""

    def is_valid(self):
        valid = super().is_valid()
        for name, filter_ in self.filters.items():
            if type(filter_) is django_filters.CharFilter:
                continue  # an empty text is a text
            if name in self.data and "" in self.data.getlist(name):
                self.form.add_error(name, ValidationError("must not be empty", code="empty"))
                valid = False
        return valid


class ItemFilter(StrictFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    response = django_filters.MultipleChoiceFilter(choices=Response.choices)
    kind = django_filters.MultipleChoiceFilter(choices=Item.Kind.choices)
    body = django_filters.CharFilter(method="filter_body", help_text="owner body code, e.g. TPCC")
    document = django_filters.CharFilter(field_name="document__symbol", help_text="document symbol")
    language = django_filters.CharFilter(field_name="document__language")
    paragraph = IntegerFilter(field_name="paragraph__number")
    section = IntegerFilter(method="filter_section", help_text="section id; a chapter takes its topics")
    overdue = django_filters.ChoiceFilter(choices=BOOLEAN, method="filter_overdue")
    stale = django_filters.ChoiceFilter(choices=BOOLEAN, method="filter_stale")
    due_before = DateFilter(field_name="due_date", lookup_expr="lt")
    due_after = DateFilter(field_name="due_date", lookup_expr="gte")
    updated_since = DateTimeFilter(field_name="updated_at", lookup_expr="gte")
    q = django_filters.CharFilter(
        method="filter_text",
        help_text="a document symbol (its items and the items citing it: S/2017/130), a paragraph (¶107, 107(a)), "
        "both (S/2017/130 ¶109), or words in the quote or a summary (any language), each of which must be there",
    )

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
        # The admin's search box reads the same way: both find the same items.
        return search.matching(queryset, value)
