from .addressees import Addressee
from .bodies import Body, Membership
from .calendar import CalendarFeed
from .choices import CLOSED_STATUSES, OPEN_STATUSES, Response, Status
from .documents import Citation, Document, DocumentText, ImportJob, Language, Paragraph, Reference, Section, text_hash
from .events import Event
from .items import Item, ItemOwner, ItemQuerySet, ProposedItem
from .languages import ItemQuote
from .lineage import Link
from .revisions import Reanchoring, Revision

__all__ = [
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "Addressee",
    "Body",
    "CalendarFeed",
    "Citation",
    "Document",
    "DocumentText",
    "Event",
    "ImportJob",
    "Item",
    "ItemOwner",
    "ItemQuerySet",
    "ItemQuote",
    "Language",
    "Link",
    "Membership",
    "Paragraph",
    "ProposedItem",
    "Reanchoring",
    "Reference",
    "Response",
    "Revision",
    "Section",
    "Status",
    "text_hash",
]
