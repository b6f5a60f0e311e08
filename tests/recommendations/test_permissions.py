"""Every role × every action, on an item of the focal point's own body and on another body's item."""

import datetime

import pytest

from recommendations import permissions
from recommendations.models import Body, Item
from recommendations.services import (
    NotPermitted,
    accept_closure,
    add_comment,
    propose_closure,
    record_progress,
    return_closure,
    set_due_date,
    set_owner,
    transition,
)

pytestmark = pytest.mark.django_db

EVIDENCE = {"evidence_url": "https://example.org/evidence"}


def _do(action, item, user):
    if action == "progress":
        return record_progress(item=item, actor=user, comment="update", percent=10)
    if action == "comment":
        return add_comment(item=item, actor=user, comment="note")
    if action == "propose_closure":
        return propose_closure(item=item, actor=user, **EVIDENCE)
    if action == "accept_closure":
        return accept_closure(item=item, actor=user)
    if action == "return_closure":
        return return_closure(item=item, actor=user, comment="more evidence, please")
    if action == "set_due_date":
        return set_due_date(item=item, actor=user, due_date=datetime.date(2030, 1, 1))
    if action == "set_owner":
        return set_owner(item=item, actor=user, body=Body.objects.get(code="C34"))
    return transition(item=item, action=action, actor=user, **EVIDENCE)


# action → what state the item must be in first (status path from open).
ACTIONS = {
    "start": [],
    "implement": [],
    "not_implemented": [],
    "supersede": [],
    "withdraw": [],
    "reopen": ["implement"],
    "accept": [],
    "note": [],
    "reset_response": ["accept"],
    "progress": [],
    "comment": [],
    "propose_closure": [],
    "accept_closure": ["propose_closure"],
    "return_closure": ["propose_closure"],
    "set_due_date": [],
    "set_owner": [],
}
FOCAL_POINT_MAY = {"start", "accept", "note", "progress", "comment", "propose_closure"}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ["coordinator", "tpcc_focal_point", "au_focal_point", "viewer", "outsider"])
def test_permission_matrix_through_the_services(opened, request, role, action):
    user = request.getfixturevalue(role)
    item = opened.items.get(paragraph__number=109)  # owned by TPCC, SEC and SC, not by the AU
    for step in ACTIONS[action]:
        if step == "propose_closure":
            item = propose_closure(item=item, actor=None, **EVIDENCE)
        else:
            item = transition(item=item, action=step, actor=None, **EVIDENCE)
    allowed = role == "coordinator" or (role == "tpcc_focal_point" and action in FOCAL_POINT_MAY)
    version = item.version
    if allowed:
        assert _do(action, item, user).version == version + 1
    else:
        with pytest.raises(NotPermitted):
            _do(action, item, user)
        item.refresh_from_db()
        assert item.version == version


def test_focal_points_see_only_their_bodies_items(opened, tpcc_focal_point, au_focal_point, viewer, outsider):
    all_items = Item.objects.all()
    tpcc = permissions.visible_items(tpcc_focal_point, all_items)
    au = permissions.visible_items(au_focal_point, all_items)
    assert set(tpcc) == set(Item.objects.filter(ownerships__body__code="TPCC"))
    assert set(au) == set(Item.objects.filter(ownerships__body__code="AU"))
    assert not set(tpcc) & set(au)
    assert permissions.visible_items(viewer, all_items).count() == 35
    assert permissions.visible_items(outsider, all_items).count() == 0


def test_only_coordinators_edit_documents(coordinator, tpcc_focal_point, viewer):
    assert permissions.is_coordinator(coordinator)
    assert not permissions.is_coordinator(tpcc_focal_point)
    assert not permissions.is_coordinator(viewer)


def test_an_inactive_coordinator_may_do_nothing(opened, coordinator):
    coordinator.is_active = False
    coordinator.save()
    fresh = type(coordinator).objects.get(pk=coordinator.pk)
    with pytest.raises(NotPermitted):
        transition(item=opened.items.get(paragraph__number=109), action="start", actor=fresh)
