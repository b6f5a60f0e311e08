"""Transitions on both axes: every legal one works, every illegal one is refused, each leaves an Event."""

import pytest

from recommendations.models import Event, Item, Status
from recommendations.services import (
    EvidenceError,
    NotPermitted,
    TransitionNotAllowed,
    VersionConflict,
    add_comment,
    merge,
    propose_closure,
    record_progress,
    transition,
)
from recommendations.workflow import TRANSITIONS

pytestmark = pytest.mark.django_db

EVIDENCE = {"evidence_url": "https://example.org/report.pdf"}
# For each status, a path of transitions from proposed that reaches it.
PATH_TO = {
    "proposed": [],
    "dismissed": ["dismiss"],
    "open": ["confirm"],
    "in_progress": ["confirm", "start"],
    "implemented": ["confirm", "implement"],
    "not_implemented": ["confirm", "not_implemented"],
    "superseded": ["confirm", "supersede"],
    "withdrawn": ["confirm", "withdraw"],
}
RESPONSES = {"pending": [], "accepted": ["accept"], "partially_accepted": ["partially_accept"],
             "not_accepted": ["not_accept"], "noted": ["note"]}  # fmt: skip
# The rules, written out apart from workflow.TRANSITIONS: action → (the values it moves from, the value it sets).
OPEN = {"open", "in_progress"}
CLOSED = {"implemented", "not_implemented", "superseded", "withdrawn"}
ANSWERED = {"accepted", "partially_accepted", "not_accepted", "noted"}
STATUS_RULES = {
    "confirm": ({"proposed"}, "open"),
    "dismiss": ({"proposed"}, "dismissed"),
    "start": ({"open"}, "in_progress"),
    "implement": (OPEN, "implemented"),
    "not_implemented": (OPEN, "not_implemented"),
    "supersede": (OPEN, "superseded"),
    "withdraw": (OPEN, "withdrawn"),
    "reopen": (CLOSED, "open"),
}
RESPONSE_RULES = {
    "accept": ({"pending"}, "accepted"),
    "partially_accept": ({"pending"}, "partially_accepted"),
    "not_accept": ({"pending"}, "not_accepted"),
    "note": ({"pending"}, "noted"),
    "reset_response": (ANSWERED, "pending"),
}


def _item(document, status="proposed", response="pending"):
    item = document.items.get(paragraph__number=109)
    for action in PATH_TO[status] + RESPONSES[response]:
        item = transition(item=item, action=action, actor=None, **EVIDENCE)
    return item


@pytest.mark.parametrize("status", list(PATH_TO))
@pytest.mark.parametrize("action", list(STATUS_RULES))
def test_every_status_transition_is_allowed_exactly_from_its_sources(seed_document, coordinator, status, action):
    item = _item(seed_document, status)
    sources, target = STATUS_RULES[action]
    events = item.events.count()
    if status in sources:
        after = transition(item=item, action=action, actor=coordinator, **EVIDENCE)
        assert after.status == target
        assert after.version == item.version + 1
        event = after.events.last()
        assert (event.kind, event.action, event.from_value, event.to_value, event.actor) == (
            "status",
            action,
            status,
            target,
            coordinator,
        )
    else:
        with pytest.raises(TransitionNotAllowed, match=f"its status is {Item.Status(status).label}"):
            transition(item=item, action=action, actor=coordinator, **EVIDENCE)
        item.refresh_from_db()
        assert item.status == status and item.events.count() == events


@pytest.mark.parametrize("response", list(RESPONSES))
@pytest.mark.parametrize("action", list(RESPONSE_RULES))
def test_every_response_transition_is_allowed_exactly_from_its_sources(seed_document, coordinator, response, action):
    item = _item(seed_document, "open", response)
    sources, target = RESPONSE_RULES[action]
    if response in sources:
        assert transition(item=item, action=action, actor=coordinator).response == target
    else:
        with pytest.raises(TransitionNotAllowed):
            transition(item=item, action=action, actor=coordinator)
        item.refresh_from_db()
        assert item.response == response


