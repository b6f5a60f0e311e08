"""Data migrations of the notifications app, run against rows as they were stored."""

import importlib

import pytest
from django.apps import apps

from notifications.models import Delivery, Webhook
from recommendations.models import Item
from recommendations.services import add_comment

pytestmark = pytest.mark.django_db

fixed_words = importlib.import_module("notifications.migrations.0005_delivery_last_error_fixed_words")


def test_errors_stored_before_fixed_words_keep_only_the_status_or_the_kind_of_failure(opened, coordinator):
    hook = Webhook.objects.create(name="old", url="http://127.0.0.1:9/")
    item = Item.objects.get(paragraph__number=109)
    stored = {
        "HTTP 500: SECRET-INTERNAL traceback": (500, "HTTP 500"),
        "HTTP 302: <a href='http://10.0.0.1/'>moved</a>": (302, "HTTP 302: redirects are not followed"),
        "ConnectionError: ('Connection aborted.', BadStatusLine('SECRET-INTERNAL'))": (None, "connection failed"),
        "ReadTimeout: HTTPConnectionPool(host='10.0.0.1', port=80): Read timed out.": (None, "timeout"),
        "": (None, ""),
    }
    for error, (status, _) in stored.items():
        add_comment(item=item, actor=coordinator, comment=error or "fine")
        Delivery.objects.create(webhook=hook, event=item.events.latest("id"), last_status=status, last_error=error)
    fixed_words.rewrite(apps, None)
    assert sorted(Delivery.objects.values_list("last_error", flat=True)) == sorted(w for _, w in stored.values())
