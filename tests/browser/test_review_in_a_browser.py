"""Reviewing a proposed item in Chromium: the span previewed while its bounds are typed, then saved."""

import pytest

from tests.factories import AddresseeFactory, BodyFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_coordinator_previews_and_saves_a_span_then_maps_an_addressee(page, screenshot, coordinator):
    addressee = AddresseeFactory()
    item = addressee.item
    BodyFactory(code="SEC", name_en="Secretariat")
    page.goto("/admin/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "secret-password")
    page.click("input[type=submit]")
    page.wait_for_selector("#tracker-dashboard")

    page.goto(f"/admin/recommendations/item/{item.pk}/change/")
    span = page.locator("form.span-form")
    span.locator("input[name=quote_start]").fill("4")
    span.locator("input[name=quote_end]").fill("21")
    # Previewed before anything is saved.
    assert span.locator(".span-preview mark").inner_text() == "regional partners"
    span.locator("input[name=quote_end]").fill("2")
    assert span.locator(".span-problem").is_visible()
    assert span.locator(".span-preview mark").inner_text() == "regional partners"  # the last good span stays
    span.locator("input[name=quote_end]").fill("21")
    assert not span.locator(".span-problem").is_visible()
    screenshot("span-previewed")
    span.locator("button[data-action=set_quote_span]").click()
    page.wait_for_selector(".messagelist")
    item.refresh_from_db()
    assert (item.quote, item.version) == ("regional partners", 2)

    mapping = page.locator("form.addressee-form")
    mapping.locator("input[name=code]").fill("RP")
    mapping.locator("input[name=name_en]").fill("Regional partners")
    mapping.locator("input[name=name_zh]").fill("区域伙伴")
    mapping.locator("button[data-action=map_addressee]").click()
    page.wait_for_selector("#owners .owners")
    owners = page.locator("#owners .owners li")
    assert owners.locator(".owner-body").inner_text() == "Regional partners"
    assert owners.locator(".owner-role").inner_text() == "lead"
    screenshot("addressee-mapped")
