"""GET /api/v1/items/{id}/quotes/: an item's words in each language version of its report."""

import pytest
from django.conf import settings

from recommendations.models import Item
from recommendations.models.items import MAX_ID
from recommendations.services import import_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(opened):
    english = settings.FIXTURES_DIR / "S-2017-130.en.txt"
    return import_document(data=english.read_bytes(), symbol="S/2017/130", language="en").document


def test_the_quote_in_the_reports_language_and_carried_into_english(api, opened, english, viewer,
                                                                    django_assert_num_queries):  # fmt: skip
    item = opened.items.select_related("paragraph").get(paragraph__number=109)
    client = api(viewer)
    # The token with the caller's roles; the item with its paragraph and document; the carried quotes.
    with django_assert_num_queries(3):
        response = client.get(f"/api/v1/items/{item.pk}/quotes/")
    assert response.status_code == 200
    own, carried = response.json()["results"]
    assert own == {"language": "zh", "paragraph": 109, "paragraph_text": item.paragraph.text, "quote": item.quote,
                   "start": item.quote_start, "end": item.quote_end, "carried": "original"}  # fmt: skip
    assert (carried["language"], carried["paragraph"], carried["carried"]) == ("en", 109, "sentence")
    assert carried["quote"] == carried["paragraph_text"][carried["start"] : carried["end"]]
    assert carried["quote"].startswith("In the spirit of the presidential statement")


def test_one_language_gives_the_items_own_quote_only(api, opened, viewer):
    item = opened.items.first()
    assert [q["carried"] for q in api(viewer).get(f"/api/v1/items/{item.pk}/quotes/").json()["results"]] == ["original"]


def test_another_bodys_item_is_not_found_for_a_focal_point(api, opened, english, tpcc_focal_point):
    others = Item.objects.filter(document=opened).exclude(ownerships__body__code="TPCC").first()
    response = api(tpcc_focal_point).get(f"/api/v1/items/{others.pk}/quotes/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("pk", [0, MAX_ID, MAX_ID + 1, 10**30])
def test_an_unknown_or_enormous_id_is_404_not_500(api, opened, viewer, pk):
    assert api(viewer).get(f"/api/v1/items/{pk}/quotes/").status_code == 404


def test_an_anonymous_caller_is_refused(client, opened):
    assert client.get(f"/api/v1/items/{opened.items.first().pk}/quotes/").status_code == 401
