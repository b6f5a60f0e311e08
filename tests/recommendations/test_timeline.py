"""Each version an item reaches has its one event, whichever door the change came through."""

import datetime
import json
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from recommendations import services
from recommendations.models import Body, Event, Item
from recommendations.services import exchange, export
from tests.factories import AddresseeFactory
from tests.recommendations.api.conftest import etag_of

pytestmark = pytest.mark.django_db


def _gaps() -> dict:
    """Items whose event versions are not exactly 1, 2, …, their version: {reference key: (version, events)}."""
    seen = defaultdict(list)
    for item_id, version in Event.objects.values_list("item_id", "version"):
        seen[item_id].append(version)
    return {
        f"{item.reference} {item.key}": (item.version, sorted(seen[item.pk]))
        for item in Item.objects.select_related("document", "paragraph")
        if sorted(seen[item.pk]) != list(range(1, item.version + 1))
    }


def test_the_demo_leaves_every_version_with_its_event(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", stdout=StringIO())
    assert Item.objects.filter(version__gt=1).count() > 30
    assert _gaps() == {}


def test_an_import_gives_every_proposed_item_its_first_event(seed_document):
    assert seed_document.items.count() == 35
    assert set(Event.objects.values_list("action", "to_value", "version")) == {("import", "proposed", 1)}
    assert _gaps() == {}


def test_every_service_writes_one_event_per_version(opened, coordinator, tpcc_focal_point):
    item = Item.objects.get(paragraph__number=109)
    tpcc, au = Body.objects.get(code="TPCC"), Body.objects.get(code="AU")
    services.create_item(
        actor=coordinator, document=opened, paragraph=item.paragraph, quote_start=0, quote_end=10, kind="conclusion"
    )
    assert _gaps() == {}
    steps = {
        "transition": lambda: services.transition(item=item, action="start", actor=coordinator),
        "progress": lambda: services.record_progress(item=item, actor=coordinator, comment="half", percent=50),
        "comment": lambda: services.add_comment(item=item, actor=coordinator, comment="noted"),
        "due date": lambda: services.set_due_date(item=item, actor=coordinator, due_date=datetime.date(2027, 6, 30)),
        "details": lambda: services.update_details(item=item, actor=coordinator, summary="Consult tripartitely"),
        "set owner": lambda: services.set_owner(item=item, actor=coordinator, body=au),
        "propose closure": lambda: services.propose_closure(
            item=item, actor=tpcc_focal_point, comment="done", evidence_symbol="S/2017/130"
        ),
        "return closure": lambda: services.return_closure(item=item, actor=coordinator, comment="more evidence"),
        "propose closure again": lambda: services.propose_closure(
            item=item, actor=tpcc_focal_point, evidence_url="https://example.org/report"
        ),
        "remove owner": lambda: services.remove_owner(item=item, actor=coordinator, body=au),
        "replace owners": lambda: services.replace_owners(
            item=item, actor=coordinator, owners={"TPCC": (tpcc, "lead")}
        ),
        "change item": lambda: services.change_item(
            item=item,
            actor=coordinator,
            details={"summary": "Consult the contributors", "priority": 3},
            due_date=None,
            owners={"TPCC": (tpcc, "supporting"), "AU": (au, "lead")},
        ),
        "accept closure": lambda: services.accept_closure(item=item, actor=coordinator, comment="closed"),
    }
    for name, step in steps.items():
        before = Event.objects.count()
        step()
        assert Event.objects.count() > before, name
        assert _gaps() == {}, name


def test_review_services_write_one_event_per_version(seed_document, coordinator):
    item, duplicate = seed_document.items.order_by("pk")[:2]
    services.merge(item=duplicate, into=item, actor=coordinator)
    services.set_quote_span(item=item, actor=coordinator, start=0, end=5)
    services.map_addressee(
        addressee=AddresseeFactory(item=item, words=item.paragraph.text[:6]),
        actor=coordinator,
        code="RP",
        name_en="Partners",
        name_zh="伙伴",
    )
    services.transition(item=item, action="confirm", actor=coordinator)
    assert Item.objects.get(pk=item.pk).version == 5
    assert _gaps() == {}


def test_a_file_of_items_writes_one_event_per_version(opened, coordinator):
    rows = json.loads(export.export_items(Item.objects.filter(paragraph__number=109), "json"))
    rows[0].update(status="in_progress", due_date="2027-03-31", progress="20", summary="Edited in a file",
                   lead="SC SEC", supporting="TPCC")  # fmt: skip
    report = exchange.import_items(data=json.dumps(rows).encode(), fmt="json", actor=coordinator)
    assert report.changed == ["S/2017/130 109-1"]
    assert _gaps() == {}


def test_api_and_admin_edits_write_one_event_per_version(api, client, opened, coordinator):
    item = Item.objects.get(paragraph__number=109)
    api_client = api(coordinator)
    patched = api_client.patch(
        f"/api/v1/items/{item.pk}/",
        {"summary": "From the API", "due_date": "2027-01-31", "kind": "conclusion"},
        HTTP_IF_MATCH=etag_of(api_client, item.pk),
    )
    assert patched.status_code == 200, patched.content
    client.force_login(coordinator)
    page = reverse("admin:recommendations_item_change", args=[item.pk])
    item.refresh_from_db()
    form = {
        "kind": "recommendation",
        "summary": "From the admin",
        "summary_zh": item.summary_zh,
        "due_date": "2027-02-28",
        "priority": item.priority,
        "ownerships-TOTAL_FORMS": 0,
        "ownerships-INITIAL_FORMS": 0,
        "_save": "Save",
    }
    saved = client.post(page, form)
    assert saved.status_code == 302, saved.content[:2000]
    item.refresh_from_db()
    assert (item.summary, item.kind, item.due_date) == ("From the admin", "recommendation", datetime.date(2027, 2, 28))
    assert _gaps() == {}


def test_a_revision_writes_one_event_per_version(opened, settings):
    from recommendations.services.revising import revise_document

    revised = settings.FIXTURES_DIR / "revisions" / "S-2017-130.reissued.zh.txt"
    result = revise_document(data=revised.read_bytes(), symbol="S/2017/130", language="zh")
    # 3 changed, 1 lost, and 17 moved: inserted text, and the renumbering after the split.
    assert dict(result.found) == {"moved": 17, "changed": 3, "lost": 1}
    assert _gaps() == {}
