"""A quote found again in a revised text, by its selectors: the same, moved, changed or lost."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recommendations.ingest.anchoring import MIN_SIMILARITY, Found, Selector, anchor

# Two paragraphs of S/2017/130 (fixtures/S-2017-130.zh.txt), and an English paragraph like its own.
ZH = (
    "109. 工作组成员强调，部队派遣国和警察派遣国必须参与维和特派团任务的制定和审查，"
    "安全理事会应在决定设立或延长任务之前与这些国家进行实质性协商。"
    "110. 工作组将继续与秘书处合作，以改进维持和平行动的规划和执行。"
)
EN = (
    "44. Members stressed that troop- and police-contributing countries must be consulted "
    "before the Security Council establishes or renews a mandate, and that the Secretariat "
    "should brief them on the risks their personnel face."
)


def _selector(text: str, words: str) -> Selector:
    start = text.index(words)
    return Selector.of(text, start, start + len(words))


@pytest.mark.parametrize("text", [ZH, EN])
def test_the_quote_where_it_was_is_the_same(text):
    selector = _selector(text, text[20:70])
    assert anchor(selector, text) == type(anchor(selector, text))(20, 70, Found.SAME, 100.0)


@pytest.mark.parametrize("text", [ZH, EN])
def test_text_inserted_before_moves_the_quote_word_for_word(text):
    selector = _selector(text, text[20:70])
    revised = "新增的一句话。Inserted words. " + text
    found = anchor(selector, revised)
    assert found.found is Found.MOVED
    assert revised[found.start : found.end] == selector.exact


def test_of_two_places_with_the_words_the_one_with_their_context_is_chosen():
    words = "与秘书处合作"
    text = "甲。工作组将继续与秘书处合作，以改进规划。乙。会员国应与秘书处合作，以加强培训。"
    selector = _selector(text, words)  # the first, in 工作组将继续…
    revised = "会员国应与秘书处合作，以加强培训。前言。工作组将继续与秘书处合作，以改进规划。"
    found = anchor(selector, revised)
    assert found.found is Found.MOVED
    assert revised[found.start - 6 : found.start] == "工作组将继续"


def test_changed_words_are_found_fuzzily_and_marked_for_review():
    words = "部队派遣国和警察派遣国必须参与维和特派团任务的制定和审查"
    selector = _selector(ZH, words)
    revised = ZH.replace("必须参与", "应当充分参与")
    found = anchor(selector, revised)
    assert found.found is Found.CHANGED and found.needs_review
    assert revised[found.start : found.end] == "部队派遣国和警察派遣国应当充分参与维和特派团任务的制定和审查"
    assert MIN_SIMILARITY <= found.similarity < 100


def test_changed_english_words_keep_the_quote_whole():
    words = "must be consulted before the Security Council establishes or renews a mandate"
    selector = _selector(EN, words)
    revised = "Foreword. " + EN.replace("must be consulted", "should always be consulted in good time")
    found = anchor(selector, revised)
    assert found.found is Found.CHANGED
    assert revised[found.start : found.end] == (
        "should always be consulted in good time before the Security Council establishes or renews a mandate"
    )


def test_words_no_longer_in_the_text_are_lost_and_keep_offsets_inside_it():
    selector = _selector(ZH, "工作组将继续与秘书处合作，以改进维持和平行动的规划和执行")
    revised = ZH[:60]
    found = anchor(selector, revised)
    assert found.found is Found.LOST and found.needs_review
    assert 0 <= found.start <= found.end <= len(revised)


def test_a_short_quote_is_only_found_word_for_word():
    selector = _selector(ZH, "工作组成员")
    assert anchor(selector, ZH.replace("工作组成员", "工作小组成员")).found is Found.LOST


def test_a_selector_outside_its_text_is_refused():
    with pytest.raises(ValueError, match="outside a text of 5 characters"):
        Selector.of("abcde", 2, 9)


@given(
    before=st.text(alphabet="甲乙丙丁。 abc", max_size=40),
    start=st.integers(0, len(ZH) - 30),
    length=st.integers(12, 30),
)
def test_inserted_text_never_loses_a_quote_and_offsets_stay_in_the_text(before, start, length):
    selector = Selector.of(ZH, start, start + length)
    revised = before + ZH
    found = anchor(selector, revised)
    assert 0 <= found.start <= found.end <= len(revised)
    assert found.found in (Found.SAME, Found.MOVED)
    assert revised[found.start : found.end] == selector.exact


def test_when_the_words_before_the_quote_change_its_own_first_words_place_it():
    words = "the Secretariat should brief them on the risks their personnel face"
    selector = _selector(EN, words)
    revised = EN.replace("mandate, and that", "mandate. It was also agreed that").replace("face.", "now face.")
    found = anchor(selector, revised)
    assert found.found is Found.CHANGED
    assert revised[found.start : found.end] == "the Secretariat should brief them on the risks their personnel now face"
