"""The links at the foot of every reminder: stop them, or snooze them."""

import datetime

from django.core import signing
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from . import emails
from .models import Preference

SNOOZE_DAYS = 14


def _user_id(token: str) -> int | None:
    try:
        return emails.user_from_token(token)
    except signing.BadSignature:
        return None


@csrf_exempt  # RFC 8058 one-click unsubscribe: mail clients POST without a session
def unsubscribe(request, token):
    user_id = _user_id(token)
    if user_id is None:
        return HttpResponseBadRequest("This link is not valid.")
    if request.method == "POST":
        Preference.objects.update_or_create(user_id=user_id, defaults={"opted_out": True})
        return HttpResponse("You will get no more reminder emails.", content_type="text/plain; charset=utf-8")
    return render(request, "notifications/confirm.html", {"action": "unsubscribe"})


@csrf_exempt
def snooze(request, token):
    user_id = _user_id(token)
    if user_id is None:
        return HttpResponseBadRequest("This link is not valid.")
    if request.method == "POST":
        until = timezone.localdate() + datetime.timedelta(days=SNOOZE_DAYS)
        Preference.objects.update_or_create(user_id=user_id, defaults={"snoozed_until": until})
        return HttpResponse(f"Reminders are snoozed until {until}.", content_type="text/plain; charset=utf-8")
    return render(request, "notifications/confirm.html", {"action": "snooze", "days": SNOOZE_DAYS})
