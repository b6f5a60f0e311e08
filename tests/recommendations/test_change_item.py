"""services.change_item: the one door for an item's details, due date and owners."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations import services
from recommendations.models import Body, Event, Item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(opened):
    return Item.objects.get(paragraph__number=109)  # owned by TPCC, SEC and SC


def _new_events(item, since):
    return list(item.events.filter(version__gt=since).order_by("version").values_list("version", "kind", "action"))


def test_each_changed_part_gets_its_own_version_and_event_of_its_kind(item, coordinator):
    tpcc, au = Body.objects.get(code="TPCC"), Body.objects.get(code="AU")
    before = item.version
    changed = services.change_item(
        item=item,
        actor=coordinator,
        expected_version=before,
        details={"summary": "Consult tripartitely", "priority": Item.Priority.HIGH},
        due_date=datetime.date(2027, 6, 30),
        owners={"TPCC": (tpcc, "lead"), "AU": (au, "supporting")},
    )
    assert changed.version == before + 3
    assert _new_events(item, before) == [
        (before + 1, Event.Kind.DETAILS, "edit"),
        (before + 2, Event.Kind.DUE_DATE, "set_due_date"),
        (before + 3, Event.Kind.OWNERS, "replace_owners"),
    ]
    item.refresh_from_db()
    assert (item.summary, item.priority, item.due_date) == ("Consult tripartitely", 3, datetime.date(2027, 6, 30))
    assert dict(item.ownerships.values_list("body__code", "role")) == {"TPCC": "lead", "AU": "supporting"}


def test_the_item_is_read_once_however_many_parts_change(item, coordinator):
    tpcc = Body.objects.get(code="TPCC")
    with CaptureQueriesContext(connection) as queries:
        services.change_item(
            item=item,
            actor=coordinator,
            details={"summary": "Once"},
            due_date=datetime.date(2027, 6, 30),
            owners={"TPCC": (tpcc, "lead")},
        )
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "recommendations_item"."id"')]
    assert len(reads) == 1, reads


def test_parts_left_out_or_already_as_asked_write_nothing(item, coordinator):
    owners = {o.body.code: (o.body, o.role) for o in item.ownerships.select_related("body")}
    before = item.version
    same = services.change_item(
        item=item, actor=coordinator, details={"summary": item.summary}, due_date=item.due_date, owners=owners
    )
    assert same.version == before and not _new_events(item, before)
    assert services.change_item(item=item, actor=coordinator).version == before


def test_a_due_date_of_none_clears_it_and_a_missing_one_keeps_it(item, coordinator):
    item = services.change_item(item=item, actor=coordinator, due_date=datetime.date(2027, 6, 30))
    item = services.change_item(item=item, actor=coordinator, details={"summary": "kept date"})
    assert item.due_date == datetime.date(2027, 6, 30)
    item = services.change_item(item=item, actor=coordinator, due_date=None)
    item.refresh_from_db()
    assert item.due_date is None


def test_a_focal_point_is_refused_and_nothing_changes(item, tpcc_focal_point):
    before = item.version
    with pytest.raises(services.NotPermitted):
        services.change_item(item=item, actor=tpcc_focal_point, details={"summary": "mine"})
    item.refresh_from_db()
    assert item.version == before and item.summary != "mine"


def test_a_stale_version_is_refused_before_any_part_applies(item, coordinator):
    before = item.version
    with pytest.raises(services.VersionConflict):
        services.change_item(
            item=item, actor=coordinator, expected_version={before - 1}, due_date=datetime.date(2027, 6, 30)
        )
    item.refresh_from_db()
    assert item.version == before and item.due_date is None


@pytest.mark.parametrize(("details", "field"), [({"status": "closed"}, "status"), ({"kind": "wish"}, "kind")])
def test_only_the_details_of_an_item_are_set_and_to_known_values(item, coordinator, details, field):
    with pytest.raises(services.ServiceError) as refused:
        services.change_item(item=item, actor=coordinator, details=details)
    assert refused.value.field == field
    assert Item.objects.get(pk=item.pk).version == item.version


def test_a_deletion_is_kept_in_the_field_history_with_its_actor(item, coordinator, tpcc_focal_point):
    with pytest.raises(services.NotPermitted):
        services.delete_item(item=item, actor=tpcc_focal_point)
    services.delete_item(item=item, actor=coordinator, expected_version=item.version)
    assert not Item.objects.filter(pk=item.pk).exists()
    last = Item.history.filter(id=item.pk).latest("history_date")
    assert (last.history_type, last.history_user) == ("-", coordinator)
