"""The lineage matcher: which earlier item a new one makes again, and how it relates to it."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from recommendations.ingest import parse
from recommendations.ingest.evaluation import GoldError, aliases_from
from recommendations.ingest.lineage import Candidate, Relation, propose, relation_of, series_key
from recommendations.ingest.lineage_evaluation import evaluate_lineage

FIXTURES = Path(settings.FIXTURES_DIR)

# A report's worth of earlier items, as lineage compares them: the reviewed items of S/2017/130.
EARLIER = [
    Candidate(entry["ref"], entry["quote"])
    for entry in yaml.safe_load((FIXTURES / "items" / "S-2017-130.zh.yaml").read_text(encoding="utf-8"))["items"]
]
# Its English version's paragraphs, each standing for an item.
ENGLISH = [
    Candidate(p.number, p.text)
    for p in parse((FIXTURES / "S-2017-130.en.txt").read_bytes(), language="en").paragraphs
    if p.number >= 18
]


def test_a_reworded_repeat_is_linked_to_its_earlier_item():
    again = "在讨论期间，成员们再次申明，保护平民的首要责任在于东道国，维持和平行动所起的是支助作用。"
    later = [Candidate("again", again)]
    [proposal] = propose(later, EARLIER, language="zh")
    assert (proposal.later, proposal.earlier, proposal.relation) == ("again", "102-1", Relation.REPEATS)
    assert 0 < proposal.similarity <= 1


def test_a_look_alike_loses_the_earlier_item_to_the_item_that_shares_more():
    later = [
        Candidate("look-alike", "另有成员强调，必须培训东道国警察，使其能够利用技术工具调查针对维持和平人员的犯罪。"),
        Candidate("repeat", "成员们再次强调，应对维持和平人员进行培训，使他们能够以最佳方式使用技术工具。"),
    ]
    proposals = propose(later, EARLIER, language="zh")
    assert [(p.later, p.earlier) for p in proposals] == [("repeat", "23-1")]


def test_an_item_like_none_before_has_no_predecessor():
    later = [Candidate("new", "若干成员强调，部队派遣国必须在部署前为特遣队提供反简易爆炸装置培训。")]
    assert propose(later, EARLIER, language="zh") == []
    assert propose([], EARLIER, language="zh") == propose(later, [], language="zh") == []


def test_english_items_are_compared_by_the_stems_of_their_words():
    later = [Candidate("n", "Members encouraged specific incentives for the environmental management of missions.")]
    [proposal] = propose(later, ENGLISH, language="en")
    assert proposal.earlier == 24


@pytest.mark.parametrize(
    ("text", "language", "relation"),
    [
        ("工作组建议，不再一般性地审议该问题，而是请秘书处每年通报执行情况。", "zh", Relation.SUPERSEDES),
        ("工作组注意到，秘书处已设立奖励机制，并建议将该机制扩大到东道国。", "zh", Relation.FOLLOWS_UP),
        ("成员们再次强调，应对维持和平人员进行培训。", "zh", Relation.REPEATS),
        ("The Secretariat should report annually instead of holding a general debate.", "en", Relation.SUPERSEDES),
        ("Members welcomed the progress made and asked for a further step.", "en", Relation.FOLLOWS_UP),
        ("Members again stressed the importance of training.", "en", Relation.REPEATS),
        ("Les membres ont de nouveau souligné l'importance de la formation.", "fr", Relation.REPEATS),
    ],
)
def test_the_relation_is_read_from_how_the_item_says_it(text, language, relation):
    assert relation_of(text, language) is relation


def test_a_series_is_its_title_without_years_and_dates():
    zh = "关于维持和平行动工作组 2016年 1月 1日至 12月 31日期间活动的报告"
    assert series_key(zh) == series_key("关于维持和平行动工作组 2017 年 1 月 1 日至 12 月 31 日期间活动的报告")
    en = "Report of the Working Group on Peacekeeping Operations on its activities from 1 January to 31 December 2016"
    assert series_key(en) == series_key(en.replace("2016", "2017"))
    assert series_key(en) != series_key("Report of the Secretary-General on the situation in Mali, 2017")


def test_the_constructed_next_report_links_its_recurring_items_above_the_target():
    """The development figure of ``make eval``: the matcher was tuned on this report (see the README)."""
    score = evaluate_lineage(FIXTURES / "lineage" / "S-2095-130.zh.gold.yaml", aliases_from(FIXTURES / "bodies.yaml"))
    assert score.gold == 25
    assert score.recall >= 0.8 and score.precision >= 0.8
    assert score.relation_agreement >= 0.8


def test_a_gold_file_without_its_predecessors_is_named(tmp_path):
    gold = (FIXTURES / "lineage" / "S-2095-130.zh.gold.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.gold.yaml"
    broken.write_text(gold.replace("items: ../items/S-2017-130.zh.yaml", "items: ../items/missing.yaml"))
    (tmp_path / "S-2095-130.zh.txt").write_bytes((FIXTURES / "lineage" / "S-2095-130.zh.txt").read_bytes())
    with pytest.raises(GoldError, match=r"broken.gold.yaml: predecessors: No such file"):
        evaluate_lineage(broken, aliases_from(FIXTURES / "bodies.yaml"))
