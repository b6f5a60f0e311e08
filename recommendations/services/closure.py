"""Reviewing a proposed closure: a coordinator accepts it, or returns it to the focal point with a comment."""

from __future__ import annotations

from django.db import transaction

from ..models import Event, Item
from ..workflow import TRANSITIONS
from ._changes import ExpectedVersion, lock_item, record, require
from .errors import ServiceError, TransitionNotAllowed


def closure_proposal(item: Item) -> Event | None:
    """The event that proposed the item's pending closure (its evidence, who, when); None when none is pending."""
    if not item.closure_proposed:
        return None
    # The newest proposal is the one pending: proposing again replaces the evidence.
    return item.events.filter(action="propose_closure").select_related("actor").order_by("-version").first()


def _pending(item: Item, verb: str) -> None:
    if not item.closure_proposed:
        raise TransitionNotAllowed(f"no closure is proposed for {item.reference}: there is nothing to {verb}")


@transaction.atomic
def accept_closure(*, item: Item, actor, comment: str = "", expected_version: ExpectedVersion = None) -> Item:
    """Close the item as implemented with the evidence its focal point proposed."""
    item = lock_item(item, expected_version)
    require(actor, "accept_closure", item)
    _pending(item, "accept")
    proposed = closure_proposal(item)
    if proposed is None or not (proposed.evidence_url or proposed.evidence_symbol):
        # A flag set without a proposal on the timeline (a load, a hand edit): no evidence to close with.
        raise TransitionNotAllowed(
            f"{item.reference} has no proposed evidence on its timeline: close it as implemented with evidence"
        )
    move = TRANSITIONS["implement"]
    current = item.status
    if not move.allowed_from(current):
        raise TransitionNotAllowed(f"cannot close {item.reference} as implemented: it is {item.get_status_display()}")
    item.status, item.closure_proposed = move.target, False
    record(
        item,
        actor,
        Event.Kind.STATUS,
        ["status", "closure_proposed"],
        action="accept_closure",
        from_value=current,
        to_value=move.target,
        comment=comment,
        evidence_url=proposed.evidence_url,
        evidence_symbol=proposed.evidence_symbol,
    )
    return item


@transaction.atomic
def return_closure(*, item: Item, actor, comment: str, expected_version: ExpectedVersion = None) -> Item:
    """Send a proposed closure back to the focal point, saying why; the item stays open."""
    item = lock_item(item, expected_version)
    require(actor, "return_closure", item)
    _pending(item, "return")
    if not comment.strip():
        raise ServiceError("returning a proposed closure needs a comment: say what is missing", field="comment")
    item.closure_proposed = False
    # A status event, though the status stays: it decides the closing, and event notices tell the
    # focal points of the item's bodies (the proposer among them) of status events.
    record(item, actor, Event.Kind.STATUS, ["closure_proposed"], action="return_closure", comment=comment)
    return item
