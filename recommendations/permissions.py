"""Who may do what, decided in one place for the admin, the API and the services.

Roles:
- coordinator: in the Coordinators group (or a superuser); may do everything, and alone
  accepts or returns a proposed closure (``accept_closure``, ``return_closure``);
- focal point: focal point of one or more bodies; sees those bodies' items, starts them,
  responds for them, reports progress, comments and proposes closing with evidence;
- viewer: in the Viewers group; reads everything, changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, TextField
from django.db.models.expressions import RawSQL

from .models import Item, ItemOwner, Membership

COORDINATORS = "Coordinators"
FOCAL_POINTS = "Focal points"
VIEWERS = "Viewers"

# What a focal point may do on its own bodies' items. Reviewing a closure it proposed
# (accept_closure, return_closure) is not among them: someone else checks the evidence.
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

    @property
    def sees_all(self) -> bool:
        return self.coordinator or self.viewer


def actor_columns(model, user_field: str = "user_id") -> dict[str, RawSQL]:
    """Annotations that read the groups and bodies of the user in ``model.user_field`` inside its query.

    The API's token check uses them, so that a request knows its caller without a query of
    its own (see ``remember_actor``). Written as SQL: compiling the same subqueries through
    the ORM cost more than running the whole token query.
    """
    quote = connection.ops.quote_name
    user = f"{quote(model._meta.db_table)}.{quote(user_field)}"
    in_groups, groups = get_user_model().groups.through._meta.db_table, Group._meta.db_table
    memberships = Membership._meta.db_table
    return {
        "group_names": RawSQL(
            _json_array("g.name", f"{in_groups} m JOIN {groups} g ON g.id = m.group_id WHERE m.user_id = {user}"),
            [],
            output_field=TextField(),
        ),
        "body_ids": RawSQL(
            _json_array("body_id", f"{memberships} WHERE user_id = {user}"), [], output_field=TextField()
        ),
    }


def _json_array(column: str, source: str) -> str:
    """A subquery giving ``column`` of ``source`` as a JSON array in text; each database has its own aggregate."""
    if connection.vendor == "postgresql":
        return f"(SELECT coalesce(json_agg({column}), '[]')::text FROM {source})"
    return f"(SELECT json_group_array({column}) FROM {source})"


def remember_actor(user, row) -> None:
    """Keep on ``user`` what ``actor_columns`` read into ``row``: ``actor(user)`` needs no query then."""
    user._tracker_actor = _actor(user, json.loads(row.group_names), json.loads(row.body_ids))


def actor(user) -> Actor:
    """The roles and bodies of ``user``, read once per user object (two queries at most)."""
    cached = getattr(user, "_tracker_actor", None)
    if cached is not None:
        return cached
    if not (user and user.is_authenticated and user.is_active):
        result = Actor(False, False, frozenset())
    else:
        result = _actor(
            user, user.groups.values_list("name", flat=True), user.memberships.values_list("body_id", flat=True)
        )
    user._tracker_actor = result
    return result


def _actor(user, group_names, body_ids) -> Actor:
    groups = set(group_names)
    return Actor(
        coordinator=user.is_superuser or COORDINATORS in groups, viewer=VIEWERS in groups, body_ids=frozenset(body_ids)
    )


def is_coordinator(user) -> bool:
    return actor(user).coordinator


def visible_items(user, queryset: QuerySet[Item]) -> QuerySet[Item]:
    """The items ``user`` may see: all for coordinators and viewers, its bodies' for a focal point.

    No query of its own, so a list stays one query. When the caller is already known (the
    API's token check reads it), a coordinator's list is not filtered at all and a focal
    point's names its bodies, which lets the database estimate the list well; otherwise
    the roles are decided inside the item query.
    """
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if user.is_superuser:
        return queryset
    known = getattr(user, "_tracker_actor", None)
    if known is not None:
        if known.sees_all:
            return queryset
        if not known.body_ids:
            return queryset.none()
        return queryset.filter(Exists(ItemOwner.objects.filter(item=OuterRef("pk"), body_id__in=known.body_ids)))
    sees_all = Exists(Group.objects.filter(user=user, name__in=[COORDINATORS, VIEWERS]))
    owns_it = Exists(ItemOwner.objects.filter(item=OuterRef("pk"), body__memberships__user=user))
    return queryset.filter(sees_all | owns_it)


def seen_bodies(user) -> frozenset[int] | None:
    """The bodies whose items ``user`` sees (``visible_items``), for what names other items; None for every item.

    ``None`` as user is the system itself (an operator's command, a webhook), which sees everything.
    """
    if user is None:
        return None
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    if user.is_superuser:
        return None
    who = actor(user)
    return None if who.sees_all else who.body_ids


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
