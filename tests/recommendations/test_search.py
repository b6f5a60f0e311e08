"""Searching items: a symbol, a paragraph, both, or words; the admin's search box and the API's q agree."""

import re

import pytest
from django.urls import reverse

from recommendations import search
from recommendations.models import Citation, Reference
from tests.factories import DocumentFactory, ItemFactory, ParagraphFactory

pytestmark = pytest.mark.django_db

LIST = "admin:recommendations_item_changelist"


def _item(document, number, seq=1, sub_item="", **fields):
    paragraph = document.paragraphs.filter(number=number).first() or ParagraphFactory(document=document, number=number)
    return ItemFactory(paragraph=paragraph, seq=seq, sub_item=sub_item, **fields)


def _cite(item, symbol, start=0):
    reference, _ = Reference.objects.get_or_create(symbol=symbol)
    Citation.objects.create(paragraph=item.paragraph, reference=reference, start=start, end=start + len(symbol))


@pytest.fixture
def library():
    """Items named by what should find them; each search below tells one of them from its neighbours."""
    report = DocumentFactory(symbol="S/2017/130", language="zh")
    statement = DocumentFactory(symbol="S/PRST/2015/26")
    # What the old pattern read S/PRST/2015/26 as (document S/PRST/2015/2, ¶6): found by nothing below.
    near_miss = DocumentFactory(symbol="S/PRST/2015/2")
    later = DocumentFactory(symbol="S/2099/1")
    items = {
        "130¶107": _item(report, 107, 1),
        "130¶107(a)": _item(report, 107, 2, "a"),
        "130¶107(b)": _item(report, 107, 3, "b"),
        "130¶109": _item(report, 109, summary_zh="部队和警察派遣国应加强辅助部队"),
        "PRST¶107": _item(statement, 107),
        "PRST¶26": _item(statement, 26, summary="enabling units should be deployed faster"),
        "PRST/2¶6": _item(near_miss, 6, summary="enabling the mission"),
        "cites PRST": _item(later, 5),
        "cites 130": _item(later, 8),
        "cites 130/Corr.1": _item(later, 10),
        "cites A/RES": _item(later, 11),
        "cites S/RES": _item(later, 12),
        "cites joint": _item(later, 13),
    }
    _cite(items["cites PRST"], "S/PRST/2015/26")
    _cite(items["cites 130"], "S/2017/130")
    _cite(items["cites 130"], "S/2017/130", start=40)  # cited twice in one paragraph: its item is found once
    _cite(items["cites 130/Corr.1"], "S/2017/130/Corr.1")
    _cite(items["cites A/RES"], "A/RES/70/262")
    _cite(items["cites S/RES"], "S/RES/2129 (2013)")
    _cite(items["cites joint"], "A/70/95-S/2015/446")
    return items


# Each search term, and the exact items it finds.
CASES = [
    # the three examples
    ("S/PRST/2015/26", {"PRST¶107", "PRST¶26", "cites PRST"}),
    ("S/2017/130", {"130¶107", "130¶107(a)", "130¶107(b)", "130¶109", "cites 130"}),
    ("107(a)", {"130¶107(a)"}),
    # symbols, typed as people type them
    ("s/prst/2015/26", {"PRST¶107", "PRST¶26", "cites PRST"}),
    ("S/2017/130/Corr.1", {"cites 130/Corr.1"}),
    ("A/RES/70/262", {"cites A/RES"}),
    ("S/RES/2129 (2013)", {"cites S/RES"}),
    ("S/RES/2129(2013)", {"cites S/RES"}),
    ("S/RES/2129", {"cites S/RES"}),
    ("S/2015/446", {"cites joint"}),
    ("S/PRST/2015/3", set()),
    # paragraphs of any document, and sub-items
    ("¶107", {"130¶107", "130¶107(a)", "130¶107(b)", "PRST¶107"}),
    ("107", {"130¶107", "130¶107(a)", "130¶107(b)", "PRST¶107"}),
    ("¶ 107 (b)", {"130¶107(b)"}),
    ("107（a）", {"130¶107(a)"}),
    ("99999", set()),
    # a document's paragraph
    ("S/2017/130 ¶109", {"130¶109"}),
    ("S/2017/130 109", {"130¶109"}),
    ("S/2017/130 107(a)", {"130¶107(a)"}),
    ("S/PRST/2015/26 ¶107", {"PRST¶107"}),
    ("S/PRST/2015/26 ¶109", set()),
    # words, in either language: every word must be there
    ("辅助部队", {"130¶109"}),
    ("enabling", {"PRST¶26", "PRST/2¶6"}),
    ("enabling units", {"PRST¶26"}),
    ("Enabling  UNITS ", {"PRST¶26"}),
    ("S/PRST", set()),
]


def _admin_finds(client, term) -> set[int]:
    response = client.get(reverse(LIST), {"q": term})
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(r'name="_selected_action" value="(\d+)"', response.content.decode())}


def _api_finds(client, term) -> set[int]:
    response = client.get("/api/v1/items/", {"q": term, "page_size": 100})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(("term", "expected"), CASES)
def test_the_admin_and_the_api_find_exactly_the_items_a_term_names(client, api, coordinator, library, term, expected):
    wanted = {library[name].pk for name in expected}
    client.force_login(coordinator)
    assert _admin_finds(client, term) == wanted
    assert _api_finds(api(coordinator), term) == wanted


def test_a_blank_search_finds_everything(client, coordinator, library):
    client.force_login(coordinator)
    assert _admin_finds(client, "  ") == {item.pk for item in library.values()}


def test_a_focal_point_finds_only_its_own_bodies_items(api, tpcc_focal_point, library):
    assert _api_finds(api(tpcc_focal_point), "S/2017/130") == set()


@pytest.mark.parametrize(
    ("term", "query"),
    [
        ("S/PRST/2015/26", search.Query(symbol="S/PRST/2015/26")),
        ("S/2017/130 ¶109", search.Query(symbol="S/2017/130", number=109)),
        ("107(A)", search.Query(number=107, sub_item="a")),
        ("S/RES/2129(2013)", search.Query(symbol="S/RES/2129 (2013)")),
        ("S/2017/130 peacekeeping", search.Query(words=("S/2017/130", "peacekeeping"))),
        ("107 units", search.Query(words=("107", "units"))),
    ],
)
def test_a_term_is_read_as_a_reference_only_when_it_is_one_whole(term, query):
    assert search.parse(term) == query
