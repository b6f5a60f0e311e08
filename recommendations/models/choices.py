"""An item's choices, apart from the models: the facts derived from a row (``facts``) need them too."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("recommendation")
    CONCLUSION = "conclusion", _("conclusion")
    CONCERN = "concern", _("concern")
    SUGGESTION = "suggestion", _("suggestion")
    EMPHASIS = "emphasis", _("emphasis")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    DISMISSED = "dismissed", _("dismissed")
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    IMPLEMENTED = "implemented", _("implemented")
    NOT_IMPLEMENTED = "not_implemented", _("not implemented")
    SUPERSEDED = "superseded", _("superseded")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Open = still to be done: only these are reminded, and can be overdue or stale.
OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)
CLOSED_STATUSES = (Status.IMPLEMENTED, Status.NOT_IMPLEMENTED, Status.SUPERSEDED, Status.WITHDRAWN)


class Response(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    PARTIALLY_ACCEPTED = "partially_accepted", _("partially accepted")
    NOT_ACCEPTED = "not_accepted", _("not accepted")
    NOTED = "noted", _("noted")
