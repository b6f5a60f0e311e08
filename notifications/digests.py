"""What each person should hear about: one query, grouped by the database, then composed per recipient.

A digest lists a focal point's bodies' open items that are overdue, due within 30, 7 or
1 days, or without an update for STALE_AFTER_DAYS. An escalation lists items overdue for
longer than ESCALATE_AFTER_DAYS, for the bodies' lead focal points and the coordinators.
Each quotes an item's words in the recipient's language where its report has a version in it
(``CarriedQuotes``, one more query for the whole sweep).
"""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import CharField, DateField, F, IntegerField, Q, TextField, Value
from django.db.models.expressions import Case, When

from recommendations.models import Item, ItemQuote, Membership, facts
from recommendations.models.items import overdue_q, stale_q
from recommendations.permissions import COORDINATORS
from tracker.sql import among

from . import emails

# A digest row is a plain tuple that begins with these, in this order, read by the indexes below
# (``shown`` turns one into what an email shows): a dict for each of a sweep's rows cost a fifth
# of the sweep (bench/reminder_sweep.py). Whatever follows them is the sweep's own.
FIELDS = ("id", "seq", "sub_item", "status", "due_date", "quote", "summary", "summary_zh", "document__symbol",
          "paragraph__number")  # fmt: skip
ID, SEQ, SUB_ITEM, STATUS, DUE_DATE, QUOTE, SUMMARY, SUMMARY_ZH, SYMBOL, NUMBER = range(len(FIELDS))
ORDER = (F("due_date").asc(nulls_last=True), "document__symbol", "paragraph__number", "seq")
GROUPS = ("overdue", "due_1", "due_7", "due_30", "stale")

# The sweep's rows, after FIELDS: the body the row is about, the recipient (membership rows only),
# then the item's group on each of the recipients' dates (item rows only).
BODY, RECIPIENT, FIRST_GROUP = len(FIELDS), len(FIELDS) + 1, len(FIELDS) + 2
# The types of FIELDS, for the membership rows' empty columns (a union's columns have one type each).
_EMPTY = (IntegerField, IntegerField, CharField, CharField, DateField, TextField, TextField, TextField, CharField,
          IntegerField)  # fmt: skip


@dataclass(frozen=True)
class CarriedQuotes:
    """Items' quotes carried into other language versions of their reports (``ItemQuote``): language → item → words.

    An item has none in its own report's language (a carried quote is another version's), so
    whoever reads that language, or one its report has no version in, reads the item's own quote.
    """

    by_language: dict[str, dict[int, str]] = field(default_factory=dict)

    def read_in(self, language: str) -> Mapping[int, str]:
        """Those a person whose language is ``language`` (``en``, ``zh-hans``) reads."""
        return self.by_language.get(facts.document_language(language), {})


@dataclass
class Digest:
    """One recipient's groups. Recipients of the same bodies on the same date share one: read it, never change it."""

    groups: dict[str, list[tuple]] = field(default_factory=lambda: {name: [] for name in GROUPS})
    # The sweep's, the same for every digest of it: recipients who share a digest may read other languages.
    quotes: CarriedQuotes = field(default_factory=CarriedQuotes)

    @property
    def item_ids(self) -> list[int]:
        return sorted({row[ID] for rows in self.groups.values() for row in rows})

    def __bool__(self) -> bool:
        return any(self.groups.values())


def shown(row: tuple, language: str, carried: Mapping[int, str]) -> dict:
    """A digest row as the email templates show it, in ``language`` (which must be active: the status label);
    ``carried``: the quotes in that language (``CarriedQuotes.read_in``), else the item's own."""
    return {
        "reference": facts.reference(row[SYMBOL], row[NUMBER], row[SUB_ITEM]),
        "status_label": str(Item.Status(row[STATUS]).label),
        "due_date": row[DUE_DATE],
        "summary": facts.summary_in(language, row[SUMMARY], row[SUMMARY_ZH]),
        "quote": carried.get(row[ID], row[QUOTE]),
        "url": emails.item_url(row[ID]),
    }


