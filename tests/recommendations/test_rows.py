"""An item's one shape: the row builder writes what the declared serializers would, field by field."""

import datetime

import pytest
from django.utils import timezone
from rest_framework import serializers

from recommendations import rows
from recommendations.api.serializers import EventSerializer, ExportRowSerializer, ItemSerializer
from recommendations.models import Event, Item
from recommendations.models.lineage import load_lineage
from recommendations.services import add_comment, set_due_date, set_owner, transition
from recommendations.services.exchange import COLUMNS

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(opened, coordinator, linked):
    """Items with every kind of value: overdue, in progress, a supporting owner, progress reported, lineage."""
    overdue = Item.objects.get(document=opened, paragraph__number=109)
    set_due_date(item=overdue, actor=coordinator, due_date=datetime.date(2020, 1, 1))
    started = Item.objects.get(document=opened, paragraph__number=44)
    started = transition(item=started, action="start", actor=coordinator)
    add_comment(item=started, actor=coordinator, comment="on it")
    set_owner(item=started, actor=coordinator, body=overdue.owners.first(), role="supporting")
    return opened


def test_an_items_row_is_what_its_declared_fields_write(varied):
    serializer = ItemSerializer()
    items = load_lineage(list(Item.objects.for_list()))
    for item in items:
        by_fields = serializers.ModelSerializer.to_representation(serializer, item)
        assert rows.item_json(item) == dict(by_fields), item.reference
    assert any(rows.item_json(item)["overdue"] for item in items)
    assert {entry["direction"] for item in items for entry in rows.item_json(item)["lineage"]} == {"earlier", "later"}


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai"])
def test_an_events_row_is_what_the_event_serializer_writes(varied, zone):
    events = Event.objects.select_related("actor", "item__document")
    assert {e.actor_id is None for e in events} == {True, False}  # the system's and a person's
    with timezone.override(zone):
        for event in events:
            assert rows.event_row(event) == dict(EventSerializer(event).data)


def test_a_file_row_has_the_files_columns_in_order_and_so_has_the_schema(varied):
    today = timezone.localdate()
    for item in load_lineage(list(Item.objects.for_list())):
        assert list(rows.file_row(rows.item_row(rows.row_of(item), today))) == COLUMNS
    assert list(ExportRowSerializer().fields) == COLUMNS
