"""Who may do what, decided in one place for the admin, the API and the services.

Roles:
- coordinator: in the Coordinators group (or a superuser); may do everything;
- focal point: focal point of one or more bodies; sees those bodies' items, starts them,
  responds for them, reports progress, comments and proposes closing with evidence;
- viewer: in the Viewers group; reads everything, changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, QuerySet

from .models import Item, ItemOwner

COORDINATORS = "Coordinators"
FOCAL_POINTS = "Focal points"
VIEWERS = "Viewers"

# What a focal point may do on its own bodies' items.
FOCAL_POINT_ACTIONS = frozenset(
    {"start", "accept", "partially_accept", "not_accept", "note", "progress", "comment", "propose_closure"}
)


@dataclass(frozen=True)
class Actor:
    coordinator: bool
    viewer: bool
    body_ids: frozenset[int]

    @property
    def focal_point(self) -> bool:
        return bool(self.body_ids)


def actor(user) -> Actor:
    """The roles of ``user``, read once per user object (two queries at most)."""
    cached = getattr(user, "_tracker_actor", None)
    if cached is not None:
        return cached
    if not (user and user.is_authenticated and user.is_active):
        result = Actor(False, False, frozenset())
    else:
        groups = set(user.groups.values_list("name", flat=True))
        result = Actor(
            coordinator=user.is_superuser or COORDINATORS in groups,
            viewer=VIEWERS in groups,
            body_ids=frozenset(user.memberships.values_list("body_id", flat=True)),
        )
    user._tracker_actor = result
    return result


def is_coordinator(user) -> bool:
    return actor(user).coordinator


def visible_items(user, queryset: QuerySet[Item]) -> QuerySet[Item]:
    """The items ``user`` may see: all for coordinators and viewers, its bodies' for a focal point.

    Decided inside the item query itself (no query of its own), so a list stays one query.
    """
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if user.is_superuser:
        return queryset
    sees_all = Exists(Group.objects.filter(user=user, name__in=[COORDINATORS, VIEWERS]))
    owns_it = Exists(ItemOwner.objects.filter(item=OuterRef("pk"), body__memberships__user=user))
    return queryset.filter(sees_all | owns_it)


def owns(user, item: Item) -> bool:
    """True when ``user`` is a focal point of one of the item's owner bodies."""
    body_ids = actor(user).body_ids
    if not body_ids:
        return False
    return any(o.body_id in body_ids for o in item.ownerships.all())


def can(user, action: str, item: Item | None = None) -> bool:
    """May ``user`` do ``action`` (a transition name, or progress, comment, edit, import…) on ``item``?

    ``None`` is the system itself (an import or loader run by an operator), which may do anything.
    """
    if user is None:
        return True
    who = actor(user)
    if who.coordinator:
        return True
    if item is None or action not in FOCAL_POINT_ACTIONS:
        return False
    return owns(user, item)


def can_edit_documents(user) -> bool:
    return is_coordinator(user)
