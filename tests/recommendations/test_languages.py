"""The same report in another language: aligned by paragraph numbers, each item's quote carried into it."""

import pytest
from django.conf import settings
from django.core.management import call_command

from recommendations.models import Document, Item, ItemQuote
from recommendations.services import ImportRefused, create_item, import_document, set_quote_span

pytestmark = pytest.mark.django_db

ENGLISH = settings.FIXTURES_DIR / "S-2017-130.en.txt"


def _english(data: bytes | None = None):
    return import_document(data=data or ENGLISH.read_bytes(), symbol="S/2017/130", language="en")


def test_the_english_version_aligns_every_paragraph_and_carries_every_quote(opened):
    result = _english()
    english = result.document
    assert (result.version_of, result.items, result.quotes) == (opened, 0, opened.items.count())
    assert list(english.paragraphs.values_list("number", flat=True)) == list(range(1, 111))
    assert not english.items.exists()  # the items are the Chinese version's; none proposed twice
    for quote in ItemQuote.objects.select_related("item__paragraph", "paragraph"):
        assert (quote.language, quote.carried) == ("en", "sentence")
        assert quote.paragraph.document_id == english.pk
        assert quote.paragraph.number == quote.item.paragraph.number
        assert quote.paragraph.text[quote.start : quote.end] == quote.text
    item = opened.items.get(paragraph__number=109)
    assert item.quotes.get().text.startswith("In the spirit of the presidential statement of 31 December 2015")


def test_a_version_with_other_paragraph_numbers_is_refused_and_nothing_is_written(opened):
    text = ENGLISH.read_text(encoding="utf-8")
    cut = text.replace("\n110. Finally,", "\n").encode()
    with pytest.raises(ImportRefused, match=r"cannot be aligned with S/2017/130 \(zh\): it lacks paragraph 110"):
        _english(cut)
    assert not Document.objects.filter(language="en").exists()
    assert not ItemQuote.objects.exists()


def test_importing_the_version_again_changes_nothing(opened):
    _english()
    again = _english()
    assert not again.created
    assert ItemQuote.objects.count() == opened.items.count()


def test_an_item_added_or_moved_later_is_carried_too(opened, coordinator):
    _english()
    paragraph = opened.paragraphs.get(number=107)  # two sentences in either language
    added = create_item(actor=coordinator, document=opened, paragraph=paragraph, quote_start=0, quote_end=10,
                        kind="recommendation")  # fmt: skip
    first = added.quotes.get().text
    assert first.startswith("Where relevant, holding briefings") and first.endswith("all aspects of mandates.")
    second = paragraph.text.index("为促进")
    set_quote_span(item=added, actor=coordinator, start=second, end=second + 5)
    assert Item.objects.get(pk=added.pk).quotes.get().text.startswith("In order to promote a continuous")


def test_the_command_says_what_it_aligned(opened, capsys):
    call_command("import_document", str(ENGLISH), "--symbol", "S/2017/130", "--language", "en")
    out = capsys.readouterr().out
    assert (
        f"Imported S/2017/130 (en): 110 paragraphs, aligned with S/2017/130 (zh); {opened.items.count()} quotes" in out
    )


def test_a_revision_out_of_step_with_the_other_language_drops_its_quotes(opened):
    from recommendations.services.revising import revise_document

    _english()
    revised = settings.FIXTURES_DIR / "revisions" / "S-2017-130.reissued.zh.txt"
    revise_document(data=revised.read_bytes(), symbol="S/2017/130", language="zh")
    # ¶81 was split in the Chinese text only: its ¶82 is not the English ¶82 any more.
    assert not ItemQuote.objects.exists()
