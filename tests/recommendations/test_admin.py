"""The admin as the coordinators' daily tool, and as a focal point's view of its own items."""

import datetime
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from recommendations.admin.items import ItemAdmin
from recommendations.models import Body, Item, ItemOwner, Status
from recommendations.services import set_due_date, transition

pytestmark = pytest.mark.django_db

LIST = "admin:recommendations_item_changelist"


def _page(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _change_url(item):
    return reverse("admin:recommendations_item_change", args=[item.pk])


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


def test_item_list_shows_reference_kind_summary_owners_response_status(as_coordinator, opened):
    page = _page(as_coordinator, reverse(LIST))
    assert "S/2017/130 ¶109" in page
    assert "35 items" in page
    assert '<td class="field-owner_list">Secretariat, SC, TCC/PCC</td>' in page
    assert '<td class="field-response">pending</td>' in page and '<td class="field-status">open</td>' in page


def test_item_list_shows_due_date_days_overdue_and_last_update(as_coordinator, opened, coordinator):
    late = opened.items.get(paragraph__number=109)
    set_due_date(item=late, actor=coordinator, due_date=timezone.localdate() - datetime.timedelta(days=12))
    page = _page(as_coordinator, reverse(LIST), {"q": "S/2017/130 ¶109"})
    assert "Days overdue" in page and "Last update" in page and "column-due_date" in page
    assert '<td class="field-overdue_mark"><strong class="overdue" title="overdue">⚠ 12</strong></td>' in page
    updated = date_format(timezone.localdate(Item.objects.get(pk=late.pk).last_activity_at))
    assert f'<td class="field-last_update">{updated}</td>' in page


def test_item_list_cuts_a_summary_between_words_and_shows_it_whole_on_hover(as_coordinator, opened):
    item = opened.items.get(paragraph__number=104)
    words = "Troop contributors consulted " + "consistently " * 10
    Item.objects.filter(pk=item.pk).update(summary=words.strip())
    page = _page(as_coordinator, reverse(LIST), {"q": "¶104"})
    shown = re.search(r'<td class="field-summary_or_quote"><span title="([^"]*)">([^<]*)</span>', page)
    assert shown[1] == words.strip()
    assert shown[2].endswith("consistently…") and len(shown[2]) <= 101  # no word cut in half


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("辅助部队", "¶103"),  # the quote
        ("never against other Member States", "¶22"),  # the summary
        ("¶107", "¶107"),  # the reference
        ("S/2017/130 ¶44", "¶44"),
    ],
)
def test_search_over_quote_summary_and_reference(as_coordinator, opened, term, expected):
    page = _page(as_coordinator, reverse(LIST), {"q": term})
    assert f"S/2017/130 {expected}" in page


def test_item_page_shows_the_highlighted_source_its_section_and_links(as_coordinator, opened):
    item = opened.items.get(paragraph__number=19, seq=2)
    page = _page(as_coordinator, _change_url(item))
    assert "表示关切。<mark>数据保护、保密性和所收集数据的安全也引发了关切。</mark>" in page
    assert "A. 在维持和平行动中使用技术" in page and "2016" in page  # section and meeting date
    assert reverse("admin:recommendations_document_change", args=[opened.pk]) in page
    item109 = opened.items.get(paragraph__number=109)
    assert 'href="http://undocs.org/ch/S/PRST/2015/26"' in _page(as_coordinator, _change_url(item109))


def test_item_page_offers_only_the_transitions_this_user_may_make(client, opened, coordinator, tpcc_focal_point):
    item = opened.items.get(paragraph__number=109)
    client.force_login(coordinator)
    page = _page(client, _change_url(item))
    for action in ("start", "withdraw", "supersede", "accept", "implement"):
        assert f'data-action="{action}"' in page
    assert 'data-action="reopen"' not in page and 'data-action="confirm"' not in page
    client.force_login(tpcc_focal_point)
    page = _page(client, _change_url(item))
    assert 'data-action="start"' in page and 'data-action="propose_closure"' in page
    assert 'data-action="withdraw"' not in page and 'data-action="implement"' not in page


