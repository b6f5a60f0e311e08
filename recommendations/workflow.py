"""The two status axes and their transitions, as data; ``services.follow_up.transition`` applies them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import CLOSED_STATUSES, OPEN_STATUSES, Response, Status


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    axis: str  # the Item field it moves: "status" or "response"
    sources: tuple[str, ...]
    target: str
    evidence: bool = False  # needs a URL or a UN document symbol

    def allowed_from(self, value: str) -> bool:
        return value in self.sources


_ANSWERED = (Response.ACCEPTED, Response.PARTIALLY_ACCEPTED, Response.NOT_ACCEPTED, Response.NOTED)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("confirm", _("Confirm"), "status", (Status.PROPOSED,), Status.OPEN),
        Transition("dismiss", _("Dismiss"), "status", (Status.PROPOSED,), Status.DISMISSED),
        Transition("start", _("Start"), "status", (Status.OPEN,), Status.IN_PROGRESS),
        Transition("implement", _("Close as implemented"), "status", OPEN_STATUSES, Status.IMPLEMENTED, True),
        Transition("not_implemented", _("Close as not implemented"), "status", OPEN_STATUSES, Status.NOT_IMPLEMENTED),
        Transition("supersede", _("Close as superseded"), "status", OPEN_STATUSES, Status.SUPERSEDED),
        Transition("withdraw", _("Withdraw"), "status", OPEN_STATUSES, Status.WITHDRAWN),
        Transition("reopen", _("Reopen"), "status", CLOSED_STATUSES, Status.OPEN),
        Transition("accept", _("Accepted"), "response", (Response.PENDING,), Response.ACCEPTED),
        Transition(
            "partially_accept", _("Partially accepted"), "response", (Response.PENDING,), Response.PARTIALLY_ACCEPTED
        ),
        Transition("not_accept", _("Not accepted"), "response", (Response.PENDING,), Response.NOT_ACCEPTED),
        Transition("note", _("Noted"), "response", (Response.PENDING,), Response.NOTED),
        Transition("reset_response", _("Response back to pending"), "response", _ANSWERED, Response.PENDING),
    )
}


def transitions_from(item) -> list[Transition]:
    """The transitions the item's current state allows, whoever asks."""
    return [t for t in TRANSITIONS.values() if t.allowed_from(getattr(item, t.axis))]


@dataclass(frozen=True)
class ClosureReview:
    name: str
    label: str  # the coordinator's button
    done: str  # how the timeline and notices say it happened


# A coordinator's answer to a proposed closure (``services.closure``). Kept apart from
# TRANSITIONS: a return moves no axis, and files of items pick a transition by its target.
CLOSURE_REVIEWS: dict[str, ClosureReview] = {
    r.name: r
    for r in (
        ClosureReview("accept_closure", _("Accept closure"), _("closure accepted")),
        ClosureReview("return_closure", _("Return with a comment"), _("closure returned")),
    )
}
