"""The generator's rows keep the schema's rules (checked here without a database) and its skew."""

import datetime
import random
from collections import Counter

import pytest

from bench import scale_rows
from bench.scale_rows import Scale

SCALE = Scale(documents=3, items=3000, people=300, bodies=40)
NOW = datetime.datetime(2026, 11, 29, 12, tzinfo=datetime.UTC)


@pytest.fixture(scope="module")
def rows():
    rng = random.Random(SCALE.seed)
    body_ids = list(range(1, 18 + SCALE.bodies))
    documents = list(scale_rows.documents(SCALE, NOW, rng))
    paragraphs = [(p[0], p[7], p[2]) for *_, rows in documents for p in rows]
    people = list(scale_rows.people(SCALE, body_ids, NOW, rng))
    items = list(scale_rows.items(SCALE, paragraphs, body_ids, NOW, rng))
    return {"documents": documents, "paragraphs": paragraphs, "people": people, "items": items, "bodies": body_ids}


def test_items_are_unique_by_paragraph_and_position_and_quote_their_paragraph(rows):
    texts = {para_id: text for para_id, _, text in rows["paragraphs"]}
    items = [item for item, _, _ in rows["items"]]
    assert len({(item[-1], item[2]) for item in items}) == len(items) == SCALE.items
    for item in items:
        quote, start, end, quote_hash = item[6], item[7], item[8], item[9]
        assert end > start and texts[item[-1]][start:end] == quote and quote_hash == scale_rows.sha(quote)
        assert item[15] is None or 0 <= item[15] <= 100


def test_every_item_has_one_lead_among_distinct_owners_and_a_version_1_event(rows):
    owner_ids = [owner[0] for _, owners, _ in rows["items"] for owner in owners]
    assert len(set(owner_ids)) == len(owner_ids)
    for item, owners, event in rows["items"]:
        assert [o[1] for o in owners].count("lead") == 1 and owners[0][1] == "lead"
        assert len({o[2] for o in owners}) == len(owners) and all(o[3] == item[0] for o in owners)
        assert (event[-1], event[10], event[5], item[17]) == (item[0], 1, item[4], 1)


def test_most_items_are_closed_and_a_minority_open_and_overdue(rows):
    items = [item for item, _, _ in rows["items"]]
    statuses = Counter(item[4] for item in items)
    closed = sum(statuses[s] for s in ("implemented", "not_implemented", "superseded", "withdrawn"))
    overdue = [i for i in items if i[4] in scale_rows.OPEN and i[13] and i[13] < NOW.date()]
    assert closed > 0.7 * len(items)
    assert 0.05 * len(items) < len(overdue) < 0.15 * len(items)


def test_a_few_bodies_lead_most_items(rows):
    leads = Counter(owners[0][2] for _, owners, _ in rows["items"])
    assert sum(n for _, n in leads.most_common(5)) > 0.5 * SCALE.items


def test_people_are_focal_points_of_a_body_once_each_with_valid_preferences(rows):
    pairs = [(m[3], m[2]) for _, memberships, _ in rows["people"] for m in memberships]
    assert len(set(pairs)) == len(pairs)
    assert {body for _, body in pairs} == set(rows["bodies"])  # every body has a focal point
    for user, _, preference in rows["people"]:
        assert preference is None or (preference[4] <= 6 and preference[5] <= 23 and preference[-2] == user[0])


def test_paragraph_numbers_and_offsets_stand_in_their_document(rows):
    for document, (doc_id, text), section, paragraphs in rows["documents"]:
        assert document[0] == doc_id == section[0] and document[8] == scale_rows.sha(text)
        assert [p[1] for p in paragraphs] == list(range(1, scale_rows.PARAGRAPHS_PER_DOCUMENT + 1))
        assert all(text[p[5] : p[6]] == p[2] for p in paragraphs)
