"""Importing a report (read, parse, extract, then store it), and applying the reviewed list of its items."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q

from ..ingest import IngestError, ParsedDocument, extract, parse, read_report, text_language
from ..models import Body, Document, Event, Item, ItemOwner, Paragraph, text_hash
from . import bulk, languages, lineage
from ._changes import Batch
from .details import edit_locked, replace_owners_locked
from .errors import ImportRefused, TextChanged, TooLarge
from .follow_up import move_item
from .storing import ImportResult, bodies_by_code, store_report

logger = logging.getLogger(__name__)

# The fields of an item a reviewed list sets.
CURATED_FIELDS = ("sub_item", "kind", "quote", "quote_start", "quote_end", "quote_hash", "summary", "summary_zh")


@dataclass
class CuratedResult:
    opened: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_refs: list[str] = field(default_factory=list)


def import_document(
    *,
    data: bytes,
    symbol: str | None = None,
    language: str | None = None,
    source_url: str = "",
    title: str = "",
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Parse a report and store it with its extracted items, all or nothing.

    Importing the same text again changes nothing. A different text of a symbol
    already imported is refused with the paragraphs that differ, so that
    reviewed items are never silently re-anchored. Two imports of the same new
    symbol at once: one stores it, the other is refused (ImportConflict).
    ``symbol`` and ``language`` default to what the masthead and the text say;
    ``title`` replaces the title the masthead gives; ``progress`` is called with
    each stage's name as it begins.
    """
    report = progress or (lambda stage: None)
    check_document_size(len(data))
    _check_source_url(source_url)
    report("parsing")
    text = read_report(data)
    language = language or text_language(text)
    if language is None:
        raise IngestError("the language of the text could not be told: give it")
    parsed = parse(text, language=language, symbol=symbol or None)
    if title:
        parsed = dataclasses.replace(parsed, title=title)
    checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
    # Parsing and extraction read no row but the bodies' aliases: they run before the transaction,
    # so that a caller's progress writes between stages are seen by others, and no lock waits on them.
    report("extracting")
    # Another language version holds the items already: this one is aligned with it, not extracted.
    holder = languages.holder_of(parsed.symbol, language)
    if holder is None:
        aliases = {code: body.aliases(parsed.language) for code, body in bodies_by_code().items()}
        extracted = extract(parsed, aliases)
    report("storing")
    with transaction.atomic():
        existing = Document.objects.select_for_update().filter(symbol=parsed.symbol, language=language).first()
        if existing:
            # The same report from another file (its PDF after its text, its Word file) has
            # other bytes but the same paragraphs, which are what items are anchored to.
            if existing.checksum != checksum and (differ := differing_paragraphs(existing, parsed)):
                raise TextChanged(_difference(existing, differ))
            return ImportResult(existing, created=False)
        if holder is None:
            result = store_report(parsed, extracted, text=text, checksum=checksum, source_url=source_url)
            result.links = len(lineage.propose_links(result.document))
            return result
        languages.check_aligned(holder, parsed)
        result = store_report(parsed, [], text=text, checksum=checksum, source_url=source_url)
        result.version_of = holder
        result.quotes = languages.carry_quotes(holder.items.select_related("paragraph", "document"))
        return result


def differing_paragraphs(existing: Document, parsed: ParsedDocument) -> list[int]:
    """The numbers of the paragraphs whose words differ between ``existing`` and ``parsed``."""
    stored = dict(existing.paragraphs.values_list("number", "text_hash"))
    new = {para.number: text_hash(para.text) for para in parsed.paragraphs}
    return sorted(n for n in stored.keys() | new.keys() if stored.get(n) != new.get(n))


def _difference(existing: Document, differ: list[int]) -> str:
    shown = ", ".join(map(str, differ[:20])) + (" …" if len(differ) > 20 else "")
    where = f"in paragraph{'s' if len(differ) > 1 else ''} {shown}"
    return f"{existing} is already imported and this text differs {where}; nothing was changed"


def check_document_size(size: int) -> None:
    """Refuse a report larger than ``DOCUMENT_UPLOAD_MAX_BYTES`` before anything reads it."""
    cap = settings.DOCUMENT_UPLOAD_MAX_BYTES
    if size > cap:
        raise TooLarge(
            f"the file is {_megabytes(size)}; a report may be at most {_megabytes(cap)} (DOCUMENT_UPLOAD_MAX_BYTES)",
            field="file",
        )


def _check_source_url(url: str) -> None:
    longest = Document._meta.get_field("source_url").max_length
    if len(url) > longest:
        raise ImportRefused(f"the source URL is longer than {longest} characters", field="source_url")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ImportRefused(
                f"the source URL {url[:60]!r} is not an http or https address", field="source_url"
            ) from None


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


