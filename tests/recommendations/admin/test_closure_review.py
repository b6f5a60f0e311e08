"""Closure review in the admin: the list's filter and column, and on the item page the evidence, Accept and Return."""

import pytest
from django.urls import reverse

from recommendations.models import Item, Status
from recommendations.services import propose_closure

pytestmark = pytest.mark.django_db

LIST = "admin:recommendations_item_changelist"
EVIDENCE = {"comment": "Consulted the contributors in March", "evidence_symbol": "S/PRST/2015/26"}


@pytest.fixture
def proposals(opened, tpcc_focal_point):
    """Closures proposed for ¶109 (by the TPCC's focal point) and 18-2, a C-34 item (by the system); no other."""
    propose_closure(item=opened.items.get(paragraph__number=109), actor=tpcc_focal_point, **EVIDENCE)
    propose_closure(
        item=opened.items.get(paragraph__number=18, seq=2), actor=None, evidence_url="https://example.org/r"
    )
    return opened


@pytest.fixture
def item(proposals):
    return proposals.items.get(paragraph__number=109)


def _listed(client, **params) -> set[str]:
    response = client.get(reverse(LIST), params)
    assert response.status_code == 200, response.status_code
    cl = response.context_data["cl"]
    assert cl.result_count == len(cl.result_list) < cl.list_per_page
    return {row.key for row in cl.result_list}


def _page(client, item) -> str:
    response = client.get(reverse("admin:recommendations_item_change", args=[item.pk]))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _act(client, item, **data):
    return client.post(reverse("admin:recommendations_item_act", args=[item.pk]), data, follow=True)


def _state(item: Item) -> tuple:
    item.refresh_from_db()
    return item.status, item.closure_proposed, item.version, item.events.count()


def test_the_closure_filter_lists_exactly_the_items_with_a_proposed_closure(client, coordinator, proposals, curated):
    client.force_login(coordinator)
    everything = {entry["ref"] for entry in curated["items"]}
    assert _listed(client, closure_proposed__exact="1") == {"109-1", "18-2"}
    assert _listed(client, closure_proposed__exact="0") == everything - {"109-1", "18-2"}
    assert _listed(client) == everything


def test_the_list_offers_the_filter_at_the_dashboards_address_and_marks_proposed_rows(client, coordinator, proposals):
    client.force_login(coordinator)
    page = client.get(reverse(LIST)).content.decode()
    assert 'href="?closure_proposed__exact=1"' in page
    assert page.count('<strong class="closure-proposed">') == 2
    filtered = client.get(reverse(LIST), {"closure_proposed__exact": "1"}).content.decode()
    assert filtered.count('<strong class="closure-proposed">') == 2 and "2 items" in filtered


def test_a_focal_points_filter_lists_only_its_own_bodies_proposals(client, tpcc_focal_point, proposals):
    client.force_login(tpcc_focal_point)
    assert _listed(client, closure_proposed__exact="1") == {"109-1"}  # 18-2 is not a TPCC item


def test_the_item_page_shows_the_proposal_and_offers_the_coordinator_accept_and_return(client, coordinator, item):
    client.force_login(coordinator)
    page = _page(client, item)
    assert 'id="closure"' in page
    assert '<dd class="closure-proposer">tpcc-focal</dd>' in page
    assert '<a href="http://undocs.org/ch/S/PRST/2015/26" rel="noopener noreferrer">S/PRST/2015/26</a>' in page
    assert "Consulted the contributors in March" in page
    assert 'data-action="accept_closure"' in page and 'data-action="return_closure"' in page
    # Close as implemented comes with the evidence proposed, not empty.
    assert 'name="evidence_symbol" size="20" placeholder="S/RES/2436 (2018)" value="S/PRST/2015/26"' in page


def test_without_a_proposal_the_item_page_has_no_review_and_an_empty_close_form(client, coordinator, proposals):
    client.force_login(coordinator)
    page = _page(client, proposals.items.get(paragraph__number=105))
    assert 'id="closure"' not in page and 'data-action="accept_closure"' not in page
    assert 'placeholder="S/RES/2436 (2018)" value=""' in page


@pytest.mark.parametrize("role", ["tpcc_focal_point", "viewer"])
def test_others_see_the_proposal_without_the_review_buttons(client, request, item, role):
    client.force_login(request.getfixturevalue(role))
    page = _page(client, item)
    assert 'id="closure"' in page and "S/PRST/2015/26" in page
    assert 'data-action="accept_closure"' not in page and 'data-action="return_closure"' not in page


def test_a_coordinator_accepts_the_closure_from_the_item_page(client, coordinator, item):
    client.force_login(coordinator)
    response = _act(client, item, action="accept_closure", version=item.version, comment="Thank you")
    assert "Recorded." in response.content.decode()
    item.refresh_from_db()
    assert (item.status, item.closure_proposed) == (Status.IMPLEMENTED, False)
    event = item.events.get(version=item.version)
    assert (event.action, event.evidence_symbol, event.comment) == ("accept_closure", "S/PRST/2015/26", "Thank you")
    page = _page(client, item)
    assert "<strong>closure accepted</strong>" in page and 'id="closure"' not in page


def test_a_coordinator_returns_the_closure_with_a_comment(client, coordinator, item):
    client.force_login(coordinator)
    response = _act(client, item, action="return_closure", version=item.version, comment="Which meeting?")
    assert "Recorded." in response.content.decode()
    item.refresh_from_db()
    assert (item.status, item.closure_proposed) == (Status.OPEN, False)
    page = _page(client, item)
    assert "<strong>closure returned</strong>" in page and "Which meeting?" in page and 'id="closure"' not in page


def test_a_return_without_a_comment_is_refused_and_changes_nothing(client, coordinator, item):
    client.force_login(coordinator)
    before = _state(item)
    response = _act(client, item, action="return_closure", version=item.version, comment="")
    assert "returning a proposed closure needs a comment" in response.content.decode().lower()
    assert _state(item) == before


@pytest.mark.parametrize("role", ["tpcc_focal_point", "viewer"])
@pytest.mark.parametrize(
    ("action", "words"), [("accept_closure", "accept closure"), ("return_closure", "return closure")]
)
def test_focal_points_and_viewers_are_refused_with_a_clear_message(client, request, item, role, action, words):
    client.force_login(request.getfixturevalue(role))
    before = _state(item)
    response = _act(client, item, action=action, version=item.version, comment="looks fine")
    assert f"You may not {words} S/2017/130 ¶109" in response.content.decode()
    assert _state(item) == before
