"""Keyset pagination on its own: cursors, their refusal, and page edges where the sort columns tie."""

import base64
import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from recommendations.api.pagination import ORDERINGS, KeysetPagination
from recommendations.models import Item
from recommendations.models.item_lists import list_rows
from recommendations.models.items import MAX_ID
from tests.factories import ItemFactory, ParagraphFactory

pytestmark = pytest.mark.django_db


def _request(**params) -> Request:
    return Request(APIRequestFactory().get("/api/v1/items/", params))


def _page(**params) -> tuple[list[dict], str | None]:
    """One page of every item: its rows and the cursor of the next page (None on the last)."""
    paginator = KeysetPagination()
    rows = paginator.paginate_queryset(list_rows(), _request(**params))
    link = paginator.get_paginated_response([]).data["next"]
    return rows, (parse_qs(urlsplit(link).query)["cursor"][0] if link else None)


def _walk(**params) -> list[list[int]]:
    """The ids of every page, following the cursors."""
    pages, cursor = [], None
    while True:
        rows, cursor = _page(**params, **({"cursor": cursor} if cursor else {}))
        pages.append([row["id"] for row in rows])
        if cursor is None:
            return pages


def _cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.fixture
def tied():
    """Seven items in two paragraphs, on two due dates and none, all updated at the same instant."""
    first, second = ParagraphFactory(), ParagraphFactory()
    today = timezone.localdate()
    items = [
        ItemFactory(paragraph=paragraph, seq=seq, due_date=due)
        for paragraph, seq, due in [
            (first, 1, today),
            (first, 2, today),
            (first, 3, None),
            (second, 1, today),
            (second, 2, today + datetime.timedelta(days=1)),
            (second, 3, None),
            (second, 4, today),
        ]
    ]
    Item.objects.update(updated_at=timezone.now())
    return items


def _expected_order(items, ordering) -> list[int]:
    far = datetime.date.max
    keys = {
        "reference": lambda i: (i.paragraph_id, i.seq),
        "due_date": lambda i: (i.due_date or far, i.pk),
        "updated": lambda i: (Item.objects.get(pk=i.pk).updated_at, i.pk),
    }
    name = ordering.lstrip("-")
    return [i.pk for i in sorted(items, key=keys[name], reverse=ordering.startswith("-"))]


@pytest.mark.parametrize("ordering", sorted(ORDERINGS))
@pytest.mark.parametrize("size", [1, 2, 3, 6, 7])
def test_pages_through_ties_give_every_item_once_in_order(tied, ordering, size):
    pages = _walk(ordering=ordering, page_size=size)
    assert [pk for page in pages for pk in page] == _expected_order(tied, ordering)
    assert [len(page) for page in pages[:-1]] == [size] * (len(pages) - 1)


@pytest.mark.parametrize("ordering", sorted(ORDERINGS))
def test_the_last_page_has_no_next_link_even_when_it_is_full(tied, ordering):
    rows, cursor = _page(ordering=ordering, page_size=7)
    assert len(rows) == 7 and cursor is None
    rows, cursor = _page(ordering=ordering, page_size=6)
    assert len(rows) == 6 and cursor is not None
    rows, cursor = _page(ordering=ordering, page_size=6, cursor=cursor)
    assert [row["id"] for row in rows] == _expected_order(tied, ordering)[6:] and cursor is None


def test_an_empty_list_is_one_page_without_a_next_link(db):
    assert _page() == ([], None)


def test_the_default_is_fifty_by_reference():
    paragraph = ParagraphFactory()
    items = [ItemFactory(paragraph=paragraph, seq=seq) for seq in range(51, 0, -1)]
    rows, cursor = _page()
    assert [row["seq"] for row in rows] == list(range(1, 51)) and cursor
    assert [row["id"] for row in _page(cursor=cursor)[0]] == [items[0].pk]


@pytest.mark.parametrize(
    ("ordering", "row"),
    [
        ("reference", {"paragraph_id": 12, "seq": 3}),
        ("-due_date", {"due_sort": datetime.date(2027, 1, 31), "id": 7}),
        ("updated", {"updated_at": datetime.datetime(2027, 1, 31, 9, 30, 15, 123456, tzinfo=datetime.UTC), "id": 7}),
    ],
)
def test_a_cursor_decodes_to_the_sort_key_it_encodes(ordering, row):
    paginator = KeysetPagination()
    paginator.request, paginator.has_next = _request(ordering=ordering), True
    columns = ORDERINGS[ordering]
    paginator.last_key = [row[column] for column, _ in columns]
    cursor = parse_qs(urlsplit(paginator._next_link()).query)["cursor"][0]
    assert "=" not in cursor
    assert paginator._decode(cursor, columns) == paginator.last_key


