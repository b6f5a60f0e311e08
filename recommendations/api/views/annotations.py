"""Items as W3C Web Annotations (JSON-LD): one item's, and a document's as a collection in pages."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.api.renderers import JSONLDRenderer, ORJSONRenderer
from tracker.api.schema import ERRORS

from ... import annotations, permissions
from ...models import Document, Item
from ...models.item_lists import attach_owners
from ...models.items import MAX_ID
from ...models.lineage import attach_lineage
from ..pagination import KeysetPagination
from .annotation_schema import ANNOTATION, COLLECTION, PAGE


def jsonld(request, data: dict) -> Response:
    """``data`` as the negotiated renderer writes it; as JSON-LD, with the profile the W3C's protocol names."""
    profiled = isinstance(request.accepted_renderer, JSONLDRenderer)
    return Response(data, content_type=annotations.PROFILED_MEDIA_TYPE if profiled else None)


def attach_all(request, rows: list[dict]) -> list[dict]:
    """What an annotation names besides its item's columns: its owners, and its links that the caller may see."""
    return attach_lineage(attach_owners(rows), body_ids=permissions.seen_bodies(request.user))


def one_annotation(request, items) -> Response:
    """The annotation of the first of ``items`` the caller may see; 404 when there is none.

    Four queries with a token: the token (with the caller's roles), the item, its owners, its links.
    """
    rows = list(annotations.annotation_rows(permissions.visible_items(request.user, items))[:1])
    if not rows:
        raise NotFound("No such item, or not one of your bodies' items.")
    return jsonld(request, annotations.annotation(attach_all(request, rows)[0]))


class AnnotationView(APIView):
    # JSON-LD first: what a client gets when it accepts anything. Plain JSON for clients that ask for it.
    renderer_classes = [JSONLDRenderer, ORJSONRenderer]


class ItemAnnotationView(AnnotationView):
    @extend_schema(
        operation_id="items_annotation",
        responses={(200, annotations.MEDIA_TYPE): ANNOTATION, (200, "application/json"): ANNOTATION,
                   **ERRORS(401, 404, 406)},
    )  # fmt: skip
    def get(self, request, pk: int):
        """The item as a W3C Web Annotation (JSON-LD): its words in the report, its summaries, owners and status."""
        if pk > MAX_ID:
            raise NotFound("No such item, or not one of your bodies' items.")
        return one_annotation(request, Item.objects.filter(pk=pk))


class AnnotationPagination(KeysetPagination):
    """The item list's keyset pages and limits, always in document order (an ordered collection)."""

    # None: no query parameter can change the order (the base class reads the ordering from it).
    ordering_query_param = None

    def next_link(self) -> str | None:
        return self._next_link()


def _document_or_404(document_pk: int) -> dict:
    found = None
    if document_pk <= MAX_ID:
        found = Document.objects.filter(pk=document_pk).values("symbol", "language").first()
    if found is None:
        raise NotFound(f"No document {document_pk}.")
    return found


def _collection_url(request, document_pk: int) -> str:
    return request.build_absolute_uri(reverse("document-annotations", kwargs={"document_pk": document_pk}))


class DocumentAnnotationsView(AnnotationView):
    @extend_schema(
        operation_id="documents_annotations",
        responses={(200, annotations.MEDIA_TYPE): COLLECTION, (200, "application/json"): COLLECTION,
                   **ERRORS(401, 404, 406)},
    )  # fmt: skip
    def get(self, request, document_pk: int):
        """The document's items (those visible to the caller) as one AnnotationCollection: its size and first page."""
        document = _document_or_404(document_pk)
        total = permissions.visible_items(request.user, Item.objects.filter(document_id=document_pk)).count()
        first = reverse("document-annotation-page", kwargs={"document_pk": document_pk})
        label = f"{document['symbol']} ({document['language']})"
        url = _collection_url(request, document_pk)
        return jsonld(
            request,
            annotations.collection(url=url, label=label, total=total, first=request.build_absolute_uri(first)),
        )


class DocumentAnnotationPageView(AnnotationView):
    @extend_schema(
        operation_id="documents_annotations_page",
        parameters=[
            OpenApiParameter("cursor", str, description="the `next` link's cursor"),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": AnnotationPagination.max_page_size},
                description=f"annotations per page; {AnnotationPagination.page_size} when not given",
            ),
        ],
        responses={(200, annotations.MEDIA_TYPE): PAGE, (200, "application/json"): PAGE,
                   **ERRORS(400, 401, 404, 406)},
    )  # fmt: skip
    def get(self, request, document_pk: int):
        """One page of the collection, in document order; ``next`` while more follow (``page_size`` up to 500).

        Four queries with a token: the token, the page, its owners, its links (the document only when the
        page is empty).
        """
        if document_pk > MAX_ID:
            _document_or_404(document_pk)
        items = permissions.visible_items(request.user, Item.objects.filter(document_id=document_pk))
        paginator = AnnotationPagination()
        rows = paginator.paginate_queryset(annotations.annotation_rows(items), request, view=self)
        if not rows:
            _document_or_404(document_pk)
        data = annotations.page(
            url=request.build_absolute_uri(),
            collection_url=_collection_url(request, document_pk),
            rows=attach_all(request, rows),
            next_url=paginator.next_link(),
        )
        return jsonld(request, data)
