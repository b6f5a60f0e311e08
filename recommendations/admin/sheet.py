"""The item page as a worksheet: what its panels show, and a refused form given back as it was typed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Event, Item, ItemOwner
from ..people import person_name
from ..workflow import CLOSURE_REVIEWS, TRANSITIONS, transitions_from

# Comments the system writes in English when it acts; shown in the reader's language.
SYSTEM_COMMENTS = {
    "imported from a file": _("imported from a file"),
    "confirmed by the reviewed list": _("confirmed by the reviewed list"),
}
# The first event of a loaded item says where the item came from, rather than "status change".
LOADED_HEADLINES = {"import": _("proposed by the import of the report"), "curated": _("added from the reviewed list")}


_EVIDENCE_FIELDS = ("evidence_url", "evidence_symbol", "comment")
# The fields each form of the page shows, by its action: a refusal's errors stand beside them.
_FIELDS = {"propose_closure": _EVIDENCE_FIELDS, "progress": ("percent", "comment"), "comment": ("comment",),
           "accept_closure": ("comment",), "return_closure": ("comment",), "merge": ("into",)}  # fmt: skip


def fields_of(action: str) -> tuple[str, ...]:
    """The fields of the item page's form for ``action`` (a plain transition's button has none)."""
    transition = TRANSITIONS.get(action)
    if transition is not None:
        return _EVIDENCE_FIELDS if transition.evidence else ()
    return _FIELDS.get(action, ())


@dataclass
class Refusal:
    """A form on the item page that was refused: which one, what was typed, and each field's errors."""

    form: str  # an action's name, "span", or "addressee-<id>"
    values: dict
    errors: dict[str, list[str]] = field(default_factory=dict)  # by field; "form" for the form as a whole

    @classmethod
    def of(cls, form_key: str, posted, form=None, error=None, fields=()) -> Refusal:
        """From an invalid Django form and/or a service's error; an error of no field shown here goes to the form."""
        errors: dict[str, list[str]] = {}
        for name, messages in form.errors.items() if form is not None else ():
            errors.setdefault(name if name in fields else "form", []).extend(messages)
        if error is not None:
            # "evidence" is the pair of evidence fields: the error stands beside the first.
            name = {"evidence": "evidence_url"}.get(error.field or "", error.field or "")
            errors.setdefault(name if name in fields else "form", []).append(error.message)
        return cls(form=form_key, values={k: posted.get(k, "") for k in fields}, errors=errors)


def timeline(obj: Item) -> list:
    """The item's events, oldest first, each with the headline, author and comment a reader sees."""
    events = list(obj.events.select_related("actor").order_by("created_at", "id"))
    for event in events:
        review = CLOSURE_REVIEWS.get(event.action)
        # A closure accepted or returned says so, rather than "status change".
        event.headline = review.done if review else LOADED_HEADLINES.get(event.action) or event.get_kind_display()
        event.author = person_name(event.actor)
        event.change = _change_in_words(event)
        system = event.actor_id is None
        event.comment_text = SYSTEM_COMMENTS.get(event.comment, event.comment) if system else event.comment
    return events


def _change_in_words(event) -> str:
    """From → to as a reader says it: field names, not columns; "C-34 (supporting)", not "C-34:supporting"."""
    if event.kind == Event.Kind.DETAILS:
        names = [name for name in event.to_value.split(", ") if name]
        return ", ".join(_verbose(name) for name in names)
    if event.kind == Event.Kind.OWNERS:
        before, after = _owners_in_words(event.from_value), _owners_in_words(event.to_value)
    elif event.from_value or event.to_value:
        before, after = event.from_label, event.to_label
    else:
        return ""
    return f"{before} → {after}" if before else f"→ {after}"


def _verbose(name: str) -> str:
    try:
        return str(Item._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _owners_in_words(value: str) -> str:
    roles = dict(ItemOwner.Role.choices)
    owners = []
    for part in filter(None, (p.strip() for p in value.split(","))):
        body, _sep, role = part.rpartition(":")
        owners.append(f"{body} ({roles[role]})" if body and role in roles else part)
    return ", ".join(owners)


def actions(user, obj: Item) -> dict:
    """The buttons this user may press, by axis: the owners' response, and the implementation status."""
    moves = [t for t in transitions_from(obj) if permissions.can(user, t.name, obj)]
    return {
        "response_transitions": [t for t in moves if t.axis == "response"],
        "transitions": [t for t in moves if t.axis == "status" and not t.evidence],
        "evidence_transitions": [t for t in moves if t.axis == "status" and t.evidence],
    }
