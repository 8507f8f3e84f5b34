"""Errors the application raises on purpose, each with a clear message."""

from __future__ import annotations


class KyrbotError(Exception):
    """Base class for kyrbot's own errors."""


class SetupError(KyrbotError):
    """Something the bot needs to start is missing or broken (a read-only
    folder, a damaged database file): the message names it and the fix."""


class ContentError(KyrbotError):
    """The content under content/ is invalid; ``problems`` lists every error.

    Each problem reads ``path:line: where: message``. The app refuses to start
    while any exists, so it never serves half a knowledge base.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"content is invalid ({count} problem{'s' if count != 1 else ''}):"
        super().__init__("\n".join([head, *("  " + p for p in self.problems)]))
