"""Errors that carry a catalog key, so the model stays free of translation."""

from __future__ import annotations


class DomainError(Exception):
    """Something an officer did or typed cannot be accepted; ``key`` names the message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:  # shown only where nobody translated it (a bug, but never a crash)
        return f"{self.key} {self.params}" if self.params else self.key


class ValidationError(DomainError):
    """A field value is missing, too long, of the wrong kind or out of range.

    ``field`` names the offending field so a form can mark it.
    """

    def __init__(self, key: str, field: str | None = None, **params: object) -> None:
        super().__init__(key, **params)
        self.field = field


class TransitionError(DomainError):
    """A state change that the lifecycle does not allow."""
