"""Bulk actions of the item list: each row goes through the same service as a single change.

Every row is its own transaction: a refused row changes nothing and is reported
with its reason; the others go through.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions, services
from ..models import Item
from ..workflow import TRANSITIONS
from .forms import DueDateForm, EvidenceForm, MergeForm, OwnerForm

# Transitions that need nothing but a click; implement asks for evidence first.
PLAIN_TRANSITIONS = ["confirm", "dismiss", "start", "not_implemented", "supersede", "withdraw", "reopen",
                     "accept", "partially_accept", "not_accept", "note"]  # fmt: skip


def apply_to_each(modeladmin, request, queryset, label: str, change: Callable[[Item], object]) -> None:
    done, refused = 0, []
    for item in queryset.select_related("document", "paragraph"):
        try:
            change(item)
            done += 1
        except services.ServiceError as exc:
            refused.append(f"{item.reference} ({item.key}): {exc.message}")
    if done:
        modeladmin.message_user(request, _("%(label)s: %(count)d item(s) changed.") % {"label": label, "count": done})
    if refused:
        modeladmin.message_user(
            request,
            _("%(label)s: %(count)d item(s) refused, unchanged — %(reasons)s")
            % {"label": label, "count": len(refused), "reasons": "; ".join(refused)},
            level=messages.WARNING,
        )


def transition_action(name: str):
    move = TRANSITIONS[name]

    @admin.action(description=move.label)
    def action(modeladmin, request, queryset):
        apply_to_each(
            modeladmin,
            request,
            queryset,
            str(move.label),
            lambda item: services.transition(item=item, action=name, actor=request.user),
        )

    action.__name__ = f"transition_{name}"
    action.workflow_action = name
    return action


def _ask(modeladmin, request, queryset, form, title: str, action_name: str):
    """Render the intermediate page that asks for what the action needs."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "items": queryset.select_related("document", "paragraph"),
        "action_name": action_name,
        "opts": modeladmin.model._meta,
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
    }
    return TemplateResponse(request, "admin/recommendations/item/bulk_form.html", context)


def _form_action(name: str, description, form_class, workflow_action: str, apply, form_kwargs=lambda items: {}):
    @admin.action(description=description)
    def action(modeladmin, request, queryset):
        if "apply" in request.POST:
            form = form_class(request.POST, **form_kwargs(queryset))
            if form.is_valid():
                apply_to_each(
                    modeladmin,
                    request,
                    queryset,
                    str(description),
                    lambda item: apply(item, request, form.cleaned_data),
                )
                return None
        else:
            form = form_class(**form_kwargs(queryset))
        return _ask(modeladmin, request, queryset, form, str(description), name)

    action.__name__ = name
    action.workflow_action = workflow_action
    return action


close_implemented = _form_action(
    "close_implemented",
    gettext_lazy("Close as implemented (with evidence)…"),
    EvidenceForm,
    "implement",
    lambda item, request, data: services.transition(item=item, action="implement", actor=request.user, **data),
)
set_due_date = _form_action(
    "set_due_date",
    gettext_lazy("Set due date…"),
    DueDateForm,
    "edit",
    lambda item, request, data: services.set_due_date(item=item, actor=request.user, due_date=data["due_date"]),
)
assign_owner = _form_action(
    "assign_owner",
    gettext_lazy("Assign owner…"),
    OwnerForm,
    "edit",
    lambda item, request, data: services.set_owner(item=item, actor=request.user, body=data["body"], role=data["role"]),
)
merge_into = _form_action(
    "merge_into",
    gettext_lazy("Merge into another item…"),
    MergeForm,
    "dismiss",
    lambda item, request, data: services.merge(item=item, into=data["into"], actor=request.user),
    form_kwargs=lambda items: {"items": items},
)


def item_actions() -> list:
    return [*(transition_action(name) for name in PLAIN_TRANSITIONS), close_implemented, set_due_date, assign_owner]


def allowed(request, actions: dict) -> dict:
    """Drop the actions this user may never do, so a focal point sees only its own."""
    who = permissions.actor(request.user)
    if who.coordinator:
        return actions
    keep = permissions.FOCAL_POINT_ACTIONS if who.focal_point else frozenset()
    return {name: spec for name, spec in actions.items() if getattr(spec[0], "workflow_action", None) in keep}
