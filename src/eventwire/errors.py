"""Coded errors with reasons. A rejected document is stored with its code and reason, never silently dropped."""

from __future__ import annotations


class EventwireError(Exception):
    """Base class: every error names what failed and why."""


class InputRejected(EventwireError):
    """A document the pipeline cannot turn into an article (empty, binary, too large, no article...)."""

    def __init__(self, path: str, code: str, reason: str) -> None:
        super().__init__(f"{path}: {reason} [{code}]")
        self.path = path
        self.code = code
        self.reason = reason


class ConfigError(EventwireError):
    """A data file (actor dictionary, verb lexicon) or setting that cannot be used."""


class BadRequest(EventwireError):
    """A read asked with a value that can only be a mistake (an unknown type, a negative limit); the message
    names the accepted values."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
