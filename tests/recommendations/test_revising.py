"""A revised text of an imported report: every item found again, none lost, changed words reviewed."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from recommendations.demo import read_yaml
from recommendations.ingest import IngestError
from recommendations.models import Addressee, Document, Event, Item, Paragraph, Reanchoring, Revision
from recommendations.services import ImportRefused, apply_curated_items, import_document
from recommendations.services.revising import amended_symbol, revise_document

pytestmark = pytest.mark.django_db

REVISED = settings.FIXTURES_DIR / "revisions" / "S-2017-130.reissued.zh.txt"


@pytest.fixture
def imported(bodies):
    curated = read_yaml(settings.FIXTURES_DIR / "items" / "S-2017-130.zh.yaml")
    document = import_document(
        data=(settings.FIXTURES_DIR / curated["source"]).read_bytes(), symbol="S/2017/130", language="zh"
    ).document
    apply_curated_items(document=document, entries=curated["items"])
    return document


def _by_old_ref(document) -> dict[str, Item]:
    return {item.key: item for item in document.items.select_related("paragraph")}


def _revise(**kwargs):
    return revise_document(data=REVISED.read_bytes(), language="zh", **kwargs)


def test_no_item_is_lost_and_every_offset_indexes_its_paragraph(imported):
    before = _by_old_ref(imported)
    statuses = {item.pk: item.status for item in before.values()}
    result = _revise(symbol="S/2017/130")
    after = Item.objects.filter(document=imported).select_related("paragraph")
    assert sorted(item.pk for item in after) == sorted(statuses)
    for item in after:
        assert item.paragraph.document_id == imported.pk
        assert item.paragraph.text[item.quote_start : item.quote_end] == item.quote, item.key
        assert item.status == statuses[item.pk]  # a revision changes no status
    assert imported.paragraphs.count() == 111
    assert result.revision.number == 2


def test_moved_words_are_followed_without_review_and_changed_ones_are_marked(imported):
    before = _by_old_ref(imported)
    result = _revise(symbol="S/2017/130")
    notes = {note.item_id: note for note in Reanchoring.objects.filter(revision=result.revision)}

    def note(ref):
        return notes[before[ref].pk]

    for ref in ("22-1", "44-1", "105-1"):  # a sentence inserted before the quote
        assert note(ref).found == "moved" and not note(ref).needs_review
        assert note(ref).new_quote == before[ref].quote
    for ref in ("19-1", "103-2", "107-1"):  # words changed inside the quote
        assert note(ref).found == "changed" and note(ref).needs_review, ref
        assert note(ref).old_quote == before[ref].quote and note(ref).new_quote != before[ref].quote
    lost = note("25-2")  # its sentence was replaced: the item quotes its paragraph until reviewed
    assert lost.found == "lost" and lost.needs_review
    assert Item.objects.get(pk=before["25-2"].pk).quote == Paragraph.objects.get(document=imported, number=25).text
    assert result.to_review == 4
    assert note("107-1").new_paragraph == 108  # after the split, renumbered


def test_a_split_paragraph_sends_its_later_items_to_the_new_one(imported):
    before = _by_old_ref(imported)
    _revise(symbol="S/2017/130")
    moved = {ref: Item.objects.select_related("paragraph").get(pk=before[ref].pk) for ref in ("81-1", "81-2", "81-3")}
    assert [moved[ref].key for ref in ("81-1", "81-2", "81-3")] == ["81-1", "82-1", "82-2"]
    assert Item.objects.get(pk=before["82-1"].pk).key == "83-1"
    assert Item.objects.get(pk=before["110-1"].pk).key == "111-1"
    assert Item.objects.get(pk=before["18-1"].pk).key == "18-1"  # before every change: untouched


def test_every_reanchoring_is_an_event_of_the_version_it_made(imported):
    before = _by_old_ref(imported)
    result = _revise(symbol="S/2017/130")
    for note in Reanchoring.objects.filter(revision=result.revision).select_related("item"):
        event = Event.objects.get(item=note.item, action="reanchor")
        assert event.kind == Event.Kind.QUOTE and event.version == note.item.version
        assert event.from_value.startswith(f"¶{note.old_paragraph}-")
    untouched = Item.objects.get(pk=before["18-1"].pk)
    assert untouched.version == before["18-1"].version
    assert not Event.objects.filter(item=untouched, action="reanchor").exists()


def test_earlier_revisions_stay_readable(imported):
    first_text = imported.source.text
    _revise(symbol="S/2017/130/Corr.1")
    first, second = Revision.objects.filter(document=imported).order_by("number")
    assert (first.number, first.symbol, first.text) == (1, "S/2017/130", first_text)
    assert len(first.paragraphs) == 110 and len(second.paragraphs) == 111
    assert second.symbol == "S/2017/130/Corr.1"
    assert Document.objects.get(pk=imported.pk).source.text == REVISED.read_text(encoding="utf-8")


def test_the_same_text_again_changes_nothing(imported):
    _revise(symbol="S/2017/130")
    versions = dict(Item.objects.values_list("pk", "version"))
    again = _revise(symbol="S/2017/130")
    assert again.revision is None
    assert dict(Item.objects.values_list("pk", "version")) == versions
    assert Revision.objects.count() == 2


def test_a_document_not_imported_cannot_be_revised(db, bodies):
    with pytest.raises(ImportRefused, match=r"S/2017/130 \(zh\) is not imported: import it first"):
        _revise(symbol="S/2017/130")
    assert not Revision.objects.exists()


def test_a_text_without_paragraphs_is_refused_and_nothing_changes(imported):
    versions = dict(Item.objects.values_list("pk", "version"))
    with pytest.raises(IngestError, match="no numbered paragraphs"):
        revise_document(data="联合国 S/2017/130\n\n没有编号的段落。".encode(), symbol="S/2017/130", language="zh")
    assert dict(Item.objects.values_list("pk", "version")) == versions
    assert not Revision.objects.exists()


def test_a_failure_half_way_leaves_the_document_as_it_was(imported, monkeypatch):
    from recommendations.services import revising

    texts = dict(imported.paragraphs.values_list("number", "text"))
    keys = {item.pk: item.key for item in imported.items.select_related("paragraph")}

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(revising, "store_citations", fail)
    with pytest.raises(RuntimeError):
        _revise(symbol="S/2017/130")
    assert dict(imported.paragraphs.values_list("number", "text")) == texts
    assert {item.pk: item.key for item in imported.items.select_related("paragraph")} == keys
    assert not Revision.objects.exists() and not Reanchoring.objects.exists()


@pytest.mark.parametrize(
    ("symbol", "amends"),
    [("S/2017/130/Corr.1", "S/2017/130"), ("S/2017/2/Rev.1", "S/2017/2"), ("S/2017/130", "S/2017/130"),
     ("A/70/95-S/2015/446/Corr.2", "A/70/95-S/2015/446")],
)  # fmt: skip
def test_a_corrigendum_amends_the_symbol_it_corrects(symbol, amends):
    assert amended_symbol(symbol) == amends


def test_a_masthead_of_another_document_is_refused(imported):
    with pytest.raises(IngestError, match="the masthead says S/2017/130, which does not amend S/2018/7"):
        _revise(symbol="S/2018/7/Corr.1")


def test_the_command_revises_with_revise(imported, capsys):
    call_command("import_document", str(REVISED), "--symbol", "S/2017/130/Corr.1", "--language", "zh", "--revise")
    out = capsys.readouterr().out
    assert "S/2017/130 (zh): revision 2 (S/2017/130/Corr.1)" in out
    assert "4 to review" in out


def test_without_revise_a_changed_text_is_refused_and_names_the_way(imported):
    with pytest.raises(CommandError, match="--revise"):
        call_command("import_document", str(REVISED), "--symbol", "S/2017/130", "--language", "zh")


def test_words_changed_in_place_are_reviewed_though_no_offset_moved(imported):
    before = _by_old_ref(imported)
    seed = (settings.FIXTURES_DIR / "S-2017-130.zh.txt").read_text(encoding="utf-8")
    result = revise_document(data=seed.replace("也引发了关切", "也引起了关切").encode(), language="zh")
    (note,) = Reanchoring.objects.filter(revision=result.revision)
    assert (note.item_id, note.found, note.needs_review) == (before["19-2"].pk, "changed", True)
    assert (note.new_start, note.new_end) == (note.old_start, note.old_end)
    assert Item.objects.get(pk=before["19-2"].pk).quote.endswith("也引起了关切。")


def _seed_with(old: str, new: str) -> bytes:
    text = (settings.FIXTURES_DIR / "S-2017-130.zh.txt").read_text(encoding="utf-8")
    assert text.count(old) == 1
    return text.replace(old, new).encode()


def test_an_addressee_moves_with_the_words_it_names(bodies):
    document = import_document(data=(settings.FIXTURES_DIR / "S-2017-130.zh.txt").read_bytes()).document
    [addressee] = Addressee.objects.filter(item__document=document)
    start = addressee.start
    # A sentence inserted at the head of the addressee's paragraph (¶103): its words move with the quote.
    revise_document(data=_seed_with("103.  此外，", "103.  工作组注意到这一点。此外，"), language="zh")
    addressee.refresh_from_db()
    text = addressee.item.paragraph.text
    assert addressee.start == start + len("工作组注意到这一点。")
    assert text[addressee.start : addressee.end] == addressee.words == "设有此类部队的国家"


def test_an_addressee_whose_words_are_gone_goes(bodies):
    document = import_document(data=(settings.FIXTURES_DIR / "S-2017-130.zh.txt").read_bytes()).document
    [addressee] = Addressee.objects.filter(item__document=document)
    revise_document(data=_seed_with("设有此类部队的国家", "有关国家"), language="zh")
    assert not Addressee.objects.filter(pk=addressee.pk).exists()
    assert Item.objects.filter(pk=addressee.item_id).exists()


def test_the_same_words_from_other_bytes_record_no_revision(imported):
    # Other bytes, the same paragraphs: a line of page furniture more, as another file of the report has.
    text = (settings.FIXTURES_DIR / "S-2017-130.zh.txt").read_text(encoding="utf-8")
    result = revise_document(data=(text + "\n\n17-02000 (C)\n").encode(), language="zh")
    assert result.revision is None
    assert not Revision.objects.exists() and not Reanchoring.objects.exists()
