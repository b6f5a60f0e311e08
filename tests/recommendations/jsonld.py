"""Expanding the service's JSON-LD with pyld, with the contexts from the repository and never the network."""

from __future__ import annotations

import json

from pyld import jsonld

from recommendations import annotations

TRACKER = "https://tracker.example.org"


def _loader(url: str, options=None) -> dict:
    served = {
        annotations.ANNO_CONTEXT: "anno.jsonld",
        TRACKER + annotations.CONTEXT_PATH: "tracker.jsonld",
    }
    if url not in served:
        # Anything else would be fetched: the test must fail instead.
        raise jsonld.JsonLdError(f"no local copy of {url}", "jsonld.LoadDocumentError", code="loading document failed")
    document = json.loads(annotations.context_file(served[url]))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def expand(document: dict) -> list[dict]:
    """``document`` expanded (JSON-LD 1.1), its contexts served from ``recommendations/contexts/``."""
    return jsonld.expand(document, {"documentLoader": _loader})


OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
TRK = "https://w3id.org/recommendation-tracker/ns#"
