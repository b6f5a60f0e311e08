"""The dashboard on the admin index."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recommendations.dashboard import dashboard_for
from recommendations.services import set_due_date, transition

pytestmark = pytest.mark.django_db


def test_status_by_body_matrix_and_implementation_rate(opened, coordinator):
    tpcc_items = list(opened.items.filter(ownerships__body__code="TPCC"))
    transition(item=tpcc_items[0], action="implement", actor=coordinator, evidence_url="https://example.org/e")
    board = dashboard_for(coordinator)
    rows = {row.body.code: row for row in board.rows}
    assert rows["TPCC"].tracked == len(tpcc_items)
    assert rows["TPCC"].implemented == 1
    assert rows["TPCC"].rate == round(100 / len(tpcc_items))
    assert sum(board.totals) == 35
    assert rows["AU"].rate == 0


def test_overdue_and_stale_lists(opened, coordinator):
    item = opened.items.get(paragraph__number=109)
    set_due_date(item=item, actor=coordinator, due_date=timezone.localdate() - datetime.timedelta(days=1))
    opened.items.filter(paragraph__number=22).update(last_activity_at=timezone.now() - datetime.timedelta(days=60))
    board = dashboard_for(coordinator)
    assert [i.reference for i in board.overdue] == ["S/2017/130 ¶109"]
    assert [i.reference for i in board.stale] == ["S/2017/130 ¶22"]


def test_focal_point_dashboard_counts_only_its_items(opened, au_focal_point):
    board = dashboard_for(au_focal_point)
    assert sum(board.totals) == 4


def test_admin_index_shows_the_dashboard_with_a_server_rendered_chart(client, opened, coordinator):
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("admin:index")).content.decode()
    assert 'id="status-by-body"' in page and 'id="implementation-chart"' in page
    assert "<svg" in page and "<script" not in page.split('id="tracker-dashboard"')[1].split("</div>")[0]
    assert "TCC/PCC" in page
    assert len(queries) < 20
