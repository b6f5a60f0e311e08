"""The coordinator's "Import a report" page: upload, confirm what the masthead says, watch the worker import it
(or, for a changed text of a report already imported, record it as the report's next revision)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from .. import permissions, services
from ..ingest import IngestError
from ..models import ImportJob
from ..models.items import MAX_ID
from ..models.revisions import Found, Revision
from ..tasks import import_document_job
from .forms import ReportConfirmForm, ReportUploadForm

# What a multipart body holds besides the file: boundaries, headers and the CSRF token.
MULTIPART_OVERHEAD = 64 * 1024
# The stages a job goes through, in the order the progress bar shows them.
STEPS = [ImportJob.Stage.PARSING, ImportJob.Stage.EXTRACTING, ImportJob.Stage.STORING, ImportJob.Stage.DONE]
# A revision's: its quotes are found again as its text is stored (``revise_document``).
REVISION_STEPS = [ImportJob.Stage.PARSING, ImportJob.Stage.ANCHORING, ImportJob.Stage.DONE]


def steps_of(job: ImportJob) -> list[ImportJob.Stage]:
    return REVISION_STEPS if job.revise else STEPS


def job_status(job: ImportJob) -> dict:
    """Where a job stands, as the progress page's script and its first rendering read it."""
    steps = steps_of(job)
    step = steps.index(job.stage) + 1 if job.stage in steps else 0
    status = {
        "id": job.pk,
        "state": job.state,
        "stage": job.stage,
        "step": step,
        "steps": len(steps),
        "label": _stage_label(job),
        "finished": job.finished,
        "error": job.error,
        "paragraphs": job.paragraphs,
        "citations": job.citations,
        "items": job.items,
        "revise": job.revise,
        # Refused for a changed text, its upload still kept: the page offers to revise.
        "revisable": job.state == ImportJob.State.FAILED and job.text_changed and not job.purged,
        "summary": "",
        "review_url": "",
    }
    if job.state == ImportJob.State.DONE and job.revise:
        status |= _revision_status(job)
    elif job.state == ImportJob.State.DONE:
        status["summary"] = _summary(job)
        if job.document_id:
            status["review_url"] = review_queue_url(job.document_id)
    elif job.state == ImportJob.State.FAILED and job.revise:
        status["summary"] = _("The revision failed; nothing was changed.")
    elif job.state == ImportJob.State.FAILED:
        status["summary"] = _("The import failed; nothing was stored.")
    return status


def review_queue_url(document_id: int) -> str:
    return reverse("admin:recommendations_proposeditem_changelist") + f"?document__id__exact={document_id}"


def quotes_to_review_url(document_id: int) -> str:
    """The document's items whose quote a revision changed or lost, waiting for a coordinator."""
    return reverse("admin:recommendations_item_changelist") + f"?document__id__exact={document_id}&quote_review=yes"


def _revision_status(job: ImportJob) -> dict:
    """What a done revision recorded: its number, how its quotes were found, how many wait for review."""
    if job.revision_id is None:
        summary = _("%(symbol)s (%(language)s) already has this text; nothing changed.") % {
            "symbol": job.document.symbol if job.document else job.symbol,
            "language": job.language,
        }
        return {"revision": None, "found": {}, "to_review": 0, "summary": summary}
    # Not the revision's text and paragraphs, which can be megabytes.
    revision = (
        Revision.objects.select_related("document")
        .only("number", "symbol", "document__symbol", "document__language")
        .get(pk=job.revision_id)
    )
    notes = revision.reanchorings.all()
    found = dict.fromkeys(Found.values, 0) | dict(notes.values_list("found").annotate(Count("pk")).order_by())
    # Those still waiting now: the page may be read again after some were reviewed.
    to_review = notes.to_review().count()
    summary = _(
        "%(symbol)s (%(language)s): revision %(number)d (%(issued)s) recorded. Quotes found again: %(moved)d moved "
        "with the same words, %(changed)d with changed words, %(lost)d not found; %(review)d items wait for review."
    ) % {
        "symbol": revision.document.symbol,
        "language": revision.document.language,
        "number": revision.number,
        "issued": revision.symbol,
        "moved": found[Found.MOVED],
        "changed": found[Found.CHANGED],
        "lost": found[Found.LOST],
        "review": to_review,
    }
    review_url = quotes_to_review_url(revision.document_id) if to_review else ""
    return {"revision": revision.number, "found": found, "to_review": to_review, "summary": summary,
            "review_url": review_url}  # fmt: skip


def _stage_label(job: ImportJob) -> str:
    if job.state == ImportJob.State.FAILED:
        return _("failed")
    if job.stage:
        return ImportJob.Stage(job.stage).label
    return _("queued: waiting for the worker")


def _summary(job: ImportJob) -> str:
    if job.paragraphs is None:
        return _("%(symbol)s (%(language)s) is already imported with this text; nothing changed.") % {
            "symbol": job.symbol,
            "language": job.language,
        }
    return _(
        "%(symbol)s (%(language)s) imported: %(paragraphs)d paragraphs, %(citations)d references, "
        "%(items)d proposed items."
    ) % {
        "symbol": job.symbol,
        "language": job.language,
        "paragraphs": job.paragraphs,
        "citations": job.citations,
        "items": job.items,
    }


