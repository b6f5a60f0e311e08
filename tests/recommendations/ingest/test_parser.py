"""The parser on the seed report S/2017/130 (zh) and on a small English report of the same shape."""

import datetime
import re

import pytest

from recommendations.ingest import IngestError, parse
from recommendations.ingest.layout import FURNITURE, UNDOCS_LINK
from recommendations.ingest.text import join_wrapped


def test_masthead_gives_symbol_languages_date_and_issuing_body(seed):
    assert (seed.symbol, seed.language, seed.original_language) == ("S/2017/130", "zh", "en")
    assert seed.date == datetime.date(2017, 2, 14)
    assert seed.issuing_body == "安全理事会"
    assert seed.title == "关于维持和平行动工作组 2016年 1月 1日至 12月 31日期间活动的报告"


def test_seed_has_paragraphs_1_to_110_in_order(seed):
    assert [p.number for p in seed.paragraphs] == list(range(1, 111))


def test_paragraph_text_is_verbatim_without_wraps_or_number(seed):
    assert (
        seed.paragraph(1).text
        == "维持和平行动工作组根据 2001 年 1 月 31 日通过的安全理事会主席声明(S/PRST/2001/3)设立。"
    )
    assert seed.paragraph(110).text == (
        "最后，像安全理事会其他附属机构的文件一样，工作组的文件应在以下网址公布：https：//eroom.un.org/eRoom。"
    )


def test_paragraph_crossing_a_page_break_and_link_block_stays_whole(seed):
    # ¶8 breaks after 武装团体和(或); four undocs.org lines and a line starting with a space follow.
    assert seed.paragraph(8).text == (
        "他还指出，维持和平行动的实效受到多层面复杂挑战的阻碍，这些挑战使得执行任务、尤其是保护平民的任务比以往更加困难，"
        "特别是由于武装团体和(或)恐怖主义团体获得准军事能力等新的事态发展。因此，他强调有必要讨论这些问题，"
        "并对有机会参与此次专题小组讨论表示欢迎。"
    )
    assert seed.paragraph(79).text.endswith(
        "需要更全面审议一些主要问题，如敏感信息管理、保密、费用以及所收集信息的所有权等。"
        "最重要的是，他强调保密管理，并指出，政策框架应明确界定所收集信息的范围和用途。"
    )


def test_paragraphs_starting_with_a_space_after_a_page_break_are_new_paragraphs(seed):
    assert seed.paragraph(19).text.startswith("不过，有与会者对无人机")
    assert seed.paragraph(18).text.endswith("讨论维持和平中的所有政策相关问题。")


def test_no_page_furniture_or_links_in_any_paragraph(seed):
    for para in seed.paragraphs:
        for furniture in ("undocs.org", "17-02287", "*1702287*", "S/2017/130", "\n\n"):
            assert furniture not in para.text, (para.number, furniture)


def test_sub_items_have_labels_and_offsets(seed):
    para = seed.paragraph(31)
    assert [s.label for s in para.sub_items] == ["a", "b", "c", "d"]
    b = para.sub_items[1]
    assert para.text[b.start : b.end] == "(b) 今后对非洲联盟干预危机和冲突的需求只会增加；"
    assert [s.label for s in seed.paragraph(5).sub_items] == list("abcde")
    assert [s.label for s in seed.paragraph(55).sub_items] == list("abc")
    assert sum(len(p.sub_items) for p in seed.paragraphs) == 5 + 4 + 3 + 3 + 3 + 3 + 5 + 2


def test_cited_symbols_are_found_and_normalised(seed):
    assert [c.symbol for c in seed.paragraph(3).citations] == ["A/70/95-S/2015/446"]
    assert [c.symbol for c in seed.paragraph(2).citations] == ["S/2017/2/Rev.1"]
    para = seed.paragraph(52)
    assert [c.symbol for c in para.citations] == [
        "S/RES/2129 (2013)",
        "S/RES/2185 (2014)",
        "S/RES/2195 (2014)",
        "S/RES/2242 (2015)",
        "S/PRST/2014/23",
        "S/RES/1373 (2001)",
    ]
    first = para.citations[0]
    assert para.text[first.start : first.end] == "2129(2013)"


