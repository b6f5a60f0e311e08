"""JSON rendered with orjson: the list endpoints spend most of their time encoding."""

import orjson
from django.utils.encoding import force_str
from rest_framework.renderers import JSONRenderer


def _default(value):
    # Lazy translations and anything else orjson does not know become text.
    return force_str(value)


class ORJSONRenderer(JSONRenderer):
    # Dates and date-times as DRF writes them: ISO 8601, with UTC as "Z".
    OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(data, default=_default, option=self.OPTIONS)


class JSONLDRenderer(ORJSONRenderer):
    """The same JSON, as JSON-LD (``application/ld+json``): for views whose answers carry an ``@context``."""

    media_type = "application/ld+json"
    format = "jsonld"
