"""A document's page: contents by chapter and topic with anchors, and the text folded by section."""

import re

import pytest
from django.urls import reverse

from recommendations.models import Item
from tests.factories import ParagraphFactory

pytestmark = pytest.mark.django_db


def _page(client, user, document, query=""):
    client.force_login(user)
    response = client.get(reverse("admin:recommendations_document_change", args=[document.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def _contents(page):
    return re.search(r'<nav class="module" id="document-contents".*?</nav>', page, re.S)[0]


def test_contents_list_every_section_in_order_with_working_anchors(client, coordinator, seed_document):
    page = _page(client, coordinator, seed_document)
    contents = _contents(page)
    sections = list(seed_document.sections.order_by("order"))
    linked = re.findall(r'<a href="#(section-\d+)">([^<]+)</a>', contents)
    assert linked == [(f"section-{s.order}", str(s)) for s in sections]
    assert [title for _, title in linked][:3] == ["一. 导言", "二. 工作组会议", "A. 在维持和平行动中使用技术"]
    # Every anchor the contents link to is on the page, once.
    for target in re.findall(r'href="#([^"]+)"', contents):
        assert page.count(f'id="{target}"') == 1, target
    # Topics are indented under their chapter; the ranges name each section's first and last paragraph.
    assert '<li class="depth-1"><a href="#section-2">' in contents
    assert '<a href="#p104">¶104</a>–<a href="#p110">¶110</a>' in contents


def test_every_paragraph_has_its_anchor_in_its_sections_fold(client, viewer, seed_document):
    page = _page(client, viewer, seed_document)
    assert re.findall(r'class="document-paragraph" id="p(\d+)"', page) == [str(n) for n in range(1, 111)]
    folds = re.findall(r'<details class="document-part[^"]*"( open)?>(.*?)</details>', page, re.S)
    assert len(folds) == seed_document.sections.count() and not any(opened for opened, _ in folds)
    # ¶107, deep in the page, is inside the fold of chapter 三: a link to #p107 unfolds it.
    chapter_three = next(body for _, body in folds if "三. 结论和建议" in body)
    assert 'id="p107"' in chapter_three and 'id="section-7"' in chapter_three


def test_every_section_unfolds_at_once(client, viewer, seed_document):
    page = _page(client, viewer, seed_document, "?unfold=1")
    folds = re.findall(r'<details class="document-part[^"]*"( open)?>', page)
    assert folds and all(folds)


def test_the_page_is_no_longer_a_list_of_inlines(client, coordinator, seed_document):
    page = _page(client, coordinator, seed_document)
    assert "paragraphs-group" not in page and "sections-group" not in page


def test_item_counts_are_those_the_reader_may_see(client, au_focal_point, opened):
    page = _page(client, au_focal_point, opened)
    counted = re.findall(r'\?paragraph__id__exact=(\d+)">(\d+) items?</a>', page)
    au_items = Item.objects.filter(document=opened, ownerships__body__code="AU")
    assert sorted(int(pk) for pk, _ in counted) == sorted(set(au_items.values_list("paragraph_id", flat=True)))


# Session, user, the document, the user's groups and bodies, two permission reads; then sections,
# item counts and paragraphs. (The content type of the history link is cached by the first visit.)
@pytest.mark.parametrize("size", ["one paragraph", "the seed's 110"])
def test_queries_do_not_grow_with_the_paragraphs(client, coordinator, seed_document, django_assert_num_queries, size):
    document = ParagraphFactory().document if size == "one paragraph" else seed_document
    client.force_login(coordinator)
    url = reverse("admin:recommendations_document_change", args=[document.pk])
    client.get(url)
    with django_assert_num_queries(10):
        client.get(url)


def test_document_page_in_chinese(client, viewer, seed_document):
    client.force_login(viewer)
    url = reverse("admin:recommendations_document_change", args=[seed_document.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert ">目录</h2>" in page and "展开所有章节" in page


def test_a_paragraphs_page_links_to_its_place_in_the_document(client, viewer, seed_document):
    paragraph = seed_document.paragraphs.get(number=107)
    client.force_login(viewer)
    page = client.get(reverse("admin:recommendations_paragraph_change", args=[paragraph.pk])).content.decode()
    document = reverse("admin:recommendations_document_change", args=[seed_document.pk])
    assert f'href="{document}#p107"' in page
