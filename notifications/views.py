"""The links at the foot of every reminder: stop them, or snooze them."""

import datetime
import functools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import signed_links
from .models import Preference

SNOOZE_DAYS = 14


def signed_link(purpose: str):
    """The view gets the link's user; an expired, forged or orphaned link gets a page saying why.

    A link made for another purpose fails its signature, as if forged.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, token):
            try:
                user_id = signed_links.user_id(purpose, token)
            except signing.SignatureExpired:
                days = settings.SIGNED_LINK_MAX_AGE_DAYS
                return render(request, "notifications/link_expired.html", {"days": days}, status=410)
            except signing.BadSignature:
                user_id = None
            # The person may have been deleted since the email went out: writing their
            # preference would break the foreign key, so the link is simply not valid.
            user = get_user_model().objects.filter(pk=user_id).first() if user_id is not None else None
            if user is None:
                return render(request, "notifications/link_invalid.html", status=400)
            return view(request, user)

        return wrapper

    return decorator


@csrf_exempt  # RFC 8058 one-click unsubscribe: mail clients POST without a session
@signed_link(signed_links.UNSUBSCRIBE)
def unsubscribe(request, user):
    if request.method == "POST":
        Preference.objects.update_or_create(user=user, defaults={"opted_out": True})
        return render(request, "notifications/done.html", {"message": _("You will get no more reminder emails.")})
    return render(request, "notifications/confirm.html", {"action": "unsubscribe"})


@csrf_exempt
@signed_link(signed_links.SNOOZE)
def snooze(request, user):
    if request.method == "POST":
        until = timezone.localdate() + datetime.timedelta(days=SNOOZE_DAYS)
        Preference.objects.update_or_create(user=user, defaults={"snoozed_until": until})
        message = _("Reminders are snoozed until %(date)s.") % {"date": until.isoformat()}
        return render(request, "notifications/done.html", {"message": message})
    return render(request, "notifications/confirm.html", {"action": "snooze", "days": SNOOZE_DAYS})
