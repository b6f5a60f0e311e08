"""What every reminder email says around its items: whom it greets."""

import pytest

from notifications import emails, reminders
from notifications.models import Outbox
from tests.factories import UserFactory

from .conftest import NOW

pytestmark = pytest.mark.django_db


def test_a_digest_greets_its_focal_point_by_full_name(due_items, tpcc_focal_point):
    tpcc_focal_point.first_name, tpcc_focal_point.last_name = "Ama", "Mensah"
    tpcc_focal_point.save()
    reminders.plan(now=NOW)
    row = Outbox.objects.get(recipient=tpcc_focal_point)
    assert row.body_text.startswith("Hello Ama Mensah,")
    assert "<p>Hello Ama Mensah,</p>" in row.body_html


def test_without_a_full_name_an_email_greets_by_user_name():
    user = UserFactory(username="focal-au")
    _, text, html = emails.render("notice", user=user, language="en", context={"events": [], "total": 1})
    assert text.startswith("Hello focal-au,") and "<p>Hello focal-au,</p>" in html


def test_the_greeting_in_chinese_and_a_name_escaped_in_html():
    user = UserFactory(username="focal-secretariat", first_name="<b>Li</b>", last_name="Wei")
    _, text, html = emails.render("digest", user=user, language="zh-hans", context={"groups": [], "total": 1})
    assert text.startswith("<b>Li</b> Wei，您好：")
    assert "&lt;b&gt;Li&lt;/b&gt; Wei，您好：" in html and "<b>Li</b>" not in html
