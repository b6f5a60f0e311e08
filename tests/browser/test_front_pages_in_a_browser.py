"""The front page and a document's page, in Chromium."""

import pytest

from tests.browser.signing_in import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _in_view(page, selector):
    return page.evaluate(
        """(selector) => { const box = document.querySelector(selector).getBoundingClientRect();
                           return box.height > 0 && box.top >= 0 && box.top < window.innerHeight; }""",
        selector,
    )


def test_a_link_to_a_paragraph_deep_in_the_document_shows_it(page, screenshot, seed_document, viewer):
    log_in(page, "viewer")
    page.goto(f"/admin/recommendations/document/{seed_document.pk}/change/#p107")
    page.wait_for_selector("#p107", state="visible")
    assert _in_view(page, "#p107")
    assert page.inner_text("#p107").startswith("107.")
    screenshot("p107")

    # From the contents: a topic, folded until its link is followed.
    page.goto(f"/admin/recommendations/document/{seed_document.pk}/change/")
    assert not page.locator("#p30").is_visible()
    page.click("#document-contents a[href='#section-3']")
    page.wait_for_selector("#p30", state="visible")
    assert _in_view(page, "#section-3")


def test_front_page_fits_a_phone(page, screenshot, opened, coordinator):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "coordinator")
    screenshot("coordinator-390")
    # The table of bodies × statuses scrolls inside its box; the page never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
