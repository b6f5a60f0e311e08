"""Background imports: run a queued upload (an import or a revision), fail the ones whose worker died,
drop old uploads."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.utils import timezone

from ..ingest import IngestError, read_masthead, read_report
from ..models import ImportJob
from .errors import ImportRefused, TextChanged
from .importing import check_document_size, import_document
from .revising import revise_document

logger = logging.getLogger(__name__)


def upload_for_review(*, data: bytes, user) -> ImportJob:
    """Keep an uploaded report as a job awaiting ``user``'s confirmation, with what its masthead says.

    The file is read here once, so that one that is empty, binary or not text is refused on the
    spot with the command line's words; the job holds the upload, never the session.
    """
    check_document_size(len(data))
    masthead = read_masthead(read_report(data))
    return ImportJob.objects.create(
        state=ImportJob.State.AWAITING,
        data=data,
        created_by=user,
        symbol=masthead.symbol or "",
        language=masthead.language or "",
        title=masthead.title or "",
    )


def confirm_import_job(
    *, job_id: int, user, symbol: str, language: str, title: str, source_url: str, revise: bool = False
) -> bool:
    """Make ``user``'s awaiting upload a pending job, with what was confirmed; False if it no longer awaits.

    ``revise``: the upload is a changed text of a document already imported, to be recorded as
    its next revision. A conditional UPDATE: a form sent twice queues the job once. The caller
    enqueues it after commit.
    """
    confirmed = ImportJob.objects.filter(
        pk=job_id, created_by=user, state=ImportJob.State.AWAITING, purged=False
    ).update(
        state=ImportJob.State.PENDING, symbol=symbol, language=language, title=title, source_url=source_url,
        revise=revise,
    )  # fmt: skip
    return bool(confirmed)


def revise_import_job(*, job_id: int, user) -> bool:
    """Queue ``user``'s upload refused for a changed text again, to be recorded as the document's next
    revision; False if it is no such upload (any more).

    The same job runs again, on the upload it holds. A conditional UPDATE: a form sent twice queues
    it once. The caller enqueues it after commit.
    """
    queued = ImportJob.objects.filter(
        pk=job_id, created_by=user, state=ImportJob.State.FAILED, text_changed=True, revise=False, purged=False
    ).update(
        state=ImportJob.State.PENDING, revise=True, text_changed=False, stage="", error="", finished_at=None
    )  # fmt: skip
    return bool(queued)


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
    mine = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.RUNNING, lease_until=lease)

    def progress(stage: str) -> None:
        # Committed at once (no transaction is open here): the status page polls for it.
        mine.update(stage=stage)

    try:
        if job.revise:
            revised = revise_document(
                data=bytes(job.data), symbol=job.symbol, language=job.language, actor=job.created_by, progress=progress
            )
        else:
            result = import_document(
                data=bytes(job.data),
                symbol=job.symbol,
                language=job.language,
                source_url=job.source_url,
                title=job.title,
                progress=progress,
            )
    except (IngestError, ImportRefused) as exc:
        job.state, job.error = ImportJob.State.FAILED, str(exc)
        job.text_changed = isinstance(exc, TextChanged)
    except Exception as exc:
        # Anything else is a fault of the service, not of the file: logged with its traceback,
        # and the job says so instead of staying "running" for ever.
        logger.exception("import job %s failed", job_id)
        job.state, job.error = ImportJob.State.FAILED, f"the import stopped on an internal error ({type(exc).__name__})"
    else:
        job.state, job.stage = ImportJob.State.DONE, ImportJob.Stage.DONE
        if job.revise:
            job.document, job.revision = revised.document, revised.revision
        else:
            job.document = result.document
            if result.created:
                job.paragraphs, job.citations, job.items = result.paragraphs, result.citations, result.items
    job.finished_at = timezone.now()
    # Only while the lease is this run's: a job already failed by the sweep stays failed. The stage
    # is left out of a failure: the row holds the one the import failed in.
    finished = {
        "state": job.state, "error": job.error, "text_changed": job.text_changed, "document": job.document,
        "finished_at": job.finished_at,
    }  # fmt: skip
    if job.state == ImportJob.State.DONE:
        finished.update(
            stage=job.stage, paragraphs=job.paragraphs, citations=job.citations, items=job.items, revision=job.revision
        )
    mine.update(**finished, lease_until=None)


def fail_abandoned_jobs(*, now: datetime.datetime | None = None) -> int:
    """Fail the running jobs whose lease ran out: their worker died or was stopped."""
    return ImportJob.objects.filter(state=ImportJob.State.RUNNING, lease_until__lt=now or timezone.now()).update(
        state=ImportJob.State.FAILED,
        error="the worker stopped before the import finished; nothing was stored: upload the file again",
        finished_at=now or timezone.now(),
        lease_until=None,
    )


def purge_finished_jobs(*, now: datetime.datetime | None = None) -> int:
    """Drop the uploaded files of jobs finished more than ``IMPORT_JOB_KEEP_DAYS`` ago; the rows stay.

    An upload left unconfirmed on the import page as long is failed and dropped too.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.IMPORT_JOB_KEEP_DAYS)
    unconfirmed = ImportJob.objects.filter(state=ImportJob.State.AWAITING, created_at__lt=cutoff).update(
        state=ImportJob.State.FAILED,
        error="the upload was never confirmed; nothing was stored: upload the file again",
        finished_at=now,
        data=b"",
        purged=True,
    )
    finished = ImportJob.objects.filter(
        state__in=[ImportJob.State.DONE, ImportJob.State.FAILED], finished_at__lt=cutoff, purged=False
    )
    return unconfirmed + finished.update(data=b"", purged=True)
