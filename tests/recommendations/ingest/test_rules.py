"""The rules on phrasings no fixture report uses: how UN reports state positions, in English and Chinese."""

import pytest

from recommendations.ingest import extract, parse

MEETINGS = {"en": " II. Meetings of the Working Group\n\n A. A topic\n\n", "zh": "二. 工作组会议\n\nA. 专题\n\n"}
CONCLUSIONS = {"en": " III. Conclusions and recommendations\n\n", "zh": "三. 结论和建议\n\n"}


def _report(language, meetings, conclusions=()):
    """A report of numbered paragraphs: ``meetings`` in the meeting chapter, then ``conclusions``."""
    text = f"S/2099/5\n\n{MEETINGS[language]}"
    for number, para in enumerate([*meetings, *conclusions], start=1):
        if number == len(meetings) + 1:
            text += CONCLUSIONS[language]
        text += f"{number}. {para}\n\n"
    return parse(text, language=language)


def _items(language, meetings, conclusions=(), aliases=None):
    return extract(_report(language, meetings, conclusions), aliases or {})


def _found(language, *meetings):
    return [(i.paragraph, i.kind, i.speaker) for i in _items(language, meetings)]


@pytest.mark.parametrize(
    ("sentence", "kind", "speaker"),
    [
        ("Members welcomed the deployment of the first engineering units.", "emphasis", "Members"),
        ("One member proposed a joint visit to the mission area.", "suggestion", "One member"),
        ("Another member cautioned against raising expectations.", "concern", "Another member"),
        ("Many delegations reaffirmed their support for the mission.", "emphasis", "Many delegations"),
        ("Two troop-contributing countries condemned the attack.", "concern", "Two troop-contributing countries"),
        ("The Working Group agreed to revisit the question.", "emphasis", "The Working Group"),
        ("Some members considered that the mandate should be simplified.", "suggestion", "Some members"),
        ("Members were concerned about the gaps in medical support.", "concern", "Members"),
        ("Members of the Working Group noted with concern the delays.", "concern", "Members of the Working Group"),
        ("In that regard, a number of participants called for reform.", "suggestion", "a number of participants"),
        ("It was stressed that consent of the host State remained essential.", "emphasis", ""),
        ("Concern was expressed about the safety of convoys.", "concern", ""),
        ("The need for better training was highlighted.", "emphasis", ""),
        ("There was broad agreement that the review should go ahead.", "emphasis", ""),
        ("Several proposals were made to simplify reporting.", "suggestion", ""),
        ("Security Council members shared the view that consent mattered.", "emphasis", "Security Council members"),
        ("Several speakers asked for a briefing on the budget.", "suggestion", "Several speakers"),
        ("Members, who had visited the mission, stressed its needs.", "emphasis", "Members"),
        ("Some of them said that reporting should be simpler.", "suggestion", "Some of them"),
    ],
)
def test_english_ways_of_stating_a_position_are_items(sentence, kind, speaker):
    assert _found("en", sentence) == [(1, kind, speaker)]


def test_a_second_speaker_after_a_semicolon_or_while_is_a_second_item():
    found = _found("en", "Some members supported the proposal; others cautioned that it was premature.")
    assert found == [(1, "emphasis", "Some members"), (1, "concern", "others")]
    found = _found("en", "Some members favoured a review, while others regretted the delay.")
    assert [speaker for _, _, speaker in found] == ["Some members", "others"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Under-Secretary-General stressed that the budget was insufficient.",
        "The Force Commander expressed concern about attacks on convoys.",
        "She encouraged Member States to nominate more women.",
        "In his opening remarks, the Chair recalled that Member States had been consulted.",
        "The Special Representative of the Secretary-General urged the Council to act.",
        "Members thanked the Director for her briefing.",
        "Members welcomed the commitment of the African Union to finance a quarter of its operations.",
        "The Working Group held a meeting on the situation in the region.",
        "Members heard a briefing, which stressed the need for funding.",
        "Ms. Dwan, Director of the Policy Division, stressed that funding was short.",
        "Jean Smith, Under-Secretary-General for Operations, urged members to act.",
        "The representative of the African Union expressed concern about funding.",
        "The question of funding was raised by the Under-Secretary-General.",
        "A presentation was made on the new tools.",
        "Members welcomed the briefing by the Director.",
    ],
)
def test_briefers_courtesies_and_narrative_are_not_items(sentence):
    assert _found("en", sentence) == []


def test_a_chairs_summary_gives_the_positions_it_reports_not_the_chairs_own_words():
    found = _found(
        "en",
        "In summing up, the Chair noted that members agreed on the need for early planning. "
        "She recalled that several members had proposed a visit. She thanked the briefers. "
        "She stressed that time was short.",
        "The Chair recalled the concerns raised by members about rotations.",
    )
    assert found == [(1, "emphasis", "members"), (1, "suggestion", "several members"), (2, "concern", "members")]


def test_they_continues_the_members_of_the_previous_paragraph_not_a_briefer():
    found = _found(
        "en",
        "Members expressed concern about the funding gap.",
        "They urged donors to contribute.",
        "The Director explained the budget. They also called for patience.",
    )
    assert found == [(1, "concern", "Members"), (2, "suggestion", "Members")]


