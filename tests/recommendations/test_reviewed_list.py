"""Applying a reviewed list writes, in a few statements, the rows the single-item services write one by one."""

import copy

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from recommendations.models import Body, Event, Item, ItemOwner
from recommendations.services import apply_curated_items, replace_owners, transition
from recommendations.services.details import edit_fields
from recommendations.services.importing import CuratedResult, _check_entry, _curated_values

pytestmark = pytest.mark.django_db

# Columns that differ between two runs of the same change: ids and the moments each row was written.
MOMENTS = {"id", "history_id", "created_at", "updated_at", "last_activity_at", "history_date"}


class Rollback(Exception):
    pass


@transaction.atomic
def one_by_one(*, document, entries):
    """The reviewed list applied through the single-item services, an item at a time."""
    bodies = {body.code: body for body in Body.objects.all()}
    paragraphs = {p.number: p for p in document.paragraphs.all()}
    items = {(i.paragraph_id, i.seq): i for i in document.items.all()}
    result = CuratedResult()
    for entry in entries:
        para, owners = _check_entry(document, entry, paragraphs, bodies)
        _number, seq = Item.parse_key(str(entry["ref"]))
        item = items.get((para.pk, seq))
        if item is None:
            item = Item.objects.create(document=document, paragraph=para, seq=seq, **_curated_values(entry))
            Event.objects.create(item=item, kind=Event.Kind.STATUS, action="curated", to_value=item.status, version=1)
            changed = True
        else:
            before = item.version
            item = edit_fields(item=item, actor=None, values=_curated_values(entry), action="curated")
            changed = item.version != before
        before = item.version
        wanted = {code: (bodies[code], role) for code, role in owners.items()}
        item = replace_owners(item=item, actor=None, owners=wanted)
        if item.status == Item.Status.PROPOSED:
            transition(item=item, action="confirm", actor=None, comment="confirmed by the reviewed list")
            result.opened += 1
        elif changed or item.version != before:
            result.updated += 1
            result.changed_refs.append(entry["ref"])
        else:
            result.unchanged += 1
    return result


def _rows():
    """Every row the lists write, in the order written, with ids as references (¶-position, body code)."""
    keys = {item.pk: item.key for item in Item.objects.select_related("paragraph")}
    codes = dict(Body.objects.values_list("pk", "code"))

    def row(values):
        values = {name: value for name, value in values.items() if name not in MOMENTS}
        for name, names in (("item_id", keys), ("body_id", codes)):
            if name in values:
                values[name] = names[values[name]]
        return values

    events = list(Event.objects.exclude(action="import").order_by("id"))
    return {
        "moments": sorted((keys[item.pk], _moments(item, events)) for item in Item.objects.all()),
        "items": sorted(((keys[i["id"]], row(i)) for i in Item.objects.values()), key=lambda kv: kv[0]),
        "owners": sorted((row(o) for o in ItemOwner.objects.values()), key=lambda o: (o["item_id"], o["body_id"])),
        "events": [row(e) for e in Event.objects.order_by("id").values()],
        "item history": [(keys[h["id"]], row(h)) for h in Item.history.model.objects.order_by("history_id").values()],
        "owner history": [row(h) for h in ItemOwner.history.model.objects.order_by("history_id").values()],
    }


def _moments(item, events):
    """Whether the item's times agree with its timeline: updated at or after its last event, active at its last
    activity (its details are no activity)."""
    own = [event for event in events if event.item_id == item.pk]
    active = [event.created_at for event in own if event.kind != Event.Kind.DETAILS]
    return (
        not own or item.updated_at >= max(event.created_at for event in own),
        not active or item.last_activity_at == max(active),
    )


def _changed(entries):
    """The list revised: a summary, owners added, removed and re-roled, and an item the extractor did not find."""
    entries = copy.deepcopy(entries)
    entries[0]["summary"] = "Participants affirmed new technologies (revised)."
    entries[1] |= {"lead": ["SC", "AU"], "supporting": []}
    leads = entries[2].get("lead", [])
    entries[2] |= {"lead": [*leads[1:], "TPCC"], "supporting": leads[:1]}
    entries.append(entries[3] | {"ref": f"{entries[3]['paragraph']}-7"})
    return entries


def _apply_each(apply, document, lists):
    results = [apply(document=document, entries=entries).__dict__ for entries in lists]
    return results, _rows()


def _written_by(apply, document, lists):
    """What ``apply`` writes for each list in turn, then undone."""
    try:
        with transaction.atomic():
            written = _apply_each(apply, document, lists)
            raise Rollback
    except Rollback:
        return written


@pytest.mark.parametrize("revised", [False, True], ids=["first-then-again", "revised-then-again"])
def test_a_reviewed_list_writes_the_rows_the_single_item_services_write(seed_document, curated, revised):
    lists = [curated["items"], curated["items"]]
    if revised:
        lists += [_changed(curated["items"])] * 2
    expected = _written_by(one_by_one, seed_document, lists)
    assert _written_by(apply_curated_items, seed_document, lists) == expected
    assert {moments for _key, moments in expected[1]["moments"]} == {(True, True)}
    # The lists changed what they should: 35 items in three parts but for the owners of 12 already
    # as reviewed; then a summary, two items' owners, and a new item's three parts.
    assert len([event for event in expected[1]["events"] if event["action"] != "import"]) == 93 + 6 * revised


def test_a_reviewed_list_is_written_in_the_same_statements_whatever_its_length(seed_document, curated):
    # Locks, reads, each table's writes, the quotes carried: 15 statements for the report's 35
    # items (one by one they took 714), and 8 to find a second run changes nothing.
    with CaptureQueriesContext(connection) as first:
        apply_curated_items(document=seed_document, entries=curated["items"])
    with CaptureQueriesContext(connection) as again:
        apply_curated_items(document=seed_document, entries=curated["items"])
    assert (len(first), len(again)) == (15, 8)
