"""Lineage across reports: the items of a new report linked to the items of the body's earlier ones.

When a report is imported, its proposed items are compared (``ingest.lineage``) with the tracked
items of the reports before it: the earlier reports of its series (the same title but for its
years) and the reports it cites. Likely predecessors are proposed as links, which a coordinator
confirms (choosing the relation) or rejects on the item's page.

An earlier report in another language is compared through its language version in the new
report's language, where its quotes were carried (``ItemQuote``); one that has none is not compared.
An earlier item that already has a successor is left out: the successor is the one to link to,
so that a recommendation made three years running is a chain, not three links to the first.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..ingest import lineage
from ..models import CLOSED_STATUSES, OPEN_STATUSES, Citation, Document, Item, ItemQuote, Link
from ._changes import require
from .errors import ServiceError

TRACKED = (*OPEN_STATUSES, *CLOSED_STATUSES)
# Links that stand: a rejected one is kept only so that it is not proposed again.
LIVE = (Link.State.PROPOSED, Link.State.CONFIRMED)


def propose_links(document: Document) -> list[Link]:
    """Propose a predecessor for each proposed item of ``document`` among the earlier reports' items.

    Items already linked are left as they are, and a pair once rejected is not proposed again.
    """
    unlinked = document.items.proposed().exclude(predecessor_links__state__in=LIVE).distinct()
    later = [lineage.Candidate(pk, quote) for pk, quote in unlinked.values_list("pk", "quote")]
    if not later:
        return []
    earlier = _earlier_candidates(document)
    if not earlier:
        return []
    rejected = set(
        Link.objects.filter(item__document=document, state=Link.State.REJECTED).values_list("item_id", "earlier_id")
    )
    proposals = lineage.propose(later, earlier, language=document.language)
    return Link.objects.bulk_create(
        Link(item_id=p.later, earlier_id=p.earlier, relation=p.relation.value, similarity=p.similarity)
        for p in proposals
        if (p.later, p.earlier) not in rejected
    )


def earlier_documents(document: Document) -> list[Document]:
    """The reports before ``document`` whose items it may make again: its series' and those it cites."""
    cited = Citation.objects.filter(paragraph__document=document).values("reference__symbol")
    others = Document.objects.exclude(symbol=document.symbol).only("pk", "symbol", "language", "title", "date")
    if document.date:
        others = others.filter(Q(date__lt=document.date) | Q(date__isnull=True))
    series = lineage.series_key(document.title)
    cited_symbols = set(cited.values_list("reference__symbol", flat=True))
    return [
        other
        for other in others
        if other.symbol in cited_symbols or (series and lineage.series_key(other.title) == series)
    ]


def _earlier_candidates(document: Document) -> list[lineage.Candidate]:
    symbols = {other.symbol for other in earlier_documents(document)}
    if not symbols:
        return []
    items = (
        Item.objects.filter(document__symbol__in=symbols, status__in=TRACKED, merged_into__isnull=True)
        .exclude(successor_links__state__in=LIVE)
        .distinct()
    )
    own = items.filter(document__language=document.language).values_list("pk", "quote")
    carried = ItemQuote.objects.filter(item__in=items.exclude(document__language=document.language))
    carried = carried.filter(language=document.language).values_list("item_id", "text")
    return [lineage.Candidate(pk, text) for pk, text in (*own, *carried)]


def decide_link(*, link: Link, actor, confirm: bool, relation: str | None = None) -> Link:
    """A coordinator's decision on a proposed link: confirmed (with ``relation``, if changed) or rejected."""
    with transaction.atomic():
        link = Link.objects.select_for_update().get(pk=link.pk)
        # Whoever may edit the later item decides: the link is part of its review.
        require(actor, "edit", link.item)
        if link.state != Link.State.PROPOSED:
            raise ServiceError(f"this link was already {link.get_state_display()}")
        if relation is not None:
            if relation not in Link.Relation.values:
                raise ServiceError(
                    f"“{relation}” is not a relation: choose one of {', '.join(Link.Relation.values)}", field="relation"
                )
            link.relation = relation
        link.state = Link.State.CONFIRMED if confirm else Link.State.REJECTED
        link.decided_by = actor
        link.decided_at = timezone.now()
        link.save(update_fields=["relation", "state", "decided_by", "decided_at"])
        return link
