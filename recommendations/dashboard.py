"""The admin's front page per role: what needs a coordinator, what is due for a focal point, the summary.

Each figure is one query whatever the number of items, so the front page costs the same
on a first report as on a thousand.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from . import permissions
from .models import CLOSED_STATUSES, OPEN_STATUSES, Body, Document, Event, Item, ItemOwner, Link, Status, facts
from .models.items import IS_OPEN, overdue_q, stale_q

# The statuses worth a column: proposed and dismissed items are not yet (or no longer) tracked.
COLUMNS = [*OPEN_STATUSES, *CLOSED_STATUSES]

# How far ahead "due soon" looks on a focal point's front page.
DUE_SOON_DAYS = 30

# The events that send a closure back to its focal points, and that propose one again.
RETURN_CLOSURE = "return_closure"
PROPOSE_CLOSURE = "propose_closure"

COORDINATOR, FOCAL_POINT, VIEWER = "coordinator", "focal_point", "viewer"


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
class Late:
    """An overdue item and by how many days."""

    item: Item
    days: int


@dataclass
class Need:
    """A line of a coordinator's *Needs you*: what waits, how many, and the list that shows them."""

    label: str
    count: int
    url: str


@dataclass
class Recurring:
    """The latest item of a chain of confirmed lineage links: made in ``reports`` reports, first in ``first``."""

    item: Item
    reports: int
    first: Document

    @property
    def still_open(self) -> bool:
        return self.item.is_open


@dataclass
class Dashboard:
    role: str
    columns: list[tuple[str, str]]
    rows: list[BodyRow]
    totals: list[int]
    # The documents the summary may be narrowed to, and the one it is (None: all).
    documents: list[Document] = field(default_factory=list)
    document_id: int | None = None
    overdue: list[Late] = field(default_factory=list)
    stale: list[Item] = field(default_factory=list)
    due_soon: list[Item] = field(default_factory=list)
    returned: list[Item] = field(default_factory=list)
    overdue_count: int = 0
    stale_count: int = 0
    due_soon_count: int = 0
    returned_count: int = 0
    closures_proposed: int = 0
    proposed: int = 0
    recurring: list[Recurring] = field(default_factory=list)
    recurring_count: int = 0

    @property
    def nothing_closed(self) -> bool:
        """No item in a closed status yet: every rate would be a 0 % bar that says nothing."""
        return not any(n for (key, _), n in zip(self.columns, self.totals, strict=True) if key in CLOSED_STATUSES)


def role_of(user) -> str:
    """Which front page ``user`` gets: a coordinator's, a focal point's, or the summary."""
    who = permissions.actor(user)
    if who.coordinator:
        return COORDINATOR
    return FOCAL_POINT if who.focal_point else VIEWER


def dashboard_for(user, *, limit: int = 10, document_id: int | None = None) -> Dashboard:
    """The front page of ``user``: lists of at most ``limit`` items, the summary of one document or of all."""
    role = role_of(user)
    items = permissions.visible_items(user, Item.objects.all())
    today = timezone.localdate()
    documents = list(Document.objects.only("id", "symbol", "language"))
    if document_id not in {d.pk for d in documents}:
        document_id = None
    summarised = items.filter(document_id=document_id) if document_id else items
    board = Dashboard(role=role, documents=documents, document_id=document_id, **_summary(summarised))
    board.overdue_count, board.stale_count, board.due_soon_count, board.closures_proposed, board.proposed = _counts(
        items, today
    )
    if not limit:
        return board  # the figures alone (the API's summary report)
    if role == COORDINATOR:
        board.overdue = _late(items, today, limit)
        board.stale = list(_shown(items.stale()).order_by("last_activity_at")[:limit])
    elif role == FOCAL_POINT:
        board.overdue = _late(items, today, limit)
        board.due_soon = list(_shown(_due_soon(items, today)).order_by("due_date")[:limit])
        returned = returned_items(items)
        board.returned = list(_shown(returned).order_by("-returned_at")[:limit])
        board.returned_count = returned.count()
    # Everything visible: no need to name the visible items in the links' query.
    scope = None if permissions.actor(user).sees_all else items
    board.recurring, board.recurring_count = _recurring(scope, limit)
    return board


def _summary(items: QuerySet[Item]) -> dict:
    """Items by owner body × status (one grouped query, the bodies read with it) and the totals per status."""
    counts = (
        ItemOwner.objects.filter(item__in=items, item__status__in=COLUMNS)
        .values_list("body_id", "body__code", "body__name_en", "body__name_zh", "body__abbreviation", "item__status")
        .annotate(n=Count("item_id", distinct=True))
    )
    bodies: dict[int, Body] = {}
    by_body: dict[int, dict[str, int]] = {}
    for body_id, code, name_en, name_zh, abbreviation, status, n in counts:
        if body_id not in bodies:
            bodies[body_id] = Body(pk=body_id, code=code, name_en=name_en, name_zh=name_zh, abbreviation=abbreviation)
        by_body.setdefault(body_id, {})[status] = n
    rows = [
        BodyRow(
            body=bodies[body_id],
            counts=[per_status.get(s, 0) for s in COLUMNS],
            implemented=per_status.get(Status.IMPLEMENTED, 0),
            tracked=sum(per_status.values()),
        )
        for body_id, per_status in by_body.items()
    ]
    rows.sort(key=lambda row: row.body.name_en)
    totals = dict(items.filter(status__in=COLUMNS).order_by().values_list("status").annotate(n=Count("id")))
    return {
        "columns": [(s, Status(s).label) for s in COLUMNS],
        "rows": rows,
        "totals": [totals.get(s, 0) for s in COLUMNS],
    }


