"""What the coordinator's front page counts of the outbox and the webhooks: emails and deliveries that went wrong.

Here and not in the domain's dashboard: the domain knows nothing of notifications, so the
front page's template asks both.
"""

from django import template
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from recommendations import permissions
from recommendations.dashboard import Need

from ..models import Delivery, Outbox

register = template.Library()


@register.simple_tag(takes_context=True)
def delivery_troubles(context) -> list[Need]:
    """Emails failed or of unknown fate, webhook deliveries failed or retrying (two queries; none for others)."""
    if not permissions.is_coordinator(context["request"].user):
        return []
    emails = dict(
        Outbox.objects.filter(state__in=[Outbox.State.FAILED, Outbox.State.UNKNOWN])
        .values_list("state")
        .annotate(n=Count("pk"))
    )
    deliveries = Delivery.objects.aggregate(
        failed=Count("pk", filter=Q(state=Delivery.State.FAILED)),
        # Sent once at least and back in the queue after a back-off: the receiver keeps refusing.
        retrying=Count("pk", filter=Q(state=Delivery.State.PENDING, attempts__gt=0)),
    )
    outbox = reverse("admin:notifications_outbox_changelist")
    webhooks = reverse("admin:notifications_delivery_changelist")
    failed, unknown = emails.get(Outbox.State.FAILED, 0), emails.get(Outbox.State.UNKNOWN, 0)
    return [
        Need(
            ngettext("%(count)d email failed", "%(count)d emails failed", failed) % {"count": failed},
            failed,
            f"{outbox}?state__exact=failed",
        ),
        Need(
            ngettext(
                "%(count)d email may or may not have been sent (unknown)",
                "%(count)d emails may or may not have been sent (unknown)",
                unknown,
            )
            % {"count": unknown},
            unknown,
            f"{outbox}?state__exact=unknown",
        ),
        Need(
            ngettext("%(count)d webhook delivery failed", "%(count)d webhook deliveries failed", deliveries["failed"])
            % {"count": deliveries["failed"]},
            deliveries["failed"],
            f"{webhooks}?state__exact=failed",
        ),
        Need(
            ngettext(
                "%(count)d webhook delivery retrying", "%(count)d webhook deliveries retrying", deliveries["retrying"]
            )
            % {"count": deliveries["retrying"]},
            deliveries["retrying"],
            f"{webhooks}?state__exact=pending&attempts__gt=0",
        ),
    ]
