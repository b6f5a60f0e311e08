"""Importing a report takes a fixed number of statements, whatever its size, up to a batch of rows per table."""

import pytest

from bench.ingest_report import large_report
from recommendations.models import Citation, Event, Item, ItemOwner, Paragraph
from recommendations.services import bulk, import_document

pytestmark = pytest.mark.django_db

# Whether another language version holds the items already; the bodies' aliases for the extractor; the
# transaction (a savepoint inside a test's) and its end; finding the document; its row in a savepoint
# of its own (3); its text; the sections (parents, their keys, children, their keys); the paragraphs
# and their keys; the references (new ones, then all of them); the citations; the bodies again, inside
# the transaction; the items and their keys; their owners, addressees and events; for lineage, the
# new items, the symbols the report cites and the other documents (none earlier here: nothing more).
STATEMENTS = 27


@pytest.fixture
def larger_report() -> bytes:
    # Ten times the seed's text, in 322 paragraphs: every table's rows still fit one batch.
    return large_report(350_000, paragraphs=400)


def test_the_seed_is_imported_in_a_fixed_number_of_statements(bodies, seed_bytes, django_assert_num_queries):
    with django_assert_num_queries(STATEMENTS):
        result = import_document(data=seed_bytes)
    assert (result.paragraphs, result.items) == (110, 35)


def test_a_report_ten_times_larger_takes_the_same_statements(bodies, larger_report, django_assert_num_queries):
    with django_assert_num_queries(STATEMENTS):
        result = import_document(data=larger_report)
    assert (result.paragraphs, result.citations, result.items) == (322, 198, 293)
    assert max(Item.objects.count(), ItemOwner.objects.count(), Event.objects.count()) <= bulk.BATCH


def test_each_further_batch_of_rows_is_one_more_statement(
    bodies, larger_report, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(bulk, "BATCH", 100)
    with django_assert_num_queries(STATEMENTS + 11):
        import_document(data=larger_report)
    # One more statement per 100 rows beyond the first hundred of paragraphs, citations, items, owners and events.
    counts = [model.objects.count() for model in (Paragraph, Citation, Item, ItemOwner, Event)]
    assert sum((count - 1) // 100 for count in counts) == 11
