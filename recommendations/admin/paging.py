"""Counting a changelist without counting a million rows: an estimate, or a count that stops early.

Django's paginator counts every row the list holds (``SELECT COUNT(*)``) on every page: at a
million items that is most of a page's time, and it grows with the table. On PostgreSQL this one
reads the planner's estimate for the whole table (``pg_class.reltuples``, kept by ANALYZE and
autovacuum) and, for a filtered or searched list, counts at most ``CAP + 1`` rows. The page says
which it did ("about 1,000,000", "more than 1,000"), so a number on screen is never passed off as
exact. SQLite (the embedded default, small tables) keeps Django's exact count.
"""

from __future__ import annotations

from functools import cached_property

from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django.utils.formats import number_format
from django.utils.translation import gettext as _


class EstimatedCountPaginator(Paginator):
    """Exact up to ``CAP`` rows; above it, "about N" (the whole table) or "more than CAP" (a filtered list)."""

    # Enough for 20 pages of 50; telling 1,001 from 900,000 rows costs a full count, which is what this avoids.
    CAP = 1000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.approximate = False  # the count is an estimate or a cap, not the number of rows
        self.estimated = False  # ``count`` is the table's estimate (else, when approximate, CAP + 1)

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if connections[queryset.db].vendor != "postgresql":
            return super().count
        # COUNT(*) over a LIMIT subquery: the scan stops at the CAP + 1st row. One query, as
        # Django's count is, for every list of up to CAP rows; the whole table's asks the
        # planner's estimate in the same query, for when the count reaches the cap.
        whole_table = not queryset.query.where and not queryset.query.distinct
        counted, estimate = _count_and_estimate(queryset, self.CAP + 1, estimate=whole_table)
        if counted <= self.CAP:
            return counted
        self.approximate = True
        if estimate > self.CAP:
            # The whole table: the planner's estimate, unless the table was never analysed (-1).
            self.estimated = True
            return estimate
        return counted

    @property
    def count_label(self) -> str:
        """The count as the page shows it, saying when it is not exact."""
        if not self.approximate:
            return number_format(self.count, force_grouping=True)
        if self.estimated:
            return _("about %(count)s") % {"count": number_format(_rounded(self.count), force_grouping=True)}
        return _("more than %(count)s") % {"count": number_format(self.CAP, force_grouping=True)}

    def validate_number(self, number):
        # An estimate can be short of the rows there are, and a capped count always is: a page
        # past it may hold rows, so it is shown (empty if there are none) rather than refused.
        try:
            return super().validate_number(number)
        except EmptyPage:
            if self.approximate and int(number) > 1:
                return int(number)
            raise

    def page(self, number):
        number = self.validate_number(number)
        if not self.approximate:
            return super().page(number)
        # Not cut at ``count`` as Django's page is: the rows go on past it.
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


def _count_and_estimate(queryset, limit: int, *, estimate: bool) -> tuple[int, int]:
    """The rows of ``queryset``, counted up to ``limit``, and with ``estimate`` the planner's row count
    of its table (``pg_class.reltuples``, -1 when the table was never analysed; else -1 too)."""
    try:
        sql, params = queryset.values("pk").order_by()[:limit].query.sql_with_params()
    except EmptyResultSet:
        return 0, -1  # a filter that can match nothing (a number no item has): no query, as Django's count
    guess, guess_params = "-1", []
    if estimate:
        guess = "(SELECT reltuples FROM pg_class WHERE oid = %s::regclass)"
        guess_params = [queryset.model._meta.db_table]
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"SELECT (SELECT COUNT(*) FROM ({sql}) capped), {guess}", [*params, *guess_params])
        counted, guessed = cursor.fetchone()
    return counted, int(guessed) if guessed is not None else -1


def _rounded(count: int) -> int:
    """An estimate to its three leading digits: 1,000,000 rather than 999,817 (whose last digits mean nothing)."""
    digits = len(str(count))
    return round(count, -(digits - 3)) if digits > 3 else count


class EstimatedChangeList(ChangeList):
    """A changelist whose count may be approximate: it links the next page, which the page numbers may not reach."""

    def get_results(self, request):
        super().get_results(request)
        if getattr(self.paginator, "approximate", False) and self.can_show_all:
            # "Show all" would list every row, however many there are past the count: one page instead.
            self.can_show_all = False
            self.result_list = self.paginator.page(self.page_num).object_list

    @property
    def next_page_url(self) -> str:
        paginator = self.paginator
        if not getattr(paginator, "approximate", False) or len(self.result_list) < self.list_per_page:
            return ""
        return self.get_query_string({PAGE_VAR: self.page_num + 1})