def test_concerns_listed_as_lettered_points_are_one_item_each():
    items = _items(
        "en",
        [
            "Members raised the following concerns:\n(a) The lack of helicopters;\n(b) Delays in reimbursement.",
            "The Director described the following steps:\n(a) Training;\n(b) Equipment.",
        ],
    )
    assert [(i.sub_item, i.kind, i.quote) for i in items] == [
        ("a", "concern", "The lack of helicopters;"),
        ("b", "concern", "Delays in reimbursement."),
    ]


@pytest.mark.parametrize(
    ("sentence", "kind", "speaker"),
    [
        ("一名成员提议组织一次实地访问。", "suggestion", "一名成员"),
        ("其他成员告诫说，不应提高期望。", "concern", "其他成员"),
        ("各代表团谴责对维和人员的袭击。", "concern", "各代表团"),
        ("成员们欢迎首批工兵部队的部署。", "emphasis", "成员们"),
        ("有人敦促秘书处加快偿还。", "suggestion", "有人"),
        ("会上强调，东道国的同意仍然至关重要。", "emphasis", "会上"),
        ("在讨论期间，许多会员国对车队的安全表示担忧。", "concern", "许多会员国"),
        ("工作组一致认为，应在下次会议上继续讨论这一问题。", "emphasis", "工作组"),
        ("一些安理会成员指出，东道国的配合至关重要。", "emphasis", "一些安理会成员"),
        ("部分与会者对设立新机构持保留意见。", "concern", "部分与会者"),
        ("数据的安全引发了关切。", "concern", ""),
        ("成员们表示，愿意继续讨论这一问题。", "emphasis", "成员们"),
    ],
)
def test_chinese_ways_of_stating_a_position_are_items(sentence, kind, speaker):
    assert _found("zh", sentence) == [(1, kind, speaker)]


def test_chinese_second_group_after_a_comma_is_a_second_item():
    found = _found("zh", "一些成员支持这一做法，另一些成员则对费用表示关切。")
    assert found == [(1, "emphasis", "一些成员"), (1, "concern", "另一些成员")]


def test_chinese_chairs_summary_and_lettered_concerns():
    items = _items(
        "zh",
        [
            "主席在总结讨论时指出，成员们一致认为需要及早规划。她感谢各位通报人。",
            "主席强调，时间紧迫。",
            "成员们对以下问题表示关切：\n(a) 缺乏直升机；\n(b) 偿还延误。",
            "主管维和行动副秘书长对以下问题表示关切：\n(a) 经费；\n(b) 装备。",
        ],
    )
    assert [(i.paragraph, i.sub_item, i.kind, i.speaker) for i in items] == [
        (1, "", "emphasis", "成员们"),
        (3, "a", "concern", "成员们"),
        (3, "b", "concern", "成员们"),
    ]


def test_addressees_no_body_alias_names_are_listed_as_printed_and_the_item_is_kept():
    aliases = {"SEC": ["Secretariat"], "HOST": ["host States"], "TPCC": ["troop- and police-contributing countries"]}
    report = _report(
        "en",
        ["Members urged the Secretariat and the Mine Action Service to act, and called upon host States to help."],
        [
            "The Working Group calls upon the United Nations Development Programme, UNICEF and host Governments "
            "to support the transition.",
            "The Secretariat and troop- and police-contributing countries should share information.",
            "The Working Group recommends:\n(a) That the Office of Military Affairs review its plans;\n"
            "(b) That transitions be planned early;\n"
            "(c) That the Secretariat brief troop-contributing countries before each renewal.",
        ],
    )
    items = extract(report, aliases)
    assert [(i.key, [words for words, _, _ in i.addressees]) for i in items] == [
        ("1-1", ["Mine Action Service"]),
        ("2-1", ["United Nations Development Programme", "UNICEF", "host Governments"]),
        ("3-1", []),
        ("4-1", ["Office of Military Affairs"]),
        ("4-2", []),
        # A body's name, then its verb: the Secretariat is asked, not "Secretariat brief … countries".
        ("4-3", []),
    ]
    for item in items:
        for words, start, end in item.addressees:
            assert report.paragraph(item.paragraph).text[start:end] == words
            assert item.start <= start < end <= item.end


def test_addressee_offsets_are_the_words_in_the_paragraph_text():
    report = _report(
        "zh",
        ["成员们请联合国开发计划署和秘书处加强合作。"],
        ["工作组鼓励非洲联盟委员会、部队和警察派遣国以及东道国更加关注环境。", "因此，联合国国家工作队应更加努力。"],
    )
    aliases = {"SEC": ["秘书处"], "AU": ["非洲联盟"], "TPCC": ["部队和警察派遣国"], "HOST": ["东道国"]}
    items = extract(report, aliases)
    assert [[words for words, _, _ in i.addressees] for i in items] == [
        ["联合国开发计划署"],
        ["非洲联盟委员会"],
        ["联合国国家工作队"],
    ]
    for item in items:
        for words, start, end in item.addressees:
            assert report.paragraph(item.paragraph).text[start:end] == words


def test_seed_addressee_the_reviewed_owners_leave_unnamed(seed, aliases_zh):
    (item,) = [i for i in extract(seed, aliases_zh) if i.key == "103-2"]
    assert [words for words, _, _ in item.addressees] == ["设有此类部队的国家"]
    words, start, end = item.addressees[0]
    assert seed.paragraph(103).text[start:end] == words
