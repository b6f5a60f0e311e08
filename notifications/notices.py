"""Event notices, for those who ask for them: an item of your body was assigned to it or changed
status (a proposed closure accepted or returned among those changes), or (for coordinators) a
focal point submitted evidence for review.

Each person has a cursor (the newest event considered); a notice gathers what happened since,
and its period is the newest event's id, so planning it twice adds nothing.
"""

from __future__ import annotations

from django.db.models import Max
from django.utils import translation

from recommendations import permissions
from recommendations.models import Event
from recommendations.people import person_name
from recommendations.workflow import CLOSURE_REVIEWS

from . import emails
from .models import Outbox, Preference

# A closure accepted or returned is a status event: the focal points of the item's bodies, its
# proposer among them, hear of it.
RELEVANT_KINDS = (Event.Kind.OWNERS, Event.Kind.STATUS, Event.Kind.EVIDENCE)


def _relevant(event: Event, user, body_ids: frozenset, coordinator: bool) -> bool:
    if event.actor_id == user.pk:
        return False  # nobody needs telling what they did themselves
    if event.kind == Event.Kind.EVIDENCE and coordinator:
        return True
    owned = any(o.body_id in body_ids for o in event.item.ownerships.all())
    return owned and event.kind in (Event.Kind.OWNERS, Event.Kind.STATUS)


def plan_notices(*, batch: int = 500) -> list[Outbox]:
    newest = Event.objects.aggregate(newest=Max("id"))["newest"] or 0
    planned = []
    for pref in Preference.objects.filter(event_notices=True, opted_out=False).select_related("user"):
        user = pref.user
        if pref.last_notice_event_id == 0:
            # Notices start from when they were asked for, not from the beginning.
            Preference.objects.filter(pk=pref.pk, last_notice_event_id=0).update(last_notice_event_id=newest)
            continue
        events = list(
            Event.objects.announced()
            .filter(id__gt=pref.last_notice_event_id, kind__in=RELEVANT_KINDS)
            .select_related("item__document", "item__paragraph", "actor")
            .prefetch_related("item__ownerships")
            .order_by("id")[:batch]
        )
        if not events:
            continue
        who = permissions.actor(user)
        relevant = [e for e in events if _relevant(e, user, who.body_ids, who.coordinator)]
        upto = events[-1].id
        if relevant and user.email:
            planned.append(notice_outbox(user, pref, relevant, period=f"events-{upto}"))
        Preference.objects.filter(pk=pref.pk, last_notice_event_id=pref.last_notice_event_id).update(
            last_notice_event_id=upto
        )
    # The unique (recipient, kind, period) constraint makes a second planner's rows no-ops.
    Outbox.objects.bulk_create(planned, ignore_conflicts=True)
    return planned


def notice_outbox(user, pref: Preference, events, *, period: str) -> Outbox:
    """The notice email of ``events`` for ``user``, in their language."""
    with translation.override(pref.language):
        rows = [
            {
                "reference": event.item.reference,
                "what": str(_what(event)),
                "change": f"{event.from_label} → {event.to_label}" if (event.from_value or event.to_value) else "",
                "by": person_name(event.actor),
                "comment": event.comment,
                "evidence": event.evidence_link,
                "url": emails.item_url(event.item_id),
            }
            for event in events
        ]
    return emails.outbox(Outbox.Kind.NOTICE, user=user, language=pref.language, period=period,
                         context={"events": rows, "total": len(rows)},
                         item_ids=sorted({event.item_id for event in events}))  # fmt: skip


def _what(event: Event) -> str:
    review = CLOSURE_REVIEWS.get(event.action)
    return review.done if review else event.get_kind_display()
