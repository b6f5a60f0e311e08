"""A proposed closure, reviewed by a coordinator: accepted with the evidence proposed, or returned with a comment."""

import pytest

from recommendations.models import Event, Item, Status
from recommendations.services import (
    NotPermitted,
    ServiceError,
    TransitionNotAllowed,
    VersionConflict,
    accept_closure,
    closure_proposal,
    propose_closure,
    return_closure,
    transition,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(opened, tpcc_focal_point, coordinator):
    """S/2017/130 ¶109, in progress, its closure proposed by the TPCC's focal point (twice: the second counts)."""
    item = transition(item=opened.items.get(paragraph__number=109), action="start", actor=coordinator)
    propose_closure(item=item, actor=tpcc_focal_point, evidence_url="https://example.org/first")
    return propose_closure(
        item=item, actor=tpcc_focal_point, comment="Consulted in March", evidence_symbol="S/PRST/2015/26"
    )


def _state(item: Item) -> tuple:
    item.refresh_from_db()
    return item.status, item.closure_proposed, item.version, item.events.count()


def test_accepting_closes_as_implemented_with_the_newest_proposed_evidence(proposed, coordinator):
    version = proposed.version
    item = accept_closure(item=proposed, actor=coordinator, comment="Well documented", expected_version=version)
    assert (item.status, item.closure_proposed, item.version) == (Status.IMPLEMENTED, False, version + 1)
    event = item.events.get(version=version + 1)
    assert (event.kind, event.action, event.actor.username) == (Event.Kind.STATUS, "accept_closure", "coordinator")
    assert (event.from_value, event.to_value) == (Status.IN_PROGRESS, Status.IMPLEMENTED)
    assert (event.evidence_symbol, event.evidence_url, event.comment) == ("S/PRST/2015/26", "", "Well documented")
    assert item.events.count() == item.version  # one event per version, none more


def test_returning_keeps_the_item_open_and_clears_the_proposal(proposed, coordinator):
    version = proposed.version
    item = return_closure(item=proposed, actor=coordinator, comment="The PRST is not the evidence asked for")
    assert (item.status, item.closure_proposed, item.version) == (Status.IN_PROGRESS, False, version + 1)
    event = item.events.get(version=version + 1)
    assert (event.kind, event.action, event.comment) == (
        Event.Kind.STATUS,
        "return_closure",
        "The PRST is not the evidence asked for",
    )
    assert (event.from_value, event.to_value, event.evidence_url, event.evidence_symbol) == ("", "", "", "")
    assert closure_proposal(item) is None


@pytest.mark.parametrize("comment", ["", "   \n"])
def test_returning_needs_a_comment(proposed, coordinator, comment):
    before = _state(proposed)
    with pytest.raises(ServiceError, match="needs a comment") as refused:
        return_closure(item=proposed, actor=coordinator, comment=comment)
    assert refused.value.field == "comment"
    assert _state(proposed) == before


@pytest.mark.parametrize(
    ("review", "verb"),
    [
        (lambda item, who: accept_closure(item=item, actor=who), "accept"),
        (lambda item, who: return_closure(item=item, actor=who, comment="why"), "return"),
    ],
)
def test_a_review_without_a_proposal_is_refused_naming_the_problem(opened, coordinator, review, verb):
    item = opened.items.get(paragraph__number=109)
    before = _state(item)
    with pytest.raises(
        TransitionNotAllowed, match=f"no closure is proposed for S/2017/130 ¶109: there is nothing to {verb}"
    ):
        review(item, coordinator)
    assert _state(item) == before


def test_a_closure_returned_or_closed_otherwise_cannot_be_accepted_after(proposed, coordinator):
    return_closure(item=proposed, actor=coordinator, comment="more please")
    with pytest.raises(TransitionNotAllowed, match="no closure is proposed"):
        accept_closure(item=proposed, actor=coordinator)


@pytest.mark.parametrize("role", ["tpcc_focal_point", "au_focal_point", "viewer", "outsider"])
def test_only_coordinators_review_a_closure(proposed, request, role):
    user = request.getfixturevalue(role)
    before = _state(proposed)
    with pytest.raises(NotPermitted, match="you may not accept closure S/2017/130 ¶109"):
        accept_closure(item=proposed, actor=user)
    with pytest.raises(NotPermitted, match="you may not return closure S/2017/130 ¶109"):
        return_closure(item=proposed, actor=user, comment="no")
    assert _state(proposed) == before


def test_a_review_against_a_stale_version_changes_nothing(proposed, coordinator, tpcc_focal_point):
    stale = proposed.version
    propose_closure(item=proposed, actor=tpcc_focal_point, evidence_url="https://example.org/third")
    before = _state(proposed)
    with pytest.raises(VersionConflict, match="reload it and try again"):
        accept_closure(item=proposed, actor=coordinator, expected_version=stale)
    with pytest.raises(VersionConflict):
        return_closure(item=proposed, actor=coordinator, comment="no", expected_version=stale)
    assert _state(proposed) == before


def test_a_flag_without_a_proposal_on_the_timeline_is_not_accepted_but_can_be_returned(opened, coordinator):
    item = opened.items.get(paragraph__number=109)
    Item.objects.filter(pk=item.pk).update(closure_proposed=True)  # as a hand edit of the database would
    with pytest.raises(TransitionNotAllowed, match="no proposed evidence on its timeline"):
        accept_closure(item=item, actor=coordinator)
    assert return_closure(item=item, actor=coordinator, comment="propose it with evidence").closure_proposed is False


def test_the_proposal_is_the_newest_one_with_who_and_when(proposed, tpcc_focal_point):
    found = closure_proposal(proposed)
    assert (found.actor, found.evidence_symbol, found.comment) == (
        tpcc_focal_point,
        "S/PRST/2015/26",
        "Consulted in March",
    )
    assert found.version == proposed.version
