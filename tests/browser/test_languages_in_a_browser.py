"""An item's paragraph in Chinese beside its English version, the carried quote marked in both."""

import pytest
from django.conf import settings

from recommendations.services import import_document
from tests.browser.signing_in import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_item_page_shows_both_languages_side_by_side(page, screenshot, opened, coordinator):
    import_document(data=(settings.FIXTURES_DIR / "S-2017-130.en.txt").read_bytes(), symbol="S/2017/130",
                    language="en")  # fmt: skip
    item = opened.items.get(paragraph__number=109)
    log_in(page, "coordinator")
    page.goto(f"/admin/recommendations/item/{item.pk}/change/")
    zh = page.locator("#source figure.source-language").nth(0)
    en = page.locator("#source figure.source-language").nth(1)
    assert zh.locator("figcaption").inner_text() == "中文" and en.locator("figcaption").inner_text() == "English"
    assert zh.locator("mark").inner_text() == item.quote
    assert en.locator("mark").inner_text().startswith("In the spirit of the presidential statement")
    left, right = zh.bounding_box(), en.bounding_box()
    assert left["y"] == right["y"] and left["x"] + left["width"] <= right["x"]  # side by side, not stacked
    screenshot("side-by-side")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    left, right = zh.bounding_box(), en.bounding_box()
    assert right["y"] >= left["y"] + left["height"]  # a phone stacks them
    screenshot("stacked-390px")
