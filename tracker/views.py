"""Error pages: under /api/ they are JSON in the API's one error format, elsewhere Django's own."""

from django.http import JsonResponse
from django.views import defaults

from .api.errors import error_body


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse(error_body(404, "not_found", f"No such resource: {request.path}"), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse(error_body(500, "server_error", "Internal error; it has been logged."), status=500)
    return defaults.server_error(request)


def bad_request(request, exception=None):
    if _is_api(request):
        message = str(exception) if exception and str(exception) else "Bad request."
        return JsonResponse(error_body(400, "bad_request", message), status=400)
    return defaults.bad_request(request, exception)
