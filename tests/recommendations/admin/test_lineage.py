"""Lineage in the admin: an item's page shows its links both ways and decides proposals; the queue confirms them."""

import datetime
import html
import re

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import Body, Item, ItemOwner, Link, Status
from recommendations.services import decide_link, import_document
from tests.factories import DocumentFactory, ItemFactory, LinkFactory, ParagraphFactory

pytestmark = pytest.mark.django_db

QUEUE = "admin:recommendations_proposeditem_changelist"


def _item(year: int, body: str = "AU", status=Status.OPEN) -> Item:
    """An item of ``body`` in a report of ``year``."""
    document = DocumentFactory(date=datetime.date(year, 2, 1))
    item = ItemFactory(paragraph=ParagraphFactory(document=document), status=status)
    ItemOwner.objects.create(item=item, body=Body.objects.get(code=body))
    return item


@pytest.fixture
def chain(bodies):
    """One AU recommendation in three reports: 2018 repeats 2017 (confirmed); 2019 is proposed to follow 2018 up."""
    first, second, third = _item(2017), _item(2018), _item(2019, status=Status.PROPOSED)
    confirmed = LinkFactory(item=second, earlier=first, state=Link.State.CONFIRMED)
    proposed = LinkFactory(item=third, earlier=second, relation=Link.Relation.FOLLOWS_UP, similarity=0.71)
    return {"first": first, "second": second, "third": third, "confirmed": confirmed, "proposed": proposed}


def _url(item: Item) -> str:
    return reverse("admin:recommendations_item_change", args=[item.pk])


def _decide_url(item: Item) -> str:
    return reverse("admin:recommendations_item_lineage", args=[item.pk])


def _page(client, user, item) -> str:
    client.force_login(user)
    response = client.get(_url(item))
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str) -> str:
    return page.split('<section id="lineage">')[1].split("</section>")[0]


def _told(response) -> str:
    """The messages and the refused form's errors, as the user reads them."""
    told = [str(m) for m in response.context["messages"]] if response.context else []
    page = response.content.decode()
    told += [html.unescape(e) for e in re.findall(r'<ul class="errorlist">(.*?)</ul>', page, re.DOTALL)]
    return " ".join(told)


def _state(link: Link) -> tuple:
    link.refresh_from_db()
    return link.state, link.relation, link.decided_by_id


# -- what the page shows ------------------------------------------------------------------------


def test_an_items_page_links_its_confirmed_predecessor_and_successor_with_relation_and_status(
    client, coordinator, chain
):
    first, second = chain["first"], chain["second"]
    Item.objects.filter(pk=first.pk).update(status=Status.IMPLEMENTED)
    section = _section(_page(client, coordinator, second))
    assert (
        f'this item <span class="relation">repeats</span> <a href="{_url(first)}">{first.reference}</a>'
        ' · Status: <span class="linked-status">implemented</span>' in section
    )
    # The 2019 item only proposes 2018 as its predecessor: on 2019's page, not as 2018's successor.
    assert chain["third"].reference not in section and 'class="lineage-form"' not in section
    section = _section(_page(client, coordinator, first))
    assert (
        f'<a href="{_url(second)}">{second.reference}</a> <span class="relation">repeats</span> this item'
        ' · Status: <span class="linked-status">open</span>' in section
    )


def test_a_coordinator_decides_a_proposal_with_the_proposed_relation_preselected(client, coordinator, chain):
    section = _section(_page(client, coordinator, chain["third"]))
    form = section.split('<form method="post" action="')[1]
    assert form.startswith(_decide_url(chain["third"]))
    assert f'<input type="hidden" name="link" value="{chain["proposed"].pk}">' in form
    assert f'class="proposed-predecessor">{chain["second"].reference}</a>' in form
    assert '<span class="similarity">0.71</span>' in form
    assert re.findall(r"<option [^>]*selected>([^<]+)</option>", form) == ["follows up"]
    assert 'value="confirm"' in form and 'value="reject"' in form


def test_an_item_without_links_says_so(client, coordinator, bodies):
    assert "Linked to no item of an earlier or later report." in _section(_page(client, coordinator, _item(2017)))


# -- deciding from the page ---------------------------------------------------------------------


def test_confirming_with_another_relation_saves_it_and_shows_the_link(client, coordinator, chain):
    client.force_login(coordinator)
    link, third = chain["proposed"], chain["third"]
    response = client.post(
        _decide_url(third), {"link": link.pk, "decision": "confirm", "relation": "supersedes"}, follow=True
    )
    assert f"Confirmed: this item supersedes {chain['second'].reference}." in _told(response)
    assert _state(link) == ("confirmed", "supersedes", coordinator.pk)
    section = _section(response.content.decode())
    assert 'class="lineage-form"' not in section and '<span class="relation">supersedes</span>' in section


