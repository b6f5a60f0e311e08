"""/items/{id}/quotes/: an item's quote and paragraph in each language version of its document."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.api.schema import with_errors

from ... import permissions
from ...models import Item, ItemQuote
from ...models.items import MAX_ID
from .. import serializers as s

# How the item's own quote is "carried": it is the words the item was made from.
ORIGINAL = "original"


class ItemQuotesView(APIView):
    @extend_schema(operation_id="items_quotes", responses=with_errors(s.QuotesSerializer, 401, 404))
    def get(self, request, pk: int):
        """The item's words in each language of its report: its own first, then each carried into another version.

        Three queries with a token: the token (with the caller's roles), the item with its
        paragraph and document, the carried quotes with their paragraphs.
        """
        visible = permissions.visible_items(request.user, Item.objects.filter(pk=min(pk, MAX_ID)))
        item = visible.select_related("paragraph", "document").first()
        if item is None:
            raise NotFound("No such item, or not one of your bodies' items.")
        own = _quote(item.document.language, item.paragraph, item.quote_start, item.quote_end, item.quote, ORIGINAL)
        carried = ItemQuote.objects.filter(item=item).select_related("paragraph").order_by("language")
        others = [_quote(q.language, q.paragraph, q.start, q.end, q.text, q.carried) for q in carried]
        return Response({"results": [own, *others]})


def _quote(language, paragraph, start, end, text, carried) -> dict:
    return {
        "language": language,
        "paragraph": paragraph.number,
        "paragraph_text": paragraph.text,
        "quote": text,
        "start": start,
        "end": end,
        "carried": carried,
    }