def test_the_next_link_keeps_the_other_query_parameters(tied):
    paginator = KeysetPagination()
    paginator.paginate_queryset(list_rows(), _request(ordering="-updated", page_size=2, status="open"))
    query = parse_qs(urlsplit(paginator.get_paginated_response([]).data["next"]).query)
    assert {name: values for name, values in query.items() if name != "cursor"} == {
        "ordering": ["-updated"],
        "page_size": ["2"],
        "status": ["open"],
    }


MALFORMED = {
    "not base64": "%%%",
    "not JSON": base64.urlsafe_b64encode(b"not json").decode(),
    "not UTF-8": base64.urlsafe_b64encode(b"\xff\xfe[1]").decode(),
    "an object": _cursor({"paragraph_id": 1, "seq": 1}),
    "too short": _cursor([1]),
    "too long": _cursor([1, 2, 3]),
    "empty": _cursor([]),
    "a string for a number": _cursor(["1", 2]),
    "a boolean for a number": _cursor([True, 2]),
    "a float": _cursor([1.5, 2]),
    "null": _cursor([None, 2]),
    "beyond the largest id": _cursor([MAX_ID + 1, 1]),
    "below the smallest id": _cursor([-MAX_ID - 1, 1]),
    "nested deep": _cursor([[[[[[1]]]]], 1]),
    "recursion": base64.urlsafe_b64encode(b"[" * 100_000 + b"]" * 100_000).decode(),
}


@pytest.mark.parametrize("cursor", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_reference_cursor_is_refused(cursor):
    with pytest.raises(ValidationError) as refused:
        KeysetPagination().paginate_queryset(list_rows(), _request(cursor=cursor))
    assert "cursor" in refused.value.detail


DATED_MALFORMED = {
    "a bare date": ("due_date", _cursor(["2027-01-31", 1])),
    "a date marked as a date-time": ("due_date", _cursor([{"dt": "2027-01-31"}, 1])),
    "a date with an extra key": ("due_date", _cursor([{"d": "2027-01-31", "x": 1}, 1])),
    "not a date": ("due_date", _cursor([{"d": "31/01/2027"}, 1])),
    "a number for a date": ("due_date", _cursor([{"d": 20270131}, 1])),
    "a naive date-time": ("updated", _cursor([{"dt": "2027-01-31T09:30:00"}, 1])),
    "a date for a date-time": ("-updated", _cursor([{"d": "2027-01-31"}, 1])),
    "a bare date-time": ("updated", _cursor(["2027-01-31T09:30:00+00:00", 1])),
    "a reference cursor on dates": ("due_date", _cursor([12, 3])),
}


@pytest.mark.parametrize(("ordering", "cursor"), DATED_MALFORMED.values(), ids=DATED_MALFORMED.keys())
def test_a_cursor_of_the_wrong_type_for_its_ordering_is_refused(ordering, cursor):
    with pytest.raises(ValidationError) as refused:
        KeysetPagination().paginate_queryset(list_rows(), _request(ordering=ordering, cursor=cursor))
    assert "cursor" in refused.value.detail


@pytest.mark.parametrize(
    ("ordering", "cursor"),
    [*((o, c) for o in ("reference", "-due_date", "updated") for c in MALFORMED.values()), *DATED_MALFORMED.values()],
)
def test_the_api_answers_a_malformed_cursor_400_not_500(api, coordinator, ordering, cursor):
    response = api(coordinator).get("/api/v1/items/", {"ordering": ordering, "cursor": cursor})
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["field"] == "cursor"


@pytest.mark.parametrize("size", ["0", "-1", "501", "1.5", "ten", ""])
def test_a_page_size_outside_1_to_500_is_refused(size):
    with pytest.raises(ValidationError) as refused:
        KeysetPagination().paginate_queryset(list_rows(), _request(page_size=size))
    assert "page_size" in refused.value.detail


@pytest.mark.parametrize("size", ["1", "500"])
def test_page_sizes_at_the_limits_are_accepted(db, size):
    assert KeysetPagination().paginate_queryset(list_rows(), _request(page_size=size)) == []


def test_an_unknown_ordering_is_refused(db):
    with pytest.raises(ValidationError) as refused:
        KeysetPagination().paginate_queryset(list_rows(), _request(ordering="priority"))
    assert "ordering" in refused.value.detail


def test_a_page_reads_its_paragraph_numbers_without_joining_the_paragraphs(tied):
    # Joined, PostgreSQL merged paragraphs and items in paragraph order from the paragraphs' first
    # row, whatever the cursor: a page deep in a million items read 90,000 paragraphs (bench/api_list.py).
    rows, cursor = _page(page_size=3)
    with CaptureQueriesContext(connection) as captured:
        deeper, _ = _page(page_size=3, cursor=cursor)
    (sql,) = [query["sql"] for query in captured]
    assert 'JOIN "recommendations_paragraph"' not in sql
    assert [row["paragraph_number"] for row in rows + deeper] == [i.paragraph.number for i in tied[:6]]
