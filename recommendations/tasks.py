"""Background work of the domain app: tasks take ids, re-fetch, and call a service."""

from celery import shared_task

from .api import auth as api_auth
from .services import run_import_job


@shared_task(ignore_result=True)
def import_document_job(job_id: int) -> None:
    run_import_job(job_id=job_id)


@shared_task(ignore_result=True)
def purge_expired_tokens() -> int:
    return api_auth.purge_expired_tokens()
