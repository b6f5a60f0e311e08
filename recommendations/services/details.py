"""Every change to an item after import: transitions, progress, comments, owners, due dates.

Each function checks the actor against ``permissions``, locks the item row, bumps its
version and records one Event, all in one transaction: the timeline is complete
and two concurrent changes cannot both apply to the same version.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django.db import transaction
from django.utils import timezone

from .. import permissions
from ..ingest import IngestError
from ..ingest.symbols import validate as validate_symbol
from ..models import Body, Event, Item, ItemOwner, Status, text_hash
from ..workflow import TRANSITIONS
from .errors import EvidenceError, NotPermitted, ServiceError, TransitionNotAllowed, VersionConflict

# The version a writer expects the item at: one, any of several (an If-Match list), or None for
# whatever version is current (If-Match: *, a merge).
ExpectedVersion = int | Collection[int] | None


def _locked(item: Item, expected_version: ExpectedVersion) -> Item:
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


def _require(actor, action: str, item: Item) -> None:
    if not permissions.can(actor, action, item):
        raise NotPermitted(f"you may not {action.replace('_', ' ')} {item.reference}")


def _evidence(url: str, symbol: str) -> tuple[str, str]:
    url, symbol = (url or "").strip(), (symbol or "").strip()
    if symbol:
        try:
            symbol = validate_symbol(symbol)
        except IngestError as exc:
            raise EvidenceError(str(exc), field="evidence_symbol") from None
    if url and not url.startswith(("https://", "http://")):
        raise EvidenceError(f"{url!r} is not a web address (http:// or https://)", field="evidence_url")
    return url, symbol


def _user(actor):
    """The user to name in history and on the timeline; None for the system."""
    return actor if actor is not None and actor.is_authenticated else None


def _record(item: Item, actor, kind: str, fields: list[str], *, activity: bool = True, **event) -> Event:
    """Save ``fields`` of the locked item with its next version, and that version's one event.

    ``activity``: whether the change counts as activity on the item (what "stale" measures);
    a coordinator's edit of its details does not.
    """
    item.version += 1
    now = timezone.now()
    touched = ["version", "updated_at"]
    if activity:
        item.last_activity_at = now
        touched.append("last_activity_at")
    item._history_user = _user(actor)
    item.save(update_fields=[*fields, *touched])
    return Event.objects.create(
        item=item, kind=kind, actor=item._history_user, created_at=now, version=item.version, **event
    )


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
    item = _locked(item, expected_version)
    _require(actor, action, item)
    current = getattr(item, move.axis)
    if not move.allowed_from(current):
        label = getattr(item, f"get_{move.axis}_display")()
        raise TransitionNotAllowed(f"cannot {action.replace('_', ' ')} {item.reference}: its {move.axis} is {label}")
    url, symbol = _evidence(evidence_url, evidence_symbol)
    if move.evidence and not (url or symbol):
        raise EvidenceError(
            "closing as implemented needs evidence: a web address or a UN document symbol", field="evidence"
        )
    setattr(item, move.axis, move.target)
    fields = [move.axis]
    if move.axis == "status":
        item.closure_proposed = False
        fields.append("closure_proposed")
    _record(
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
    return item


@transaction.atomic
def record_progress(
    *, item: Item, actor, comment: str, percent: int | None = None, expected_version: ExpectedVersion = None
) -> Item:
    item = _locked(item, expected_version)
    _require(actor, "progress", item)
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
    _record(item, actor, Event.Kind.PROGRESS, fields, action="progress", comment=comment, progress=percent)
    return item


@transaction.atomic
def add_comment(*, item: Item, actor, comment: str, expected_version: ExpectedVersion = None) -> Item:
    item = _locked(item, expected_version)
    _require(actor, "comment", item)
    if not comment.strip():
        raise ServiceError("the comment is empty", field="comment")
    _record(item, actor, Event.Kind.COMMENT, [], action="comment", comment=comment)
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
    item = _locked(item, expected_version)
    _require(actor, "propose_closure", item)
    if not item.is_open:
        raise TransitionNotAllowed(f"{item.reference} is {item.get_status_display()}: only open items can be closed")
    url, symbol = _evidence(evidence_url, evidence_symbol)
    if not (url or symbol):
        raise EvidenceError(
            "proposing to close needs evidence: a web address or a UN document symbol", field="evidence"
        )
    item.closure_proposed = True
    _record(
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


@transaction.atomic
def set_due_date(
    *, item: Item, actor, due_date: datetime.date | None, expected_version: ExpectedVersion = None
) -> Item:
    item = _locked(item, expected_version)
    _require(actor, "edit", item)
    if item.due_date == due_date:
        return item
    before = item.due_date
    item.due_date = due_date
    _record(
        item,
        actor,
        Event.Kind.DUE_DATE,
        ["due_date"],
        action="set_due_date",
        from_value=before.isoformat() if before else "",
        to_value=due_date.isoformat() if due_date else "",
    )
    return item


@transaction.atomic
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
    """Change what a coordinator curates: kind, summaries, priority. Field history keeps the old values."""
    if kind is not None and kind not in Item.Kind.values:
        raise ServiceError(f"unknown kind {kind!r}; known: {', '.join(Item.Kind.values)}", field="kind")
    wanted = {"kind": kind, "summary": summary, "summary_zh": summary_zh, "priority": priority}
    values = {name: value for name, value in wanted.items() if value is not None}
    return edit_fields(item=item, actor=actor, values=values, action="edit", expected_version=expected_version)


@transaction.atomic
def edit_fields(*, item: Item, actor, values: dict, action: str, expected_version: ExpectedVersion = None) -> Item:
    """Set the item's plain fields to ``values``: one version and one event naming the fields, if any changed."""
    item = _locked(item, expected_version)
    _require(actor, "edit", item)
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if not changed:
        return item
    for name in changed:
        setattr(item, name, values[name])
    _record(item, actor, Event.Kind.DETAILS, changed, activity=False, action=action, to_value=", ".join(changed)[:100])
    return item


