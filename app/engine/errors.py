"""Errors raised inside the engine."""


class StoreUnavailable(Exception):
    """The state store did not answer (for example Redis is down)."""
