"""What is derived from an item's columns, each in one place (``models.facts``)."""

import datetime

import pytest

from recommendations.models import facts

TODAY = datetime.date(2027, 3, 4)
NOW = datetime.datetime(2027, 3, 4, 9, 0, tzinfo=datetime.UTC)


def test_a_reference_names_the_sub_item_only_when_there_is_one():
    assert facts.reference("S/2017/130", 107, "") == "S/2017/130 ¶107"
    assert facts.reference("S/2017/130", 31, "a") == "S/2017/130 ¶31(a)"
    assert facts.reference("S/2017/130", 31) == "S/2017/130 ¶31"  # a paragraph's


def test_a_key_reads_back_as_its_paragraph_and_position():
    assert facts.key(109, 1) == "109-1"
    assert facts.parse_key(facts.key(109, 12)) == (109, 12)


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        ("open", TODAY - datetime.timedelta(days=1), True),
        ("in_progress", TODAY - datetime.timedelta(days=1), True),
        ("open", TODAY, False),  # due today is not late yet
        ("open", None, False),
        ("implemented", TODAY - datetime.timedelta(days=1), False),  # done, however late
    ],
)
def test_overdue_is_open_and_due_before_today(status, due, overdue):
    assert facts.is_overdue(status, due, TODAY) is overdue


@pytest.mark.parametrize(
    ("status", "due", "days"),
    [
        ("open", TODAY - datetime.timedelta(days=45), 45),
        ("in_progress", TODAY - datetime.timedelta(days=1), 1),
        ("open", TODAY, 0),
        ("open", TODAY + datetime.timedelta(days=3), 0),  # due later: not negative
        ("open", None, 0),
        ("implemented", TODAY - datetime.timedelta(days=10), 0),
    ],
)
def test_days_overdue_count_from_the_due_date_and_only_while_open(status, due, days):
    assert facts.days_overdue(status, due, TODAY) == days
    assert facts.is_overdue(status, due, TODAY) is (days > 0)


def test_stale_is_open_and_not_updated_for_the_configured_days(settings):
    settings.STALE_AFTER_DAYS = 30
    long_ago = NOW - datetime.timedelta(days=31)
    assert facts.stale_before(NOW) == NOW - datetime.timedelta(days=30)
    assert facts.is_stale("open", long_ago, NOW) and not facts.is_stale("open", NOW, NOW)
    assert not facts.is_stale("withdrawn", long_ago, NOW)


def test_the_etag_is_the_id_and_version_quoted():
    assert facts.etag(12, 3) == '"12-3"'


@pytest.mark.parametrize(
    ("language", "summary", "summary_zh", "shown"),
    [
        ("en", "English", "中文", "English"),
        ("zh-hans", "English", "中文", "中文"),
        ("en", "", "中文", "中文"),  # the other language rather than nothing
        ("zh-hans", "English", "", "English"),
        ("", "English", "中文", "English"),  # no active language: English
    ],
)
def test_the_summary_in_a_language_falls_back_to_the_other(language, summary, summary_zh, shown):
    assert facts.summary_in(language, summary, summary_zh) == shown


@pytest.mark.parametrize(("language", "version"), [("en", "en"), ("zh-hans", "zh"), ("zh-Hans", "zh"), ("fr", "fr")])
def test_a_persons_language_reads_the_report_version_of_its_primary_subtag(language, version):
    assert facts.document_language(language) == version
