"""The admin, first cut: a coordinator follows every item to its source paragraph."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.services import apply_curated_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    group = Group.objects.create(name="Coordinators")
    group.permissions.set(Permission.objects.filter(content_type__app_label="recommendations"))
    user = User.objects.create_user("coordinator", password="x", is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    return user


@pytest.fixture
def opened(seed_document, curated):
    apply_curated_items(document=seed_document, entries=curated["items"])
    return seed_document


def test_item_list_shows_references_owners_and_summaries(client, coordinator, opened):
    response = client.get(reverse("admin:recommendations_item_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "S/2017/130 ¶109" in page
    assert "35 items" in page
    assert "TCC/PCC" in page


def test_item_list_filters_by_kind_status_owner_and_section(client, coordinator, opened):
    url = reverse("admin:recommendations_item_changelist")
    assert "6 items" in client.get(url, {"kind__exact": "recommendation"}).content.decode()
    assert "0 items" in client.get(url, {"status__exact": "proposed"}).content.decode()
    section = opened.sections.get(number="B")
    assert "5 items" in client.get(url, {"paragraph__section__id__exact": section.pk}).content.decode()
    au = opened.items.filter(owners__code="AU").count()
    from recommendations.models import Body

    body = Body.objects.get(code="AU")
    assert f"{au} items" in client.get(url, {"owners__id__exact": body.pk}).content.decode()


def test_item_search_over_quote_and_summary(client, coordinator, opened):
    url = reverse("admin:recommendations_item_changelist")
    assert "1 item" in client.get(url, {"q": "辅助部队"}).content.decode()
    assert "S/2017/130 ¶22" in client.get(url, {"q": "never against other Member States"}).content.decode()


def test_item_page_highlights_the_quote_in_its_paragraph_and_links_the_sources(client, coordinator, opened):
    item = opened.items.get(paragraph__number=109)
    page = client.get(reverse("admin:recommendations_item_change", args=[item.pk])).content.decode()
    assert "<mark>本着 2015 年 12 月 31 日主席声明(S/PRST/2015/26)的精神" in page
    assert 'href="http://undocs.org/ch/S/PRST/2015/26"' in page
    assert reverse("admin:recommendations_document_change", args=[opened.pk]) in page
    assert reverse("admin:recommendations_paragraph_change", args=[item.paragraph_id]) in page


def test_statement_quote_is_highlighted_inside_the_whole_paragraph(client, coordinator, opened):
    item = opened.items.get(paragraph__number=19, seq=2)
    page = client.get(reverse("admin:recommendations_item_change", args=[item.pk])).content.decode()
    assert "表示关切。<mark>数据保护、保密性和所收集数据的安全也引发了关切。</mark>" in page


def test_document_page_lists_its_110_paragraphs(client, coordinator, opened):
    response = client.get(reverse("admin:recommendations_document_changelist"))
    assert ">110<" in response.content.decode()
    page = client.get(reverse("admin:recommendations_document_change", args=[opened.pk])).content.decode()
    assert "最后，像安全理事会其他附属机构的文件一样" in page


def test_item_list_query_count_does_not_grow_with_items(client, coordinator, opened):
    url = reverse("admin:recommendations_item_changelist")
    with CaptureQueriesContext(connection) as one:
        assert "1 item" in client.get(url, {"kind__exact": "conclusion"}).content.decode()
    with CaptureQueriesContext(connection) as all_of_them:
        assert "35 items" in client.get(url).content.decode()
    assert len(one) == len(all_of_them)
