"""Items as W3C Web Annotations: the words they anchor to, and JSON-LD that expands as the W3C's model says."""

import pytest
from django.urls import resolve

from recommendations import annotations
from recommendations.models import Item, Link, facts
from recommendations.models.item_lists import attach_owners
from recommendations.models.lineage import attach_lineage

from .jsonld import AS, OA, TRACKER, TRK, expand

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = TRACKER + "/"


def _attached(items) -> list[dict]:
    """``items`` as the annotation views read them: their rows, owners and links."""
    return attach_lineage(attach_owners(list(annotations.annotation_rows(items))))


def _annotations(document) -> list[tuple[Item, dict]]:
    rows = _attached(Item.objects.filter(document=document).order_by("id"))
    items = Item.objects.filter(document=document).select_related("paragraph").order_by("id")
    return list(zip(items, [annotations.annotation(row) for row in rows], strict=True))


def _selectors(annotation: dict) -> tuple[dict, dict]:
    quote, position = annotation["target"]["selector"]
    assert (quote["type"], position["type"]) == ("TextQuoteSelector", "TextPositionSelector")
    return quote, position


@pytest.mark.parametrize("which", ["as imported", "reviewed"])
def test_every_selector_names_the_quote_in_the_stored_paragraph_text(request, which):
    document = request.getfixturevalue("seed_document" if which == "as imported" else "opened")
    pairs = _annotations(document)
    assert len(pairs) >= 35
    for item, annotation in pairs:
        text = item.paragraph.text
        quote, position = _selectors(annotation)
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"] == item.quote, item.reference
        # The words either side, as the database cut them: Python's str indices and SQL's characters agree.
        assert quote["prefix"] == text[max(0, start - annotations.AFFIX_LENGTH) : start], item.reference
        assert quote["suffix"] == text[end : end + annotations.AFFIX_LENGTH], item.reference
        assert annotation["target"]["paragraph"] == item.paragraph.number


def test_a_quote_at_the_start_of_its_paragraph_has_an_empty_prefix(opened):
    item = Item.objects.filter(document=opened, quote_start=0).first()
    assert item is not None  # ¶18's first statement, among others
    (row,) = annotations.annotation_rows(Item.objects.filter(pk=item.pk))
    assert row["quote_prefix"] == "" and row["quote_suffix"]


def test_the_annotation_says_who_owns_the_item_its_status_and_summaries(opened):
    item = Item.objects.filter(document=opened, paragraph__number=109).order_by("seq").first()
    (annotation,) = [a for i, a in _annotations(opened) if i.pk == item.pk]
    assert annotation["@context"] == ["http://www.w3.org/ns/anno.jsonld", f"{TRACKER}/ns/tracker.jsonld"]
    assert annotation["id"] == f"{TRACKER}/items/S/2017/130/{item.key}/"
    assert annotation["motivation"] == "assessing"
    assert annotation["target"]["source"] == opened.undocs_url
    assert {(b["purpose"], b.get("language"), b["value"]) for b in annotation["body"]} == {
        ("describing", "en", item.summary),
        ("describing", "zh-Hans", item.summary_zh),
        ("tagging", None, item.kind),
    }
    owners = [{"code": o.body.code, "role": o.role} for o in item.ownerships.select_related("body")]
    assert annotation["owners"] == owners and owners
    assert (annotation["status"], annotation["response"], annotation["dueDate"]) == (
        item.status,
        item.response,
        item.due_date,
    )
    assert annotation["reference"] == item.reference and annotation["lineage"] == []


def test_an_item_without_a_summary_has_only_its_kind_as_body(seed_document):
    item = Item.objects.filter(document=seed_document).first()
    Item.objects.filter(pk=item.pk).update(summary="", summary_zh="")
    (row,) = _attached(Item.objects.filter(pk=item.pk))
    assert annotations.annotation(row)["body"] == [{"type": "TextualBody", "purpose": "tagging", "value": item.kind}]


def test_every_annotation_expands_with_pyld_and_keeps_its_quote(opened):
    for item, annotation in _annotations(opened):
        (expanded,) = expand(_as_json(annotation))
        assert expanded["@id"] == annotation["id"]
        assert expanded["@type"] == [OA + "Annotation"]
        assert expanded[OA + "motivatedBy"] == [{"@id": OA + "assessing"}]
        (target,) = expanded[OA + "hasTarget"]
        assert target[OA + "hasSource"] == [{"@id": opened.undocs_url}]
        selectors = {s["@type"][0]: s for s in target[OA + "hasSelector"]}
        assert selectors[OA + "TextQuoteSelector"][OA + "exact"] == [{"@value": item.quote}]
        start = selectors[OA + "TextPositionSelector"][OA + "start"]
        assert start == [{"@value": item.quote_start, "@type": "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"}]
        assert expanded[TRK + "status"] == [{"@value": item.status}]
        assert len(expanded[TRK + "owner"]) == item.ownerships.count()


