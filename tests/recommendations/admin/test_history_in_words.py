"""An item's history in words: field names, choice labels, the author's name, "system"; no bookkeeping rows."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from recommendations.models import Item
from recommendations.services import add_comment, set_due_date, transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(opened, tpcc_focal_point, coordinator):
    """¶109: started by the TPCC's focal point, given a due date by the system, commented by the coordinator."""
    tpcc_focal_point.first_name, tpcc_focal_point.last_name = "Tomás", "Pérez"
    tpcc_focal_point.save()
    item = opened.items.get(paragraph__number=109)
    item = transition(item=item, action="start", actor=tpcc_focal_point)
    item = set_due_date(item=item, actor=None, due_date=datetime.date(2027, 3, 31))
    add_comment(item=item, actor=coordinator, comment="noted")
    return Item.objects.get(pk=item.pk)


def _rows(client, coordinator, item, **headers) -> list[str]:
    client.force_login(coordinator)
    page = client.get(reverse("admin:recommendations_item_history", args=[item.pk]), **headers).content.decode()
    table = page.split('id="change-history"')[1].split("</table>")[0]
    rows = re.findall(r'<tr class="history-row">(.*?)</tr>', table, re.DOTALL)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]


def test_history_rows_say_what_changed_in_words_and_by_whom(client, coordinator, item):
    rows = " | ".join(_rows(client, coordinator, item))
    assert "status: open → in progress, by Tomás Pérez" in rows
    assert "due date: — → " in rows and ", by system" in rows
    assert "an entry on the timeline, by coordinator" in rows  # the comment: no field but the version moved
    assert "in_progress" not in rows and "None" not in rows
    assert not re.search(r"\bversion\b", rows, re.IGNORECASE)


def test_history_in_chinese(client, coordinator, item):
    rows = " | ".join(_rows(client, coordinator, item, HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert "状态：待办 → 进行中，操作人：Tomás Pérez" in rows
    assert "操作人：系统" in rows
    assert "system" not in rows and "None" not in rows