def carried_quotes(item_ids: Iterable[int], languages: Iterable[str]) -> CarriedQuotes:
    """The quotes of ``item_ids`` carried into the report versions that people of ``languages`` read, in one query
    (none when there is nothing to ask for)."""
    wanted = {facts.document_language(language) for language in languages}
    item_ids = list(item_ids)
    quotes: dict[str, dict[int, str]] = {language: {} for language in wanted}
    if not item_ids or not wanted:
        return CarriedQuotes(quotes)
    found = ItemQuote.objects.filter(among("item_id", item_ids), language__in=wanted).order_by()
    for item_id, language, text in found.values_list("item_id", "language", "text"):
        quotes[language][item_id] = text
    return CarriedQuotes(quotes)


def group_of(today: datetime.date, now: datetime.datetime) -> Case:
    """The digest group of an open item for a recipient whose date is ``today`` (NULL: none), as an SQL expression.

    Overdue and stale are the model's conditions (``overdue_q``, ``stale_q``), the same the lists
    and the dashboard select by; the first that holds wins, as a digest lists an item once.
    """
    day = datetime.timedelta(days=1)
    return Case(
        When(overdue_q(today), then=Value("overdue")),
        When(due_date__lte=today + day, then=Value("due_1")),
        When(due_date__lte=today + 7 * day, then=Value("due_7")),
        When(due_date__lte=today + 30 * day, then=Value("due_30")),
        When(stale_q(now), then=Value("stale")),
        default=Value(None),
        output_field=CharField(),
    )


def _sweep(user_ids: list[int], dates: list[datetime.date], now: datetime.datetime):
    """One query: each open item that may be due for someone, once per owner body of a recipient, with its
    group on each of ``dates``; then (the same columns, mostly empty) each recipient's memberships.

    Not a row per recipient and item: at a million items, the 6,000 focal points of the body that
    owns a quarter of them would make that 450 million rows. Memberships come in the same query so
    that the sweep stays one whatever the data.
    """
    recipients = Membership.objects.filter(among("user_id", user_ids)).order_by()
    bodies = recipients.values("body_id")
    groups = [group_of(today, now) for today in dates]
    due = Q(due_date__lte=dates[-1] + datetime.timedelta(days=30)) | stale_q(now)
    items = (
        Item.objects.open()
        .filter(due, ownerships__body_id__in=bodies)
        .order_by()  # the union's order, below: none of its own (the model's Meta.ordering)
        # The recipient's column is NULL here: typed as text for Django only (the database takes the
        # memberships' type), since an integer's converter would run on every row for nothing.
        .values_list(*FIELDS, "ownerships__body_id", Value(None, CharField()), *groups)
    )
    memberships = recipients.values_list(
        *(Value(None, kind()) for kind in _EMPTY), "body_id", "user_id", *(Value(None, CharField()) for _ in dates)
    )
    # Sorted by the database, so that each group fills in order; by id last, so that an item's
    # rows (one per owner body) follow each other. Where the memberships fall does not matter.
    return items.union(memberships, all=True).order_by(*ORDER, "id")


def digests_for(user_ids, *, now: datetime.datetime, today_of, languages: Iterable[str] = ()) -> dict[int, Digest]:
    """Digests of ``user_ids`` (only those with something to say); ``today_of(user_id)`` is their local date,
    ``languages`` those they read (their digests' ``quotes`` are carried into these).

    One query whatever the number of items or recipients (``_sweep``): the database decides each
    item's group on each recipients' date; then each body's groups, and each recipient's digest
    from its bodies' groups, built once for all who share the same bodies and date. With
    ``languages``, one more for the items' carried quotes (``carried_quotes``), whatever the data:
    a digest is shared across languages, each recipient reads the quotes of its own.
    """
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    today = {uid: today_of(uid) for uid in user_ids}
    dates = sorted(set(today.values()))
    rows: list[tuple] = []  # each item once, in the digests' order; the lists below hold positions in it
    listed: dict[tuple, list[int]] = defaultdict(list)  # (body, date's index, group) → positions
    bodies_of: dict[int, list[int]] = defaultdict(list)
    columns = list(enumerate(range(FIRST_GROUP, FIRST_GROUP + len(dates))))
    last_id, position = None, -1
    for row in _sweep(user_ids, dates, now):
        if row[RECIPIENT] is not None:
            bodies_of[row[RECIPIENT]].append(row[BODY])
            continue
        if row[ID] != last_id:
            last_id, position = row[ID], position + 1
            rows.append(row)
        for index, column in columns:
            if (group := row[column]) is not None:
                listed[row[BODY], index, group].append(position)
    index_of = {date: index for index, date in enumerate(dates)}
    quotes = carried_quotes([row[ID] for row in rows], languages)
    compose = _Composer(rows, listed, quotes)
    digests: dict[int, Digest] = {}
    for uid in user_ids:
        digest = compose(tuple(sorted(set(bodies_of.get(uid, ())))), index_of[today[uid]])
        if digest:
            digests[uid] = digest
    return digests