def test_sections_with_ranges_and_meeting_dates(seed):
    chapters = [(s.number, s.heading) for s in seed.sections if s.kind == "chapter"]
    assert chapters == [("一", "导言"), ("二", "工作组会议"), ("三", "结论和建议")]
    topics = {s.number: s for s in seed.sections if s.kind == "topic"}
    assert topics["B"].heading == "联合国和区域组织之间的伙伴关系：加强区域行为体在维持和平行动中的作用"
    assert {k: t.meeting_date for k, t in topics.items()} == {
        "A": datetime.date(2016, 4, 28),
        "B": datetime.date(2016, 5, 27),
        "C": datetime.date(2016, 6, 24),
        "D": datetime.date(2016, 7, 27),
        "E": datetime.date(2016, 11, 3),
    }
    ranges = {}
    for para in seed.paragraphs:
        section = seed.sections[para.section_order]
        ranges.setdefault(section.number, []).append(para.number)
    assert {k: (v[0], v[-1]) for k, v in ranges.items()} == {
        "一": (1, 3),
        "二": (4, 5),
        "A": (6, 25),
        "B": (26, 45),
        "C": (46, 57),
        "D": (58, 82),
        "E": (83, 103),
        "三": (104, 110),
    }
    assert all(seed.sections[t.parent_order].number == "二" for t in topics.values())


def test_annex_lists_the_five_meetings_with_their_topics(seed):
    annex = seed.sections[-1]
    assert annex.kind == "annex"
    assert annex.heading == "工作组 2016年的会议"
    assert annex.columns == ["日期", "通报人", "主题"]
    assert [(r["date"], r["topic"]) for r in annex.rows] == [
        ("2016-04-28", "A"),
        ("2016-05-27", "B"),
        ("2016-06-24", "C"),
        ("2016-07-27", "D"),
        ("2016-11-03", "E"),
    ]
    assert "Renata Dwan" in annex.rows[2]["text"]


def test_source_offsets_point_into_the_raw_text(seed, seed_bytes):
    raw = seed_bytes.decode("utf-8")
    para = seed.paragraph(19)
    assert raw[para.source_start :].startswith("19. 不过")
    assert raw[: para.source_end].endswith("也引发了关切。")


