"""A person's digest schedule: due by their local day and hour, weekly or daily, unless quiet."""

import datetime

from notifications.models import Preference

from .conftest import NOW

MONDAY = datetime.datetime(2027, 3, 1, tzinfo=datetime.UTC)  # ISO week 2027-W09


def test_a_weekly_digest_is_due_from_its_local_weekday_and_hour_for_the_rest_of_the_week():
    pref = Preference()  # Monday 08:00 UTC
    assert pref.digest_period(MONDAY.replace(hour=7, minute=59)) is None
    assert pref.digest_period(MONDAY.replace(hour=8)) == "2027-W09"
    assert pref.digest_period(NOW) == "2027-W09"


def test_a_daily_digest_follows_the_local_date_and_hour():
    pref = Preference(frequency="daily", hour=8, time_zone="Asia/Shanghai")
    assert pref.digest_period(NOW) == "2027-03-04"  # 17:00 in Shanghai
    assert pref.digest_period(datetime.datetime(2027, 3, 4, 23, 30, tzinfo=datetime.UTC)) is None  # 07:30 on the 5th


def test_snoozed_through_the_local_today_is_quiet_and_gets_no_digest():
    noon = NOW.replace(hour=12)  # already the 5th in Auckland
    assert Preference(snoozed_until=datetime.date(2027, 3, 4)).digest_due(noon) is None
    assert Preference(snoozed_until=datetime.date(2027, 3, 4), time_zone="Pacific/Auckland").digest_due(noon)
    assert Preference(opted_out=True).is_quiet(noon)


def test_an_unknown_time_zone_is_taken_as_utc():
    assert Preference(time_zone="Mars/Olympus").local_now(NOW) == NOW
