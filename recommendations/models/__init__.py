from .bodies import Body, Membership
from .documents import Citation, Document, Language, Paragraph, Reference, Section, text_hash
from .events import Event
from .items import CLOSED_STATUSES, OPEN_STATUSES, Item, ItemOwner, ItemQuerySet, ProposedItem, Response, Status

__all__ = [
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "Body",
    "Citation",
    "Document",
    "Event",
    "Item",
    "ItemOwner",
    "ItemQuerySet",
    "Language",
    "Membership",
    "Paragraph",
    "ProposedItem",
    "Reference",
    "Response",
    "Section",
    "Status",
    "text_hash",
]
