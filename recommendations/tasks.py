"""Background work of the domain app: tasks take ids, re-fetch, and call a service.

The periodic ones say what they did in one INFO line, and only at DEBUG that there was nothing to do.
"""

import logging

from celery import shared_task

from . import tokens
from .services import fail_abandoned_jobs, purge_finished_jobs, run_import_job

logger = logging.getLogger(__name__)


def _report(count: int, message: str) -> int:
    logger.log(logging.INFO if count else logging.DEBUG, message, count)
    return count


@shared_task(ignore_result=True)
def import_document_job(job_id: int) -> None:
    run_import_job(job_id=job_id)


@shared_task(ignore_result=True)
def fail_abandoned_import_jobs() -> int:
    return _report(fail_abandoned_jobs(), "import jobs: %d abandoned by their worker, marked failed")


@shared_task(ignore_result=True)
def purge_finished_import_jobs() -> int:
    return _report(purge_finished_jobs(), "import jobs: %d finished or never confirmed, their uploads deleted")


@shared_task(ignore_result=True)
def purge_expired_tokens() -> int:
    return _report(tokens.purge_expired_tokens(), "API tokens: %d expired, deleted")
