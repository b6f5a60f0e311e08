"""The coordinator's, focal point's and viewer's week, walked in Chromium on a desktop and on a phone.

Every page of the walk is photographed (test-output/screenshots/, named by width and step) and
must not scroll sideways. One page per width, its people logging in and out in turn.
"""

import datetime

import pytest
from django.utils import timezone

from recommendations.models import Body, Item
from recommendations.services import propose_closure
from tests.browser.signing_in import log_in
from tests.factories import ItemFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

ITEMS = "/admin/recommendations/item/"
QUEUE = "/admin/recommendations/proposeditem/"


# The innermost elements that reach past the window's right edge, to name in a failure.
PAST_THE_EDGE = """
[...document.querySelectorAll("body *")]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5
               && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 0.5))
  .slice(0, 5)
  .map(e => e.tagName.toLowerCase()
             + (e.name ? "[name=" + e.name + "]" : "")
             + (e.id ? "#" + e.id : "")
             + (e.className ? "." + String(e.className).trim().split(/\\s+/).join(".") : ""))
"""


class Walk:
    """One person at a time on one page; each step a screenshot, checked for sideways scrolling."""

    def __init__(self, page, screenshot, width):
        self.page, self.screenshot, self.width, self.steps = page, screenshot, width, 0

    def look(self, step: str) -> None:
        self.steps += 1
        self.page.wait_for_load_state()  # the whole page, not the part streamed so far
        self.screenshot(f"{self.width}px-{self.steps:02d}-{step}")
        wide = self.page.evaluate("document.documentElement.scrollWidth")
        assert wide <= self.page.evaluate("window.innerWidth"), (
            f"{step} is {wide} px wide at {self.width} px; past the edge: {self.page.evaluate(PAST_THE_EDGE)}"
        )

    def log_in(self, username: str) -> None:
        self.page.context.clear_cookies()
        log_in(self.page, username)

    def act_on(self, reference: str, action: str) -> None:
        """Tick the row of ``reference`` in the list on screen and run ``action`` on it."""
        row = self.page.locator("#result_list tbody tr", has_text=reference)
        row.locator("input.action-select").check()
        self.page.select_option("select[name=action]", action)
        self.page.click("button[name=index]")

    def my_settings(self, who: str) -> None:
        self.page.click("#user-tools a:text-is('My settings')")
        self.page.wait_for_selector("input[type=submit][value=Save]")
        self.look(f"{who}-my-settings")


@pytest.mark.parametrize("width", [1400, 390])
def test_a_week_of_review_assignment_closure_and_search(page, screenshot, opened, coordinator, tpcc_focal_point,
                                                        viewer, width):  # fmt: skip
    proposed = ItemFactory(paragraph=opened.paragraphs.get(number=30), seq=9, kind="suggestion")
    new = proposed.reference
    # Proposed before the week starts: the closure the coordinator returns.
    other = opened.items.get(paragraph__number=109)
    propose_closure(
        item=other, actor=tpcc_focal_point, comment="Consulted in March", evidence_url="https://example.org"
    )
    page.set_viewport_size({"width": width, "height": 900})
    walk = Walk(page, screenshot, width)

    # Monday, the coordinator: what needs them, then the review queue.
    walk.log_in("coordinator")
    needs = page.inner_text("#needs-you")
    assert "1 closure proposed" in needs and "1 item proposed for review" in needs
    walk.look("coordinator-front-page")
    page.click("#needs-you a[href*=proposeditem]")
    page.wait_for_selector("#result_list")
    walk.look("review-queue")
    walk.act_on(new, "transition_confirm")
    assert "1 item(s) changed" in page.inner_text(".messagelist")
    assert Item.objects.get(pk=proposed.pk).status == "open"

    # An owner and a due date, from the item list's bulk actions.
    page.goto(ITEMS)
    walk.act_on(new, "assign_owner")
    page.select_option("#id_body", str(Body.objects.get(code="TPCC").pk))
    walk.look("assign-owner")
    page.click("input[name=apply]")
    assert "1 item(s) changed" in page.inner_text(".messagelist")
    walk.act_on(new, "set_due_date")
    page.fill("#id_due_date", (timezone.localdate() + datetime.timedelta(days=7)).isoformat())
    page.click("input[name=apply]")
    assert "1 item(s) changed" in page.inner_text(".messagelist")
    row = page.locator("#result_list tbody tr", has_text=new)
    assert "TCC/PCC" in row.inner_text()
    if width >= 1400:
        # Every column in view beside the filters, up to days overdue and last update: no scrolling the list.
        assert page.evaluate("(box => box.scrollWidth <= box.clientWidth)(document.querySelector('.results'))")
    walk.look("assigned-and-dated")
    walk.my_settings("coordinator")

    # The focal point finds it due soon and proposes closing it, with evidence.
    walk.log_in("tpcc-focal")
    assert new in page.inner_text("#due-soon-list")
    walk.look("focal-point-front-page")
    page.click(f"#due-soon-list a:text-is('{new}')")
    propose = page.locator("form", has=page.get_by_role("button", name="Propose closing"))
    propose.locator("input[name=evidence_symbol]").fill("S/PRST/2015/26")
    propose.locator("input[name=comment]").fill("Triangular consultations held")
    walk.look("proposing-closure")
    propose.get_by_role("button", name="Propose closing").click()
    page.wait_for_selector(".messagelist .success")
    walk.look("closure-proposed")
    walk.my_settings("focal-point")

    # The coordinator accepts that one and returns the other.
    walk.log_in("coordinator")
    page.click("#needs-you a[href*=closure_proposed]")
    page.wait_for_selector("#result_list")
    assert page.locator("#result_list tbody tr").count() == 2
    walk.look("closures-proposed")
    page.locator("#result_list tbody tr", has_text=new).locator("th a, td a").first.click()
    page.get_by_role("button", name="Accept closure").wait_for()
    walk.look("closure-to-accept")
    page.get_by_role("button", name="Accept closure").click()
    page.wait_for_selector(".messagelist .success")
    assert Item.objects.get(pk=proposed.pk).status == "implemented"
    walk.look("closure-accepted")
    page.goto(f"{ITEMS}{other.pk}/change/")
    returning = page.locator("form", has=page.get_by_role("button", name="Return with a comment"))
    returning.locator("textarea[name=comment]").fill("Which meeting? Add its record.")
    returning.get_by_role("button", name="Return with a comment").click()
    page.wait_for_selector(".messagelist .success")
    walk.look("closure-returned")

    # Searching by the symbol and paragraph people cite.
    page.goto(ITEMS)
    page.fill("#searchbar", "S/2017/130 ¶109")
    page.press("#searchbar", "Enter")
    page.wait_for_url("**q=**")
    assert page.locator("#result_list tbody .field-reference_link").all_inner_texts() == [other.reference]
    walk.look("searched-by-symbol")

    # The focal point sees the returned closure, with what is missing.
    walk.log_in("tpcc-focal")
    returned = page.inner_text("#returned-list")
    assert other.reference in returned and "Add its record." in returned
    walk.look("closure-returned-to-focal-point")

    # The viewer reads the summary, and sets their own reminders too.
    walk.log_in("viewer")
    assert page.locator("#status-by-body").count() == 1
    walk.look("viewer-front-page")
    walk.my_settings("viewer")
