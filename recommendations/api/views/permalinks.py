"""An item's permalink (``/items/S/2017/130/109-1/``) and the JSON-LD context its annotation names.

One address, two answers by content negotiation: to a browser the item (its admin page, behind
the admin's login), to a program that accepts ``application/ld+json`` its W3C Web Annotation
(with the API's authentication). A key is a paragraph number and a position in it
(``models.facts.key``): what survives re-import, unlike a row's id.
"""

from __future__ import annotations

import hashlib

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import etag, require_safe
from rest_framework.exceptions import NotFound

from ... import annotations, permissions
from ...models import Document, Item, facts
from .annotations import AnnotationView, one_annotation

# A page for people; the annotation for programs, as JSON-LD (with or without the profile that the
# W3C's Annotation Protocol has clients ask for: Django matches a profile only against one offered)
# or as plain JSON. The first is the answer to */*.
OFFERED = ("text/html", annotations.PROFILED_MEDIA_TYPE, "application/json")

# The largest paragraph number and position their columns hold: a larger one would fail in the database.
MAX_NUMBER, MAX_SEQ = 32767, 2**31 - 1

# Contexts change only with a release; a day keeps JSON-LD processors from asking on every annotation.
CONTEXT_MAX_AGE = 24 * 60 * 60
TRACKER_CONTEXT = "tracker.jsonld"


def parse_key(key: str) -> tuple[int, int] | None:
    """The paragraph number and position a permalink's key names (``109-1``), or None for anything else."""
    number, _, seq = key.partition("-")
    if not all(part.isascii() and part.isdigit() for part in (number, seq)):
        return None
    number, seq = facts.parse_key(key)
    return (number, seq) if number <= MAX_NUMBER and seq <= MAX_SEQ else None


def items_named(symbol: str, key: str):
    """The items a permalink names, first imported first (a symbol may be imported in several languages)."""
    parsed = parse_key(key)
    if parsed is None:
        return Item.objects.none()
    number, seq = parsed
    return Item.objects.filter(document__symbol=symbol, paragraph__number=number, seq=seq).order_by("document_id")


def missing(symbol: str, key: str, *, or_hidden: bool = False) -> str:
    """Why a permalink names no item: its key, its document, or the item itself.

    ``or_hidden``: to a caller from whom another body's item is hidden, as the API hides it (a
    document is no secret: every caller may list them).
    """
    named = {"symbol": symbol, "key": key}
    if parse_key(key) is None:
        return _("“%(key)s” is not an item's key: a paragraph number and a position, such as 109-1.") % named
    if not Document.objects.filter(symbol=symbol).exists():
        return _("No document %(symbol)s has been imported.") % named
    if or_hidden:
        return _("%(symbol)s has no item %(key)s, or it is not one of your bodies' items.") % named
    return _("%(symbol)s has no item %(key)s.") % named


class PermalinkAnnotationView(AnnotationView):
    """The permalink's answer to a program: the API's authentication, then the annotation."""

    def get(self, request, symbol: str, key: str):
        try:
            return one_annotation(request, items_named(symbol, key))
        except NotFound:
            # Said only to a caller the API has let in (authentication comes first).
            raise NotFound(missing(symbol, key, or_hidden=True)) from None


_annotation_view = PermalinkAnnotationView.as_view()


@require_safe
def item_permalink(request, symbol: str, key: str):
    """The item: its annotation when JSON(-LD) is preferred, else its page; 406 when the client takes neither."""
    wanted = request.get_preferred_type(OFFERED)
    if wanted in OFFERED[1:]:
        response = _annotation_view(request, symbol=symbol, key=key)
    elif wanted is None:
        types = "text/html, application/ld+json or application/json"
        response = HttpResponse(
            _("This address answers in %(types)s only.") % {"types": types},
            status=406,
            content_type="text/plain; charset=utf-8",
        )
    else:
        response = _item_page(request, symbol, key)
    # Caches must keep the page and the annotation apart.
    patch_vary_headers(response, ["Accept"])
    return response


def _item_page(request, symbol: str, key: str):
    if not admin.site.has_permission(request):
        # As the admin asks: an active staff member, else its login, back here after.
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    item = items_named(symbol, key).select_related("document", "paragraph").first()
    if item is None:
        return render(request, "recommendations/permalink_missing.html", {"message": missing(symbol, key)}, status=404)
    if not permissions.visible_items(request.user, Item.objects.filter(pk=item.pk)).exists():
        # The admin's own refusal of another body's item, in its words.
        raise PermissionDenied(
            _("%(reference)s belongs to bodies you are not a focal point of.") % {"reference": item.reference}
        )
    return HttpResponseRedirect(reverse("admin:recommendations_item_change", args=[item.pk]))


def _context_etag(request) -> str:
    return hashlib.sha256(annotations.context_file(TRACKER_CONTEXT)).hexdigest()[:32]


@require_safe
@etag(_context_etag)
def tracker_context(request):
    """The tracker's JSON-LD context (``contexts/tracker.jsonld``): public, cacheable, readable from any origin."""
    response = HttpResponse(annotations.context_file(TRACKER_CONTEXT), content_type=annotations.MEDIA_TYPE)
    patch_cache_control(response, public=True, max_age=CONTEXT_MAX_AGE)
    # JSON-LD processors in browsers fetch contexts across origins.
    response["Access-Control-Allow-Origin"] = "*"
    return response
