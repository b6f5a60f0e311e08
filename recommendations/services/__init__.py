"""Writes that span several models or have side effects; keyword-only, one transaction each."""

from .errors import (
    EvidenceError,
    ImportRefused,
    NotPermitted,
    ServiceError,
    TransitionNotAllowed,
    VersionConflict,
)
from .importing import ImportResult, apply_curated_items, import_document, load_bodies, run_import_job
from .items import (
    add_comment,
    create_item,
    delete_item,
    merge,
    propose_closure,
    record_progress,
    remove_owner,
    replace_owners,
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
    "create_item",
    "delete_item",
    "import_document",
    "load_bodies",
    "merge",
    "propose_closure",
    "record_progress",
    "remove_owner",
    "replace_owners",
    "run_import_job",
    "set_due_date",
    "set_owner",
    "transition",
    "update_details",
]