class _Composer:
    """Digests from the bodies' groups, each built once and shared: at a million items there are 20,000
    recipients but under a thousand sets of bodies, and a focal point of the body that owns a quarter of
    the items has a digest of 50,000 rows."""

    def __init__(self, rows: list[tuple], listed: dict[tuple, list[int]], quotes: CarriedQuotes):
        self.rows, self.listed, self.quotes = rows, listed, quotes
        self.digests: dict[tuple, Digest] = {}
        self.lists: dict[tuple, tuple[list[tuple], set[int]]] = {}  # one body's group on one date

    def __call__(self, bodies: tuple[int, ...], index: int) -> Digest:
        digest = self.digests.get((bodies, index))
        if digest is None:
            groups = {name: self._group([(body, index, name) for body in bodies]) for name in GROUPS}
            digest = self.digests[bodies, index] = Digest(groups, self.quotes)
        return digest

    def _group(self, keys: list[tuple]) -> list[tuple]:
        """The group's rows of several bodies, in order, an item owned by two of them once.

        The widest body's rows with the others' few more spliced in: most focal points of two bodies
        have a large one and a small one, and copying slices costs far less than sorting them all.
        """
        keys = sorted((key for key in keys if key in self.listed), key=lambda key: len(self.listed[key]))
        if not keys:
            return []
        widest = keys.pop()
        rows, positions = self._one(widest)
        more = set().union(*(self.listed[key] for key in keys)).difference(positions) if keys else ()
        if not more:
            return rows  # shared with every digest that has it whole
        order = self.listed[widest]
        merged, start = [], 0
        for position in sorted(more):
            at = bisect.bisect_left(order, position, start)
            merged += rows[start:at]
            merged.append(self.rows[position])
            start = at
        merged += rows[start:]
        return merged

    def _one(self, key: tuple) -> tuple[list[tuple], set[int]]:
        if key not in self.lists:
            self.lists[key] = [self.rows[position] for position in self.listed[key]], set(self.listed[key])
        return self.lists[key]


def escalations(*, today: datetime.date) -> dict[int, list[tuple]]:
    """Items overdue past the threshold, per recipient: lead focal points of an owner body, and coordinators."""
    before = today - datetime.timedelta(days=settings.ESCALATE_AFTER_DAYS)
    overdue = list(Item.objects.open().filter(due_date__lt=before).order_by(*ORDER).values_list(*FIELDS))
    if not overdue:
        return {}
    by_id = {row[ID]: row for row in overdue}
    result: dict[int, dict[int, tuple]] = defaultdict(dict)
    leads = Membership.objects.filter(role=Membership.Role.LEAD, body__ownerships__item_id__in=list(by_id))
    for user_id, item_id in leads.values_list("user_id", "body__ownerships__item_id"):
        result[user_id][item_id] = by_id[item_id]
    coordinators = get_user_model().objects.filter(Q(groups__name=COORDINATORS) | Q(is_superuser=True), is_active=True)
    for user_id in coordinators.values_list("id", flat=True).distinct():
        result[user_id].update(by_id)
    return {user_id: list(items.values()) for user_id, items in result.items()}
