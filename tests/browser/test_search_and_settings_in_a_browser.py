"""Searching the item list by a cited symbol, and a focal point's own settings, clicked through in Chromium."""

import pytest
from django.urls import reverse

from notifications.models import Preference
from tests.browser.signing_in import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

MINE = reverse("admin:notifications_preference_mine")


def _scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_coordinator_finds_the_items_citing_a_presidential_statement(page, screenshot, opened, coordinator):
    log_in(page, "coordinator", "/admin/recommendations/item/")
    page.fill("#searchbar", "S/PRST/2015/26")
    page.press("#searchbar", "Enter")
    page.wait_for_url("**q=S%2FPRST%2F2015%2F26**")
    references = page.locator("#result_list tbody .field-reference_link").all_inner_texts()
    assert references == ["S/2017/130 ¶109"]
    screenshot("searched-by-symbol")


def test_focal_point_sets_its_own_reminders_on_a_phone(page, screenshot, tpcc_focal_point):
    log_in(page, "tpcc-focal", MINE)
    screenshot("my-settings")
    page.set_viewport_size({"width": 390, "height": 844})
    assert not _scrolls_sideways(page)
    page.fill("#id_name-first_name", "Amina")
    page.fill("#id_name-last_name", "Diallo")
    page.select_option("#id_preference-frequency", "daily")
    page.select_option("#id_preference-hour", "7")
    page.select_option("#id_preference-time_zone", "Africa/Dakar")
    page.check("#id_preference-event_notices")
    page.click("input[type=submit][value=Save]")
    page.wait_for_selector(".messagelist .success")
    screenshot("my-settings-saved")
    assert not _scrolls_sideways(page)
    assert page.input_value("#id_preference-time_zone") == "Africa/Dakar"
    pref = Preference.objects.get(user=tpcc_focal_point)
    assert (pref.frequency, pref.hour, pref.time_zone, pref.event_notices) == ("daily", 7, "Africa/Dakar", True)
