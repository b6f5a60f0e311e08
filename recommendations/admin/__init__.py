from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import documents, items, review  # noqa: F401  (registers the ModelAdmins)

admin.site.site_header = _("Recommendation Tracker")
admin.site.site_title = _("Recommendation Tracker")
admin.site.index_title = _("Follow-up of UN report recommendations")
