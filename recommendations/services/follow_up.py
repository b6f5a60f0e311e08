"""Following an item up: its transitions, progress reports, comments and proposals to close it."""

from __future__ import annotations

from django.db import transaction

from ..models import Event, Item
from ..workflow import TRANSITIONS
from ._changes import DIRECT, ExpectedVersion, Writer, check_evidence, lock_item, record, require
from .errors import EvidenceError, ServiceError, TransitionNotAllowed


@transaction.atomic
def transition(
    *,
    item: Item,
    action: str,
    actor,
    comment: str = "",
    evidence_url: str = "",
    evidence_symbol: str = "",
    expected_version: ExpectedVersion = None,
) -> Item:
    """Move the item along one of its axes; an illegal move is an error, never a silent no-op."""
    move = TRANSITIONS.get(action)
    if move is None:
        raise TransitionNotAllowed(f"unknown action {action!r}; known: {', '.join(TRANSITIONS)}", field="action")
    item = lock_item(item, expected_version)
    require(actor, action, item)
    move_item(item, actor, action, comment=comment, evidence_url=evidence_url, evidence_symbol=evidence_symbol)
    return item


def move_item(
    item: Item,
    actor,
    action: str,
    *,
    comment: str = "",
    evidence_url: str = "",
    evidence_symbol: str = "",
    writer: Writer = DIRECT,
) -> None:
    """``transition``'s move of the item, already locked and its actor checked; ``writer`` records it."""
    move = TRANSITIONS[action]
    current = getattr(item, move.axis)
    if not move.allowed_from(current):
        label = getattr(item, f"get_{move.axis}_display")()
        raise TransitionNotAllowed(f"cannot {action.replace('_', ' ')} {item.reference}: its {move.axis} is {label}")
    url, symbol = check_evidence(evidence_url, evidence_symbol)
    if move.evidence and not (url or symbol):
        raise EvidenceError(
            "closing as implemented needs evidence: a web address or a UN document symbol", field="evidence"
        )
    setattr(item, move.axis, move.target)
    fields = [move.axis]
    if move.axis == "status":
        item.closure_proposed = False
        fields.append("closure_proposed")
    writer.record(
        item,
        actor,
        Event.Kind.STATUS if move.axis == "status" else Event.Kind.RESPONSE,
        fields,
        action=action,
        from_value=current,
        to_value=move.target,
        comment=comment,
        evidence_url=url,
        evidence_symbol=symbol,
    )


@transaction.atomic
def record_progress(
    *, item: Item, actor, comment: str, percent: int | None = None, expected_version: ExpectedVersion = None
) -> Item:
    item = lock_item(item, expected_version)
    require(actor, "progress", item)
    if not item.is_open:
        raise TransitionNotAllowed(
            f"{item.reference} is {item.get_status_display()}: progress is reported on open items"
        )
    if percent is not None and not 0 <= percent <= 100:
        raise ServiceError(f"progress must be a percentage from 0 to 100, not {percent}", field="percent")
    if not comment.strip() and percent is None:
        raise ServiceError("a progress update needs a comment or a percentage", field="comment")
    fields = []
    if percent is not None:
        item.progress = percent
        fields.append("progress")
    record(item, actor, Event.Kind.PROGRESS, fields, action="progress", comment=comment, progress=percent)
    return item


@transaction.atomic
def add_comment(*, item: Item, actor, comment: str, expected_version: ExpectedVersion = None) -> Item:
    item = lock_item(item, expected_version)
    require(actor, "comment", item)
    if not comment.strip():
        raise ServiceError("the comment is empty", field="comment")
    record(item, actor, Event.Kind.COMMENT, [], action="comment", comment=comment)
    return item


@transaction.atomic
def propose_closure(
    *,
    item: Item,
    actor,
    comment: str = "",
    evidence_url: str = "",
    evidence_symbol: str = "",
    expected_version: ExpectedVersion = None,
) -> Item:
    """A focal point submits evidence and asks a coordinator to close the item as implemented."""
    item = lock_item(item, expected_version)
    require(actor, "propose_closure", item)
    if not item.is_open:
        raise TransitionNotAllowed(f"{item.reference} is {item.get_status_display()}: only open items can be closed")
    url, symbol = check_evidence(evidence_url, evidence_symbol)
    if not (url or symbol):
        raise EvidenceError(
            "proposing to close needs evidence: a web address or a UN document symbol", field="evidence"
        )
    item.closure_proposed = True
    record(
        item,
        actor,
        Event.Kind.EVIDENCE,
        ["closure_proposed"],
        action="propose_closure",
        comment=comment,
        evidence_url=url,
        evidence_symbol=symbol,
    )
    return item
