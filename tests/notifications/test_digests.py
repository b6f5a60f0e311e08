"""What a digest lists: its groups' edges, its order, each item once, in one query."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import digests
from recommendations.models import Body, Item, ItemOwner, Membership

from .conftest import NOW

pytestmark = pytest.mark.django_db

TODAY = NOW.date()
FRESH, STALE = NOW - datetime.timedelta(days=1), NOW - datetime.timedelta(days=400)


def _tpcc_items(opened, count):
    """``count`` open items owned by the TPCC; every item fresh and without a due date."""
    Item.objects.update(due_date=None, last_activity_at=FRESH)
    items = list(Item.objects.open().filter(document=opened).order_by("paragraph__number", "seq")[:count])
    tpcc = Body.objects.get(code="TPCC")
    ItemOwner.objects.bulk_create([ItemOwner(item=i, body=tpcc) for i in items], ignore_conflicts=True)
    return items


def _digest(user):
    return digests.digests_for([user.pk], now=NOW, today_of=lambda uid: TODAY).get(user.pk)


def _keys(rows):
    return [(row[4], row[9]) for row in rows]  # due date, paragraph number


def test_groups_have_exact_edges_and_sort_by_due_date_then_reference(opened, tpcc_focal_point):
    items = _tpcc_items(opened, 10)
    # later paragraphs falling due earlier, so that the order is the due date's, not the reference's
    days = [-1, 1, 0, 7, 2, 8, 30, 31, None, None]
    for item, offset in zip(items, days, strict=True):
        item.due_date = None if offset is None else TODAY + datetime.timedelta(days=offset)
    items[8].last_activity_at = STALE  # no due date, no update for long: stale
    Item.objects.bulk_update(items, ["due_date", "last_activity_at"])

    digest = _digest(tpcc_focal_point)

    on = {offset: TODAY + datetime.timedelta(days=offset) for offset in days if offset is not None}
    number = {item.pk: item.paragraph.number for item in items}
    assert _keys(digest.groups["overdue"]) == [(on[-1], number[items[0].pk])]
    assert _keys(digest.groups["due_1"]) == [(on[0], number[items[2].pk]), (on[1], number[items[1].pk])]
    assert _keys(digest.groups["due_7"]) == [(on[2], number[items[4].pk]), (on[7], number[items[3].pk])]
    assert _keys(digest.groups["due_30"]) == [(on[8], number[items[5].pk]), (on[30], number[items[6].pk])]
    assert _keys(digest.groups["stale"]) == [(None, number[items[8].pk])]
    # due in 31 days and fresh, or no due date and fresh: nothing to say yet
    assert items[7].pk not in digest.item_ids and items[9].pk not in digest.item_ids


def test_an_item_of_two_of_my_bodies_is_listed_once(opened, tpcc_focal_point):
    item = _tpcc_items(opened, 1)[0]
    Item.objects.filter(pk=item.pk).update(due_date=TODAY)
    sec = Body.objects.get(code="SEC")
    ItemOwner.objects.get_or_create(item=item, body=sec)
    Membership.objects.create(user=tpcc_focal_point, body=sec)
    assert [row[0] for rows in _digest(tpcc_focal_point).groups.values() for row in rows].count(item.pk) == 1


def test_one_query_whatever_the_number_of_items(opened, tpcc_focal_point):
    counts = []
    for size in (2, 30):
        items = _tpcc_items(opened, size)
        Item.objects.filter(pk__in=[i.pk for i in items]).update(due_date=TODAY)
        with CaptureQueriesContext(connection) as queries:
            digest = _digest(tpcc_focal_point)
        assert len(digest.groups["due_1"]) == size
        counts.append(len(queries))
    assert counts == [1, 1]
