"""A proposed closure, found through the list's filter, returned once and accepted the second time."""

import pytest

from recommendations.models import Item
from recommendations.services import propose_closure
from tests.browser.signing_in import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_coordinator_returns_a_proposed_closure_then_accepts_the_next(page, screenshot, opened, coordinator,
                                                                      tpcc_focal_point):  # fmt: skip
    item = opened.items.get(paragraph__number=109)
    propose_closure(
        item=item, actor=tpcc_focal_point, comment="Consulted in March", evidence_url="https://example.org/a"
    )
    log_in(page, "coordinator")
    page.goto("/admin/recommendations/item/")
    page.click("#changelist-filter a[href='?closure_proposed__exact=1']")
    page.wait_for_url("**closure_proposed__exact=1**")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1 and "awaiting review" in rows.first.inner_text()
    rows.first.locator("th a, td a").first.click()

    panel = page.locator("#closure")
    assert "tpcc-focal" in panel.inner_text() and "Consulted in March" in panel.inner_text()
    assert page.locator("form.evidence-form input[name=evidence_url]").input_value() == "https://example.org/a"
    screenshot("proposed")
    panel.locator("form.closure-return textarea[name=comment]").fill("Which meeting? Add its record.")
    panel.locator("button[data-action=return_closure]").click()
    page.wait_for_selector(".messagelist .success")
    assert page.locator("#closure").count() == 0
    assert "closure returned" in page.inner_text(".timeline") and "Add its record." in page.inner_text(".timeline")
    assert Item.objects.get(pk=item.pk).closure_proposed is False

    propose_closure(item=item, actor=tpcc_focal_point, evidence_symbol="S/PRST/2015/26")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot("proposed-again-390px")
    page.locator("#closure button[data-action=accept_closure]").click()
    page.wait_for_selector(".messagelist .success")
    assert page.inner_text(".item-status") == "implemented"
    # The proposal and its acceptance, each with the evidence.
    assert page.locator(".timeline a[href='http://undocs.org/ch/S/PRST/2015/26']").count() == 2
    screenshot("accepted-390px")