class ReportImportViews:
    """Mixed into the documents' ModelAdmin: its pages live under /admin/recommendations/document/import/."""

    def import_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_upload_view), name="recommendations_document_import"),
            path("import/<str:job_id>/", wrap(self.import_job_view), name="recommendations_document_import_job"),
            path(
                "import/<str:job_id>/status/",
                wrap(self.import_status_view),
                name="recommendations_document_import_status",
            ),
            path(
                "import/<str:job_id>/revise/",
                wrap(self.import_revise_view),
                name="recommendations_document_import_revise",
            ),
        ]

    def import_upload_view(self, request):
        """Step 1: the file. Its size is checked on the request's length before the body is read."""
        self._require_coordinator(request)
        if request.method == "POST":
            length = request.META.get("CONTENT_LENGTH", "")
            if length.isdigit():
                try:
                    services.check_document_size(max(0, int(length) - MULTIPART_OVERHEAD))
                except services.TooLarge as exc:
                    return self._upload_page(request, ReportUploadForm(), error=str(exc), status=413)
        # The CSRF check reads the body: only now, past the size check (the view itself is exempt).
        return csrf_protect(self._upload)(request)

    # Exempt here, protected in ``_upload``: the middleware would parse the upload before the size check.
    import_upload_view.csrf_exempt = True

    def _upload(self, request):
        posted = request.method == "POST"
        form = ReportUploadForm(request.POST if posted else None, request.FILES if posted else None)
        if posted and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.check_document_size(upload.size)
                job = services.upload_for_review(data=upload.read(), user=request.user)
            except services.TooLarge as exc:
                return self._upload_page(request, form, error=str(exc), status=413)
            except (IngestError, services.ImportRefused) as exc:
                return self._upload_page(request, form, error=str(exc), status=400)
            return HttpResponseRedirect(reverse("admin:recommendations_document_import_job", args=[job.pk]))
        return self._upload_page(request, form)

    def _upload_page(self, request, form, *, error: str = "", status: int = 200):
        context = {**self._import_context(request, _("Import a report")), "form": form, "error": error}
        return TemplateResponse(request, "admin/recommendations/document/import_upload.html", context, status=status)

    def import_job_view(self, request, job_id):
        """Step 2 while the upload awaits confirmation; then steps 3 and 4: progress and result."""
        job = self._own_job(request, job_id)
        if job.state != ImportJob.State.AWAITING:
            if request.method == "POST":  # a confirmation sent again: the job is already on its way
                return HttpResponseRedirect(request.path)
            title = _("Revising %(symbol)s") if job.revise else _("Importing %(symbol)s")
            context = {
                **self._import_context(request, title % {"symbol": job.symbol}),
                "job": job,
                "status": job_status(job),
                "steps": [(i, stage.label) for i, stage in enumerate(steps_of(job), start=1)],
            }
            return TemplateResponse(request, "admin/recommendations/document/import_progress.html", context)
        initial = {"symbol": job.symbol, "language": job.language, "title": job.title}
        form = ReportConfirmForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            if services.confirm_import_job(job_id=job.pk, user=request.user, **form.cleaned_data):
                pk = job.pk
                transaction.on_commit(lambda: import_document_job.delay(pk))
            return HttpResponseRedirect(request.path)
        context = {
            **self._import_context(request, _("Confirm the report to import")),
            "form": form,
            "job": job,
            "found": {"symbol": bool(job.symbol), "language": bool(job.language), "title": bool(job.title)},
        }
        return TemplateResponse(request, "admin/recommendations/document/import_confirm.html", context)

    def import_status_view(self, request, job_id):
        """Where the job stands, as JSON: polled every second by the progress page."""
        return JsonResponse(job_status(self._own_job(request, job_id)))

    def import_revise_view(self, request, job_id):
        """*Revise*: an upload refused for a changed text, queued again as the report's next revision."""
        job = self._own_job(request, job_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if services.revise_import_job(job_id=job.pk, user=request.user):
            pk = job.pk
            transaction.on_commit(lambda: import_document_job.delay(pk))
        elif not job.revise:  # sent twice, the job is on its way already; anything else is no refused upload
            if job.purged:
                messages.error(request, _("The upload was deleted meanwhile: upload the file again."))
            else:
                messages.error(request, _("Only an upload refused because the text changed can be revised."))
        return HttpResponseRedirect(reverse("admin:recommendations_document_import_job", args=[job.pk]))

    def _require_coordinator(self, request) -> None:
        if not permissions.is_coordinator(request.user):
            raise PermissionDenied

    def _own_job(self, request, job_id: str) -> ImportJob:
        """The requester's own upload; any other id, or one that is no number, is no job (404)."""
        self._require_coordinator(request)
        if not job_id.isdigit() or int(job_id) > MAX_ID:
            raise Http404
        # The upload itself (up to DOCUMENT_UPLOAD_MAX_BYTES) is never needed by these pages.
        job = ImportJob.objects.defer("data").filter(pk=int(job_id), created_by=request.user).first()
        if job is None:
            raise Http404
        return job

    def _import_context(self, request, title: str) -> dict:
        return {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta}