@transaction.atomic
def apply_curated_items(*, document: Document, entries: list[dict[str, Any]]) -> CuratedResult:
    """Confirm the reviewed items of ``document`` (proposed → open), with their summaries and owners.

    Entries match items by paragraph and position; an entry whose quote is not
    the paragraph's text at its offsets is refused, so a review never lands on
    words it did not read. Running it again changes nothing.

    Each item changes as edit_fields, replace_owners and transition would change it, one version
    and one event a part (the same rows, history included), but the writes of all items go
    together: a statement or two per table instead of some twenty an item.
    """
    bodies = {body.code: body for body in Body.objects.all()}
    paragraphs = {p.number: p for p in document.paragraphs.all()}
    # Every entry is checked before anything is written.
    checked = [(entry, *_check_entry(document, entry, paragraphs, bodies)) for entry in entries]
    planned = [(entry, para, owners, Item.parse_key(str(entry["ref"]))[1]) for entry, para, owners in checked]
    places = set()
    for entry, para, _owners, seq in planned:
        if (para.pk, seq) in places:
            raise ImportRefused(f"curated item {entry['ref']}: listed twice")
        places.add((para.pk, seq))
    items = _locked_items(document)
    missing = {(para.pk, seq): entry for entry, para, _owners, seq in planned if (para.pk, seq) not in items}
    created = _create_items(document, missing) if missing else {}
    items |= created
    created = {item.pk for item in created.values()}
    current: dict[int, dict[str, ItemOwner]] = {item.pk: {} for item in items.values()}
    for owner in ItemOwner.objects.filter(item__document=document).select_related("body"):
        current[owner.item_id][owner.body.code] = owner
    batch = Batch()
    result = CuratedResult()
    for entry, para, owners, seq in planned:
        item = items[para.pk, seq]
        if item.pk in created:
            event = Event(item=item, kind=Event.Kind.STATUS, action="curated", to_value=item.status, version=1)
            batch.created(item, event)
            changed = True
        else:
            changed = edit_locked(item, None, _curated_values(entry), action="curated", writer=batch)
        wanted = {code: (bodies[code], role) for code, role in owners.items()}
        after = replace_owners_locked(item, None, wanted, writer=batch, current=current[item.pk])
        if after is not None:
            current[item.pk] = dict(sorted(after.items(), key=lambda kv: (kv[1].role, kv[1].body.name_en)))
        if item.status == Item.Status.PROPOSED:
            move_item(item, None, "confirm", comment="confirmed by the reviewed list", writer=batch)
            result.opened += 1
        elif changed or after is not None:
            result.updated += 1
            result.changed_refs.append(entry["ref"])
        else:
            result.unchanged += 1
    batch.write()
    # The reviewed quotes, in the document's other languages.
    languages.carry_quotes(document.items.select_related("paragraph", "document"))
    return result


def _curated_values(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "sub_item": entry.get("sub_item", ""),
        "kind": entry["kind"],
        "quote": entry["quote"],
        "quote_start": entry["start"],
        "quote_end": entry["end"],
        "quote_hash": text_hash(entry["quote"]),
        "summary": entry.get("summary", ""),
        "summary_zh": entry.get("summary_zh", ""),
    }


def _locked_items(document: Document) -> dict[tuple[int, int], Item]:
    """The document's items by (paragraph, position), locked as lock_item locks one."""
    locked = Item.objects.select_for_update().select_related("document", "paragraph").filter(document=document)
    return {(item.paragraph_id, item.seq): item for item in locked.order_by("pk")}


def _create_items(document: Document, entries: dict[tuple[int, int], dict[str, Any]]) -> dict[tuple[int, int], Item]:
    """Items the reviewed list adds (proposed, version 1), inserted and read back locked."""
    rows = (
        (document.pk, paragraph_id, seq, *_curated_values(entry).values())
        for (paragraph_id, seq), entry in entries.items()
    )
    bulk.insert(Item, ("document_id", "paragraph_id", "seq", *CURATED_FIELDS), rows)
    # Read back by their natural key, locked like the others.
    keys = Q()
    for paragraph_id, seq in entries:
        keys |= Q(paragraph_id=paragraph_id, seq=seq)
    locked = Item.objects.select_for_update().select_related("document", "paragraph").filter(keys, document=document)
    return {(item.paragraph_id, item.seq): item for item in locked}


def _check_entry(document, entry, paragraphs, bodies) -> tuple[Paragraph, dict[str, str]]:
    ref = entry["ref"]
    para = paragraphs.get(entry["paragraph"])
    if para is None:
        raise ImportRefused(f"curated item {ref}: {document} has no paragraph {entry['paragraph']}")
    if para.text[entry["start"] : entry["end"]] != entry["quote"]:
        raise ImportRefused(
            f"curated item {ref}: the quote is not the text of ¶{para.number} at {entry['start']}–{entry['end']}"
        )
    owners = {code: ItemOwner.Role.LEAD for code in entry.get("lead", [])}
    owners |= {code: ItemOwner.Role.SUPPORTING for code in entry.get("supporting", [])}
    unknown = sorted(set(owners) - set(bodies))
    if unknown:
        raise ImportRefused(f"curated item {ref}: unknown bod{'ies' if len(unknown) > 1 else 'y'} {', '.join(unknown)}")
    return para, owners
