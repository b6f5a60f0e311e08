"""The one error the ingest package raises for input it cannot use."""


class IngestError(ValueError):
    """The input is not a report this parser can read; the message names the problem."""
