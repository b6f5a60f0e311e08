"""What a coordinator curates about an item: its details, due date and owners, changed through one door.

``change_item`` is that door: it locks the item once, checks the expected version and the
actor once, then gives each part that changes its own version and event (DETAILS, DUE_DATE,
OWNERS: the kinds webhooks and notices select on). The single-part services below go through it.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping

from django.db import transaction

from ..models import Body, Event, Item, ItemOwner
from ._changes import DIRECT, ExpectedVersion, Writer, history_user, lock_item, record, require
from .errors import ServiceError

# The fields change_item's ``details`` may set: the item's own words and weight, not its state.
DETAILS = ("kind", "summary", "summary_zh", "priority")


class Keep(enum.Enum):
    """A part change_item leaves as it is, where None is a value (no due date)."""

    KEEP = "keep"


KEEP = Keep.KEEP


@transaction.atomic
def change_item(
    *,
    item: Item,
    actor,
    expected_version: ExpectedVersion = None,
    details: Mapping[str, object] | None = None,
    due_date: datetime.date | Keep | None = KEEP,
    owners: Mapping[str, tuple[Body, str]] | None = None,
) -> Item:
    """Set the item's ``details`` (field → value), ``due_date`` and ``owners`` (code → (body, role)).

    A part left out is kept. Each part that changes writes one version and one event, in
    this order; a part already as asked writes nothing, so a change of nothing is no version.
    """
    details = dict(details or {})
    unknown = sorted(set(details) - set(DETAILS))
    if unknown:
        raise ServiceError(f"not a detail of an item: {', '.join(unknown)}", field=unknown[0])
    kind = details.get("kind")
    if kind is not None and kind not in Item.Kind.values:
        raise ServiceError(f"unknown kind {kind!r}; known: {', '.join(Item.Kind.values)}", field="kind")
    item = lock_item(item, expected_version)
    require(actor, "edit", item)
    if details:
        edit_locked(item, actor, details, action="edit")
    if due_date is not KEEP:
        _set_due_date(item, actor, due_date)
    if owners is not None:
        replace_owners_locked(item, actor, owners)
    return item


def update_details(
    *,
    item: Item,
    actor,
    kind: str | None = None,
    summary: str | None = None,
    summary_zh: str | None = None,
    priority: int | None = None,
    expected_version: ExpectedVersion = None,
) -> Item:
    """Change what a coordinator curates: kind, summaries, priority (None: kept). Field history keeps the old values."""
    wanted = {"kind": kind, "summary": summary, "summary_zh": summary_zh, "priority": priority}
    values = {name: value for name, value in wanted.items() if value is not None}
    return change_item(item=item, actor=actor, details=values, expected_version=expected_version)


def set_due_date(
    *, item: Item, actor, due_date: datetime.date | None, expected_version: ExpectedVersion = None
) -> Item:
    return change_item(item=item, actor=actor, due_date=due_date, expected_version=expected_version)


def replace_owners(
    *, item: Item, actor, owners: dict[str, tuple[Body, str]], expected_version: ExpectedVersion = None
) -> Item:
    """Make ``owners`` (code → (body, role)) the item's owners, recording one timeline entry."""
    return change_item(item=item, actor=actor, owners=owners, expected_version=expected_version)


@transaction.atomic
def edit_fields(*, item: Item, actor, values: dict, action: str, expected_version: ExpectedVersion = None) -> Item:
    """Set the item's plain fields to ``values``: one version and one event naming the fields, if any changed.

    For loads that set more than the details (a reviewed list sets the quote too); ``action`` names them.
    """
    item = lock_item(item, expected_version)
    require(actor, "edit", item)
    edit_locked(item, actor, values, action=action)
    return item


@transaction.atomic
def set_owner(
    *, item: Item, actor, body: Body, role: str = ItemOwner.Role.LEAD, expected_version: ExpectedVersion = None
) -> Item:
    """Make ``body`` an owner of the item in ``role`` (adding it, or changing its role)."""
    item = lock_item(item, expected_version)
    require(actor, "edit", item)
    current = {o.body_id: o for o in item.ownerships.select_related("body")}
    existing = current.get(body.pk)
    if existing and existing.role == role:
        return item
    before = ", ".join(f"{o.body.short_name}:{o.role}" for o in current.values())
    _save_owner(existing or ItemOwner(item=item, body=body), role, actor)
    record(
        item,
        actor,
        Event.Kind.OWNERS,
        [],
        action="set_owner",
        from_value=before[:100],
        to_value=f"{body.short_name}:{role}"[:100],
    )
    return item


@transaction.atomic
def remove_owner(*, item: Item, actor, body: Body, expected_version: ExpectedVersion = None) -> Item:
    item = lock_item(item, expected_version)
    require(actor, "edit", item)
    owner = ItemOwner.objects.filter(item=item, body=body).select_related("body").first()
    if owner is not None:
        owner._history_user = history_user(actor)
        owner.delete()
        record(item, actor, Event.Kind.OWNERS, [], action="remove_owner", from_value=owner.body.short_name[:100])
    return item


# The parts, each applied to an item already locked and checked.


def edit_locked(item: Item, actor, values: Mapping[str, object], *, action: str, writer: Writer = DIRECT) -> bool:
    """Whether any of ``values`` changed."""
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(item, name, values[name])
    writer.record(
        item, actor, Event.Kind.DETAILS, changed, activity=False, action=action, to_value=", ".join(changed)[:100]
    )
    return True


def _set_due_date(item: Item, actor, due_date: datetime.date | None) -> None:
    if item.due_date == due_date:
        return
    before = item.due_date
    item.due_date = due_date
    record(
        item,
        actor,
        Event.Kind.DUE_DATE,
        ["due_date"],
        action="set_due_date",
        from_value=before.isoformat() if before else "",
        to_value=due_date.isoformat() if due_date else "",
    )


def replace_owners_locked(
    item: Item,
    actor,
    owners: Mapping[str, tuple[Body, str]],
    *,
    writer: Writer = DIRECT,
    current: Mapping[str, ItemOwner] | None = None,
) -> dict[str, ItemOwner] | None:
    """The item's owners (code → owner) after the change, or None if they were already ``owners``.

    ``current``: the owners now (code → owner with its body), when the caller read them already.
    """
    if current is None:
        current = {o.body.code: o for o in item.ownerships.select_related("body")}
    if {code: o.role for code, o in current.items()} == {code: role for code, (_, role) in owners.items()}:
        return None
    for code, owner in current.items():
        if code not in owners:
            writer.remove_owner(owner, actor)
    after = {}
    for code, (body, role) in owners.items():
        owner = after[code] = current.get(code) or ItemOwner(item=item, body=body)
        if owner.pk is None or owner.role != role:
            writer.save_owner(owner, role, actor)
    writer.record(
        item,
        actor,
        Event.Kind.OWNERS,
        [],
        action="replace_owners",
        from_value=" ".join(f"{c}:{o.role}" for c, o in current.items())[:100],
        to_value=" ".join(f"{c}:{role}" for c, (_, role) in owners.items())[:100],
    )
    return after


def _save_owner(owner: ItemOwner, role: str, actor) -> None:
    """Add or re-role one owner, its history naming who did it."""
    DIRECT.save_owner(owner, role, actor)
