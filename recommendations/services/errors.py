"""Errors the services raise; each carries a machine-readable code and a message naming the problem."""


class ServiceError(Exception):
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ImportRefused(ServiceError):
    """The input was understood but cannot be applied."""

    code = "import_refused"


class TextChanged(ImportRefused):
    """A different text of a document already imported: to be revised (``revise_document``), not imported."""


class ImportConflict(ImportRefused):
    """Another import of the same symbol and language got there first."""

    code = "import_conflict"


class TooLarge(ImportRefused):
    """An upload over its size cap, refused before it is parsed."""

    code = "too_large"


class TransitionNotAllowed(ServiceError):
    """The item's current state does not allow the action."""

    code = "transition_not_allowed"


class NotPermitted(ServiceError):
    """The actor may not do this to this item."""

    code = "not_permitted"


class EvidenceError(ServiceError):
    """Evidence is missing or malformed."""

    code = "evidence_invalid"


class VersionConflict(ServiceError):
    """The item changed since the caller read it."""

    code = "version_conflict"
