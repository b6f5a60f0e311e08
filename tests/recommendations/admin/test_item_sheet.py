"""The item page as a worksheet: source on top, owners spelled out, labelled buttons, timeline, details last."""

import html
import re

import pytest
from django.urls import reverse

from recommendations.models import Body, Item
from recommendations.services import propose_closure, set_owner, transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(opened, coordinator):
    """¶109, a TPCC item, with the C-34 as supporting owner."""
    item = opened.items.get(paragraph__number=109)
    set_owner(item=item, actor=coordinator, body=Body.objects.get(code="C34"), role="supporting")
    return Item.objects.get(pk=item.pk)


def _page(client, user, item, **headers) -> str:
    client.force_login(user)
    response = client.get(reverse("admin:recommendations_item_change", args=[item.pk]), **headers)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _visible(page: str) -> str:
    """The words a reader sees: no markup, scripts, styles or hidden inputs."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _order(page: str, *markers: str) -> list[int]:
    places = [page.find(marker) for marker in markers]
    assert -1 not in places, [m for m, p in zip(markers, places, strict=True) if p == -1]
    return places


def test_a_coordinator_reads_source_owners_response_status_timeline_then_details_with_save_and_delete(
    client, coordinator, item
):
    page = _page(client, coordinator, item)
    places = _order(
        page,
        'id="source"',
        'id="owners"',
        'id="response-actions"',
        'id="status-actions"',
        'id="timeline"',
        ">Details</h2>",
        'name="_save"',
        'class="deletelink"',
    )
    assert places == sorted(places)
    assert ">Response of the owners</h2>" in page and ">Implementation status</h2>" in page
    response_group = page.split('id="response-actions"')[1].split('id="status-actions"')[0]
    assert 'data-action="accept"' in response_group and 'data-action="start"' not in response_group
    status_group = page.split('id="status-actions"')[1].split('id="timeline"')[0]
    assert 'data-action="start"' in status_group and 'data-action="accept"' not in status_group
    document = reverse("admin:recommendations_document_change", args=[item.document_id])
    assert f'href="{document}#p109"' in page and "<mark>" in page.split('id="source"')[1].split('id="owners"')[0]
    owners = page.split('id="owners"')[1].split("</section>")[0]
    assert '<span class="owner-role">lead</span>' in owners and '<span class="owner-role">supporting</span>' in owners
    assert "⁺" not in page
    timeline = page.split('id="timeline"')[1]
    assert "→ C-34 (supporting)" in timeline and "C-34:supporting" not in timeline


@pytest.mark.parametrize("role", ["tpcc_focal_point", "viewer"])
def test_others_see_the_sheet_without_save_or_delete_and_go_back_to_the_list(client, request, item, role):
    page = _page(client, request.getfixturevalue(role), item)
    assert 'name="_save"' not in page and 'class="deletelink"' not in page
    assert ">Back to the list</a>" in page and ">Close</a>" not in page
    places = _order(page, 'id="source"', 'id="owners"', 'id="timeline"', ">Details</h2>", 'id="back-to-list"')
    assert places == sorted(places)
    assert "owner_set" not in page and "ownerships-TOTAL_FORMS" not in page  # owners listed on top, not as a form
    if role == "viewer":
        assert 'id="response-actions"' not in page and 'id="status-actions"' not in page
    else:
        assert 'data-action="start"' in page.split('id="status-actions"')[1].split('id="timeline"')[0]


@pytest.mark.parametrize("role", ["coordinator", "tpcc_focal_point", "viewer"])
def test_no_version_hash_or_offset_is_shown(client, request, item, role):
    page = _page(client, request.getfixturevalue(role), item)
    seen = _visible(page).lower()
    assert item.quote_hash not in page
    for word in ("version", "hash", "quote start", "quote end", "offset"):
        assert not re.search(rf"\b{word}\b", seen), word
    assert not re.search(r"<h2[^>]*>\s*</h2>", page)  # no empty band


def _act(client, item, **data):
    return client.post(reverse("admin:recommendations_item_act", args=[item.pk]), data)


def _state(item) -> tuple:
    item.refresh_from_db()
    return item.status, item.progress, item.version, item.events.count()


def _form(page: str, css_class: str) -> str:
    return page.split(f'class="{css_class}"')[1].split("</form>")[0]


def test_a_refused_progress_keeps_what_was_typed_and_says_why_beside_the_field(client, tpcc_focal_point, item):
    client.force_login(tpcc_focal_point)
    before = _state(item)
    response = _act(client, item, action="progress", version=item.version, percent="150", comment="Half way there")
    assert response.status_code == 200  # the page again, not a redirect that forgets
    form = _form(response.content.decode(), "progress-form")
    assert 'value="Half way there"' in form and 'value="150"' in form
    percent, error, comment = (
        form.index('name="percent"'),
        form.index('class="errorlist"'),
        form.index('name="comment"'),
    )
    assert percent < error < comment and "less than or equal to 100" in form
    assert 'id="refused"' in response.content.decode()
    assert _state(item) == before


def test_refused_evidence_keeps_the_comment_and_puts_the_error_beside_the_address(client, coordinator, item):
    client.force_login(coordinator)
    before = _state(item)
    data = {"action": "implement", "version": item.version, "evidence_url": "ftp:nowhere", "comment": "Done in March"}
    page = _act(client, item, **data).content.decode()
    form = _form(page, "evidence-form")
    assert 'value="ftp:nowhere"' in form and 'value="Done in March"' in form
    url, error, symbol = (
        form.index('name="evidence_url"'),
        form.index('class="errorlist"'),
        form.index('name="evidence_symbol"'),
    )
    assert url < error < symbol and "is not a web address" in form
    change = reverse("admin:recommendations_item_change", args=[item.pk])
    assert f'action="{change}" method="post" id="item_form"' in page  # Save still saves the item, not the act
    assert _state(item) == before


def test_a_refused_comment_is_shown_beside_the_comment_box(client, coordinator, item):
    client.force_login(coordinator)
    before = _state(item)
    page = _act(client, item, action="comment", version=item.version, comment="   ").content.decode()
    form = _form(page, "comment-form")
    assert form.index('name="comment"') < form.index("The comment is empty")
    assert _state(item) == before


def test_the_item_lists_owners_column_spells_out_supporting(client, coordinator, item):
    client.force_login(coordinator)
    page = client.get(reverse("admin:recommendations_item_changelist")).content.decode()
    assert "C-34 (supporting)" in page and "⁺" not in page


def test_a_paragraphs_page_is_read_only_without_save_delete_or_bookkeeping(client, coordinator, item):
    client.force_login(coordinator)
    paragraph = item.paragraph
    page = client.get(reverse("admin:recommendations_paragraph_change", args=[paragraph.pk])).content.decode()
    assert 'name="_save"' not in page and 'class="deletelink"' not in page and ">Back to the list</a>" in page
    assert paragraph.text_hash not in page
    seen = _visible(page).lower()
    assert "text hash" not in seen and "source start" not in seen and "source end" not in seen


def test_the_timeline_speaks_chinese_for_system_comments(client, coordinator, item):
    transition(item=item, action="start", actor=None, comment="imported from a file")
    propose_closure(item=Item.objects.get(pk=item.pk), actor=None, evidence_url="https://example.org/r")
    page = _page(client, coordinator, item, HTTP_ACCEPT_LANGUAGE="zh-hans")
    timeline = page.split('id="timeline"')[1]
    assert "imported from a file" not in timeline and "从文件导入" in timeline
    assert '<span class="event-author">系统</span>' in timeline
    assert "维持和平行动特别委员会" in page.split('id="owners"')[1].split("</section>")[0]


def test_in_chinese_the_owners_column_names_bodies_in_chinese(client, coordinator, item):
    client.force_login(coordinator)
    url = reverse("admin:recommendations_item_changelist")
    page = client.get(url, {"q": "S/2017/130 ¶109"}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    owners = page.split('class="field-owner_list">')[1].split("</td>")[0]
    assert "维持和平行动特别委员会（协助）" in owners and "安全理事会" in owners
    assert "C-34" not in owners and "SC" not in owners
