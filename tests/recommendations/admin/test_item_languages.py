"""The item page: its paragraph beside the other language versions, and a revision's changed words."""

import pytest
from django.conf import settings
from django.urls import reverse

from recommendations.services import import_document
from recommendations.services.revising import revise_document

pytestmark = pytest.mark.django_db


def _page(client, item) -> str:
    response = client.get(reverse("admin:recommendations_item_change", args=[item.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_paragraph_stands_beside_its_english_version_with_the_carried_quote_marked(client, opened, coordinator):
    import_document(data=(settings.FIXTURES_DIR / "S-2017-130.en.txt").read_bytes(), symbol="S/2017/130",
                    language="en")  # fmt: skip
    item = opened.items.get(paragraph__number=109)
    client.force_login(coordinator)
    page = _page(client, item)
    assert page.count('<figure class="source-language">') == 2
    assert '<figcaption>中文</figcaption><blockquote class="source-paragraph" lang="zh">' in page
    assert '<figcaption>English</figcaption><blockquote class="source-paragraph" lang="en">' in page
    assert "<mark>In the spirit of the presidential statement of 31 December 2015" in page


def test_one_language_shows_the_paragraph_alone(client, opened, coordinator):
    client.force_login(coordinator)
    page = _page(client, opened.items.get(paragraph__number=109))
    assert 'class="source-languages"' not in page and 'class="source-paragraph" lang="zh"' in page


def test_words_a_revision_changed_are_shown_before_and_after_until_reviewed(client, opened, coordinator):
    item = opened.items.get(paragraph__number=107)
    old_quote = item.quote
    revised = settings.FIXTURES_DIR / "revisions" / "S-2017-130.reissued.zh.txt"
    revise_document(data=revised.read_bytes(), symbol="S/2017/130/Corr.1", language="zh")
    item.refresh_from_db()
    client.force_login(coordinator)
    page = _page(client, item)
    assert '<div class="reanchored"><p>S/2017/130/Corr.1 <strong>words changed</strong>' in page
    assert f'¶107</figcaption><blockquote class="source-paragraph">{old_quote}</blockquote>' in page
    assert f'¶108</figcaption><blockquote class="source-paragraph">{item.quote}</blockquote>' in page


def _revised_item(opened):
    item = opened.items.get(paragraph__number=107)
    revised = settings.FIXTURES_DIR / "revisions" / "S-2017-130.reissued.zh.txt"
    revise_document(data=revised.read_bytes(), symbol="S/2017/130/Corr.1", language="zh")
    item.refresh_from_db()
    return item


def _review(client, item):
    url = reverse("admin:recommendations_item_act", args=[item.pk])
    return client.post(url, {"action": "review_reanchoring", "version": item.version}, follow=True)


def test_a_coordinator_confirms_the_revised_quote_and_it_leaves_the_review(client, opened, coordinator):
    item = _revised_item(opened)
    client.force_login(coordinator)
    assert 'data-action="review_reanchoring"' in _page(client, item)
    page = _review(client, item).content.decode()
    assert 'class="reanchored"' not in page and 'data-action="review_reanchoring"' not in page
    note = item.reanchorings.get()
    assert (note.reviewed_by, note.needs_review) == (coordinator, False)
    event = item.events.latest("version")
    assert (event.action, event.to_value, event.actor) == ("review_reanchoring", "S/2017/130/Corr.1", coordinator)


def test_a_focal_point_sees_the_changed_words_but_cannot_confirm_them(client, opened, tpcc_focal_point):
    from recommendations.models import ItemOwner

    item = _revised_item(opened)
    ItemOwner.objects.get_or_create(item=item, body=tpcc_focal_point.memberships.get().body)
    client.force_login(tpcc_focal_point)
    page = _page(client, item)
    assert 'class="reanchored"' in page and 'data-action="review_reanchoring"' not in page
    refused = _review(client, item).content.decode()
    assert "You may not edit S/2017/130 ¶108" in refused
    assert item.reanchorings.get().needs_review


def test_confirming_when_nothing_waits_is_refused_with_the_reason(client, opened, coordinator):
    item = opened.items.get(paragraph__number=107)
    client.force_login(coordinator)
    assert "has no re-anchored quote waiting for review" in _review(client, item).content.decode()
