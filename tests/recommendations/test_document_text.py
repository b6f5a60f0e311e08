"""A report's text is read only where it is shown: never by a list, an export or the dashboard."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import Document, DocumentText, Item

TEXT_TABLE = DocumentText._meta.db_table


def _reads_the_text(run) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        run()
    return [q["sql"] for q in queries.captured_queries if TEXT_TABLE in q["sql"]]


def test_a_query_that_reads_the_text_is_caught(opened):
    assert _reads_the_text(lambda: list(Document.objects.select_related("source")))


def test_an_import_keeps_the_text_it_was_given(opened, seed_bytes):
    assert opened.source.text == seed_bytes.decode("utf-8")


ADMIN_PAGES = [
    ("admin:index", {}),
    ("admin:recommendations_item_changelist", {}),
    ("admin:recommendations_item_changelist", {"q": "¶107"}),
    ("admin:recommendations_proposeditem_changelist", {}),
    ("admin:recommendations_document_changelist", {}),
]


@pytest.mark.parametrize(("name", "query"), ADMIN_PAGES)
def test_admin_lists_and_the_dashboard_never_read_the_text(client, opened, coordinator, name, query):
    client.force_login(coordinator)
    assert _reads_the_text(lambda: client.get(reverse(name), query).getvalue()) == []


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_exports_never_read_the_text(client, api, opened, coordinator, fmt):
    client.force_login(coordinator)
    admin_export = reverse("admin:recommendations_item_export", args=[fmt])
    assert _reads_the_text(lambda: client.get(admin_export).getvalue()) == []
    caller = api(coordinator)
    assert _reads_the_text(lambda: caller.get(f"/api/v1/items/export/{fmt}/").getvalue()) == []


@pytest.mark.parametrize(
    "path", ["/api/v1/items/", "/api/v1/items/?q=peacekeeping", "/api/v1/events/", "/api/v1/me/", "/api/v1/documents/"]
)
def test_api_lists_never_read_the_text(api, opened, tpcc_focal_point, path):
    caller = api(tpcc_focal_point)
    assert _reads_the_text(lambda: caller.get(path).getvalue()) == []


def test_an_item_page_does_not_read_the_text(client, api, opened, coordinator):
    item = Item.objects.exclude(status="proposed").first()
    client.force_login(coordinator)
    assert _reads_the_text(lambda: client.get(reverse("admin:recommendations_item_change", args=[item.pk]))) == []
    assert _reads_the_text(lambda: api(coordinator).get(f"/api/v1/items/{item.pk}/")) == []
