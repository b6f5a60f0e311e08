"""An item's field history in words: "status: open → in progress, by focal-tpcc", never raw values."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import Item
from ..people import person_name

# Bookkeeping every change bumps or the machinery keeps: a row saying only "version: 7 → 8" tells nobody anything.
SKIPPED = frozenset(
    {"version", "updated_at", "last_activity_at", "created_at", "quote_hash", "quote_start", "quote_end"}
)


def value_in_words(field, value) -> str:
    """A stored value as a reader reads it: a choice's label, a body's name, "—" for nothing."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def describe(records) -> None:
    """Give each historical record of a page (newest first) ``author`` and ``changes`` in words.

    A record whose only changes are bookkeeping (a comment or evidence bumps the version) gets no
    changes: what happened is on the item's timeline.
    """
    records = list(records)
    for newer, older in zip(records, [*records[1:], None], strict=True):
        newer.author = person_name(newer.history_user)
        newer.changes = []
        newer.oldest_here = older is None  # its changes are on the next page (or it is the first)
        if older is None:
            continue
        for change in newer.diff_against(older, foreign_keys_are_objs=True).changes:
            if change.field in SKIPPED:
                continue
            field = Item._meta.get_field(change.field)
            newer.changes.append(
                {
                    "field": str(field.verbose_name),
                    "old": value_in_words(field, change.old),
                    "new": value_in_words(field, change.new),
                }
            )