def test_the_rules_above_cover_every_transition_and_only_implementing_needs_evidence():
    assert set(TRANSITIONS) == set(STATUS_RULES) | set(RESPONSE_RULES)
    assert {name for name, move in TRANSITIONS.items() if move.evidence} == {"implement"}


def test_unknown_action_is_an_error(seed_document, coordinator):
    with pytest.raises(TransitionNotAllowed, match="unknown action 'explode'"):
        transition(item=_item(seed_document, "open"), action="explode", actor=coordinator)


def test_closing_as_implemented_needs_evidence(seed_document, coordinator):
    item = _item(seed_document, "in_progress")
    with pytest.raises(EvidenceError, match="needs evidence"):
        transition(item=item, action="implement", actor=coordinator)
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS


@pytest.mark.parametrize("symbol", ["S/RES/2436 (2018)", "S/PRST/2015/26", "A/70/95-S/2015/446", "S/RES/2436(2018)"])
def test_a_cited_symbol_is_evidence_and_becomes_a_link(seed_document, coordinator, symbol):
    item = transition(item=_item(seed_document, "open"), action="implement", actor=coordinator, evidence_symbol=symbol)
    event = item.events.last()
    assert event.evidence_symbol == symbol.replace("(2018)", " (2018)").replace("  ", " ")
    assert event.evidence_link.startswith("http://undocs.org/ch/")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("evidence_symbol", "S/RES/2436", "needs its year"),
        ("evidence_symbol", "resolution 2436", "is not a UN document symbol"),
        ("evidence_url", "ftp://example.org/x", "is not a web address"),
    ],
)
def test_malformed_evidence_is_refused_by_name(seed_document, coordinator, field, value, message):
    with pytest.raises(EvidenceError, match=message):
        transition(item=_item(seed_document, "open"), action="implement", actor=coordinator, **{field: value})


def test_a_closed_item_can_be_reopened(seed_document, coordinator):
    item = _item(seed_document, "implemented")
    assert transition(item=item, action="reopen", actor=coordinator).status == Status.OPEN


def test_stale_version_is_a_conflict_and_changes_nothing(seed_document, coordinator):
    item = _item(seed_document, "open")
    transition(item=item, action="start", actor=coordinator, expected_version=item.version)
    with pytest.raises(VersionConflict, match=f"version {item.version + 1}, not {item.version}"):
        transition(item=item, action="withdraw", actor=coordinator, expected_version=item.version)
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS


def test_an_expected_version_may_be_any_of_several_or_none_for_any(seed_document, coordinator):
    item = _item(seed_document, "open")
    version = item.version
    item = add_comment(item=item, actor=coordinator, comment="a", expected_version={version - 1, version})
    item = add_comment(item=item, actor=coordinator, comment="b", expected_version=None)
    assert item.version == version + 2
    with pytest.raises(VersionConflict, match=f"version {version + 2}, not {version} or {version + 1}"):
        add_comment(item=item, actor=coordinator, comment="c", expected_version=frozenset({version, version + 1}))


def test_progress_comment_and_evidence_make_one_ordered_timeline(opened, tpcc_focal_point):
    item = opened.items.get(paragraph__number=109)
    start = item.version
    record_progress(item=item, actor=tpcc_focal_point, comment="Consultations scheduled", percent=40)
    add_comment(item=item, actor=tpcc_focal_point, comment="Dates agreed with the Secretariat")
    item = propose_closure(item=item, actor=tpcc_focal_point, evidence_symbol="S/PRST/2015/26")
    assert item.version == start + 3 and item.progress == 40 and item.closure_proposed
    kinds = list(item.events.values_list("kind", flat=True))
    assert kinds[-3:] == ["progress", "comment", "evidence"]
    times = list(item.events.values_list("created_at", flat=True))
    assert times == sorted(times)


