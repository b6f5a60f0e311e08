"""Error pages: under /api/ they are JSON in the API's one error format, elsewhere Django's own."""

from django.http import JsonResponse
from django.views import defaults


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _is_api(request):
        body = {"status": 404, "code": "not_found", "message": f"No such resource: {request.path}", "errors": []}
        return JsonResponse(body, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        body = {"status": 500, "code": "server_error", "message": "Internal error; it has been logged.", "errors": []}
        return JsonResponse(body, status=500)
    return defaults.server_error(request)


def bad_request(request, exception=None):
    if _is_api(request):
        message = str(exception) if exception and str(exception) else "Bad request."
        return JsonResponse({"status": 400, "code": "bad_request", "message": message, "errors": []}, status=400)
    return defaults.bad_request(request, exception)
