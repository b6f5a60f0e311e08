"""Writes that span several models or have side effects; keyword-only, one transaction each."""

from .addressees import Mapped, map_addressee
from .bodies import load_bodies
from .closure import accept_closure, closure_proposal, return_closure
from .creation import create_item, delete_item, merge, set_quote_span
from .details import (
    change_item,
    remove_owner,
    replace_owners,
    set_due_date,
    set_owner,
    update_details,
)
from .errors import (
    EvidenceError,
    ImportConflict,
    ImportRefused,
    NotPermitted,
    ServiceError,
    TooLarge,
    TransitionNotAllowed,
    VersionConflict,
)
from .follow_up import add_comment, propose_closure, record_progress, transition
from .import_jobs import (
    confirm_import_job,
    fail_abandoned_jobs,
    purge_finished_jobs,
    revise_import_job,
    run_import_job,
    upload_for_review,
)
from .importing import apply_curated_items, check_document_size, import_document
from .lineage import decide_link, propose_links
from .storing import ImportResult

__all__ = [
    "EvidenceError",
    "ImportConflict",
    "ImportRefused",
    "ImportResult",
    "Mapped",
    "NotPermitted",
    "ServiceError",
    "TooLarge",
    "TransitionNotAllowed",
    "VersionConflict",
    "accept_closure",
    "add_comment",
    "apply_curated_items",
    "change_item",
    "check_document_size",
    "closure_proposal",
    "confirm_import_job",
    "create_item",
    "decide_link",
    "delete_item",
    "fail_abandoned_jobs",
    "import_document",
    "load_bodies",
    "map_addressee",
    "merge",
    "propose_closure",
    "propose_links",
    "purge_finished_jobs",
    "record_progress",
    "remove_owner",
    "replace_owners",
    "return_closure",
    "revise_import_job",
    "run_import_job",
    "set_due_date",
    "set_owner",
    "set_quote_span",
    "transition",
    "update_details",
    "upload_for_review",
]