def test_closing_with_evidence_from_the_item_page_lands_in_the_timeline(as_coordinator, opened):
    item = opened.items.get(paragraph__number=109)
    url = reverse("admin:recommendations_item_act", args=[item.pk])
    response = as_coordinator.post(
        url, {"action": "implement", "version": item.version, "evidence_symbol": "S/PRST/2015/26", "comment": "done"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.IMPLEMENTED
    page = _page(as_coordinator, _change_url(item))
    assert 'href="http://undocs.org/ch/S/PRST/2015/26"' in page and "done" in page


def test_stale_page_cannot_overwrite_a_newer_change(as_coordinator, opened, coordinator):
    item = opened.items.get(paragraph__number=109)
    stale_version = item.version
    transition(item=item, action="start", actor=coordinator)
    url = reverse("admin:recommendations_item_act", args=[item.pk])
    response = as_coordinator.post(url, {"action": "withdraw", "version": stale_version}, follow=True)
    assert "reload it and try again" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS


def test_missing_evidence_is_reported_and_changes_nothing(as_coordinator, opened):
    item = opened.items.get(paragraph__number=109)
    url = reverse("admin:recommendations_item_act", args=[item.pk])
    response = as_coordinator.post(url, {"action": "implement", "version": item.version}, follow=True)
    assert "needs evidence" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.OPEN


def _bulk(client, action, items, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [i.pk for i in items], **extra}
    return client.post(reverse(LIST), data, follow=True)


def test_bulk_transition_reports_each_refused_row_and_applies_the_rest(as_coordinator, opened, coordinator):
    started = opened.items.get(paragraph__number=105)
    transition(item=started, action="start", actor=coordinator)
    others = list(opened.items.filter(paragraph__number__in=[106, 107]))
    page = _bulk(as_coordinator, "transition_start", [started, *others]).content.decode()
    assert "2 item(s) changed" in page
    assert "1 item(s) refused" in page and "S/2017/130 ¶105 (105-1): cannot start" in page
    assert set(opened.items.filter(paragraph__number__in=[105, 106, 107]).values_list("status", flat=True)) == {
        "in_progress"
    }


def test_bulk_set_due_date_asks_then_applies_through_the_service(as_coordinator, opened):
    items = list(opened.items.filter(paragraph__number__in=[104, 105]))
    ask = _bulk(as_coordinator, "set_due_date", items)
    assert 'name="due_date"' in ask.content.decode()
    done = _bulk(as_coordinator, "set_due_date", items, apply="1", due_date="2027-06-30")
    assert "2 item(s) changed" in done.content.decode()
    for item in items:
        item.refresh_from_db()
        assert item.due_date == datetime.date(2027, 6, 30)
        assert item.events.filter(kind="due_date", to_value="2027-06-30").exists()


def test_bulk_assign_owner(as_coordinator, opened):
    items = list(opened.items.filter(paragraph__number=106))
    c34 = Body.objects.get(code="C34")
    _bulk(as_coordinator, "assign_owner", items, apply="1", body=c34.pk, role="supporting")
    assert items[0].ownerships.filter(body=c34, role="supporting").exists()


def test_bulk_close_as_implemented_asks_for_evidence(as_coordinator, opened):
    items = list(opened.items.filter(paragraph__number=110))
    page = _bulk(as_coordinator, "close_implemented", items, apply="1", evidence_url="").content.decode()
    assert "1 item(s) refused" in page and "needs evidence" in page
    _bulk(as_coordinator, "close_implemented", items, apply="1", evidence_url="https://eroom.un.org/eRoom")
    assert opened.items.get(paragraph__number=110).status == Status.IMPLEMENTED


def test_review_queue_confirms_dismisses_and_merges(as_coordinator, seed_document):
    queue = reverse("admin:recommendations_proposeditem_changelist")
    assert "35 proposed items" in _page(as_coordinator, queue)
    first, second = seed_document.items.filter(paragraph__number=19)
    as_coordinator.post(queue, {"action": "transition_confirm", ACTION_CHECKBOX_NAME: [first.pk]})
    as_coordinator.post(
        queue, {"action": "merge_into", ACTION_CHECKBOX_NAME: [second.pk], "apply": "1", "into": first.pk}
    )
    dismissed = seed_document.items.get(paragraph__number=22)
    as_coordinator.post(queue, {"action": "transition_dismiss", ACTION_CHECKBOX_NAME: [dismissed.pk]})
    statuses = dict(seed_document.items.filter(paragraph__number__in=[19, 22]).values_list("pk", "status"))
    assert statuses == {first.pk: "open", second.pk: "dismissed", dismissed.pk: "dismissed"}
    assert "32 proposed items" in _page(as_coordinator, queue)


def test_focal_point_sees_only_its_bodies_items(client, opened, tpcc_focal_point):
    client.force_login(tpcc_focal_point)
    own = Item.objects.filter(ownerships__body__code="TPCC").count()
    page = _page(client, reverse(LIST))
    assert f"{own} items" in page
    assert "S/2017/130 ¶44" not in page  # the AU's
    au_item = opened.items.get(paragraph__number=44)
    assert client.get(_change_url(au_item)).status_code in (302, 403, 404)
    act = reverse("admin:recommendations_item_act", args=[au_item.pk])
    assert client.post(act, {"action": "comment", "version": au_item.version, "comment": "x"}).status_code == 404
    assert not au_item.events.filter(kind="comment").exists()


def test_focal_point_reads_documents_but_cannot_change_them(client, opened, tpcc_focal_point):
    client.force_login(tpcc_focal_point)
    url = reverse("admin:recommendations_document_change", args=[opened.pk])
    page = _page(client, url)
    assert 'name="_save"' not in page
    assert client.post(url, {"title": "changed"}).status_code == 403


def test_focal_point_updates_its_own_item_from_the_item_page(client, opened, tpcc_focal_point):
    client.force_login(tpcc_focal_point)
    item = opened.items.get(paragraph__number=109)
    act = reverse("admin:recommendations_item_act", args=[item.pk])
    client.post(act, {"action": "progress", "version": item.version, "percent": 50, "comment": "half way"})
    item.refresh_from_db()
    assert item.progress == 50
    assert 'name="_save"' not in _page(client, _change_url(item))  # the fields are read-only


def _add_conclusions(document, count, first_seq):
    """More items like ¶104's, each with an owner, to fill the list."""
    template = document.items.get(paragraph__number=104, seq=1)
    fields = ("document", "paragraph", "kind", "status", "quote", "quote_start", "quote_end", "quote_hash")
    values = {name: getattr(template, name) for name in fields}
    items = Item.objects.bulk_create(Item(seq=first_seq + n, **values) for n in range(count))
    sec = Body.objects.get(code="SEC")
    ItemOwner.objects.bulk_create(ItemOwner(item=item, body=sec) for item in items)


def test_item_list_query_count_is_the_same_for_10_and_1000_items(as_coordinator, opened, monkeypatch):
    monkeypatch.setattr(ItemAdmin, "list_per_page", 2000)
    url, only_conclusions = reverse(LIST), {"kind__exact": "conclusion"}
    _add_conclusions(opened, 9, first_seq=100)
    with CaptureQueriesContext(connection) as ten:
        assert "10 items" in _page(as_coordinator, url, only_conclusions)
    _add_conclusions(opened, 990, first_seq=200)
    with CaptureQueriesContext(connection) as thousand:
        page = _page(as_coordinator, url, only_conclusions)
    assert "1000 items" in page and page.count("S/2017/130 ¶104</") == 1000
    assert len(ten) == len(thousand)


def test_item_page_query_count_does_not_grow_with_the_timeline(as_coordinator, opened, coordinator):
    from recommendations.services import add_comment

    item = opened.items.get(paragraph__number=109)
    # Once first: the first page a process shows also fills per-process caches (content types).
    _page(as_coordinator, _change_url(item))
    with CaptureQueriesContext(connection) as few:
        _page(as_coordinator, _change_url(item))
    for n in range(30):
        add_comment(item=item, actor=coordinator, comment=f"note {n}")
    with CaptureQueriesContext(connection) as many:
        _page(as_coordinator, _change_url(item))
    assert len(few) == len(many)


def test_field_history_of_an_item_is_visible_in_the_admin(as_coordinator, opened, coordinator):
    item = opened.items.get(paragraph__number=109)
    set_due_date(item=item, actor=coordinator, due_date=datetime.date(2027, 3, 31))
    from recommendations.services import set_owner

    set_owner(item=item, actor=coordinator, body=Body.objects.get(code="C34"), role="supporting")
    page = _page(as_coordinator, reverse("admin:recommendations_item_history", args=[item.pk]))
    assert "due date: — → " in page and ("2027-03-31" in page or "March 31, 2027" in page)
    owner_history = page.split('id="owner-history"')[1]
    assert "C-34" in owner_history and "supporting" in owner_history and "coordinator" in owner_history


def test_the_admin_speaks_chinese_when_the_user_chooses_it(as_coordinator, opened):
    as_coordinator.post(reverse("set_language"), {"language": "zh-hans", "next": "/admin/"})
    page = _page(as_coordinator, reverse(LIST))
    assert '<html lang="zh-hans"' in page
    assert '<td class="field-status">待办</td>' in page
    assert "秘书处" in page  # a body's Chinese name
    assert "成员强调必须培训维持和平人员" in page  # a Chinese summary


ROLES = ["coordinator", "tpcc_focal_point", "au_focal_point", "viewer", "outsider"]


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_through_the_admin(client, opened, request, role):
    """List, item page, item-page action and bulk action, on a TPCC item and on an AU item."""
    user = request.getfixturevalue(role)
    client.force_login(user)
    tpcc_item = opened.items.get(paragraph__number=109)
    au_item = opened.items.get(paragraph__number=44)
    sees_all = role in ("coordinator", "viewer")
    for item, owner in ((tpcc_item, "tpcc_focal_point"), (au_item, "au_focal_point")):
        visible = sees_all or role == owner
        listing = client.get(reverse(LIST))
        if role == "outsider":
            assert listing.status_code == 403
        else:
            assert (f">{item.reference}</" in listing.content.decode()) == visible
        assert (client.get(_change_url(item)).status_code == 200) == visible
        act = reverse("admin:recommendations_item_act", args=[item.pk])
        client.post(act, {"action": "comment", "version": item.version, "comment": f"by {role}"})
        may_comment = role in ("coordinator", owner)
        assert item.events.filter(kind="comment", comment=f"by {role}").exists() == may_comment
        client.post(reverse(LIST), {"action": "transition_withdraw", ACTION_CHECKBOX_NAME: [item.pk]})
        item.refresh_from_db()
        assert (item.status == "withdrawn") == (role == "coordinator")


def test_the_merge_form_offers_the_same_documents_tracked_items_told_apart(as_coordinator, seed_document):
    from recommendations.services import import_document, transition
    from tests.recommendations.ingest.conftest import SAMPLES

    import_document(data=(SAMPLES / "report.en.txt").read_bytes(), symbol="S/2099/42", language="en")
    first, second = seed_document.items.filter(paragraph__number=19)
    dismissed = seed_document.items.get(paragraph__number=22)
    transition(item=dismissed, action="dismiss", actor=None)
    queue = reverse("admin:recommendations_proposeditem_changelist")
    response = as_coordinator.post(queue, {"action": "merge_into", ACTION_CHECKBOX_NAME: [second.pk]})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"S/2017/130 ¶19 (19-1) · {first.get_kind_display()} · {first.quote[:40]}" in page
    assert "S/2099/42" not in page.split('name="into"')[1]  # another document's items are not offered
    assert f'value="{dismissed.pk}"' not in page and f'<option value="{second.pk}"' not in page
