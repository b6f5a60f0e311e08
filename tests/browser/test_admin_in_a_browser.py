"""What a coordinator and a focal point do in the admin, clicked through in Chromium."""

import datetime

import pytest
from django.utils import timezone

from recommendations.models import Item
from recommendations.services import set_due_date
from tests.browser.signing_in import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_coordinator_filters_overdue_and_closes_one_with_evidence(page, screenshot, opened, coordinator):
    late = opened.items.get(paragraph__number=109)
    set_due_date(item=late, actor=coordinator, due_date=timezone.localdate() - datetime.timedelta(days=10))
    log_in(page, "coordinator")
    screenshot("dashboard")
    assert "S/2017/130 ¶109" in page.inner_text("#overdue-list")

    page.goto("/admin/recommendations/item/")
    page.click("#changelist-filter a[href*='overdue=yes']")
    page.wait_for_url("**overdue=yes**")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    screenshot("overdue-filtered")
    rows.first.locator("th a, td a").first.click()

    page.wait_for_selector("#workflow")
    assert page.locator(".source-paragraph mark").inner_text().startswith("本着 2015 年 12 月 31 日主席声明")
    form = page.locator("form.evidence-form")
    form.locator("input[name=evidence_symbol]").fill("S/PRST/2015/26")
    form.locator("input[name=comment]").fill("Triangular consultations held")
    form.locator("button[data-action=implement]").click()
    page.wait_for_selector(".messagelist .success")
    assert page.inner_text(".item-status") == "implemented"
    timeline = page.locator(".timeline")
    assert "Triangular consultations held" in timeline.inner_text()
    assert timeline.locator("a[href='http://undocs.org/ch/S/PRST/2015/26']").count() == 1
    screenshot("closed-with-evidence")
    assert Item.objects.get(pk=late.pk).status == "implemented"


def test_focal_point_sees_only_its_bodys_items(page, screenshot, opened, au_focal_point):
    log_in(page, "au-focal")
    page.goto("/admin/recommendations/item/")
    references = page.locator("#result_list tbody td.field-reference_link, #result_list tbody th.field-reference_link")
    shown = sorted(references.all_inner_texts())
    assert shown == ["S/2017/130 ¶41", "S/2017/130 ¶42", "S/2017/130 ¶44", "S/2017/130 ¶45"]
    screenshot("au-items")
    page.goto(f"/admin/recommendations/item/{opened.items.get(paragraph__number=109).pk}/change/")
    # Hidden, not missing: told whose it is rather than that it does not exist.
    assert "belongs to bodies you are not a focal point of" in page.content()


def test_the_admin_renders_in_chinese(page, screenshot, opened, coordinator):
    log_in(page, "coordinator")
    page.select_option("#language-switch select", "zh-hans")
    page.wait_for_selector("html[lang=zh-hans]")
    assert "截止日期" in page.content() or "状态" in page.content()
    page.goto("/admin/recommendations/item/")
    assert "待办" in page.inner_text("#result_list")
    assert "过滤器" in page.inner_text("#changelist-filter") or "筛选" in page.inner_text("#changelist-filter")
    screenshot("zh-hans-items")
