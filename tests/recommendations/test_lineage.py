"""Lineage across reports: proposed when the next report is imported, then confirmed or rejected."""

import pytest
import yaml
from django.conf import settings
from django.db import transaction

from recommendations.models import Body, Item, ItemOwner, Link
from recommendations.services import NotPermitted, ServiceError, decide_link, import_document, propose_links
from recommendations.services.lineage import earlier_documents
from tests.factories import LinkFactory

pytestmark = pytest.mark.django_db

NEXT = settings.FIXTURES_DIR / "lineage" / "S-2095-130.zh.txt"
GOLD = settings.FIXTURES_DIR / "lineage" / "S-2095-130.zh.gold.yaml"


def _next_report():
    return import_document(data=NEXT.read_bytes())


def _ref(item: Item) -> str:
    return f"{item.paragraph.number}-{item.seq}"


def test_importing_the_next_report_proposes_the_predecessors_of_its_recurring_items(opened):
    result = _next_report()
    links = list(Link.objects.select_related("item__paragraph", "earlier__paragraph"))
    assert result.links == len(links) > 0
    gold = {(e["paragraph"], e["quote"]): e for e in yaml.safe_load(GOLD.read_text(encoding="utf-8"))["items"]}
    right = 0
    for link in links:
        assert link.state == Link.State.PROPOSED and link.item.document == result.document
        assert link.earlier.document == opened and 0 < link.similarity <= 1
        entry = gold[(link.item.paragraph.number, link.item.quote)]
        right += (entry.get("predecessor") or {}).get("ref") == _ref(link.earlier)
    linked = sum(1 for e in gold.values() if e.get("predecessor"))
    assert right / len(links) >= 0.8 and right / linked >= 0.8
    # Each earlier item is proposed for one later item at most.
    assert len({link.earlier_id for link in links}) == len(links)


def test_the_earlier_reports_are_the_series_before_it_and_those_it_cites(opened, seed_bytes):
    later = _next_report().document
    assert earlier_documents(later) == [opened]
    assert earlier_documents(opened) == []  # the next report is later, not earlier
    # A report of another series that does not cite it has no earlier report.
    text = NEXT.read_text(encoding="utf-8").replace("S/2095/130", "S/2095/999").replace("S/2017/130", "S/2015/999")
    other = import_document(data=text.encode(), title="秘书长的报告")
    assert other.links == 0 and earlier_documents(other.document) == []


def test_proposed_earlier_items_and_those_already_followed_are_not_candidates(seed_document):
    # S/2017/130's items are only proposed (not yet reviewed): nothing tracked to link to.
    result = _next_report()
    assert result.links == 0 and not Link.objects.exists()


def test_proposing_again_leaves_linked_items_and_rejected_pairs(opened, coordinator):
    later = _next_report().document
    first = Link.objects.order_by("-similarity").first()
    decide_link(link=first, actor=coordinator, confirm=False)
    Link.objects.filter(state=Link.State.PROPOSED).exclude(pk=first.pk).delete()
    again = propose_links(later)
    assert (first.item_id, first.earlier_id) not in {(link.item_id, link.earlier_id) for link in again}
    assert Link.objects.filter(item=first.item, earlier=first.earlier).count() == 1
    assert propose_links(later) == []  # every item now linked, or its pair rejected


def test_a_coordinator_confirms_a_link_with_the_relation_chosen(opened, coordinator):
    _next_report()
    link = Link.objects.first()
    decided = decide_link(link=link, actor=coordinator, confirm=True, relation="supersedes")
    assert (decided.state, decided.relation, decided.decided_by) == ("confirmed", "supersedes", coordinator)
    assert decided.decided_at is not None
    with pytest.raises(ServiceError, match="this link was already confirmed"):
        decide_link(link=link, actor=coordinator, confirm=False)


def test_an_unknown_relation_is_refused_and_nothing_is_decided(opened, coordinator):
    _next_report()
    link = Link.objects.first()
    with pytest.raises(ServiceError, match="“copies” is not a relation: choose one of repeats, follows_up, supersedes"):
        decide_link(link=link, actor=coordinator, confirm=True, relation="copies")
    link.refresh_from_db()
    assert (link.state, link.decided_by) == ("proposed", None)


def test_a_report_in_another_language_is_compared_through_the_earlier_reports_version_in_it(opened):
    # No English version yet: the English report has nothing to compare S/2017/130's items with.
    english_report = settings.FIXTURES_DIR / "lineage" / "heldout" / "S-2095-131.en.txt"
    with transaction.atomic():
        assert import_document(data=english_report.read_bytes()).links == 0
        transaction.set_rollback(True)
    import_document(data=(settings.FIXTURES_DIR / "S-2017-130.en.txt").read_bytes(), symbol="S/2017/130",
                    language="en")  # fmt: skip
    result = import_document(data=english_report.read_bytes())
    links = list(Link.objects.select_related("earlier__document"))
    assert result.links == len(links) > 0
    assert {link.earlier.document for link in links} == {opened}  # the items are the Chinese version's


@pytest.mark.parametrize("role", ["au_focal_point", "viewer"])
def test_only_who_may_edit_the_later_item_decides_its_link(request, bodies, role):
    link = LinkFactory()
    ItemOwner.objects.create(item=link.item, body=Body.objects.get(code="AU"))
    with pytest.raises(NotPermitted, match="you may not edit"):
        decide_link(link=link, actor=request.getfixturevalue(role), confirm=True)
    link.refresh_from_db()
    assert (link.state, link.decided_by) == ("proposed", None)