def test_rejecting_keeps_the_relation_and_shows_no_link(client, coordinator, chain):
    client.force_login(coordinator)
    link = chain["proposed"]
    response = client.post(
        _decide_url(chain["third"]), {"link": link.pk, "decision": "reject", "relation": "supersedes"}, follow=True
    )
    assert f"Rejected: {chain['second'].reference} is not this item's predecessor." in _told(response)
    assert _state(link) == ("rejected", "follows_up", coordinator.pk)
    assert chain["second"].reference not in _section(response.content.decode())


@pytest.mark.parametrize("link", ["unknown", "of another item", "not a number", "missing"])
def test_a_link_that_is_not_this_items_proposal_is_not_found(client, coordinator, chain, link):
    client.force_login(coordinator)
    posted = {
        "unknown": Link.objects.order_by("-pk").first().pk + 1,
        "of another item": chain["confirmed"].pk,  # 2018's link, posted from 2019's page
        "not a number": "abc",
        "missing": "",
    }[link]
    response = client.post(_decide_url(chain["third"]), {"link": posted, "decision": "reject"})
    assert response.status_code == 404
    assert (_state(chain["proposed"])[0], _state(chain["confirmed"])[0]) == ("proposed", "confirmed")


def test_the_decision_address_answers_no_get(client, coordinator, chain):
    client.force_login(coordinator)
    assert client.get(_decide_url(chain["third"]), {"link": chain["proposed"].pk}).status_code == 404


def test_an_already_decided_link_is_refused_on_the_page_again(client, coordinator, chain):
    link = chain["proposed"]
    decide_link(link=link, actor=coordinator, confirm=False)
    client.force_login(coordinator)
    response = client.post(_decide_url(chain["third"]), {"link": link.pk, "decision": "confirm"})
    assert response.status_code == 200
    assert "Nothing was recorded" in response.content.decode()
    assert "This link was already rejected" in _told(response)
    assert _state(link) == ("rejected", "follows_up", coordinator.pk)


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"decision": "confirm", "relation": "copies"}, "“copies” is not a relation: choose one of repeats"),
        ({"decision": "merge"}, "Select a valid choice"),
        ({"decision": "confirm", "relation": "x" * 21}, "at most 20 characters"),
    ],
)
def test_a_bad_decision_is_refused_beside_its_form_and_nothing_is_saved(client, coordinator, chain, posted, message):
    link = chain["proposed"]
    client.force_login(coordinator)
    response = client.post(_decide_url(chain["third"]), {"link": link.pk, **posted})
    assert response.status_code == 200 and message in _told(response)
    assert _state(link) == ("proposed", "follows_up", None)
    # The refused form is shown again, still offering the decision.
    assert f'name="link" value="{link.pk}"' in _section(response.content.decode())


# -- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["au_focal_point", "viewer"])
def test_focal_points_and_viewers_see_confirmed_links_but_cannot_decide(client, request, chain, role):
    user = request.getfixturevalue(role)
    section = _section(_page(client, user, chain["second"]))
    assert chain["first"].reference in section
    section = _section(_page(client, user, chain["third"]))
    assert 'class="lineage-form"' not in section and chain["second"].reference not in section
    response = client.post(_decide_url(chain["third"]), {"link": chain["proposed"].pk, "decision": "confirm"})
    assert response.status_code == 200 and "You may not edit" in _told(response)
    assert _state(chain["proposed"]) == ("proposed", "follows_up", None)


def test_another_bodys_focal_point_cannot_reach_the_decision(client, tpcc_focal_point, chain):
    client.force_login(tpcc_focal_point)
    response = client.post(_decide_url(chain["third"]), {"link": chain["proposed"].pk, "decision": "confirm"})
    assert response.status_code == 404
    assert _state(chain["proposed"]) == ("proposed", "follows_up", None)


def test_a_focal_point_is_not_shown_links_to_items_it_may_not_see(client, tpcc_focal_point, chain):
    """A TPCC item that repeats an AU one: its TPCC focal point sees no link to the AU item."""
    tpcc = _item(2019, body="TPCC")
    LinkFactory(item=tpcc, earlier=chain["second"], state=Link.State.CONFIRMED)
    section = _section(_page(client, tpcc_focal_point, tpcc))
    assert chain["second"].reference not in section and "Linked to no item" in section


# -- cost ---------------------------------------------------------------------------------------


def _queries(client, item) -> int:
    client.get(_url(item))  # the first page reads content types into their cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url(item)).status_code == 200
    return len(queries)


