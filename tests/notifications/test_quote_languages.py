"""Reminder emails quote an item's words in the recipient's language where its report has a version in it."""

import pytest
from django.conf import settings
from django.utils import timezone

from notifications import digests, reminders
from notifications.models import Outbox, Preference
from recommendations.services import import_document
from tests.factories import MembershipFactory, UserFactory

from .conftest import NOW

pytestmark = pytest.mark.django_db

ENGLISH = settings.FIXTURES_DIR / "S-2017-130.en.txt"


@pytest.fixture
def with_english(due_items):
    """S/2017/130 (zh) with its English version imported: every item's quote carried into English."""
    import_document(data=ENGLISH.read_bytes(), symbol="S/2017/130", language="en")
    return due_items


def _words(document) -> tuple[str, str]:
    """The beginning of ¶109's quote in Chinese (its own) and, where carried, in English."""
    item = document.items.get(paragraph__number=109)
    carried = item.quotes.filter(language="en").first()
    return item.quote[:30], carried.text[:60] if carried else ""


def _planned(user, kind="digest") -> Outbox:
    _report, planned = reminders.plan(now=NOW, dry_run=True)
    (row,) = [row for row in planned if row.recipient_id == user.pk and row.kind == kind]
    return row


def _quotes(row: Outbox, words: str) -> bool:
    return words in row.body_text and words in row.body_html


def test_an_english_reader_gets_the_quote_carried_into_english(with_english, tpcc_focal_point):
    chinese, english = _words(with_english)
    assert english.startswith("In the spirit of the presidential statement")
    row = _planned(tpcc_focal_point)  # no preference: English
    assert _quotes(row, english) and chinese not in row.body_text and chinese not in row.body_html


def test_a_chinese_reader_gets_the_reports_own_chinese_quote(with_english, tpcc_focal_point):
    chinese, english = _words(with_english)
    Preference.objects.create(user=tpcc_focal_point, language="zh-hans")
    row = _planned(tpcc_focal_point)
    assert _quotes(row, chinese) and english not in row.body_text


def test_without_an_english_version_an_english_reader_gets_the_original_quote(due_items, tpcc_focal_point):
    chinese, english = _words(due_items)
    assert english == ""
    assert _quotes(_planned(tpcc_focal_point), chinese)


def test_readers_of_two_languages_share_one_digest_each_quoted_in_their_own(with_english, tpcc_focal_point):
    chinese, english = _words(with_english)
    colleague = UserFactory(username="tpcc-second")
    MembershipFactory(user=colleague, body=tpcc_focal_point.memberships.get().body)
    Preference.objects.create(user=colleague, language="zh-hans")

    found = digests.digests_for([tpcc_focal_point.pk, colleague.pk], now=NOW, today_of=lambda uid: NOW.date(),
                                languages=["en", "zh-hans"])  # fmt: skip
    assert found[tpcc_focal_point.pk] is found[colleague.pk]
    assert _quotes(_planned(tpcc_focal_point), english) and _quotes(_planned(colleague), chinese)


def test_an_escalation_quotes_each_recipient_in_their_language(with_english, tpcc_focal_point, coordinator,
                                                              settings):  # fmt: skip
    chinese, english = _words(with_english)
    settings.ESCALATE_AFTER_DAYS = 7
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    Preference.objects.create(user=tpcc_focal_point, language="zh-hans")
    assert _quotes(_planned(coordinator, "escalation"), english)
    assert _quotes(_planned(tpcc_focal_point, "escalation"), chinese)


def test_a_digest_sent_now_quotes_in_the_readers_language(with_english, tpcc_focal_point):
    _chinese, english = _words(with_english)
    with_english.items.filter(paragraph__number=109).update(due_date=timezone.now().date())  # due on the real today
    assert reminders.send_now(user=tpcc_focal_point).endswith("sent")
    assert _quotes(Outbox.objects.get(recipient=tpcc_focal_point), english)
