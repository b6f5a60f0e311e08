"""The admin's front page, per role: what needs a coordinator, what is due for a focal point, the summary for all."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recommendations.dashboard import dashboard_for
from recommendations.models import Body, Event, ItemOwner, Link, Status
from recommendations.services import transition
from tests.factories import DocumentFactory, ItemFactory, LinkFactory, ParagraphFactory

pytestmark = pytest.mark.django_db


def _item(body, *, status=Status.OPEN, due_in=None, document=None, **fields):
    """An item of ``body`` (a code), due ``due_in`` days from today."""
    paragraph = ParagraphFactory(document=document) if document else ParagraphFactory()
    due_date = timezone.localdate() + datetime.timedelta(days=due_in) if due_in is not None else None
    item = ItemFactory(paragraph=paragraph, status=status, due_date=due_date, **fields)
    ItemOwner.objects.create(item=item, body=Body.objects.get(code=body))
    return item


def _event(item, action, minutes_ago, *, at=None, comment=""):
    when = at or timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return Event.objects.create(
        item=item, kind=Event.Kind.COMMENT, action=action, created_at=when, version=item.version, comment=comment
    )


def _week(scale=1):
    """A Monday's items, ``scale`` times over: each name lists the items of one case."""
    cases = {}
    for _ in range(scale):
        made = {
            "au_late": _item("AU", due_in=-5),
            "au_late_in_progress": _item("AU", status=Status.IN_PROGRESS, due_in=-1),
            "au_soon": _item("AU", due_in=10, closure_proposed=True),
            "au_due_in_30": _item("AU", due_in=30),
            "au_due_in_31": _item("AU", due_in=31),
            "au_closed_late": _item("AU", status=Status.IMPLEMENTED, due_in=-20),
            "au_closed_due_soon": _item("AU", status=Status.IMPLEMENTED, due_in=5),
            "au_returned": _item("AU"),
            "au_returned_same_instant": _item("AU"),
            "au_proposed_again": _item("AU"),
            "au_proposed_again_same_instant": _item("AU"),
            "au_returned_then_closed": _item("AU", status=Status.IMPLEMENTED),
            "tpcc_late": _item("TPCC", due_in=-3, closure_proposed=True),
            "tpcc_returned": _item("TPCC"),
            "tpcc_proposed": _item("TPCC", status=Status.PROPOSED),
        }
        _event(made["au_returned"], "propose_closure", 60)
        _event(made["au_returned"], "return_closure", 30, comment="The link to the evidence is broken")
        instant = timezone.now() - datetime.timedelta(minutes=20)
        _event(made["au_returned_same_instant"], "propose_closure", 0, at=instant)
        _event(made["au_returned_same_instant"], "return_closure", 0, at=instant)
        _event(made["au_proposed_again"], "propose_closure", 90)
        _event(made["au_proposed_again"], "return_closure", 60)
        _event(made["au_proposed_again"], "propose_closure", 10)
        _event(made["au_proposed_again_same_instant"], "return_closure", 0, at=instant)
        _event(made["au_proposed_again_same_instant"], "propose_closure", 0, at=instant)
        _event(made["au_returned_then_closed"], "return_closure", 60)
        _event(made["tpcc_returned"], "return_closure", 60)
        for name, item in made.items():
            cases.setdefault(name, []).append(item)
    return cases


def _ids(*groups):
    return {item.pk for group in groups for item in group}


def _listed(page: str, list_id: str) -> list[int]:
    """The items a list of the front page links to, in order."""
    block = re.search(rf'<ul id="{list_id}">(.*?)</ul>', page, re.S)
    assert block, f"no #{list_id} on the page"
    return [int(pk) for pk in re.findall(r"/admin/recommendations/item/(\d+)/change/", block[1])]


def _front_page(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse("admin:index") + query)
    assert response.status_code == 200
    return response.content.decode()


