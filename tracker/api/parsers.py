"""Request bodies: JSON only (uploads declare multipart themselves)."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a body nested deeper than Python can follow refused as a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            # json.load gives up with RecursionError (not a ValueError) past ~1,000 levels.
            raise ParseError("JSON parse error - nested too deeply") from None
