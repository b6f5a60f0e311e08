"""What the log says: Celery's routine lines only at DEBUG, a 403 in one line, a 500 with its traceback."""

import inspect
import logging
import logging.config

import celery.beat
import pytest
from celery.app import trace
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import path

from tracker import urls as tracker_urls
from tracker.logs import ROUTINE, OneLineForbidden

BEAT_SENDING = "Scheduler: Sending due task %s (%s)"


def _celery_lines():
    """The lines Celery writes for a task taken, a task run and an entry sent by beat."""
    context = {"id": "1f0e", "name": "notifications.tasks.dispatch_webhooks", "runtime": 0.01, "return_value": 0,
               "args": "()", "kwargs": "{}", "eta": None}  # fmt: skip
    logging.getLogger("celery.worker.strategy").info(trace.LOG_RECEIVED, context)
    trace.info(trace.LOG_SUCCESS, context)
    logging.getLogger("celery.beat").info(BEAT_SENDING, "dispatch-webhooks", "notifications.tasks.dispatch_webhooks")


def _celery_records(caplog):
    return [(r.name, r.levelname) for r in caplog.records if r.name.startswith("celery")]


def test_celerys_line_per_task_and_per_beat_tick_is_not_shown_at_info(caplog):
    caplog.set_level(logging.INFO)
    _celery_lines()
    logging.getLogger("celery.app.trace").info(trace.LOG_RETRY, {"name": "t", "id": "1", "exc": "boom"})
    assert _celery_records(caplog) == [("celery.app.trace", "INFO")]  # the retry says something


def test_celerys_routine_lines_are_debug_records(caplog):
    caplog.set_level(logging.DEBUG)
    _celery_lines()
    assert _celery_records(caplog) == [
        ("celery.worker.strategy", "DEBUG"),
        ("celery.app.trace", "DEBUG"),
        ("celery.beat", "DEBUG"),
    ]


def test_the_beat_line_filtered_is_the_one_beat_writes():
    assert BEAT_SENDING in ROUTINE and f"'{BEAT_SENDING}'" in inspect.getsource(celery.beat.Scheduler.apply_entry)


def _refuse(request):
    raise PermissionDenied("not one of your bodies")


def _fail(request):
    raise RuntimeError("a bug")


# The project's own URLs too: the 403 page is the admin's, and names its pages.
urlpatterns = [path("refuse/", _refuse), path("fail/", _fail), *tracker_urls.urlpatterns]


def _request_records(caplog):
    return [r for r in caplog.records if r.name == "django.request"]


@pytest.mark.django_db
def test_a_refused_admin_page_is_one_line_without_a_traceback(client, tpcc_focal_point, caplog):
    client.force_login(tpcc_focal_point)
    assert client.get("/admin/auth/user/").status_code == 403
    (record,) = _request_records(caplog)
    assert record.getMessage() == "Forbidden: GET /admin/auth/user/ (user tpcc-focal)"
    assert record.exc_info is None and record.levelname == "WARNING"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_permission_denied_says_its_reason_and_an_anonymous_caller(caplog):
    assert Client().get("/refuse/?x=1").status_code == 403
    (record,) = _request_records(caplog)
    assert record.getMessage() == "Forbidden: GET /refuse/ (user anonymous): not one of your bodies"
    assert record.exc_info is None


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_500_keeps_its_traceback(caplog):
    assert Client(raise_request_exception=False).get("/fail/").status_code == 500
    (record,) = _request_records(caplog)
    assert record.levelname == "ERROR" and record.exc_info and record.exc_info[0] is RuntimeError


def test_djangos_lines_go_through_the_root_handler_alone():
    """Django's own console handler, beside the root's, printed every line of it twice under DEBUG."""
    django = logging.getLogger("django")
    assert django.handlers == [] and django.propagate


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_the_reason_survives_logging_configured_twice(settings):
    """dictConfig adds a logger's filters without removing those it had: the filter then runs twice."""
    logging.config.dictConfig(settings.LOGGING)
    logger = logging.getLogger("django.request")
    assert len([f for f in logger.filters if isinstance(f, OneLineForbidden)]) >= 2
    records = []
    # Its own handler: configuring the root again took pytest's capturing handler away.
    handler = logging.Handler()
    handler.emit = records.append
    logger.addHandler(handler)
    try:
        assert Client().get("/refuse/").status_code == 403
    finally:
        logger.removeHandler(handler)
    (record,) = records
    assert record.getMessage() == "Forbidden: GET /refuse/ (user anonymous): not one of your bodies"
