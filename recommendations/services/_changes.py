"""The one path every change to an item takes: lock the row, check the actor, bump the version, record its event.

Each service that changes an item locks it (``lock_item``), checks the actor against
``permissions`` (``require``) and saves it through ``record``, all in one transaction:
the timeline is complete, every version has its one event, and two concurrent changes
cannot both apply to the same version.
"""

from __future__ import annotations

from collections.abc import Collection

from django.utils import timezone

from .. import permissions
from ..ingest import IngestError
from ..ingest.symbols import validate as validate_symbol
from ..models import Event, Item
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
    item.version += 1
    now = timezone.now()
    touched = ["version", "updated_at"]
    if activity:
        item.last_activity_at = now
        touched.append("last_activity_at")
    item._history_user = history_user(actor)
    item.save(update_fields=[*fields, *touched])
    return Event.objects.create(
        item=item, kind=kind, actor=item._history_user, created_at=now, version=item.version, **event
    )