def test_focal_point_sees_its_bodys_items_due_soon_overdue_and_returned(client, au_focal_point):
    week = _week()
    page = _front_page(client, au_focal_point)
    assert 'data-role="focal_point"' in page and 'id="needs-you"' not in page
    assert set(_listed(page, "due-soon-list")) == _ids(week["au_soon"], week["au_due_in_30"])
    assert _listed(page, "overdue-list") == [week["au_late"][0].pk, week["au_late_in_progress"][0].pk]
    assert set(_listed(page, "returned-list")) == _ids(week["au_returned"], week["au_returned_same_instant"])
    assert "5 days overdue" in page and "1 day overdue" in page
    assert "The link to the evidence is broken" in page
    assert "2 closures returned to you" in page and "2 items due within 30 days" in page


def test_focal_point_lists_are_counted_in_full_when_longer_than_shown(au_focal_point):
    _week(scale=3)
    board = dashboard_for(au_focal_point, limit=2)
    assert (len(board.returned), board.returned_count) == (2, 6)
    assert (len(board.due_soon), board.due_soon_count) == (2, 6)
    assert (len(board.overdue), board.overdue_count) == (2, 6)


def test_coordinator_needs_you_first_then_overdue_with_days(client, coordinator, bodies):
    week = _week()
    page = _front_page(client, coordinator)
    assert 'data-role="coordinator"' in page
    needs = re.search(r'<ul id="needs-you">(.*?)</ul>', page, re.S)[1]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', needs)
    items = reverse("admin:recommendations_item_changelist")
    assert links[:2] == [
        (f"{items}?closure_proposed__exact=1", "2 closures proposed"),
        (reverse("admin:recommendations_proposeditem_changelist"), "1 item proposed for review"),
    ]
    assert page.index('id="needs-you"') < page.index('id="overdue-list"') < page.index('id="status-by-body"')
    late = [week["au_late"][0].pk, week["tpcc_late"][0].pk, week["au_late_in_progress"][0].pk]
    assert _listed(page, "overdue-list") == late
    assert re.findall(r"(\d+) days? overdue", page) == ["5", "3", "1"]
    assert 'id="returned-list"' not in page and 'id="due-soon-list"' not in page


def test_the_needs_you_links_list_exactly_what_they_count(client, coordinator, bodies):
    _week()
    client.force_login(coordinator)
    listed = client.get(reverse("admin:recommendations_item_changelist") + "?closure_proposed__exact=1")
    assert listed.status_code == 200 and len(listed.context["cl"].result_list) == 2
    queue = client.get(reverse("admin:recommendations_proposeditem_changelist"))
    assert len(queue.context["cl"].result_list) == 1


def test_nothing_needs_a_coordinator_on_a_quiet_day(client, coordinator, bodies):
    _item("AU", due_in=3)
    page = _front_page(client, coordinator)
    assert "Nothing needs you now." in page


def test_viewer_gets_the_summary_only(client, viewer, bodies):
    _week()
    page = _front_page(client, viewer)
    assert 'data-role="viewer"' in page and 'id="status-by-body"' in page
    for other in ("needs-you", "overdue-list", "due-soon-list", "returned-list", "stale-list"):
        assert f'id="{other}"' not in page
    board = dashboard_for(viewer)
    by_body = {row.body.code: row.counts for row in board.rows}
    # open, in progress, implemented, not implemented, superseded, withdrawn
    assert by_body == {"AU": [8, 1, 3, 0, 0, 0], "TPCC": [2, 0, 0, 0, 0, 0]}


def test_chart_says_no_item_closed_yet_instead_of_empty_bars(client, coordinator, opened):
    page = _front_page(client, coordinator)
    assert "No item closed yet." in page and 'id="implementation-chart"' not in page
    transition(
        item=opened.items.get(paragraph__number=109),
        action="implement",
        actor=coordinator,
        evidence_url="https://example.org/e",
    )
    page = _front_page(client, coordinator)
    assert "No item closed yet." not in page and 'id="implementation-chart"' in page
    assert "<svg" in page and "<script" not in page.split('id="tracker-dashboard"')[1].split("</div>")[0]


