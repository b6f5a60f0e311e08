"""Unsubscribe and snooze links: each for its own purpose, valid for a while, harmless when refused."""

import time
from unittest import mock

import pytest
from django.core import signing
from django.test import Client

from notifications import signed_links
from notifications.models import Preference

pytestmark = pytest.mark.django_db

PURPOSE = {"unsubscribe": signed_links.UNSUBSCRIBE, "snooze": signed_links.SNOOZE}
DAY = 24 * 3600


def _path(view: str, user_id: int, *, purpose: str | None = None, days_ago: float = 0) -> str:
    """A link to ``view`` for ``user_id``, signed for ``purpose`` (the view's own by default) ``days_ago``."""
    # TimestampSigner stamps links with time.time(): a link from the past is signed at a past time.
    with mock.patch.object(signing.time, "time", return_value=time.time() - days_ago * DAY):
        token = signed_links.token(purpose or PURPOSE[view], user_id)
    return f"/notifications/{view}/{token}/"


def _open(path: str, method: str):
    """A person clicking (GET), or a mail client's RFC 8058 one-click POST: no session, no CSRF token."""
    client = Client(enforce_csrf_checks=True)
    if method == "get":
        return client.get(path)
    return client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("view", ["unsubscribe", "snooze"])
def test_a_fresh_link_asks_on_get_and_acts_on_one_click_post(tpcc_focal_point, view):
    path = _path(view, tpcc_focal_point.pk)
    page = _open(path, "get")
    assert page.status_code == 200 and '<form method="post">' in page.content.decode()
    assert not Preference.objects.exists()  # a click that only looks changes nothing
    assert _open(path, "post").status_code == 200
    preference = Preference.objects.get(user=tpcc_focal_point)
    assert preference.opted_out if view == "unsubscribe" else preference.snoozed_until


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("view", "made_for"), [("unsubscribe", "snooze"), ("snooze", "unsubscribe")])
def test_a_link_made_for_one_purpose_is_refused_by_the_other(tpcc_focal_point, view, made_for, method):
    response = _open(_path(view, tpcc_focal_point.pk, purpose=PURPOSE[made_for]), method)
    assert response.status_code == 400 and "This link is not valid" in response.content.decode()
    assert not Preference.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("view", ["unsubscribe", "snooze"])
def test_a_link_older_than_the_maximum_age_shows_the_expired_page_and_changes_nothing(tpcc_focal_point, settings,
                                                                                      view, method):  # fmt: skip
    settings.SIGNED_LINK_MAX_AGE_DAYS = 60
    response = _open(_path(view, tpcc_focal_point.pk, days_ago=61), method)
    assert response.status_code == 410
    page = response.content.decode()
    assert "This link has expired; links in reminder emails work for 60 days." in page
    assert "Use the link in your latest reminder" in page
    assert not Preference.objects.exists()


@pytest.mark.parametrize(("days_ago", "max_age_days", "status"), [(59, 60, 200), (61, 60, 410), (61, 90, 200)])
def test_the_maximum_age_is_the_setting_when_the_link_is_used(tpcc_focal_point, settings, days_ago, max_age_days,
                                                               status):  # fmt: skip
    path = _path("unsubscribe", tpcc_focal_point.pk, days_ago=days_ago)
    settings.SIGNED_LINK_MAX_AGE_DAYS = max_age_days  # after the link was made: read when it is used
    assert _open(path, "post").status_code == status


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("view", ["unsubscribe", "snooze"])
def test_a_link_for_a_deleted_user_is_not_valid_and_writes_nothing(tpcc_focal_point, view, method):
    path = _path(view, tpcc_focal_point.pk)
    tpcc_focal_point.delete()
    response = _open(path, method)
    assert response.status_code == 400 and "This link is not valid" in response.content.decode()
    assert not Preference.objects.exists()


@pytest.mark.parametrize("mangle", [lambda token: "forged", lambda token: token[:-4]], ids=["forged", "cut-short"])
def test_a_forged_or_cut_short_link_is_not_valid(tpcc_focal_point, mangle):
    token = _path("unsubscribe", tpcc_focal_point.pk).split("/")[-2]
    response = _open(f"/notifications/unsubscribe/{mangle(token)}/", "post")
    assert response.status_code == 400 and "This link is not valid" in response.content.decode()
    assert not Preference.objects.exists()


def test_the_expired_page_is_in_the_readers_language(tpcc_focal_point, settings):
    settings.SIGNED_LINK_MAX_AGE_DAYS = 60
    response = Client().get(_path("snooze", tpcc_focal_point.pk, days_ago=61), HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = response.content.decode()
    assert response.status_code == 410
    assert '<html lang="zh-hans">' in page and "此链接已过期；提醒邮件中的链接 60 天内有效。" in page
