"""The reminder sweep over many recipients: each gets what the item rules say, in one query whatever the data."""

import datetime
import random

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import digests
from recommendations.models import Body, Item, ItemOwner, facts
from recommendations.services import import_document
from tests.factories import MembershipFactory, UserFactory

from .conftest import NOW

pytestmark = pytest.mark.django_db

TODAY = NOW.date()
DAY = datetime.timedelta(days=1)
CODES = ("TPCC", "SEC", "AU", "SC")
ENGLISH = settings.FIXTURES_DIR / "S-2017-130.en.txt"


def _spread(opened, count: int, seed: int = 13) -> None:
    """``count`` items of the report with due dates around TODAY (or none), some stale, owned by 1–3 of CODES."""
    rng = random.Random(seed)
    bodies = list(Body.objects.filter(code__in=CODES))
    items = list(Item.objects.filter(document=opened).order_by("paragraph__number", "seq")[:count])
    ItemOwner.objects.filter(item__document=opened).delete()
    for item in items:
        item.status = rng.choice(["open", "in_progress", "implemented"])
        item.due_date = None if rng.random() < 0.2 else TODAY + rng.randint(-3, 33) * DAY
        item.last_activity_at = NOW - (400 if rng.random() < 0.3 else 1) * DAY
    Item.objects.bulk_update(items, ["status", "due_date", "last_activity_at"])
    ItemOwner.objects.bulk_create(
        ItemOwner(item=i, body=b) for i in items for b in rng.sample(bodies, rng.randint(1, 3))
    )


def _people(*bodies_of: tuple[str, ...]) -> list[int]:
    """A focal point of each set of bodies (none: a person of no body)."""
    ids = []
    for codes in bodies_of:
        user = UserFactory()
        for code in codes:
            MembershipFactory(user=user, body=Body.objects.get(code=code))
        ids.append(user.pk)
    return ids


def _expected(user_ids, today_of) -> dict[int, dict[str, list[int]]]:
    """Each person's groups by the item's own rules (``facts``), one item at a time."""
    order = lambda item: (item.due_date is None, item.due_date or TODAY, item.document.symbol,  # noqa: E731
                          item.paragraph.number, item.seq, item.pk)  # fmt: skip
    items = sorted(Item.objects.select_related("document", "paragraph").prefetch_related("owners"), key=order)
    result = {}
    for uid in user_ids:
        today, mine = today_of(uid), set(Body.objects.filter(memberships__user_id=uid).values_list("pk", flat=True))
        groups = {name: [] for name in digests.GROUPS}
        for item in items:
            if not mine & {body.pk for body in item.owners.all()}:
                continue
            days = None if item.due_date is None else (item.due_date - today).days
            if facts.is_overdue(item.status, item.due_date, today):
                groups["overdue"].append(item.pk)
            elif item.status not in ("open", "in_progress"):
                continue
            elif days is not None and days <= 30:
                groups["due_1" if days <= 1 else "due_7" if days <= 7 else "due_30"].append(item.pk)
            elif facts.is_stale(item.status, item.last_activity_at, NOW):
                groups["stale"].append(item.pk)
        if any(groups.values()):
            result[uid] = groups
    return result


def _found(found: dict[int, digests.Digest]) -> dict[int, dict[str, list[int]]]:
    return {
        uid: {name: [row[digests.ID] for row in rows] for name, rows in d.groups.items()} for uid, d in found.items()
    }


def test_every_recipient_gets_what_the_item_rules_say_on_its_own_date(opened):
    _spread(opened, 60)
    people = _people(("TPCC",), ("SEC",), ("TPCC", "SEC"), ("AU", "SC", "TPCC"), ("SEC",), ("TPCC",), ())
    # Two recipients whose date is later (a time zone past midnight; here days later, so that
    # their windows take other items): the groups move with them.
    ahead = set(people[4:6])
    today_of = lambda uid: TODAY + 3 * DAY if uid in ahead else TODAY  # noqa: E731

    found = digests.digests_for(people, now=NOW, today_of=today_of)

    expected = _expected(people, today_of)
    assert _found(found) == expected
    assert set(expected) == set(people[:-1])  # the person of no body hears nothing
    # Not the same digest, although the same body: another day.
    assert _found(found)[people[1]] != _found(found)[people[4]]


def test_an_item_two_of_my_bodies_own_is_listed_once_in_order(opened):
    _spread(opened, 40)
    (both,) = _people(("TPCC", "SEC"))
    rows = [row for rows in digests.digests_for([both], now=NOW, today_of=lambda uid: TODAY)[both].groups.values()
            for row in rows]  # fmt: skip
    ids = [row[digests.ID] for row in rows]
    assert len(ids) == len(set(ids)) > 0
    assert Item.objects.filter(pk__in=ids, owners__code="TPCC").filter(owners__code="SEC").exists()


def test_focal_points_of_the_same_bodies_on_the_same_day_share_one_digest(opened):
    _spread(opened, 20)
    first, second, other = _people(("TPCC",), ("TPCC",), ("SEC",))
    found = digests.digests_for([first, second, other], now=NOW, today_of=lambda uid: TODAY)
    assert found[first] is found[second] and found[other] is not found[first]


def test_one_query_whatever_the_number_of_items_recipients_and_dates(opened):
    counts = []
    for size, bodies_of in ((5, [CODES]), (60, [("TPCC",), ("SEC",), ("TPCC", "SEC"), ("AU", "SC"), ()])):
        _spread(opened, size)
        people = _people(*bodies_of)
        with CaptureQueriesContext(connection) as queries:
            found = digests.digests_for(people, now=NOW, today_of=lambda uid: TODAY + (uid % 2) * DAY)
        assert found
        counts.append(len(queries))
    assert counts == [1, 1]


def test_the_carried_quotes_are_one_more_query_whatever_the_data(opened):
    import_document(data=ENGLISH.read_bytes(), symbol="S/2017/130", language="en")
    counts = []
    for size, bodies_of in ((5, [CODES]), (60, [("TPCC",), ("SEC",), ("TPCC", "SEC"), ("AU", "SC"), ()])):
        _spread(opened, size)
        people = _people(*bodies_of)
        with CaptureQueriesContext(connection) as queries:
            found = digests.digests_for(people, now=NOW, today_of=lambda uid: TODAY + (uid % 2) * DAY,
                                        languages=["en", "zh-hans"])  # fmt: skip
        quotes = next(iter(found.values())).quotes
        shown = {row[digests.ID] for digest in found.values() for rows in digest.groups.values() for row in rows}
        assert shown and set(quotes.read_in("en")) >= shown  # every item listed has its English words
        assert not quotes.read_in("zh-hans")  # the report's own language: its items' own quotes
        counts.append(len(queries))
    assert counts == [2, 2]
