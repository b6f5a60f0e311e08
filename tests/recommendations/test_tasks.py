"""The domain's periodic tasks say in one INFO line what they did, and only at DEBUG that there was nothing to do."""

import datetime
import logging

import pytest
from django.utils import timezone
from knox.models import AuthToken

from recommendations.tasks import fail_abandoned_import_jobs, purge_expired_tokens, purge_finished_import_jobs

pytestmark = pytest.mark.django_db


def test_a_purge_that_deleted_tokens_says_so_at_info_and_an_empty_one_at_debug(coordinator, caplog):
    caplog.set_level(logging.DEBUG, logger="recommendations.tasks")
    AuthToken.objects.create(coordinator, expiry=datetime.timedelta(days=1))
    AuthToken.objects.update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    purge_expired_tokens()
    purge_expired_tokens()
    fail_abandoned_import_jobs()
    purge_finished_import_jobs()
    assert [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "recommendations.tasks"] == [
        ("INFO", "API tokens: 1 expired, deleted"),
        ("DEBUG", "API tokens: 0 expired, deleted"),
        ("DEBUG", "import jobs: 0 abandoned by their worker, marked failed"),
        ("DEBUG", "import jobs: 0 finished or never confirmed, their uploads deleted"),
    ]
