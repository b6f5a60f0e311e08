"""The OpenAPI schemas of the annotation endpoints: the JSON that ``recommendations.annotations`` writes.

Raw JSON Schema rather than serializers: the keys are JSON-LD's (``@context``) and the W3C's,
and nothing is read through them. The schema tests and schemathesis hold them to the answers.
"""

from __future__ import annotations

from ...models.choices import Kind, Response, Status
from ...models.lineage import Relation

_STRING = {"type": "string"}
_URI = {"type": "string", "format": "uri"}
_COUNT = {"type": "integer", "minimum": 0}
_CONTEXT = {
    "type": "array",
    "items": _URI,
    "description": "http://www.w3.org/ns/anno.jsonld, then the tracker's own terms (/ns/tracker.jsonld)",
}


def _object(properties: dict, optional: tuple[str, ...] = (), **extra) -> dict:
    required = [name for name in properties if name not in optional]
    return {"type": "object", "required": required, "properties": properties, **extra}


_BODY = _object(
    {
        "type": {"type": "string", "enum": ["TextualBody"]},
        "purpose": {"type": "string", "enum": ["describing", "tagging"]},
        "value": _STRING,
        "language": {"type": "string", "enum": ["en", "zh-Hans"]},
        "format": {"type": "string", "enum": ["text/plain"]},
    },
    optional=("language", "format"),
    description=f"a summary (describing, in its language) or the item's kind (tagging: {', '.join(Kind.values)})",
)
_SELECTOR = _object(
    {
        "type": {"type": "string", "enum": ["TextQuoteSelector", "TextPositionSelector"]},
        "exact": _STRING,
        "prefix": _STRING,
        "suffix": _STRING,
        "start": _COUNT,
        "end": _COUNT,
    },
    optional=("exact", "prefix", "suffix", "start", "end"),
    description="TextQuoteSelector: exact, prefix, suffix; TextPositionSelector: start, end, counted in "
    "Unicode code points of the stored text of the target's paragraph",
)
_TARGET = _object(
    {
        "type": {"type": "string", "enum": ["SpecificResource"]},
        "source": {**_URI, "description": "the document on undocs.org, in its language"},
        "paragraph": _COUNT,
        "selector": {"type": "array", "items": _SELECTOR},
    }
)
_FIELDS = {
    "id": {**_URI, "description": "the item's permalink: /items/<symbol>/<paragraph>-<position>/"},
    "type": {"type": "string", "enum": ["Annotation"]},
    "motivation": {"type": "string", "enum": ["assessing"]},
    "created": {"type": "string", "format": "date-time"},
    "modified": {"type": "string", "format": "date-time"},
    "body": {"type": "array", "items": _BODY},
    "target": _TARGET,
    "reference": _STRING,
    "status": {"type": "string", "enum": Status.values},
    "response": {"type": "string", "enum": Response.values},
    "dueDate": {"type": "string", "format": "date", "nullable": True},
    "owners": {
        "type": "array",
        "items": _object({"code": _STRING, "role": {"type": "string", "enum": ["lead", "supporting"]}}),
    },
    "lineage": {
        "type": "array",
        "description": "confirmed links to items of other reports: the relation, read from the later item to the "
        "earlier, and the other item's permalink as predecessor (this item repeats, follows up or supersedes it) "
        "or successor (it repeats, follows up or supersedes this item)",
        "items": _object(
            {"relation": {"type": "string", "enum": Relation.values}, "predecessor": _URI, "successor": _URI},
            optional=("predecessor", "successor"),
        ),
    },
}

ANNOTATION = _object({"@context": _CONTEXT, **_FIELDS}, description="a W3C Web Annotation (JSON-LD)")
_EMBEDDED = _object(_FIELDS, description="a W3C Web Annotation, in the page's @context")

COLLECTION = _object(
    {
        "@context": _CONTEXT,
        "id": _URI,
        "type": {"type": "string", "enum": ["AnnotationCollection"]},
        "label": _STRING,
        "total": _COUNT,
        "first": {**_URI, "description": "the first page; absent when there is no item"},
    },
    optional=("first",),
    description="a document's items (those visible to the caller) as a W3C AnnotationCollection",
)
PAGE = _object(
    {
        "@context": _CONTEXT,
        "id": _URI,
        "type": {"type": "string", "enum": ["AnnotationPage"]},
        "partOf": _URI,
        "next": {**_URI, "description": "the next page; absent on the last"},
        "items": {"type": "array", "items": _EMBEDDED},
    },
    optional=("next",),
    description="one W3C AnnotationPage of a document's annotations, in document order",
)