def test_the_lineage_section_costs_the_same_queries_for_one_link_as_for_many(client, coordinator, chain):
    client.force_login(coordinator)
    second = chain["second"]
    few = _queries(client, second)
    for year in (2014, 2015, 2016):
        LinkFactory(item=second, earlier=_item(year), state=Link.State.CONFIRMED)
        LinkFactory(item=second, earlier=_item(year + 5), state=Link.State.PROPOSED)
        LinkFactory(item=_item(year + 10), earlier=second, state=Link.State.CONFIRMED)
    many = _queries(client, second)
    section = _section(client.get(_url(second)).content.decode())
    assert section.count('class="predecessor"') == 4 and section.count('class="successor"') == 3
    assert section.count('class="lineage-form"') == 3
    assert few == many


# -- the review queue ---------------------------------------------------------------------------


def _proposals(count: int) -> list[Link]:
    """``count`` proposed items of one report, each proposed to repeat an item of an earlier one."""
    later, earlier = DocumentFactory(date=datetime.date(2019, 1, 1)), DocumentFactory(date=datetime.date(2018, 1, 1))
    return [
        LinkFactory(
            item=ItemFactory(paragraph=ParagraphFactory(document=later)),
            earlier=ItemFactory(paragraph=ParagraphFactory(document=earlier), status=Status.OPEN),
        )
        for _ in range(count)
    ]


def test_the_queue_shows_each_items_likely_predecessor(client, coordinator, chain):
    client.force_login(coordinator)
    page = client.get(reverse(QUEUE)).content.decode()
    row = page.split(f'name="_selected_action" value="{chain["third"].pk}"')[1].split("</tr>")[0]
    assert (
        f'<td class="field-likely_predecessor"><a href="{_url(chain["second"])}" class="likely-predecessor" '
        f'title="similarity 0.71">follows up {chain["second"].reference}</a></td>' in row
    )


def test_the_queue_confirms_the_selected_items_proposed_predecessors(client, coordinator):
    links = _proposals(4)
    rejected = LinkFactory(item=links[0].item, state=Link.State.REJECTED)
    unlinked = ItemFactory()
    client.force_login(coordinator)
    selected = [links[0].item_id, links[1].item_id, links[2].item_id, unlinked.pk]
    response = client.post(
        reverse(QUEUE), {"action": "confirm_predecessors", ACTION_CHECKBOX_NAME: selected}, follow=True
    )
    assert "3 proposed predecessor(s) confirmed." in _told(response)
    assert [_state(link) for link in links] == [("confirmed", "repeats", coordinator.pk)] * 3 + [
        ("proposed", "repeats", None)
    ]
    assert _state(rejected) == ("rejected", "repeats", None)


def test_confirming_items_with_no_proposal_says_so(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse(QUEUE), {"action": "confirm_predecessors", ACTION_CHECKBOX_NAME: [ItemFactory().pk]}, follow=True
    )
    assert "None of the selected items has a proposed predecessor." in _told(response)


def test_the_queue_with_predecessors_costs_the_same_queries_for_3_and_12_items(client, coordinator):
    client.force_login(coordinator)
    _proposals(3)
    client.get(reverse(QUEUE))  # content types into their cache
    with CaptureQueriesContext(connection) as three:
        assert client.get(reverse(QUEUE)).content.decode().count('class="likely-predecessor"') == 3
    _proposals(9)
    with CaptureQueriesContext(connection) as twelve:
        assert client.get(reverse(QUEUE)).content.decode().count('class="likely-predecessor"') == 12
    assert len(three) == len(twelve), "\n".join(q["sql"][:150] for q in twelve.captured_queries)


# -- the next report, imported ------------------------------------------------------------------


def test_the_next_reports_proposals_are_decided_on_its_items_pages(client, coordinator, opened):
    import_document(data=(settings.FIXTURES_DIR / "lineage" / "S-2095-130.zh.txt").read_bytes())
    link = Link.objects.select_related("item__document", "earlier__document").order_by("-similarity").first()
    assert link.item.document.symbol == "S/2095/130" and link.earlier.document == opened
    section = _section(_page(client, coordinator, link.item))
    assert f'name="link" value="{link.pk}"' in section and link.earlier.reference in section
    client.post(_decide_url(link.item), {"link": link.pk, "decision": "confirm", "relation": link.relation})
    assert _state(link) == ("confirmed", link.relation, coordinator.pk)
    section = _section(_page(client, coordinator, link.earlier))
    assert f'<a href="{_url(link.item)}">{link.item.reference}</a>' in section


def test_the_lineage_section_in_chinese(client, coordinator, chain):
    client.force_login(coordinator)
    page = client.get(_url(chain["second"]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    section = _section(page)
    assert "沿革" in page and "本事项" in section and "重申" in section
    page = client.get(_url(chain["third"]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "跟进" in _section(page) and "确认" in _section(page)
