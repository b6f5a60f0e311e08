"""Reminder emails: subject, text and HTML from three templates, in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from recommendations.people import person_name
from tracker.links import site_url

from . import signed_links
from .models import Outbox


def unsubscribe_url(user_id: int) -> str:
    return _signed_link("notifications:unsubscribe", signed_links.UNSUBSCRIBE, user_id)


def snooze_url(user_id: int) -> str:
    return _signed_link("notifications:snooze", signed_links.SNOOZE, user_id)


def _signed_link(view: str, purpose: str, user_id: int) -> str:
    return site_url(reverse(view, args=[signed_links.token(purpose, user_id)]))


def message_id(kind: str, user_id: int, period: str) -> str:
    """Deterministic: the same email for the same period always has the same Message-ID."""
    return f"<{kind}.{user_id}.{period}@{settings.REMINDER_MESSAGE_ID_DOMAIN}>"


def item_url(item_id: int) -> str:
    return site_url(reverse("admin:recommendations_item_change", args=[item_id]))


def addressee(user) -> str:
    """How an email greets ``user``: by full name, or by user name where none is given."""
    return person_name(user)


def render(kind: str, *, user, language: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) of a ``kind`` email (digest, escalation, notice) for ``user``."""
    with translation.override(language):
        full = {
            **context,
            "user": user,
            "addressee": addressee(user),
            "unsubscribe_url": unsubscribe_url(user.pk),
            "snooze_url": snooze_url(user.pk),
            "site_url": settings.SITE_URL,
            "zh": language.startswith("zh"),
        }
        subject = render_to_string(f"notifications/email/{kind}_subject.txt", full).strip()
        text = render_to_string(f"notifications/email/{kind}_body.txt", full)
        html = render_to_string(f"notifications/email/{kind}_body.html", full)
    return " ".join(subject.split()), text, html


def outbox(kind: str, *, user, language: str, period: str, context: dict, item_ids) -> Outbox:
    """The (unsaved) Outbox row of a ``kind`` email for ``user`` and ``period``."""
    subject, text, html = render(kind, user=user, language=language, context=context)
    return Outbox(
        recipient=user,
        kind=kind,
        period=period,
        message_id=message_id(kind, user.pk, period),
        to=user.email,
        subject=subject,
        body_text=text,
        body_html=html,
        unsubscribe_url=unsubscribe_url(user.pk),
        item_ids=list(item_ids),
    )
