from . import documents, items  # noqa: F401  (registers the ModelAdmins)
