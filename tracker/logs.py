"""What the logs say: routine background work only at DEBUG, a refused request in one line.

Both filters are named in ``settings.LOGGING``.
"""

import logging

from celery.app.trace import LOG_RECEIVED, LOG_SUCCESS

# Celery's lines for every task a worker takes and runs, and for every entry beat sends: with a
# dispatcher every 10 seconds they bury the rest. The tasks say, at INFO, when they did something.
ROUTINE = frozenset({LOG_RECEIVED, LOG_SUCCESS, "Scheduler: Sending due task %s (%s)"})


class RoutineAtDebug(logging.Filter):
    """Celery's per-task lines (received, succeeded, sent by beat) as DEBUG records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg not in ROUTINE:
            return True
        record.levelno, record.levelname = logging.DEBUG, logging.getLevelName(logging.DEBUG)
        # The logger let it through as INFO; as DEBUG it passes only where DEBUG is on.
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)


class OneLineForbidden(logging.Filter):
    """A 403 as one line (method, path, user, reason), without the traceback of its PermissionDenied.

    A refusal is the permissions doing their job, not a fault to debug; a 500 keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if getattr(record, "status_code", None) != 403 or request is None:
            return True
        if getattr(record, "one_line", False):
            # Already told in one line: a second handler with this filter would find no
            # exception left on the record, and drop the reason.
            return True
        record.one_line = True
        exception = record.exc_info[1] if record.exc_info else None
        user = getattr(request, "user", None)
        record.msg = "Forbidden: %s %s (user %s)%s"
        record.args = (
            request.method,
            _escaped(request.path),
            user.get_username() if user is not None and user.is_authenticated else "anonymous",
            f": {_escaped(str(exception))}" if exception is not None and str(exception) else "",
        )
        record.exc_info = record.exc_text = None
        return True


def _escaped(text: str) -> str:
    # As Django's log_response escapes the path: a newline in a request cannot forge a log line.
    return text.encode("unicode_escape").decode("ascii")
