"""Writes that span several models or have side effects; keyword-only, one transaction each."""

from .errors import (
    EvidenceError,
    ImportRefused,
    NotPermitted,
    ServiceError,
    TransitionNotAllowed,
    VersionConflict,
)
from .importing import ImportResult, apply_curated_items, import_document, load_bodies
from .items import (
    add_comment,
    merge,
    propose_closure,
    record_progress,
    remove_owner,
    set_due_date,
    set_owner,
    transition,
    update_details,
)

__all__ = [
    "EvidenceError",
    "ImportRefused",
    "ImportResult",
    "NotPermitted",
    "ServiceError",
    "TransitionNotAllowed",
    "VersionConflict",
    "add_comment",
    "apply_curated_items",
    "import_document",
    "load_bodies",
    "merge",
    "propose_closure",
    "record_progress",
    "remove_owner",
    "set_due_date",
    "set_owner",
    "transition",
    "update_details",
]
