"""Event notices, for those who ask: their bodies' items changing, evidence awaiting a coordinator."""

import pytest

from notifications import notices, reminders
from notifications.models import Outbox, Preference
from recommendations.models import Body, Item
from recommendations.services import (
    accept_closure,
    import_document,
    propose_closure,
    return_closure,
    set_owner,
    transition,
)
from tests.recommendations.ingest.conftest import SAMPLES

from .smtp import SMTPServer

pytestmark = pytest.mark.django_db


def test_notices_for_status_changes_assignments_and_evidence(opened, coordinator, tpcc_focal_point, au_focal_point,
                                                            smtp_settings):  # fmt: skip
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    for user in (coordinator, tpcc_focal_point, au_focal_point):
        Preference.objects.create(user=user, event_notices=True)
    notices.plan_notices()  # the cursors start now: nothing from before is noticed
    assert not Outbox.objects.exists()

    item = Item.objects.get(paragraph__number=109)  # a TPCC item
    transition(item=item, action="start", actor=coordinator, comment="on it")
    set_owner(item=Item.objects.get(paragraph__number=106), actor=coordinator, body=Body.objects.get(code="TPCC"))
    propose_closure(item=item, actor=tpcc_focal_point, evidence_symbol="S/PRST/2015/26")
    notices.plan_notices()
    notices.plan_notices()  # a second run adds nothing
    rows = {row.recipient.username: row for row in Outbox.objects.filter(kind="notice")}
    assert set(rows) == {"tpcc-focal", "coordinator"}  # nothing for the AU, nobody told of their own change
    assert "S/2017/130 ¶109" in rows["tpcc-focal"].body_text and "S/2017/130 ¶106" in rows["tpcc-focal"].body_text
    assert "evidence" in rows["coordinator"].body_text and "S/PRST/2015/26" in rows["coordinator"].body_text
    with SMTPServer() as server:
        smtp_settings(server.port)
        sent = [reminders.send(outbox_id=pk, lease=lease) for pk, lease in reminders.claim()]
    assert sent == ["sent", "sent"] and len(server.messages) == 2


def test_no_notices_without_asking(opened, coordinator, tpcc_focal_point):
    transition(item=Item.objects.get(paragraph__number=109), action="start", actor=coordinator)
    notices.plan_notices()
    assert not Outbox.objects.exists()


def test_an_import_sends_no_notice_until_its_items_are_reviewed(opened, coordinator, tpcc_focal_point):
    Preference.objects.create(user=tpcc_focal_point, event_notices=True)
    notices.plan_notices()  # the cursor starts now, after S/2017/130's events
    sample = (SAMPLES / "report.en.txt").read_bytes()
    document = import_document(data=sample, symbol="S/2099/42", language="en").document
    tpcc_items = document.items.filter(ownerships__body__code="TPCC")
    assert tpcc_items.exists()
    notices.plan_notices()
    assert not Outbox.objects.exists()
    transition(item=tpcc_items.first(), action="confirm", actor=coordinator)
    notices.plan_notices()
    assert Outbox.objects.filter(recipient=tpcc_focal_point, kind="notice").count() == 1


def test_the_proposer_hears_that_a_closure_was_returned_and_why(opened, coordinator, tpcc_focal_point, au_focal_point):
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    for user in (coordinator, tpcc_focal_point, au_focal_point):
        Preference.objects.create(user=user, event_notices=True)
    notices.plan_notices()  # the cursors start now
    item = Item.objects.get(paragraph__number=109)  # a TPCC item
    propose_closure(item=item, actor=tpcc_focal_point, evidence_symbol="S/PRST/2015/26")
    notices.plan_notices()  # the coordinator hears of the evidence
    Outbox.objects.all().delete()
    return_closure(item=item, actor=coordinator, comment="Name the meeting that agreed it")
    notices.plan_notices()
    rows = {row.recipient.username: row for row in Outbox.objects.filter(kind="notice")}
    assert set(rows) == {"tpcc-focal"}  # not the AU's, not the coordinator who returned it
    assert "S/2017/130 ¶109 — closure returned (coordinator)" in rows["tpcc-focal"].body_text
    assert "Name the meeting that agreed it" in rows["tpcc-focal"].body_text


def test_the_proposer_hears_that_a_closure_was_accepted(opened, coordinator, tpcc_focal_point):
    Preference.objects.create(user=tpcc_focal_point, event_notices=True, language="zh-hans")
    notices.plan_notices()
    item = Item.objects.get(paragraph__number=109)
    propose_closure(item=item, actor=tpcc_focal_point, evidence_symbol="S/PRST/2015/26")
    accept_closure(item=item, actor=coordinator)
    notices.plan_notices()
    notice = Outbox.objects.get(recipient=tpcc_focal_point, kind="notice")
    assert "S/2017/130 ¶109 — 已接受结案: 待办 → 已执行 (coordinator)" in notice.body_text


def test_a_notice_names_who_acted_by_full_name_else_user_name_and_system_for_the_system(
    opened, coordinator, tpcc_focal_point, au_focal_point
):
    from recommendations.models import Event

    coordinator.first_name, coordinator.last_name = "Clara", "Ortiz"
    coordinator.save()
    transition(item=Item.objects.get(paragraph__number=109), action="start", actor=coordinator)
    transition(item=Item.objects.get(paragraph__number=106), action="start", actor=tpcc_focal_point)
    transition(item=Item.objects.get(paragraph__number=107), action="start", actor=None)
    events = Event.objects.filter(action="start").select_related("item__document", "item__paragraph", "actor")
    pref = Preference.objects.create(user=au_focal_point, event_notices=True)
    row = notices.notice_outbox(au_focal_point, pref, events.order_by("id"), period="events-test")
    assert "(Clara Ortiz)" in row.body_text and "(tpcc-focal)" in row.body_text and "(system)" in row.body_text
    assert "(coordinator)" not in row.body_text
