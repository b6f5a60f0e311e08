"""Items spread over several documents and bodies, for tests that a list costs the same queries at any size."""

from recommendations.models import Item, ItemOwner, Link
from tests.factories import BodyFactory, DocumentFactory, ItemFactory, ParagraphFactory

# The owner every filtered list asks for, and words every searched list asks for.
LEAD = "LEAD0"
WORD, WORD_ZH = "rotation", "维和"
STATUSES = (Item.Status.OPEN, Item.Status.IN_PROGRESS, Item.Status.IMPLEMENTED, Item.Status.OPEN)


def spread(count: int, *, documents: int, bodies: int) -> list[Item]:
    """``count`` items over ``documents`` documents of two paragraphs, led in turn by ``bodies`` bodies
    (``LEAD0``, ``LEAD1``, …), every other one supported by the next body; statuses in turn, summaries
    in both languages holding ``WORD`` and ``WORD_ZH``; each item after the first linked to the one before
    it, the link confirmed for every other item and proposed for the rest."""
    leads = [BodyFactory(code=f"LEAD{n}") for n in range(bodies)]
    paragraphs = [ParagraphFactory(document=document) for document in DocumentFactory.create_batch(documents)]
    paragraphs += [ParagraphFactory(document=p.document, section=p.section) for p in paragraphs]
    items = []
    for n in range(count):
        item = ItemFactory(
            paragraph=paragraphs[n % len(paragraphs)],
            status=STATUSES[n % len(STATUSES)],
            summary=f"Troop {WORD} plan {n}",
            summary_zh=f"{WORD_ZH}部队轮换计划 {n}",
        )
        ItemOwner.objects.create(item=item, body=leads[n % bodies], role=ItemOwner.Role.LEAD)
        if n % 2 and bodies > 1:
            ItemOwner.objects.create(item=item, body=leads[(n + 1) % bodies], role=ItemOwner.Role.SUPPORTING)
        if items:
            state = Link.State.CONFIRMED if n % 2 else Link.State.PROPOSED
            relation = Link.Relation.values[n % len(Link.Relation.values)]
            Link.objects.create(item=item, earlier=items[-1], relation=relation, state=state)
        items.append(item)
    return items


# A small list and a larger one: more items, documents, bodies and owners per item.
SIZES = {"3 items": {"count": 3, "documents": 1, "bodies": 1}, "60 items": {"count": 60, "documents": 4, "bodies": 5}}
