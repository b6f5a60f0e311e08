from django import template

from .. import permissions
from ..dashboard import dashboard_for

register = template.Library()


@register.inclusion_tag("admin/recommendations/dashboard.html", takes_context=True)
def tracker_dashboard(context):
    request = context["request"]
    return {
        "dashboard": dashboard_for(request.user),
        "request": request,
        "can_import": permissions.is_coordinator(request.user),
    }
