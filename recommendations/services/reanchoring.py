"""A coordinator's review of the words a revision changed in an item's quote."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Event, Item
from ._changes import ExpectedVersion, history_user, lock_item, record, require
from .errors import ServiceError


@transaction.atomic
def review_reanchoring(*, item: Item, actor, expected_version: ExpectedVersion = None, comment: str = "") -> Item:
    """Confirm the item's quote as a revision left it: its notes leave the review, one event says so.

    Coordinators only. A quote that is not right can then be moved like any other (``set_quote_span``).
    """
    item = lock_item(item, expected_version)
    require(actor, "edit", item)
    pending = [note for note in item.reanchorings.select_related("revision") if note.needs_review]
    if not pending:
        raise ServiceError(f"{item.reference} has no re-anchored quote waiting for review")
    now = timezone.now()
    for note in pending:
        note.reviewed_at, note.reviewed_by = now, history_user(actor)
        note.save(update_fields=["reviewed_at", "reviewed_by"])
    record(item, actor, Event.Kind.QUOTE, [], activity=False, action="review_reanchoring",
           to_value=", ".join(sorted({note.revision.symbol for note in pending})), comment=comment)  # fmt: skip
    return item
