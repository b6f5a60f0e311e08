"""An item as a W3C Web Annotation in JSON-LD, and a document's items as an annotation collection.

The Web Annotation Data Model (W3C Recommendation, 2017), in its JSON-LD context
``http://www.w3.org/ns/anno.jsonld``; what the model has no term for (reference, status, response,
due date, owners, lineage) is in the tracker's own context, ``contexts/tracker.jsonld``, which the
service serves at ``CONTEXT_PATH``.

- lineage: the item's confirmed links to items of other reports (``models.lineage.Linked``), each
  a relation and the other item's permalink, as ``predecessor`` (this item repeats, follows up or
  supersedes it) or ``successor`` (it repeats, follows up or supersedes this item): a relation is
  always read from the later item to the earlier, as the tracker stores it;

- id: the item's permalink (``facts.permalink_path``) on ``settings.SITE_URL``, as emails link;
- motivation ``assessing``: the annotation is the tracker's judgement of how the words are being
  acted on (response, status, due date), which is what oa:assessing names; the words themselves
  are the report's, so neither ``commenting`` nor ``highlighting`` says it. Its kind
  (recommendation, concern, …) is a body with the purpose ``tagging``, which generic annotation
  clients show as a tag; each summary is a body with the purpose ``describing``, in its language;
- target: the document on undocs.org, with a TextQuoteSelector (the quote, and up to
  ``AFFIX_LENGTH`` characters either side) and a TextPositionSelector. Its offsets count Unicode
  code points (Python's str indices, SQL's characters) in the stored text of the paragraph the
  target names (``Paragraph.text``, which ``quote_start``/``quote_end`` index), not in the PDF.

Built from rows (``annotation_rows``), not model instances: a page of annotations is one query,
one more for its owners and one for its links. The database cuts the prefix and suffix from the paragraph, so a
page does not carry whole paragraphs (some run to pages) to use a few characters of each.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Greatest, Least, Substr

from tracker.links import site_url

from .ingest.anchoring import CONTEXT
from .ingest.symbols import undocs_url
from .models import Item, facts
from .models.lineage import Linked

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_PATH = "/ns/tracker.jsonld"
CONTEXT_FILES = Path(__file__).resolve().parent / "contexts"
MEDIA_TYPE = "application/ld+json"
# What the W3C's Annotation Protocol asks a server to say of an annotation it serves.
PROFILED_MEDIA_TYPE = f'{MEDIA_TYPE}; profile="{ANNO_CONTEXT}"'

# Context either side of the quote, as revisions re-anchor by it: enough to tell two occurrences of
# the same words in one paragraph apart (a sentence's worth of Chinese, several words of English).
AFFIX_LENGTH = CONTEXT

# BCP 47 tags of the summaries' languages: the Chinese summaries are written in simplified characters.
SUMMARY_LANGUAGES = (("summary", "en"), ("summary_zh", "zh-Hans"))

COLUMNS = (
    "id", "paragraph_id", "seq", "sub_item", "kind", "status", "response", "summary", "summary_zh", "quote",
    "quote_start", "quote_end", "due_date", "created_at", "updated_at", "document__symbol", "document__language",
    "paragraph__number",
)  # fmt: skip


def annotation_rows(items: QuerySet[Item]) -> QuerySet:
    """``items`` as the rows ``annotation`` reads (dicts), with the words either side of each quote."""
    start, end, affix = F("quote_start"), F("quote_end"), Value(AFFIX_LENGTH)
    # SQL counts from 1: the prefix is the AFFIX_LENGTH characters before quote_start (fewer near the start).
    prefix = Substr("paragraph__text", Greatest(start - AFFIX_LENGTH + 1, Value(1)), Least(start, affix))
    return items.values(*COLUMNS, quote_prefix=prefix, quote_suffix=Substr("paragraph__text", end + 1, affix))


def contexts() -> list[str]:
    """An annotation's ``@context``: the W3C's, then the tracker's own terms."""
    return [ANNO_CONTEXT, site_url(CONTEXT_PATH)]


def permalink(row: dict) -> str:
    return site_url(facts.permalink_path(row["document__symbol"], row["paragraph__number"], row["seq"]))


def lineage_link(linked: Linked) -> dict:
    """A confirmed link as the annotation gives it: the relation, and the other item's permalink by where it stands."""
    other = site_url(facts.permalink_path(linked.document, linked.number, linked.seq))
    return {"relation": linked.relation, "predecessor" if linked.direction == "earlier" else "successor": other}


def annotation(row: dict, *, embedded: bool = False) -> dict:
    """The annotation of one row of ``annotation_rows`` with its owners and links attached
    (``attach_owners``, ``models.lineage.attach_lineage``).

    ``embedded``: inside a collection's page, which carries the ``@context`` once for all.
    """
    summaries = [
        {"type": "TextualBody", "purpose": "describing", "value": row[column], "language": language,
         "format": "text/plain"}
        for column, language in SUMMARY_LANGUAGES if row[column]
    ]  # fmt: skip
    number = row["paragraph__number"]
    document = {} if embedded else {"@context": contexts()}
    return {
        **document,
        "id": permalink(row),
        "type": "Annotation",
        "motivation": "assessing",
        "created": row["created_at"],
        "modified": row["updated_at"],
        "body": [*summaries, {"type": "TextualBody", "purpose": "tagging", "value": row["kind"]}],
        "target": {
            "type": "SpecificResource",
            "source": undocs_url(row["document__symbol"], row["document__language"]),
            "paragraph": number,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": row["quote"],
                    "prefix": row["quote_prefix"],
                    "suffix": row["quote_suffix"],
                },
                {"type": "TextPositionSelector", "start": row["quote_start"], "end": row["quote_end"]},
            ],
        },
        "reference": facts.reference(row["document__symbol"], number, row["sub_item"]),
        "status": row["status"],
        "response": row["response"],
        "dueDate": row["due_date"],
        "owners": [{"code": owner["body"], "role": owner["role"]} for owner in row["owners"]],
        "lineage": [lineage_link(linked) for linked in row["lineage"]],
    }


def collection(*, url: str, label: str, total: int, first: str) -> dict:
    """A document's annotations as one AnnotationCollection: its size and its first page (none when empty)."""
    pages = {"first": first} if total else {}
    return {"@context": contexts(), "id": url, "type": "AnnotationCollection", "label": label, "total": total, **pages}


def page(*, url: str, collection_url: str, rows: list[dict], next_url: str | None) -> dict:
    """One AnnotationPage of a collection, its annotations in document order; ``next`` while more follow."""
    following = {"next": next_url} if next_url else {}
    return {
        "@context": contexts(),
        "id": url,
        "type": "AnnotationPage",
        "partOf": collection_url,
        **following,
        "items": [annotation(row, embedded=True) for row in rows],
    }


@functools.cache
def context_file(name: str) -> bytes:
    """A JSON-LD context of ``CONTEXT_FILES`` as stored: read once per process."""
    return (CONTEXT_FILES / name).read_bytes()
