"""The figures on the admin index: items by status × owner body, what is overdue or stale, rates per body."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from . import permissions
from .models import CLOSED_STATUSES, OPEN_STATUSES, Body, Item, ItemOwner, Status

# The statuses worth a column: proposed and dismissed items are not yet (or no longer) tracked.
COLUMNS = [*OPEN_STATUSES, *CLOSED_STATUSES]


@dataclass
class BodyRow:
    body: Body
    counts: list[int]
    implemented: int = 0
    tracked: int = 0

    @property
    def rate(self) -> int | None:
        """Implemented as a share of what is tracked, in whole percent."""
        return round(100 * self.implemented / self.tracked) if self.tracked else None


@dataclass
class Dashboard:
    columns: list[tuple[str, str]]
    rows: list[BodyRow]
    totals: list[int]
    overdue: list[Item] = field(default_factory=list)
    stale: list[Item] = field(default_factory=list)
    overdue_count: int = 0
    stale_count: int = 0


def dashboard_for(user, *, limit: int = 10) -> Dashboard:
    items = permissions.visible_items(user, Item.objects.all())
    # One grouped query for the whole matrix.
    counts = (
        ItemOwner.objects.filter(item__in=items, item__status__in=COLUMNS)
        .values_list("body_id", "item__status")
        .annotate(n=Count("item_id", distinct=True))
    )
    by_body: dict[int, dict[str, int]] = {}
    for body_id, status, n in counts:
        by_body.setdefault(body_id, {})[status] = n
    bodies = Body.objects.in_bulk(by_body)
    rows = []
    for body_id, per_status in by_body.items():
        rows.append(
            BodyRow(
                body=bodies[body_id],
                counts=[per_status.get(s, 0) for s in COLUMNS],
                implemented=per_status.get(Status.IMPLEMENTED, 0),
                tracked=sum(per_status.values()),
            )
        )
    rows.sort(key=lambda row: row.body.name_en)
    totals_by_status = dict(items.filter(status__in=COLUMNS).values_list("status").annotate(n=Count("id")))
    return Dashboard(
        columns=[(s, Status(s).label) for s in COLUMNS],
        rows=rows,
        totals=[totals_by_status.get(s, 0) for s in COLUMNS],
        overdue=list(items.overdue().for_list().order_by("due_date")[:limit]),
        stale=list(items.stale().for_list().order_by("last_activity_at")[:limit]),
        overdue_count=items.overdue().count(),
        stale_count=items.stale().count(),
    )
