"""The admin's front page: the dashboard of the user's role."""

from django import template
from django.urls import reverse
from django.utils.translation import ngettext

from ..dashboard import COORDINATOR, Need, dashboard_for

register = template.Library()


@register.inclusion_tag("admin/recommendations/dashboard.html", takes_context=True)
def tracker_dashboard(context, more_needs=()):
    """The front page; ``more_needs`` are lines of *Needs you* other apps count (emails, webhooks)."""
    request = context["request"]
    board = dashboard_for(request.user, document_id=_document_id(request.GET.get("document")))
    needs = [*_needs(board), *more_needs] if board.role == COORDINATOR else []
    return {
        "dashboard": board,
        "needs": [need for need in needs if need.count],
        "request": request,
        "can_import": board.role == COORDINATOR,
    }


def _document_id(value: str | None) -> int | None:
    """The summary's document as the selector sends it; anything else is every document."""
    return int(value) if value and value.isdigit() and len(value) < 19 else None


def _needs(board) -> list[Need]:
    items = reverse("admin:recommendations_item_changelist")
    return [
        Need(
            ngettext("%(count)d closure proposed", "%(count)d closures proposed", board.closures_proposed)
            % {"count": board.closures_proposed},
            board.closures_proposed,
            f"{items}?closure_proposed__exact=1",
        ),
        Need(
            ngettext("%(count)d item proposed for review", "%(count)d items proposed for review", board.proposed)
            % {"count": board.proposed},
            board.proposed,
            reverse("admin:recommendations_proposeditem_changelist"),
        ),
    ]
