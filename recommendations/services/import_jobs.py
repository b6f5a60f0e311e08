"""Background imports: run a queued upload, fail the ones whose worker died, drop old uploads."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.utils import timezone

from ..ingest import IngestError
from ..models import ImportJob
from .errors import ImportRefused
from .importing import import_document

logger = logging.getLogger(__name__)


def run_import_job(*, job_id: int) -> None:
    """Import a queued upload; safe to run twice (a finished job is left as it is).

    The job ends done or failed whatever happens; if its worker dies, ``fail_abandoned_jobs``
    fails it once its lease has run out.
    """
    lease = timezone.now() + datetime.timedelta(seconds=settings.IMPORT_JOB_LEASE_SECONDS)
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.PENDING).update(
        state=ImportJob.State.RUNNING, lease_until=lease
    )
    if not claimed:
        return  # another worker got there first, or it is done
    job = ImportJob.objects.get(pk=job_id)
    try:
        result = import_document(
            data=bytes(job.data), symbol=job.symbol, language=job.language, source_url=job.source_url
        )
    except (IngestError, ImportRefused) as exc:
        job.state, job.error = ImportJob.State.FAILED, str(exc)
    except Exception as exc:
        # Anything else is a fault of the service, not of the file: logged with its traceback,
        # and the job says so instead of staying "running" for ever.
        logger.exception("import job %s failed", job_id)
        job.state, job.error = ImportJob.State.FAILED, f"the import stopped on an internal error ({type(exc).__name__})"
    else:
        job.state, job.document = ImportJob.State.DONE, result.document
    job.finished_at = timezone.now()
    # Only while the lease is this run's: a job already failed by the sweep stays failed.
    ImportJob.objects.filter(pk=job_id, state=ImportJob.State.RUNNING, lease_until=lease).update(
        state=job.state, error=job.error, document=job.document, finished_at=job.finished_at, lease_until=None
    )


def fail_abandoned_jobs(*, now: datetime.datetime | None = None) -> int:
    """Fail the running jobs whose lease ran out: their worker died or was stopped."""
    return ImportJob.objects.filter(state=ImportJob.State.RUNNING, lease_until__lt=now or timezone.now()).update(
        state=ImportJob.State.FAILED,
        error="the worker stopped before the import finished; nothing was stored: upload the file again",
        finished_at=now or timezone.now(),
        lease_until=None,
    )


def purge_finished_jobs(*, now: datetime.datetime | None = None) -> int:
    """Drop the uploaded files of jobs finished more than ``IMPORT_JOB_KEEP_DAYS`` ago; the rows stay."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.IMPORT_JOB_KEEP_DAYS)
    finished = ImportJob.objects.filter(
        state__in=[ImportJob.State.DONE, ImportJob.State.FAILED], finished_at__lt=cutoff, purged=False
    )
    return finished.update(data=b"", purged=True)
