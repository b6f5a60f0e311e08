"""The daily purge of API tokens, run as the background task, without the API."""

import datetime

import pytest
from django.utils import timezone
from knox.models import AuthToken

from recommendations.tasks import purge_expired_tokens

pytestmark = pytest.mark.django_db


def test_the_daily_purge_deletes_expired_tokens_and_keeps_live_ones(coordinator, viewer):
    AuthToken.objects.create(coordinator, expiry=datetime.timedelta(days=1))
    AuthToken.objects.create(viewer, expiry=datetime.timedelta(days=1))
    AuthToken.objects.filter(user=viewer).update(expiry=timezone.now() - datetime.timedelta(seconds=1))

    assert purge_expired_tokens() == 1
    assert list(AuthToken.objects.values_list("user__username", flat=True)) == ["coordinator"]
    assert purge_expired_tokens() == 0  # a second run finds nothing left to do
