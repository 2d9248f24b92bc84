"""Errors ingest raises for input it cannot take; their message is meant for the user."""


class IngestError(ValueError):
    """A file that cannot be indexed; ``str(err)`` says why in plain words."""
