"""A quote carried into another language version of its paragraph: by sentences, sub-items, or whole."""

import pytest
import yaml
from django.conf import settings

from recommendations.ingest import parse, read_report
from recommendations.ingest.alignment import Carried, Unit, align, carry, sentences

ZH = "工作组举行了会议。成员强调必须加强合作。他们还建议改进规划和执行。"
EN = (
    "The Working Group held a meeting. Members stressed the need to strengthen cooperation. "
    "They also recommended improving planning and implementation."
)


def _quote(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_sentences_are_found_in_chinese_and_english_without_their_trailing_spaces():
    assert [ZH[a:b] for a, b in sentences(ZH, "zh")] == [
        "工作组举行了会议。",
        "成员强调必须加强合作。",
        "他们还建议改进规划和执行。",
    ]
    assert [EN[a:b] for a, b in sentences(EN, "en")][1] == "Members stressed the need to strengthen cooperation."


def test_a_quote_goes_to_the_sentence_aligned_with_its_own():
    span = carry(*_quote(ZH, "必须加强合作"), Unit(ZH, "zh"), Unit(EN, "en"))
    assert span.carried is Carried.SENTENCE
    assert EN[span.start : span.end] == "Members stressed the need to strengthen cooperation."


def test_a_quote_over_two_sentences_goes_to_both():
    span = carry(*_quote(ZH, "加强合作。他们还建议"), Unit(ZH, "zh"), Unit(EN, "en"))
    assert EN[span.start : span.end] == EN[EN.index("Members") :]


def test_a_translation_that_joins_two_sentences_is_aligned_two_to_one():
    joined = (
        "The Working Group met. Members stressed cooperation, and they also recommended better planning and execution."
    )
    span = carry(*_quote(ZH, "改进规划和执行"), Unit(ZH, "zh"), Unit(joined, "en"))
    assert joined[span.start : span.end] == (
        "Members stressed cooperation, and they also recommended better planning and execution."
    )


def test_lengths_align_by_their_shares_not_their_counts():
    # Chinese characters against English letters, about a third as many: shares match one to one.
    one_to_one = [(range(0, 1), range(0, 1)), (range(1, 2), range(1, 2)), (range(2, 3), range(2, 3))]
    assert align([10, 30, 20], [31, 92, 60]) == one_to_one
    # A translation joining two sentences: which two, the lengths tell.
    assert align([10, 50, 40], [180, 120]) == [(range(0, 2), range(0, 1)), (range(2, 3), range(1, 2))]
    assert align([40, 10, 50], [120, 180]) == [(range(0, 1), range(0, 1)), (range(1, 3), range(1, 2))]


def test_a_quote_in_a_sub_item_goes_to_the_sub_item_of_the_same_letter():
    # Sub-items are often clauses of one sentence: the sentence alone would carry all of them.
    zh = "工作组建议：(a) 加强部队的培训；(b) 改进规划。"
    en = "The Working Group recommends: (a) strengthening the training of troops; (b) improving planning."

    def subs(text, last):
        return ({"label": "a", "start": text.index("(a)"), "end": text.index(last)},
                {"label": "b", "start": text.index("(b)"), "end": len(text)})  # fmt: skip

    span = carry(*_quote(zh, "改进规划"), Unit(zh, "zh", subs(zh, "(b)")), Unit(en, "en", subs(en, " (b)")))
    assert en[span.start : span.end] == "(b) improving planning."


def test_without_sentences_to_align_the_quote_goes_to_the_whole_paragraph():
    span = carry(*_quote(ZH, "必须加强合作"), Unit(ZH, "zh"), Unit("   ", "en"))
    assert (span.start, span.end, span.carried) == (0, 3, Carried.PARAGRAPH)


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (3, 999)])
def test_a_quote_outside_its_paragraph_is_refused(start, end):
    with pytest.raises(ValueError, match="outside a paragraph of 33 characters"):
        carry(start, end, Unit(ZH, "zh"), Unit(EN, "en"))


def test_every_reviewed_item_of_s_2017_130_is_carried_into_its_english_version_by_sentences():
    fixtures = settings.FIXTURES_DIR
    zh = parse(read_report((fixtures / "S-2017-130.zh.txt").read_bytes()), language="zh")
    en = parse(read_report((fixtures / "S-2017-130.en.txt").read_bytes()), language="en")
    assert [p.number for p in zh.paragraphs] == [p.number for p in en.paragraphs] == list(range(1, 111))

    def unit(paragraph, language):
        return Unit(paragraph.text, language, tuple(paragraph.stored_sub_items()))

    carried = {}
    for entry in yaml.safe_load((fixtures / "items" / "S-2017-130.zh.yaml").read_text(encoding="utf-8"))["items"]:
        number = entry["paragraph"]
        span = carry(entry["start"], entry["end"], unit(zh.paragraph(number), "zh"), unit(en.paragraph(number), "en"))
        assert span.carried is Carried.SENTENCE, entry["ref"]
        carried[entry["ref"]] = en.paragraph(number).text[span.start : span.end]
    assert len(carried) == 35
    assert carried["109-1"].startswith("In the spirit of the presidential statement of 31 December 2015")
    assert carried["18-2"].startswith("In that regard, several participants highlighted")
