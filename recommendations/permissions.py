"""Who may do what, decided in one place for the admin, the API and the services.

Roles:
- coordinator: in the Coordinators group (or a superuser); may do everything;
- focal point: focal point of one or more bodies; sees those bodies' items, starts them,
  responds for them, reports progress, comments and proposes closing with evidence;
- viewer: in the Viewers group; reads everything, changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.auth.models import Group, User
from django.db.models import BooleanField, Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL

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


class Roles(NamedTuple):
    coordinator: bool
    viewer: bool

    @property
    def sees_all(self) -> bool:
        return self.coordinator or self.viewer


def role_flags(user_column: str) -> dict[str, RawSQL]:
    """Annotations that read the role groups of the user in ``user_column`` inside another query.

    ``user_column`` is a quoted SQL column (``"knox_authtoken"."user_id"``). The API's
    token check uses them, so that a request knows its caller's roles without a query of
    its own (see ``remember_roles``). Written as SQL because compiling the same two
    subqueries through the ORM cost more than running the whole token query.
    """
    membership, group = User.groups.through._meta.db_table, Group._meta.db_table
    sql = (
        f"EXISTS (SELECT 1 FROM {membership} m JOIN {group} g ON g.id = m.group_id "
        f"WHERE m.user_id = {user_column} AND g.name = %s)"
    )
    return {
        "in_coordinators": RawSQL(sql, [COORDINATORS], output_field=BooleanField()),
        "in_viewers": RawSQL(sql, [VIEWERS], output_field=BooleanField()),
    }


def remember_roles(user, *, in_coordinators: bool, in_viewers: bool) -> None:
    """Keep on ``user`` the group flags read by ``role_flags``."""
    user._tracker_roles = Roles(coordinator=user.is_superuser or in_coordinators, viewer=in_viewers)


def roles(user) -> Roles:
    """Coordinator and viewer flags of ``user``: remembered, or one query, once per user object."""
    known = getattr(user, "_tracker_roles", None)
    if known is None:
        if not (user and user.is_authenticated and user.is_active):
            known = Roles(False, False)
        else:
            groups = set(user.groups.values_list("name", flat=True))
            known = Roles(coordinator=user.is_superuser or COORDINATORS in groups, viewer=VIEWERS in groups)
        user._tracker_roles = known
    return known


def actor(user) -> Actor:
    """The roles and bodies of ``user``, read once per user object (two queries at most)."""
    cached = getattr(user, "_tracker_actor", None)
    if cached is not None:
        return cached
    if not (user and user.is_authenticated and user.is_active):
        result = Actor(False, False, frozenset())
    else:
        known = roles(user)
        body_ids = frozenset(user.memberships.values_list("body_id", flat=True))
        result = Actor(coordinator=known.coordinator, viewer=known.viewer, body_ids=body_ids)
    user._tracker_actor = result
    return result


def is_coordinator(user) -> bool:
    return actor(user).coordinator


def visible_items(user, queryset: QuerySet[Item]) -> QuerySet[Item]:
    """The items ``user`` may see: all for coordinators and viewers, its bodies' for a focal point.

    No query of its own, so a list stays one query: when the caller's roles are already
    known (the API's token check reads them), a coordinator's list is not filtered at all;
    otherwise the roles are decided inside the item query.
    """
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if user.is_superuser:
        return queryset
    known = getattr(user, "_tracker_roles", None)
    if known is not None and known.sees_all:
        return queryset
    owns_it = Exists(ItemOwner.objects.filter(item=OuterRef("pk"), body__memberships__user=user))
    if known is not None:
        return queryset.filter(owns_it)
    sees_all = Exists(Group.objects.filter(user=user, name__in=[COORDINATORS, VIEWERS]))
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