@transaction.atomic
def set_owner(
    *, item: Item, actor, body: Body, role: str = ItemOwner.Role.LEAD, expected_version: ExpectedVersion = None
) -> Item:
    """Make ``body`` an owner of the item in ``role`` (adding it, or changing its role)."""
    item = _locked(item, expected_version)
    _require(actor, "edit", item)
    current = {o.body_id: o for o in item.ownerships.select_related("body")}
    existing = current.get(body.pk)
    if existing and existing.role == role:
        return item
    before = ", ".join(f"{o.body.short_name}:{o.role}" for o in current.values())
    owner = existing or ItemOwner(item=item, body=body)
    owner.role = role
    owner._history_user = _user(actor)
    owner.save()
    _record(
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
def replace_owners(
    *, item: Item, actor, owners: dict[str, tuple[Body, str]], expected_version: ExpectedVersion = None
) -> Item:
    """Make ``owners`` (code → (body, role)) the item's owners, recording one timeline entry."""
    item = _locked(item, expected_version)
    _require(actor, "edit", item)
    current = {o.body.code: o for o in item.ownerships.select_related("body")}
    if {code: o.role for code, o in current.items()} == {code: role for code, (_, role) in owners.items()}:
        return item
    for code, owner in current.items():
        if code not in owners:
            owner._history_user = _user(actor)
            owner.delete()
    for code, (body, role) in owners.items():
        owner = current.get(code) or ItemOwner(item=item, body=body)
        if owner.pk is None or owner.role != role:
            owner.role = role
            owner._history_user = _user(actor)
            owner.save()
    _record(
        item,
        actor,
        Event.Kind.OWNERS,
        [],
        action="replace_owners",
        from_value=" ".join(f"{c}:{o.role}" for c, o in current.items())[:100],
        to_value=" ".join(f"{c}:{role}" for c, (_, role) in owners.items())[:100],
    )
    return item


@transaction.atomic
def create_item(
    *,
    actor,
    document,
    paragraph,
    quote_start: int,
    quote_end: int,
    kind: str,
    summary: str = "",
    summary_zh: str = "",
    due_date=None,
    priority: int = Item.Priority.NORMAL,
    owners: list[dict] | None = None,
    language: str | None = None,
) -> Item:
    """An item a coordinator adds by hand, from a span of a paragraph; it starts open."""
    if not permissions.can(actor, "edit"):
        raise NotPermitted("only coordinators add items")
    quote = paragraph.text[quote_start:quote_end]
    last = paragraph.items.order_by("-seq").values_list("seq", flat=True).first() or 0
    item = Item(
        document=document,
        paragraph=paragraph,
        sub_item=_sub_item_at(paragraph, quote_start),
        seq=last + 1,
        kind=kind,
        status=Status.OPEN,
        quote=quote,
        quote_start=quote_start,
        quote_end=quote_end,
        quote_hash=text_hash(quote),
        summary=summary,
        summary_zh=summary_zh,
        due_date=due_date,
        priority=priority,
    )
    item._history_user = _user(actor)
    item.save()
    for owner in owners or []:
        link = ItemOwner(item=item, body=owner["body"], role=owner["role"])
        link._history_user = _user(actor)
        link.save()
    Event.objects.create(
        item=item, kind=Event.Kind.STATUS, actor=_user(actor), action="create", to_value=Status.OPEN, version=1
    )
    return item


def _sub_item_at(paragraph, offset: int) -> str:
    for sub in paragraph.sub_items:
        if sub["start"] <= offset < sub["end"]:
            return sub["label"]
    return ""


@transaction.atomic
def delete_item(*, item: Item, actor, expected_version: ExpectedVersion = None) -> None:
    item = _locked(item, expected_version)
    _require(actor, "edit", item)
    item._history_user = _user(actor)
    item.delete()


@transaction.atomic
def remove_owner(*, item: Item, actor, body: Body, expected_version: ExpectedVersion = None) -> Item:
    item = _locked(item, expected_version)
    _require(actor, "edit", item)
    owner = ItemOwner.objects.filter(item=item, body=body).select_related("body").first()
    if owner is not None:
        owner._history_user = _user(actor)
        owner.delete()
        _record(item, actor, Event.Kind.OWNERS, [], action="remove_owner", from_value=owner.body.short_name[:100])
    return item


@transaction.atomic
def merge(*, item: Item, into: Item, actor, comment: str = "", expected_version: ExpectedVersion = None) -> Item:
    """Dismiss a proposed item as a duplicate of ``into``, recording the merge on both."""
    if item.pk == into.pk:
        raise ServiceError("an item cannot be merged into itself", field="into")
    if into.document_id != item.document_id:
        raise ServiceError(f"{item.reference} can only be merged into an item of the same document", field="into")
    if into.status == Status.DISMISSED:
        raise ServiceError(
            f"{into.reference} ({into.key}) is dismissed: merge into an item still tracked", field="into"
        )
    item = _locked(item, expected_version)
    _require(actor, "dismiss", item)
    if item.status != Status.PROPOSED:
        raise TransitionNotAllowed(f"only proposed items are merged; {item.reference} is {item.get_status_display()}")
    target = _locked(into, None)
    item.status, item.merged_into = Status.DISMISSED, target
    _record(
        item,
        actor,
        Event.Kind.MERGE,
        ["status", "merged_into"],
        action="merge",
        from_value=Status.PROPOSED,
        to_value=Status.DISMISSED,
        comment=comment or f"merged into {target.reference} ({target.key})",
    )
    _record(target, actor, Event.Kind.MERGE, [], action="merged", comment=f"{item.reference} ({item.key}) merged here")
    return item


@transaction.atomic
def set_quote_span(*, item: Item, actor, start: int, end: int, expected_version: ExpectedVersion = None) -> Item:
    """Move the quoted span within its paragraph: the quote becomes the paragraph's text at the new offsets.

    Coordinators only, and not on a dismissed item (it keeps the words it was dismissed for).
    """
    item = _locked(item, expected_version)
    _require(actor, "edit", item)
    if item.status == Status.DISMISSED:
        raise TransitionNotAllowed(f"{item.reference} is dismissed: its quote is no longer changed")
    text = item.paragraph.text
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise ServiceError(
            f"the span {start}–{end} is not within ¶{item.paragraph.number}: "
            f"the start must be at least 0 and less than the end, the end at most {len(text)}",
            field="quote_start",
        )
    if (start, end) == (item.quote_start, item.quote_end):
        return item
    before = f"{item.quote_start}–{item.quote_end}"
    item.quote_start, item.quote_end = start, end
    item.quote = text[start:end]
    item.quote_hash = text_hash(item.quote)
    item.sub_item = _sub_item_at(item.paragraph, start)
    _record(
        item,
        actor,
        Event.Kind.QUOTE,
        ["quote_start", "quote_end", "quote", "quote_hash", "sub_item"],
        action="set_quote_span",
        from_value=before,
        to_value=f"{start}–{end}",
    )
    return item
