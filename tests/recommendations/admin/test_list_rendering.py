"""The item list's shortcuts write what the admin would: filter links, owners, links to each item."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ChangeList
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from recommendations.admin.base import BaseItemAdmin
from recommendations.admin.filters import ManyChoicesFilter
from recommendations.admin.items import ItemChangeList
from recommendations.models import Item, ItemOwner
from tests.factories import BodyFactory, ItemFactory
from tests.recommendations.spread import LEAD, WORD_ZH, spread

pytestmark = pytest.mark.django_db

LIST = "admin:recommendations_item_changelist"

# Parameters before and after each filter's name, repeated ones, words to encode, a choice already made.
PARAMS = [
    {},
    {"owner": LEAD, "status__exact": "open"},
    {"q": f"{WORD_ZH} a&b=c", "kind__exact": "concern", "due": "7", "all": ""},
    {"section": "the first item's", "owner": "LEAD1", "o": "2.-3", "stale": "no"},
]


def _changelist(client, params) -> ChangeList:
    response = client.get(reverse(LIST), params)
    assert response.status_code == 200, response.status_code
    return response.context_data["cl"]


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("params", PARAMS)
def test_many_choices_filters_link_each_choice_as_the_admin_would(client, coordinator, params):
    items = spread(6, documents=2, bodies=3)
    if "section" in params:
        params = {**params, "section": str(items[0].paragraph.section_id)}
    client.force_login(coordinator)
    cl = _changelist(client, params)
    specs = [spec for spec in cl.filter_specs if isinstance(spec, ManyChoicesFilter)]
    assert {spec.parameter_name for spec in specs} == {"owner", "section"}
    for spec in specs:
        ours, django = list(spec.choices(cl)), list(admin.SimpleListFilter.choices(spec, cl))
        assert len(ours) > 1 and ours == django
        context = {"title": spec.title, "choices": ours, "spec": spec}
        written = get_template(spec.template).render(context)
        assert _tags(written) == _tags(get_template("admin/filter.html").render(context))


def test_many_choices_filters_escape_their_labels(client, coordinator):
    BodyFactory(code="X&Y", name_en="<b>Bold</b> & co", abbreviation="")
    ItemFactory()
    client.force_login(coordinator)
    page = client.get(reverse(LIST)).content.decode()
    assert '<a href="?owner=X%26Y">&lt;b&gt;Bold&lt;/b&gt; &amp; co</a>' in page


def test_the_owners_column_reads_the_owners_of_the_page_as_the_item_would(client, coordinator):
    items = spread(8, documents=2, bodies=3)
    alpha, zulu = BodyFactory(code="A", name_en="Alpha", abbreviation=""), BodyFactory(code="Z", name_en="Zulu")
    ItemOwner.objects.create(item=items[0], body=zulu, role=ItemOwner.Role.SUPPORTING)
    ItemOwner.objects.create(item=items[0], body=alpha, role=ItemOwner.Role.SUPPORTING)
    client.force_login(coordinator)
    cl = _changelist(client, {})
    shown = {item.pk: cl.model_admin.owner_list(item) for item in cl.result_list}
    assert len(shown) == len(items) and all(hasattr(item, "owner_rows") for item in cl.result_list)
    plain = BaseItemAdmin(Item, admin.site)
    for item in Item.objects.for_list().filter(pk__in=shown):
        assert shown[item.pk] == plain.owner_list(item)
    assert shown[items[0].pk].endswith("Alpha (supporting), Zulu (supporting)")
    assert shown[items[-1].pk] != ""


@pytest.mark.parametrize("params", [{}, {"owner": LEAD, "q": WORD_ZH}, {"status__exact": "open"}])
def test_each_row_links_to_its_items_page_with_the_lists_filters(client, coordinator, params):
    items = spread(4, documents=1, bodies=1)
    client.force_login(coordinator)
    response = client.get(reverse(LIST), params)
    cl, page = response.context_data["cl"], response.content.decode()
    preserved = {"preserved_filters": cl.model_admin.get_preserved_filters(response.wsgi_request), "opts": cl.opts}
    links = [
        add_preserved_filters(preserved, reverse("admin:recommendations_item_change", args=[item.pk]))
        for item in cl.result_list
    ]
    assert links and {item.pk for item in cl.result_list} <= {item.pk for item in items}
    assert all(f'<a href="{escape(link)}">' in page for link in links)
    assert ("_changelist_filters=" in links[0]) == bool(params)


def _page_without_tokens(client, params) -> tuple[str, ChangeList]:
    response = client.get(reverse(LIST), params)
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return page, response.context_data["cl"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("params", [{}, {"owner": LEAD, "q": WORD_ZH}, {"o": "-8.2"}])
def test_the_rows_are_written_as_the_admin_writes_them(client, coordinator, monkeypatch, params, language):
    items = spread(8, documents=2, bodies=3)
    today = timezone.localdate()
    Item.objects.filter(pk=items[0].pk).update(due_date=today - datetime.timedelta(days=3), closure_proposed=True)
    Item.objects.filter(pk=items[1].pk).update(due_date=today, summary="", summary_zh="", quote="<b>a & b</b>")
    odd = BodyFactory(code="RD", name_en="R&D <unit>", name_zh="研发 & <组>", abbreviation="")
    ItemOwner.objects.create(item=items[1], body=odd, role=ItemOwner.Role.SUPPORTING)
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    ours, cl = _page_without_tokens(client, params)
    assert len(cl.written_rows()) == len(cl.result_list) > 1  # written here, not left to Django
    assert 'class="field-owner_list"' in ours and ("_changelist_filters" in ours) == bool(params)
    monkeypatch.setattr(ItemChangeList, "written_rows", lambda self: None)  # Django's rows
    assert ours == _page_without_tokens(client, params)[0]