def test_the_tracker_context_defines_every_term_the_annotations_use_beyond_the_w3c_ones(opened):
    (_, annotation) = _annotations(opened)[0]
    annotation["lineage"] = [
        {"relation": "repeats", "predecessor": f"{TRACKER}/items/S/2016/1/1-1/"},
        {"relation": "follows_up", "successor": f"{TRACKER}/items/S/2018/1/2-1/"},
    ]
    (expanded,) = expand(_as_json(annotation))
    # A term no context defines is dropped by expansion: every key must come back as a full IRI.
    assert all(key.startswith(("@", OA, TRK, "http://purl.org/dc/terms/")) for key in expanded), sorted(expanded)
    assert {TRK + "reference", TRK + "status", TRK + "response", TRK + "owner", TRK + "lineage"} <= set(expanded)
    earlier, later = sorted(expanded[TRK + "lineage"], key=lambda link: TRK + "successor" in link)
    assert earlier == {
        TRK + "relation": [{"@value": "repeats"}],
        TRK + "predecessor": [{"@id": f"{TRACKER}/items/S/2016/1/1-1/"}],
    }
    assert later == {
        TRK + "relation": [{"@value": "follows_up"}],
        TRK + "successor": [{"@id": f"{TRACKER}/items/S/2018/1/2-1/"}],
    }


def test_an_annotation_names_its_confirmed_links_by_the_other_items_permalink(linked):
    by_id = {}
    for document in {link.item.document for link in linked} | {link.earlier.document for link in linked}:
        by_id.update({item.pk: annotation for item, annotation in _annotations(document)})
    for link in linked:
        later, earlier = by_id[link.item_id], by_id[link.earlier_id]
        assert later["lineage"] == [{"relation": link.relation, "predecessor": earlier["id"]}]
        assert earlier["lineage"] == [{"relation": link.relation, "successor": later["id"]}]
        assert earlier["id"].startswith(f"{TRACKER}/items/S/2017/130/")
        assert later["id"].startswith(f"{TRACKER}/items/S/2095/130/")
        (expanded,) = expand(_as_json(earlier))
        assert expanded[TRK + "lineage"] == [
            {TRK + "relation": [{"@value": link.relation}], TRK + "successor": [{"@id": later["id"]}]}
        ]
    # Proposed and rejected links are the review queue's: the annotations name confirmed ones only.
    named = sum(len(annotation["lineage"]) for annotation in by_id.values())
    assert named == 2 * len(linked) < 2 * Link.objects.count()


def test_a_collection_and_its_page_expand_as_activity_streams_collections(opened):
    rows = _attached(Item.objects.filter(document=opened).order_by("id")[:3])
    page = annotations.page(url=f"{TRACKER}/p", collection_url=f"{TRACKER}/c", rows=rows, next_url=f"{TRACKER}/p2")
    (expanded,) = expand(_as_json(page))
    assert expanded["@type"] == [AS + "OrderedCollectionPage"]
    assert len(expanded[AS + "items"][0]["@list"]) == 3
    collection = annotations.collection(url=f"{TRACKER}/c", label="S/2017/130 (zh)", total=3, first=f"{TRACKER}/p")
    (expanded,) = expand(collection)
    assert expanded["@type"] == [AS + "OrderedCollection"] and expanded[AS + "first"] == [{"@id": f"{TRACKER}/p"}]


def test_an_empty_collection_has_no_first_page():
    assert "first" not in annotations.collection(url="u", label="l", total=0, first="f")


def test_the_permalink_path_is_the_one_the_site_answers():
    match = resolve(facts.permalink_path("A/70/95-S/2015/446", 12, 3))
    assert match.url_name == "item-permalink"
    assert match.kwargs == {"symbol": "A/70/95-S/2015/446", "key": "12-3"}


def _as_json(document: dict) -> dict:
    """Dates as the API writes them (pyld reads JSON, not Python dates)."""
    import orjson

    from tracker.api.renderers import ORJSONRenderer

    return orjson.loads(ORJSONRenderer().render(document))
