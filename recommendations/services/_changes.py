"""The one path every change to an item takes: lock the row, check the actor, bump the version, record its event.

Each service that changes an item locks it (``lock_item``), checks the actor against
``permissions`` (``require``) and saves it through ``record``, all in one transaction:
the timeline is complete, every version has its one event, and two concurrent changes
cannot both apply to the same version.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Collection

from django.db import models
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

from .. import permissions
from ..ingest import IngestError
from ..ingest.symbols import validate as validate_symbol
from ..models import Event, Item, ItemOwner
from . import bulk
from .errors import EvidenceError, NotPermitted, VersionConflict

# The version a writer expects the item at: one, any of several (an If-Match list), or None for
# whatever version is current (If-Match: *, a merge).
ExpectedVersion = int | Collection[int] | None


def lock_item(item: Item, expected_version: ExpectedVersion) -> Item:
    """The item's row, locked; compared with the expected version under the lock, where no writer can slip in."""
    locked = Item.objects.select_for_update().select_related("document", "paragraph").get(pk=item.pk)
    if expected_version is None:
        return locked
    accepted = {expected_version} if isinstance(expected_version, int) else set(expected_version)
    if locked.version not in accepted:
        expected = " or ".join(str(version) for version in sorted(accepted)) or "any listed"
        raise VersionConflict(
            f"{locked.reference} is at version {locked.version}, not {expected}: reload it and try again"
        )
    return locked


def require(actor, action: str, item: Item) -> None:
    """Refuse (NotPermitted) unless ``actor`` may do ``action`` to ``item``: the one permission check of a change."""
    if not permissions.can(actor, action, item):
        raise NotPermitted(f"you may not {action.replace('_', ' ')} {item.reference}")


def check_evidence(url: str, symbol: str) -> tuple[str, str]:
    """The evidence of a closure, trimmed: a web address and a UN document symbol, each valid or empty."""
    url, symbol = (url or "").strip(), (symbol or "").strip()
    if symbol:
        try:
            symbol = validate_symbol(symbol)
        except IngestError as exc:
            raise EvidenceError(str(exc), field="evidence_symbol") from None
    if url and not url.startswith(("https://", "http://")):
        raise EvidenceError(f"{url!r} is not a web address (http:// or https://)", field="evidence_url")
    return url, symbol


def history_user(actor):
    """The user to name in history and on the timeline; None for the system."""
    return actor if actor is not None and actor.is_authenticated else None


def record(item: Item, actor, kind: str, fields: list[str], *, activity: bool = True, **event) -> Event:
    """Save ``fields`` of the locked item with its next version, and that version's one event.

    ``activity``: whether the change counts as activity on the item (what "stale" measures);
    a coordinator's edit of its details does not.
    """
    event = _next_version(item, actor, kind, activity=activity, **event)
    item.save(update_fields=[*fields, *_touched(activity)])
    event.save()
    return event


def _next_version(item: Item, actor, kind: str, *, activity: bool, **event) -> Event:
    """Bump the item's version (in memory) and build, unsaved, that version's one event."""
    item.version += 1
    now = timezone.now()
    if activity:
        item.last_activity_at = now
    item._history_user = history_user(actor)
    return Event(item=item, kind=kind, actor=item._history_user, created_at=now, version=item.version, **event)


def _touched(activity: bool) -> list[str]:
    return ["version", "updated_at", "last_activity_at"] if activity else ["version", "updated_at"]


class Direct:
    """Changes written as they are made: what every single-item service does."""

    record = staticmethod(record)

    @staticmethod
    def save_owner(owner: ItemOwner, role: str, actor) -> None:
        """Add or re-role one owner, its history naming who did it."""
        owner.role = role
        owner._history_user = history_user(actor)
        owner.save()

    @staticmethod
    def remove_owner(owner: ItemOwner, actor) -> None:
        owner._history_user = history_user(actor)
        owner.delete()


DIRECT = Direct()


