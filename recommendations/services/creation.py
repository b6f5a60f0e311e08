"""Which items a document has and what each quotes: adding one by hand, deleting, merging duplicates, moving a span."""

from __future__ import annotations

from django.db import transaction

from .. import permissions
from ..ingest.model import stored_sub_item_at
from ..models import Event, Item, ItemOwner, Status, text_hash
from . import languages
from ._changes import ExpectedVersion, history_user, lock_item, record, require
from .errors import NotPermitted, ServiceError, TransitionNotAllowed


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
        sub_item=stored_sub_item_at(paragraph.sub_items, quote_start),
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
    item._history_user = history_user(actor)
    item.save()
    for owner in owners or []:
        link = ItemOwner(item=item, body=owner["body"], role=owner["role"])
        link._history_user = history_user(actor)
        link.save()
    Event.objects.create(
        item=item, kind=Event.Kind.STATUS, actor=history_user(actor), action="create", to_value=Status.OPEN, version=1
    )
    languages.carry_quotes([item])
    return item


@transaction.atomic
def delete_item(*, item: Item, actor, expected_version: ExpectedVersion = None) -> None:
    """Delete the item, its owners and its timeline; the field history keeps the deletion, with its actor.

    The events go with the item (a cascade), so the deletion itself is on no timeline: the
    historical record of the item is where it is told.
    """
    item = lock_item(item, expected_version)
    require(actor, "edit", item)
    item._history_user = history_user(actor)
    item.delete()


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
    item = lock_item(item, expected_version)
    require(actor, "dismiss", item)
    if item.status != Status.PROPOSED:
        raise TransitionNotAllowed(f"only proposed items are merged; {item.reference} is {item.get_status_display()}")
    target = lock_item(into, None)
    item.status, item.merged_into = Status.DISMISSED, target
    record(
        item,
        actor,
        Event.Kind.MERGE,
        ["status", "merged_into"],
        action="merge",
        from_value=Status.PROPOSED,
        to_value=Status.DISMISSED,
        comment=comment or f"merged into {target.reference} ({target.key})",
    )
    record(target, actor, Event.Kind.MERGE, [], action="merged", comment=f"{item.reference} ({item.key}) merged here")
    return item


@transaction.atomic
def set_quote_span(*, item: Item, actor, start: int, end: int, expected_version: ExpectedVersion = None) -> Item:
    """Move the quoted span within its paragraph: the quote becomes the paragraph's text at the new offsets.

    Coordinators only, and not on a dismissed item (it keeps the words it was dismissed for).
    """
    item = lock_item(item, expected_version)
    require(actor, "edit", item)
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
    item.sub_item = stored_sub_item_at(item.paragraph.sub_items, start)
    record(
        item,
        actor,
        Event.Kind.QUOTE,
        ["quote_start", "quote_end", "quote", "quote_hash", "sub_item"],
        action="set_quote_span",
        from_value=before,
        to_value=f"{start}–{end}",
    )
    languages.carry_quotes([item])
    return item