def _counts(items: QuerySet[Item], today: datetime.date) -> tuple[int, int, int, int, int]:
    """Overdue, stale, due soon, closures proposed and proposed items, in one query."""
    found = items.aggregate(
        overdue=Count("id", filter=overdue_q(today)),
        stale=Count("id", filter=stale_q(timezone.now())),
        due_soon=Count("id", filter=IS_OPEN & _due_soon_q(today)),
        # As the item list's filter counts them: its link shows exactly these.
        closures=Count("id", filter=Q(closure_proposed=True)),
        proposed=Count("id", filter=Q(status=Status.PROPOSED)),
    )
    return found["overdue"], found["stale"], found["due_soon"], found["closures"], found["proposed"]


def _late(items: QuerySet[Item], today: datetime.date, limit: int) -> list[Late]:
    late = _shown(items.overdue(today)).order_by("due_date")[:limit]
    return [Late(item, facts.days_overdue(item.status, item.due_date, today)) for item in late]


def _recurring(items: QuerySet[Item] | None, limit: int) -> tuple[list[Recurring], int]:
    """Recommendations made again in later reports, the most often made first, and how many there are.

    At most two queries, whatever the number of chains: the confirmed links between items this user may
    see, each with its earlier item's report, are walked here (a chain is rarely longer than the
    years a body has reported); then the items listed. A chain is followed through ``items`` only
    (None: every item), as the item page shows it to the same user.
    """
    links = Link.objects.confirmed()
    if items is not None:
        links = links.filter(item__in=items, earlier__in=items)
    rows = links.order_by().values_list(
        "item_id",
        "item__document_id",
        "item__status",
        "earlier_id",
        "earlier__document_id",
        "earlier__document__symbol",
        "earlier__document__date",
    )
    earlier: dict[int, list[tuple[int, Document]]] = {}
    later: dict[int, tuple[int, str]] = {}
    for item_id, document_id, status, earlier_id, earlier_document_id, symbol, date in rows:
        document = Document(pk=earlier_document_id, symbol=symbol, date=date)
        earlier.setdefault(item_id, []).append((earlier_id, document))
        later[item_id] = (document_id, status)
    followed = {earlier_id for before in earlier.values() for earlier_id, _document in before}
    chains = []
    for item_id in later.keys() - followed:
        documents = _chain_documents(item_id, earlier)
        first = min(documents.values(), key=lambda d: (d.date is None, d.date or datetime.date.max, d.symbol))
        document_id, status = later[item_id]
        reports = len(documents.keys() | {document_id})
        chains.append((item_id, reports, first, status in OPEN_STATUSES))
    # Made most often first; of those, the ones still open; then the longest-standing.
    chains.sort(key=lambda c: (-c[1], not c[3], c[2].date is None, c[2].date or datetime.date.max, c[0]))
    top = chains[:limit]
    shown = _shown(Item.objects.filter(pk__in=[c[0] for c in top])).in_bulk() if top else {}
    return [Recurring(shown[item_id], reports, first) for item_id, reports, first, _open in top], len(chains)


def _chain_documents(item_id: int, earlier: dict[int, list[tuple[int, Document]]]) -> dict[int, Document]:
    """The reports of every item before ``item_id`` in its chain (a recommendation may follow up two)."""
    documents: dict[int, Document] = {}
    seen, todo = {item_id}, [item_id]
    while todo:
        for earlier_id, document in earlier.get(todo.pop(), ()):
            documents[document.pk] = document
            if earlier_id not in seen:  # links make no cycle by their dates; a bad one is not followed round
                seen.add(earlier_id)
                todo.append(earlier_id)
    return documents


def _shown(items: QuerySet[Item]) -> QuerySet[Item]:
    """What a line of a list needs: the reference, without the paragraph's words."""
    return items.select_related("document", "paragraph").defer("paragraph__text", "paragraph__sub_items")


def _due_soon_q(today: datetime.date) -> Q:
    return Q(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))


def _due_soon(items: QuerySet[Item], today: datetime.date) -> QuerySet[Item]:
    return items.open().filter(_due_soon_q(today))


def returned_items(items: QuerySet[Item]) -> QuerySet[Item]:
    """Open items whose latest closure proposal was returned: no proposal came after the return.

    Annotated with the return's time (``returned_at``) and comment (``return_comment``).
    """
    returns = Event.objects.filter(item=OuterRef("pk"), action=RETURN_CLOSURE).order_by("-created_at", "-id")
    # Events of one transaction may share a time: the id breaks the tie, as on the timeline.
    proposed_again = Event.objects.filter(item=OuterRef("pk"), action=PROPOSE_CLOSURE).filter(
        Q(created_at__gt=OuterRef("returned_at")) | Q(created_at=OuterRef("returned_at"), id__gt=OuterRef("return_id"))
    )
    return (
        items.open()
        .annotate(
            returned_at=Subquery(returns.values("created_at")[:1]),
            return_id=Subquery(returns.values("id")[:1]),
            return_comment=Subquery(returns.values("comment")[:1]),
        )
        .filter(returned_at__isnull=False)
        .exclude(Exists(proposed_again))
    )