def test_summary_narrowed_to_one_document_by_the_selector(client, coordinator, opened):
    other = DocumentFactory()
    _item("AU", document=other)
    _item("AU", document=other, status=Status.IN_PROGRESS)

    def totals(query):
        page = _front_page(client, coordinator, query)
        foot = re.search(r"<tfoot>(.*?)</tfoot>", page, re.S)[1]
        return [int(n) for n in re.findall(r'<th class="num">(\d+)</th>', foot)], page

    everything, page = totals("")
    assert everything[:2] == [36, 1] and '<option value="">All documents</option>' in page
    only_other, page = totals(f"?document={other.pk}")
    assert only_other[:2] == [1, 1]
    assert f'<option value="{other.pk}" selected>' in page
    assert f"?owner=AU&amp;document__id__exact={other.pk}" in page
    assert totals(f"?document={opened.pk}")[0][:2] == [35, 0]
    for nonsense in ("abc", "99999999", "-1", "9" * 40):
        assert totals(f"?document={nonsense}")[0] == everything


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
    assert "TCC/PCC" in [row.body.short_name for row in board.rows]


def test_stale_list_on_the_coordinators_page(opened, coordinator):
    opened.items.filter(paragraph__number=22).update(last_activity_at=timezone.now() - datetime.timedelta(days=60))
    board = dashboard_for(coordinator)
    assert [i.reference for i in board.stale] == ["S/2017/130 ¶22"]


# Six for every page (session, user, the two permission reads of the app list, the user's groups
# and bodies), four for the summary (documents, body × status, totals, counts), the confirmed
# lineage links (no recurring item to read here); then a coordinator's overdue and stale lists,
# outbox and webhooks, a focal point's overdue, due soon and returned lists and the count of
# returned items.
QUERIES = {"coordinator": 15, "au_focal_point": 15, "viewer": 11}


@pytest.mark.parametrize("persona", sorted(QUERIES))
@pytest.mark.parametrize("scale", [1, 6])
def test_front_page_queries_do_not_grow_with_the_data(client, django_assert_num_queries, request, persona, scale):
    request.getfixturevalue("bodies")
    user = request.getfixturevalue(persona)
    _week(scale)
    DocumentFactory.create_batch(scale)
    client.force_login(user)
    with django_assert_num_queries(QUERIES[persona]):
        client.get(reverse("admin:index"))


def test_front_pages_in_chinese(client, coordinator, au_focal_point):
    _week()
    client.force_login(coordinator)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for words in ("待您处理", "2 项结项申请待审核", "1 个提议事项待审核", "逾期 5 天"):
        assert words in page
    client.force_login(au_focal_point)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for words in ("2 项结项申请被退回给您", "2 个事项 30 天内到期", "逾期 1 天"):
        assert words in page
    words = re.sub(r"<[^>]+>", " ", page.split('id="tracker-dashboard"')[1].split("</table>")[0])
    assert not re.search(r"overdue|due within|returned|None", words)


def test_front_page_summaries_are_cut_between_words_and_whole_on_hover(client, coordinator, bodies):
    words = "Consult the troop contributors before every renewal of a mandate " * 3
    _item("AU", due_in=-2, summary=words.strip())
    chinese = "与会者强调必须加强培训" * 12
    _item("AU", due_in=-1, summary_zh=chinese)
    page = _front_page(client, coordinator)
    shown = dict(re.findall(r'<span title="([^"]*)">([^<]*)</span>', page))
    cut = shown[words.strip()].removesuffix("…")
    assert words.startswith(cut) and words[len(cut)] == " "  # a whole word last, never half of one
    assert shown[chinese] == chinese[:100] + "…"  # Chinese has no spaces: cut at the length


# -- recurring recommendations ------------------------------------------------------------------


def _chain(body, years, *, last_status=Status.OPEN, state=Link.State.CONFIRMED):
    """One recommendation of ``body`` made in a report of each of ``years``, each linked to the one before."""
    items = [
        _item(body, document=DocumentFactory(date=datetime.date(year, 2, 1)), status=Status.OPEN) for year in years
    ]
    items[-1].status = last_status
    items[-1].save(update_fields=["status"])
    for later, earlier in zip(items[1:], items, strict=False):
        LinkFactory(item=later, earlier=earlier, state=state)
    return items