def test_progress_outside_0_to_100_is_refused(opened, tpcc_focal_point):
    from recommendations.services import ServiceError

    item = opened.items.get(paragraph__number=109)
    with pytest.raises(ServiceError, match="percentage from 0 to 100, not 140"):
        record_progress(item=item, actor=tpcc_focal_point, comment="", percent=140)


def test_field_history_records_status_and_due_date_changes(opened, coordinator):
    import datetime

    from recommendations.services import set_due_date

    item = opened.items.get(paragraph__number=109)
    transition(item=item, action="start", actor=coordinator)
    set_due_date(item=item, actor=coordinator, due_date=datetime.date(2027, 3, 31))
    history = list(item.history.order_by("history_date").values_list("status", "due_date", "history_user"))
    assert history[-2:] == [
        ("in_progress", None, coordinator.pk),
        ("in_progress", datetime.date(2027, 3, 31), coordinator.pk),
    ]
    assert item.events.filter(kind=Event.Kind.DUE_DATE, to_value="2027-03-31").exists()


def test_proposed_item_merged_into_another_is_dismissed_with_a_trace_on_both(seed_document, coordinator):
    first, second = seed_document.items.filter(paragraph__number=19)
    merged = merge(item=second, into=first, actor=coordinator)
    assert merged.status == Status.DISMISSED and merged.merged_into == first
    assert first.events.filter(kind="merge", comment__contains="19-2").exists()
    with pytest.raises(TransitionNotAllowed):
        merge(item=merged, into=first, actor=coordinator)


def test_a_focal_point_cannot_merge(seed_document, tpcc_focal_point):
    first, second = (
        seed_document.items.filter(paragraph__number=107)[:1].get(),
        seed_document.items.get(paragraph__number=109),
    )
    with pytest.raises(NotPermitted):
        merge(item=second, into=first, actor=tpcc_focal_point)


def test_a_merge_target_is_an_item_of_the_same_document_still_tracked(seed_document, coordinator):
    from recommendations.services import ServiceError, import_document
    from tests.recommendations.ingest.conftest import SAMPLES

    other = import_document(data=(SAMPLES / "report.en.txt").read_bytes(), symbol="S/2099/42", language="en").document
    first, second = seed_document.items.filter(paragraph__number=19)
    with pytest.raises(ServiceError, match="same document"):
        merge(item=second, into=other.items.first(), actor=coordinator)
    dismissed = transition(item=seed_document.items.get(paragraph__number=22), action="dismiss", actor=coordinator)
    with pytest.raises(ServiceError, match="is dismissed"):
        merge(item=second, into=dismissed, actor=coordinator)
    assert merge(item=second, into=first, actor=coordinator).merged_into == first


@pytest.mark.parametrize("status", ["proposed", "dismissed", "implemented", "withdrawn"])
def test_progress_is_refused_on_an_item_that_is_not_open(seed_document, coordinator, status):
    item = _item(seed_document, status)
    before = (item.version, item.progress, item.events.count())
    with pytest.raises(TransitionNotAllowed, match="progress is reported on open items"):
        record_progress(item=item, actor=coordinator, comment="still going", percent=10)
    item.refresh_from_db()
    assert (item.version, item.progress, item.events.count()) == before


@pytest.mark.parametrize("status", ["proposed", "dismissed", "not_implemented", "superseded"])
def test_closure_is_proposed_only_for_an_open_item(seed_document, coordinator, status):
    item = _item(seed_document, status)
    with pytest.raises(TransitionNotAllowed, match="only open items can be closed"):
        propose_closure(item=item, actor=coordinator, **EVIDENCE)
    item.refresh_from_db()
    assert not item.closure_proposed


def test_closure_is_proposed_only_with_evidence(seed_document, coordinator):
    item = _item(seed_document, "in_progress")
    with pytest.raises(EvidenceError, match="proposing to close needs evidence"):
        propose_closure(item=item, actor=coordinator, comment="done, trust me")
    item.refresh_from_db()
    assert not item.closure_proposed
