"""Requests no view can answer, refused before any view sees them."""

from django.core.exceptions import BadRequest


class RefuseNulCharacters:
    """A NUL character in the path or the query string is a 400.

    No field holds one and PostgreSQL refuses it in a query, so a lookup, filter or search
    given one would fail deep inside the view; refusing it here covers every view at once.
    Bodies need no such guard: Django's and DRF's text fields already refuse a NUL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            raise BadRequest("The address holds a NUL character (%00).")
        return self.get_response(request)
