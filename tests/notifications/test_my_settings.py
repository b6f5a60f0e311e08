"""My settings: everyone signed in edits their own name and notification preferences; coordinators edit everyone's."""

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Preference

pytestmark = pytest.mark.django_db

MINE = reverse("admin:notifications_preference_mine")

GOOD = {
    "name-first_name": "Amina",
    "name-last_name": "Diallo",
    "preference-frequency": "daily",
    "preference-weekday": "2",
    "preference-hour": "7",
    "preference-time_zone": "Africa/Dakar",
    "preference-language": "zh-hans",
    "preference-event_notices": "on",
}


@pytest.fixture(params=["coordinator", "tpcc_focal_point", "viewer"])
def person(request):
    return request.getfixturevalue(request.param)


def test_each_role_opens_its_own_page_and_saves_name_and_preferences(client, person):
    client.force_login(person)
    page = client.get(MINE)
    assert page.status_code == 200
    for field in ("name-first_name", "preference-time_zone", "preference-hour", "preference-opted_out"):
        assert f'name="{field}"' in page.content.decode()
    saved = client.post(MINE, GOOD, follow=True)
    assert saved.redirect_chain == [(MINE, 302)]
    assert "Your settings are saved." in saved.content.decode()
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Amina", "Diallo")
    pref = Preference.objects.get(user=person)
    assert (pref.frequency, pref.weekday, pref.hour, pref.time_zone, pref.language) == (
        "daily", 2, 7, "Africa/Dakar", "zh-hans"
    )  # fmt: skip
    assert pref.event_notices and not pref.opted_out


def test_saving_again_changes_the_one_row_and_keeps_what_the_page_does_not_show(client, tpcc_focal_point):
    Preference.objects.create(user=tpcc_focal_point, last_notice_event_id=41, hour=9)
    client.force_login(tpcc_focal_point)
    client.post(MINE, {**GOOD, "preference-opted_out": "on"})
    pref = Preference.objects.get(user=tpcc_focal_point)
    assert pref.opted_out and pref.hour == 7 and pref.last_notice_event_id == 41


def test_nobody_edits_another_persons_settings_through_it(client, tpcc_focal_point, au_focal_point):
    theirs = Preference.objects.create(user=au_focal_point, time_zone="Europe/Paris")
    client.force_login(tpcc_focal_point)
    client.post(MINE, {**GOOD, "preference-user": au_focal_point.pk, "user": au_focal_point.pk, "name-id": 0})
    theirs.refresh_from_db()
    au_focal_point.refresh_from_db()
    assert theirs.time_zone == "Europe/Paris" and au_focal_point.first_name == ""
    assert Preference.objects.get(user=tpcc_focal_point).time_zone == "Africa/Dakar"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("preference-time_zone", "Mars/Olympus", "Mars/Olympus is not one of the available choices"),
        ("preference-hour", "25", "25 is not one of the available choices"),
        ("preference-weekday", "7", "7 is not one of the available choices"),
        ("name-first_name", "x" * 151, "at most 150 characters"),
    ],
)
def test_bad_input_is_refused_beside_its_field_keeps_what_was_typed_and_saves_nothing(
    client, tpcc_focal_point, field, value, error
):
    client.force_login(tpcc_focal_point)
    response = client.post(MINE, {**GOOD, field: value})
    assert response.status_code == 200
    form = response.context["preference_form"] if field.startswith("preference") else response.context["name_form"]
    name = field.split("-", 1)[1]
    assert list(form.errors) == [name] and error in form.errors[name][0]
    page = response.content.decode()
    # The error stands in the field's own row, above its input.
    row = page[page.index(f'class="form-row errors field-{name}"') :]
    assert row.index('class="errorlist') < row.index(f'name="{field}"') < row.index("</div>\n</div>")
    assert 'value="Diallo"' in page  # what was typed elsewhere is kept
    assert not Preference.objects.filter(user=tpcc_focal_point).exists()
    tpcc_focal_point.refresh_from_db()
    assert tpcc_focal_point.last_name == ""


def test_saving_needs_the_csrf_token(tpcc_focal_point):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tpcc_focal_point)
    assert client.post(MINE, GOOD).status_code == 403
    assert not Preference.objects.filter(user=tpcc_focal_point).exists()


def test_signed_out_visitors_are_sent_to_the_login(client):
    response = client.get(MINE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_a_focal_point_opening_someone_elses_preferences_is_told_why_not(client, tpcc_focal_point, au_focal_point):
    theirs = Preference.objects.create(user=au_focal_point)
    client.force_login(tpcc_focal_point)
    response = client.get(reverse("admin:notifications_preference_change", args=[theirs.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "only coordinators change other people's settings" in page and MINE in page
    assert client.get(reverse("admin:notifications_preference_add")).status_code == 403
    assert client.post(reverse("admin:notifications_preference_delete", args=[theirs.pk])).status_code == 403
    assert Preference.objects.filter(pk=theirs.pk).exists()


def test_a_focal_point_is_sent_from_the_preference_admin_to_its_own_page(client, tpcc_focal_point):
    own = Preference.objects.create(user=tpcc_focal_point)
    client.force_login(tpcc_focal_point)
    changelist = client.get(reverse("admin:notifications_preference_changelist"))
    assert changelist.status_code == 302 and changelist["Location"] == MINE
    change = client.get(reverse("admin:notifications_preference_change", args=[own.pk]))
    assert change.status_code == 302 and change["Location"] == MINE


def test_coordinators_still_edit_everyones_preferences(client, coordinator, au_focal_point):
    theirs = Preference.objects.create(user=au_focal_point)
    client.force_login(coordinator)
    url = reverse("admin:notifications_preference_change", args=[theirs.pk])
    assert client.get(url).status_code == 200
    data = {"user": au_focal_point.pk, "frequency": "weekly", "weekday": "4", "hour": "16", "time_zone": "Asia/Tokyo",
            "language": "en"}  # fmt: skip
    refused = client.post(url, {**data, "time_zone": "Mars/Olympus"})
    assert refused.status_code == 200 and "Mars/Olympus is not one of the available choices" in refused.content.decode()
    assert client.post(url, data).status_code == 302
    theirs.refresh_from_db()
    assert (theirs.weekday, theirs.hour, theirs.time_zone) == (4, 16, "Asia/Tokyo")


def test_the_page_is_in_chinese_for_chinese_readers(client, tpcc_focal_point):
    client.force_login(tpcc_focal_point)
    page = client.get(MINE, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "我的设置" in page and "时区" in page and "星期一" in page


@pytest.mark.django_db
def test_every_admin_page_links_to_my_settings(client, tpcc_focal_point):
    client.force_login(tpcc_focal_point)
    page = client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("admin:notifications_preference_mine")}"' in page
