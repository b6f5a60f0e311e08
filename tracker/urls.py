from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from recommendations.api.views.permalinks import item_permalink, tracker_context
from recommendations.logins import throttled

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    # Browsers ask every site for /favicon.ico, whatever its pages link to.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True)),
    # Ahead of the admin's own route to the same view: the per-address login rate on its form.
    path("admin/login/", throttled(admin.site.login)),
    path("admin/", admin.site.urls),
    # set_language: the language switch in the admin header.
    path("i18n/", include("django.conf.urls.i18n")),
    # An item's permalink: the symbol keeps its slashes (S/2017/130), the key is the last part (109-1).
    re_path(r"^items/(?P<symbol>.+)/(?P<key>[^/]+)/$", item_permalink, name="item-permalink"),
    path("ns/tracker.jsonld", tracker_context, name="tracker-context"),
    path("api/v1/", include("recommendations.api.urls")),
    path("api/v1/", include("notifications.urls")),
    path("notifications/", include("notifications.links")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
]

handler400 = "tracker.views.bad_request"
handler404 = "tracker.views.not_found"
handler500 = "tracker.views.server_error"
