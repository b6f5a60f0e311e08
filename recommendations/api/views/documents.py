"""Documents with their sections and paragraphs, and the upload that imports one."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from tracker.api.schema import with_errors

from ... import permissions
from ...ingest import IngestError
from ...models import Document, ImportJob, Item, Paragraph
from ...services import ImportRefused, check_document_size, import_document
from ...tasks import import_document_job
from .. import serializers as s

# What a multipart body holds besides the file: boundaries, headers and the other fields.
MULTIPART_OVERHEAD = 64 * 1024

ImportJobSerializer = inline_serializer(
    name="ImportJob",
    fields={
        "id": serializers.IntegerField(),
        "symbol": serializers.CharField(),
        "language": serializers.CharField(),
        "state": serializers.ChoiceField(choices=ImportJob.State.choices),
        "error": serializers.CharField(),
        "document": serializers.IntegerField(allow_null=True),
        "created_at": serializers.DateTimeField(),
        "finished_at": serializers.DateTimeField(allow_null=True),
    },
)


def job_data(job: ImportJob) -> dict:
    return {
        "id": job.pk,
        "symbol": job.symbol,
        "language": job.language,
        "state": job.state,
        "error": job.error,
        "document": job.document_id,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


@extend_schema_view(
    list=extend_schema(responses=with_errors(s.DocumentSerializer(many=True), 401)),
    retrieve=extend_schema(responses=with_errors(s.DocumentSerializer, 401, 404)),
)
class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.DocumentSerializer
    queryset = Document.objects.prefetch_related("sections").order_by("symbol", "language")
    pagination_class = None

    @extend_schema(
        request={"multipart/form-data": s.DocumentImportSerializer},
        responses={
            **with_errors(s.DocumentSerializer, 400, 401, 403, 409, 413, ok_status=201),
            202: ImportJobSerializer,
        },
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_(self, request):
        """Upload a report (PDF, .docx or text); small ones are imported at once (201), large by the worker (202)."""
        if not permissions.is_coordinator(request.user):
            raise PermissionDenied("only coordinators import documents")
        # Refused before the body is read, where the client says how long it is.
        length = request.META.get("CONTENT_LENGTH", "")
        if length.isdigit():
            check_document_size(max(0, int(length) - MULTIPART_OVERHEAD))
        serializer = s.DocumentImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        check_document_size(upload.size)
        fields = {k: serializer.validated_data[k] for k in ("symbol", "language", "source_url")}
        if upload.size > settings.IMPORT_INLINE_MAX_BYTES:
            job = ImportJob.objects.create(data=upload.read(), created_by=request.user, **fields)
            transaction.on_commit(lambda: import_document_job.delay(job.pk))
            location = request.build_absolute_uri(reverse("document-jobs", kwargs={"job_id": job.pk}))
            return Response(job_data(job), status=status.HTTP_202_ACCEPTED, headers={"Location": location})
        try:
            result = import_document(data=upload.read(), **fields)
        except IngestError as exc:
            raise serializers.ValidationError({"file": [str(exc)]}) from None
        except ImportRefused as exc:
            if exc.code != ImportRefused.code:
                raise  # a conflict (409) or a size cap (413): the error handler answers
            raise serializers.ValidationError({exc.field or "file": [str(exc)]}) from None
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(s.DocumentSerializer(result.document).data, status=code)

    @extend_schema(responses=with_errors(ImportJobSerializer, 401, 404))
    @action(detail=False, methods=["get"], url_path=r"jobs/(?P<job_id>\d+)")
    def jobs(self, request, job_id=None):
        """Where a background import stands: pending, running, done (with the document) or failed."""
        if not permissions.is_coordinator(request.user):
            raise PermissionDenied("only coordinators import documents")
        return Response(job_data(get_object_or_404(ImportJob, pk=job_id)))


@extend_schema_view(
    list=extend_schema(responses=with_errors(s.ParagraphSerializer(many=True), 401, 404)),
    retrieve=extend_schema(responses=with_errors(s.ParagraphSerializer, 401, 404)),
)
class ParagraphViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A document's paragraphs by number, each with the items (visible to the caller) taken from it."""

    serializer_class = s.ParagraphSerializer
    lookup_field = "number"
    lookup_value_regex = r"\d+"
    pagination_class = None

    queryset = Paragraph.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        document = get_object_or_404(Document, pk=self.kwargs["document_pk"])
        items = permissions.visible_items(self.request.user, Item.objects.all()).only("id", "paragraph_id")
        return (
            Paragraph.objects.filter(document=document)
            .select_related("document", "section")
            .prefetch_related("citations__reference", Prefetch("items", queryset=items, to_attr="visible_items"))
            .order_by("number")
        )
