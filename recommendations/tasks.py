"""Background work of the domain app: tasks take ids, re-fetch, and call a service."""

from celery import shared_task

from . import tokens
from .services import fail_abandoned_jobs, purge_finished_jobs, run_import_job


@shared_task(ignore_result=True)
def import_document_job(job_id: int) -> None:
    run_import_job(job_id=job_id)


@shared_task(ignore_result=True)
def fail_abandoned_import_jobs() -> int:
    return fail_abandoned_jobs()


@shared_task(ignore_result=True)
def purge_finished_import_jobs() -> int:
    return purge_finished_jobs()


@shared_task(ignore_result=True)
def purge_expired_tokens() -> int:
    return tokens.purge_expired_tokens()