def test_english_report_of_the_same_shape(english):
    assert (english.symbol, english.language, english.date) == ("S/2099/42", "en", datetime.date(2099, 3, 3))
    assert [p.number for p in english.paragraphs] == list(range(1, 12))
    assert [(s.kind, s.number) for s in english.sections] == [
        ("chapter", "I"),
        ("chapter", "II"),
        ("topic", "A"),
        ("topic", "B"),
        ("chapter", "III"),
        ("annex", ""),
    ]
    assert english.sections[2].meeting_date == datetime.date(2098, 4, 12)
    # Across a page break, a link block, a running header and a footer, with spaces between words.
    assert english.paragraph(5).text.endswith("the Secretariat must train peacekeepers in the use of new tools.")
    assert english.paragraph(1).text == (
        "The Working Group was established by a statement by the President of the Security Council (S/PRST/2001/3)."
    )
    assert [s.label for s in english.paragraph(11).sub_items] == ["a", "b"]
    assert english.paragraph(11).text.endswith("(b) That its documents be published online.")
    assert [c.symbol for c in english.paragraph(4).citations] == ["S/RES/2129 (2013)", "S/RES/2242 (2015)"]
    assert [r["topic"] for r in english.sections[-1].rows] == ["A", "B"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n ", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"S/2017/130\n\xff\xfe 1. text", "not UTF-8"),
        ("S/2017/130\n安全理事会\n没有编号的段落。\n".encode(), "no numbered paragraphs"),
        ("S/2017/130\n1. 第一段。\n2. 第二段。\n4. 第四段。\n".encode(), "paragraph 3 is missing"),
        ("S/2017/130\n1. 第一段。\n2. 第二段。\n2. 又一个第二段。\n".encode(), "paragraph 2 appears twice"),
        ("S/2017/130\n1. 第一段。\n5. 第五段。\n".encode(), "paragraph 2–4 is missing"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_problem(data, message):
    with pytest.raises(IngestError, match=message):
        parse(data, language="zh")


def test_unknown_language_is_refused(seed_bytes):
    with pytest.raises(IngestError, match="unknown language 'xx'"):
        parse(seed_bytes, language="xx")


def test_language_contradicting_the_masthead_is_refused(seed_bytes):
    with pytest.raises(IngestError, match="masthead says the text is in zh, not en"):
        parse(seed_bytes, language="en")


def test_symbol_contradicting_the_masthead_is_refused(seed_bytes):
    with pytest.raises(IngestError, match="masthead says S/2017/130, not S/2018/1"):
        parse(seed_bytes, language="zh", symbol="S/2018/1")


def test_paragraph_holds_every_printed_character_of_its_source_lines(seed, seed_bytes):
    """No Unicode normalisation, nothing dropped but whitespace at wraps and page furniture."""
    raw = seed_bytes.decode("utf-8")
    furniture = [*FURNITURE, UNDOCS_LINK, re.compile(r"^\s*S/2017/130\s*$")]
    for para in seed.paragraphs:
        lines = raw[para.source_start : para.source_end].split("\n")
        printed = "".join(line for line in lines if not any(p.match(line) for p in furniture))
        assert re.sub(r"\s", "", printed) == re.sub(r"\s", "", f"{para.number}.{para.text}"), para.number


@pytest.mark.parametrize(
    "footer",
    [
        "2/3 99-01234 (E)",
        "99-01234 (E) 2/3",
        "2 / 3",
        "Page 2 of 3 99-01234 (E)",
        "page 2",
        "- 2 -",
        "99-01234 (E) 第 2 页，共 3 页",
        "第 2 页",
        "S/2099/42 2/3",
        "Page 2 of 3 S/2099/42",
        "11/29/26, 10:07 AM S/2099/42 – Report of the Working Group",
        "29.11.2026, 10:07",
        "about:blank 2/3",
        "file:///tmp/report.html 2/3",
    ],
)
def test_page_numbers_as_browsers_and_word_processors_print_them_are_furniture(footer):
    text = f"S/2099/42\n1. The Working Group\n{footer}\nS/2099/42\nmet twice.\n"
    assert parse(text, language="en").paragraphs[0].text == "The Working Group met twice."


@pytest.mark.parametrize(
    "line", ["2", "2016", "S/2099/42 was issued", "Page two of the report", "11/29 at 10:07", "http://example.org"]
)
def test_a_number_alone_or_a_sentence_naming_a_page_or_the_symbol_stays_text(line):
    text = f"S/2099/42\n1. The Working Group\n{line}\nmet twice.\n"
    assert line in parse(text, language="en").paragraphs[0].text


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("peace-", "keeping", "peace-keeping"),
        ("troop- ", "and police-contributing", "troop- and police-contributing"),
        ("pre-", "or post-deployment", "pre- or post-deployment"),
        ("the", "Council", "the Council"),
        ("维持", "和平", "维持和平"),
        ("2016 年至", "2018 年", "2016 年至 2018 年"),
        ("军事顾问", "Thierry", "军事顾问 Thierry"),
        ("第 12", "段", "第 12 段"),
        ("（", "2016", "（2016"),
    ],
)
def test_a_line_wrap_stands_for_what_the_language_puts_there(left, right, joined):
    assert join_wrapped(left, right) == joined
