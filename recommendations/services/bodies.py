"""The bodies items are addressed to, loaded from a reference list."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ..models import Body
from .errors import ImportRefused


@transaction.atomic
def load_bodies(*, entries: list[dict[str, Any]]) -> tuple[int, int]:
    """Create or update bodies by code; returns (created, updated). Unchanged rows are not written."""
    existing = {body.code: body for body in Body.objects.all()}
    created = updated = 0
    fields = ("name_en", "name_zh", "abbreviation", "aliases_zh", "aliases_en")
    for entry in entries:
        body = existing.get(entry["code"]) or Body(code=entry["code"])
        values = {name: entry.get(name, [] if name.startswith("aliases") else "") for name in fields}
        parent = existing.get(entry["parent"]) if entry.get("parent") else None
        if entry.get("parent") and parent is None:
            raise ImportRefused(f"body {entry['code']}: parent {entry['parent']} must be listed before it")
        if (
            body.pk
            and all(getattr(body, k) == v for k, v in values.items())
            and body.parent_id == (parent.pk if parent else None)
        ):
            continue
        for name, value in values.items():
            setattr(body, name, value)
        body.parent = parent
        if body.pk is None:
            created += 1
        else:
            updated += 1
        body.save()
        existing[body.code] = body
    return created, updated