def _recurring_rows(page: str) -> list[list[str]]:
    table = re.search(r'<table id="recurring-list">(.*?)</table>', page, re.S)[1]
    rows = re.findall(r"<tr><td>(.*?)</tr>", table, re.S)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.split(r"</td>\s*<td[^>]*>", row)] for row in rows]


def test_recurring_recommendations_list_the_latest_item_of_each_chain(client, coordinator, bodies):
    thrice = _chain("AU", [2016, 2017, 2018])
    twice_closed = _chain("TPCC", [2015, 2018], last_status=Status.IMPLEMENTED)
    _chain("AU", [2016, 2017], state=Link.State.PROPOSED)  # not confirmed: not recurring yet
    _chain("AU", [2016, 2017], state=Link.State.REJECTED)
    page = _front_page(client, coordinator)
    assert "2 recurring recommendations" in page
    table = re.search(r'<table id="recurring-list">(.*?)</table>', page, re.S)[1]
    linked = [int(pk) for pk in re.findall(r"/admin/recommendations/item/(\d+)/change/", table)]
    assert linked == [thrice[-1].pk, twice_closed[-1].pk]
    rows = _recurring_rows(page)
    assert [row[1:] for row in rows] == [
        ["3 reports", f"{thrice[0].document.symbol} · Feb. 1, 2016", "yes"],
        ["2 reports", f"{twice_closed[0].document.symbol} · Feb. 1, 2015", "no (implemented)"],
    ]
    assert rows[0][0].startswith(thrice[-1].reference)


def test_a_recommendation_that_follows_up_two_counts_each_report_once(coordinator, bodies):
    first, second = _chain("AU", [2016, 2017])
    also = _item("AU", document=first.document)  # another item of the first report
    LinkFactory(item=second, earlier=also, state=Link.State.CONFIRMED, relation=Link.Relation.FOLLOWS_UP)
    (recurring,) = dashboard_for(coordinator).recurring
    assert (recurring.item, recurring.reports, recurring.first) == (second, 2, first.document)


def test_a_focal_point_sees_the_recurring_recommendations_of_its_bodies_only(au_focal_point, bodies):
    au = _chain("AU", [2016, 2017])
    _chain("TPCC", [2016, 2017, 2018])
    # An AU item repeating a TPCC one: the AU focal point's chain starts at what it may see.
    crossing = _chain("TPCC", [2015, 2016])
    ItemOwner.objects.filter(item=crossing[-1]).update(body=Body.objects.get(code="AU"))
    board = dashboard_for(au_focal_point)
    assert [(r.item, r.reports) for r in board.recurring] == [(au[-1], 2)]
    assert board.recurring_count == 1


def test_the_recurring_list_is_cut_at_the_limit_and_counted_in_full(coordinator, bodies):
    for _ in range(3):
        _chain("AU", [2016, 2017])
    board = dashboard_for(coordinator, limit=2)
    assert (len(board.recurring), board.recurring_count) == (2, 3)


def test_no_recurring_recommendation_yet_says_so(client, viewer, bodies):
    _item("AU")
    page = _front_page(client, viewer)
    assert "0 recurring recommendations" in page and 'id="recurring-none"' in page


@pytest.mark.parametrize("persona", ["coordinator", "au_focal_point"])
def test_recurring_recommendations_cost_the_same_queries_for_one_chain_and_many(client, request, bodies, persona):
    client.force_login(request.getfixturevalue(persona))
    _chain("AU", [2016, 2017])
    client.get(reverse("admin:index"))  # content types into their cache
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("admin:index"))
    for years in ([2015, 2016, 2017], [2014, 2016, 2018], [2016, 2018], [2017, 2018]):
        _chain("AU", years)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("admin:index")).content.decode()
    assert len(_recurring_rows(page)) == 5
    assert len(one) == len(many), "\n".join(q["sql"][:150] for q in many.captured_queries)


def test_recurring_recommendations_in_chinese(client, coordinator, bodies):
    _chain("AU", [2016, 2017, 2018])
    client.force_login(coordinator)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for words in ("1 项反复提出的建议", "3 份报告", "仍未结项"):
        assert words in page
