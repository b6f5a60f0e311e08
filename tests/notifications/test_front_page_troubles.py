"""The coordinator's front page counts emails and webhook deliveries that went wrong, and links to them."""

import re

import pytest
from django.urls import reverse

from notifications.models import Delivery, Outbox, Webhook
from notifications.templatetags.delivery_troubles import delivery_troubles
from recommendations import permissions
from recommendations.models import Event
from recommendations.services import add_comment

pytestmark = pytest.mark.django_db


def _emails(recipient, *states):
    for n, state in enumerate(states):
        Outbox.objects.create(
            recipient=recipient, kind="digest", period=f"2027-W{n:02}", message_id=f"<m{n}@x>", to="c@example.org",
            subject="s", body_text="t", body_html="h", unsubscribe_url="http://x/u", state=state,
        )  # fmt: skip


def _deliveries(opened, coordinator, *states_and_attempts):
    hook = Webhook.objects.create(name="mission dashboard", url="https://hooks.example.org/in")
    item = opened.items.get(paragraph__number=109)
    for state, attempts in states_and_attempts:
        add_comment(item=item, actor=coordinator, comment="x")
        item.refresh_from_db()
        Delivery.objects.create(webhook=hook, event=Event.objects.latest("id"), state=state, attempts=attempts)


def _needs(client, user):
    client.force_login(user)
    page = client.get(reverse("admin:index")).content.decode()
    block = re.search(r'<ul id="needs-you">(.*?)</ul>', page, re.S)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', block[1]) if block else None


def test_failed_and_unknown_emails_and_failing_webhooks_need_the_coordinator(client, opened, coordinator):
    _emails(coordinator, "failed", "unknown", "unknown", "sent", "pending")
    _deliveries(opened, coordinator, ("failed", 5), ("pending", 2), ("pending", 0), ("delivered", 1))
    outbox = reverse("admin:notifications_outbox_changelist")
    deliveries = reverse("admin:notifications_delivery_changelist")
    assert _needs(client, coordinator) == [
        (f"{outbox}?state__exact=failed", "1 email failed"),
        (f"{outbox}?state__exact=unknown", "2 emails may or may not have been sent (unknown)"),
        (f"{deliveries}?state__exact=failed", "1 webhook delivery failed"),
        (f"{deliveries}?state__exact=pending&amp;attempts__gt=0", "1 webhook delivery retrying"),
    ]


def test_each_link_lists_exactly_the_rows_it_counts(client, opened, coordinator):
    _emails(coordinator, "failed", "unknown", "unknown", "sent")
    _deliveries(opened, coordinator, ("failed", 5), ("pending", 2), ("pending", 0))
    client.force_login(coordinator)
    for url, _label in _needs(client, coordinator):
        response = client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == int(_label.split()[0])


def test_nobody_else_sees_or_pays_for_them(client, opened, coordinator, au_focal_point, django_assert_num_queries):
    _emails(coordinator, "failed")
    assert _needs(client, au_focal_point) is None

    class Request:
        user = au_focal_point

    permissions.actor(au_focal_point)  # the page has read the roles already (its app list)
    with django_assert_num_queries(0):
        assert delivery_troubles({"request": Request()}) == []


def test_in_chinese(client, opened, coordinator):
    _emails(coordinator, "unknown")
    client.force_login(coordinator)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "1 封邮件不确定是否已发出（未知）" in page
