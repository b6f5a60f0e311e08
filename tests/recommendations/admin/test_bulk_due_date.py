"""Bulk "Set due date…": an empty date clears nothing unless clearing is ticked."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from recommendations.models import Item
from tests.factories import ItemFactory

pytestmark = pytest.mark.django_db

LIST = "admin:recommendations_item_changelist"
DUE = datetime.date(2027, 6, 30)


@pytest.fixture
def dated(coordinator):
    return [ItemFactory(status=Item.Status.OPEN, due_date=DUE + datetime.timedelta(days=n)) for n in range(2)]


def _set_due_date(client, items, **form):
    data = {"action": "set_due_date", ACTION_CHECKBOX_NAME: [i.pk for i in items], "apply": "1", **form}
    return client.post(reverse(LIST), data, follow=True)


def _due_dates(items):
    return [Item.objects.get(pk=item.pk).due_date for item in items]


def test_an_empty_date_is_refused_beside_the_field_and_changes_nothing(client, coordinator, dated):
    client.force_login(coordinator)
    before = _due_dates(dated)
    page = _set_due_date(client, dated, due_date="").content.decode()
    assert "Choose a date, or tick “clear the due date”." in page
    assert "item(s) changed" not in page
    assert _due_dates(dated) == before
    assert not any(Item.objects.get(pk=item.pk).events.exists() for item in dated)


def test_a_date_and_clearing_at_once_is_refused(client, coordinator, dated):
    client.force_login(coordinator)
    before = _due_dates(dated)
    page = _set_due_date(client, dated, due_date="2028-01-31", clear="on").content.decode()
    assert "Either a date or clear the due date, not both." in page
    assert 'value="2028-01-31"' in page  # what was typed is kept
    assert _due_dates(dated) == before


def test_ticking_clear_clears_every_selected_date(client, coordinator, dated):
    client.force_login(coordinator)
    page = _set_due_date(client, dated, due_date="", clear="on").content.decode()
    assert "2 item(s) changed" in page
    assert _due_dates(dated) == [None, None]


def test_a_date_is_set_on_every_selected_item(client, coordinator, dated):
    client.force_login(coordinator)
    page = _set_due_date(client, dated, due_date="2028-01-31").content.decode()
    assert "2 item(s) changed" in page
    assert _due_dates(dated) == [datetime.date(2028, 1, 31)] * 2
