"""Errors of the storage layer."""


class StoreUnavailable(Exception):
    """The store did not answer (for example Redis is down). Callers answer
    without memory instead of failing the request."""