class Batch:
    """Changes to many locked items, each versioned and recorded as ``record`` does, written by ``write`` at once.

    A load that changes every item of a report (a reviewed list) paid a statement per row and per
    history row: here each table takes one statement whatever the number of items. The rows are
    those the one-by-one path writes: the items' new states, a history row for each version and
    for each owner added, re-roled or removed (in the order they happened), and the events.
    """

    def __init__(self) -> None:
        self.items: dict[int, Item] = {}
        self.fields: set[str] = set()
        self.item_history: list[models.Model] = []
        self.events: list[Event] = []
        self.owners: list[tuple[str, ItemOwner, datetime.datetime]] = []

    def record(self, item: Item, actor, kind: str, fields: list[str], *, activity: bool = True, **event) -> None:
        """``record``'s change, kept for ``write``."""
        event = _next_version(item, actor, kind, activity=activity, **event)
        item.updated_at = event.created_at  # what save() sets (auto_now)
        self.items[item.pk] = item
        self.fields.update(fields, _touched(activity))
        self.item_history.append(history_row(item, "~", event.created_at))
        self.events.append(event)

    def created(self, item: Item, event: Event) -> None:
        """A new item's history row and first ``event``, in their place among the changes."""
        self.item_history.append(history_row(item, "+", event.created_at))
        self.events.append(event)

    def save_owner(self, owner: ItemOwner, role: str, actor) -> None:
        """Add or re-role one owner, its history naming who did it."""
        owner.role = role
        owner._history_user = history_user(actor)
        self.owners.append(("~" if owner.pk else "+", owner, timezone.now()))

    def remove_owner(self, owner: ItemOwner, actor) -> None:
        owner._history_user = history_user(actor)
        self.owners.append(("-", owner, timezone.now()))

    def write(self) -> None:
        """Write what was recorded: owners, items, their history rows and events, a statement or two per table."""
        removed = [owner.pk for change, owner, _ in self.owners if change == "-"]
        if removed:
            # A plain DELETE: each removed owner's history row is written below with the others;
            # QuerySet.delete() would write them one by one (simple_history's post_delete).
            ItemOwner.objects.filter(pk__in=removed)._raw_delete(ItemOwner.objects.db)
        added = [owner for change, owner, _ in self.owners if change == "+"]
        if added:
            bulk.insert(ItemOwner, ("item_id", "body_id", "role"), ((o.item_id, o.body_id, o.role) for o in added))
            ids = ItemOwner.objects.filter(item__in={o.item_id for o in added}).values_list("item_id", "body_id", "pk")
            ids = {(item_id, body_id): pk for item_id, body_id, pk in ids}
            for owner in added:
                owner.pk = ids[owner.item_id, owner.body_id]
        rerolled = {owner.pk: owner for change, owner, _ in self.owners if change == "~"}
        if rerolled:
            bulk.update(ItemOwner, ["role"], ((owner.role, owner.pk) for owner in rerolled.values()))
        if self.owners:
            insert_rows([history_row(owner, change, when) for change, owner, when in self.owners])
        if self.items:
            fields = sorted(self.fields)
            bulk.update(Item, fields, ([*(getattr(i, f) for f in fields), i.pk] for i in self.items.values()))
        if self.item_history:
            insert_rows(self.item_history)
        if self.events:
            insert_rows(self.events)


def insert_rows(rows: list[models.Model]) -> None:
    """Insert new ``rows`` (instances of one model, their ids left to the database) in one statement."""
    columns = [field.attname for field in rows[0]._meta.concrete_fields if not field.primary_key]
    bulk.insert(type(rows[0]), columns, ([getattr(row, name) for name in columns] for row in rows))


# Where a change goes: saved at once, or kept in a Batch for one write of many items.
Writer = Direct | Batch


@functools.cache
def _history_model(model: type[models.Model]) -> type[models.Model]:
    # Each access to ``model.history`` builds a new manager class (from_queryset): most of a batch's time once.
    return model.history.model


def history_row(instance: models.Model, history_type: str, when: datetime.datetime) -> models.Model:
    """The history row simple_history saves for ``instance`` as it is now (its signals save one row at a time)."""
    history = _history_model(type(instance))
    return history(
        history_date=when,
        history_type=history_type,
        history_user=history.get_default_history_user(instance),
        history_change_reason=get_change_reason_from_object(instance),
        **{field.attname: getattr(instance, field.attname) for field in history.tracked_fields},
    )
