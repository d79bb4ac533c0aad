"""Coded errors with reasons. A rejected document is stored with its code and reason, never silently dropped."""

from __future__ import annotations


class EventwireError(Exception):
    """Base class: every error names what failed and why."""


# Every reason a document is not stored: the code in `failures.code`, the CLI's "[code]" and the API's failures.
REJECT_CODES: dict[str, str] = {
    "unreadable": "the file cannot be opened or read (permissions, I/O error)",
    "not_a_file": "a folder, device, socket or link to a folder",
    "changed": "the file changed while it was read",
    "too_large": "over the size limit (max_file_bytes)",
    "empty": "empty or only whitespace",
    "binary": "not text: a known binary format, NUL bytes, control characters or no encoding that fits",
    "parser_limit": "HTML the parser gave up on part of (nesting or size limits)",
    "no_article": "no article text left once page furniture is removed",
    "not_language": "the text is not language (base64, tables of numbers, dumps, noise)",
    "internal": "a fault in eventwire itself while coding the document (a bug: please report it)",
}


class InputRejected(EventwireError):
    """A document the pipeline cannot turn into an article; `code` is one of REJECT_CODES."""

    def __init__(self, path: str, code: str, reason: str) -> None:
        if code not in REJECT_CODES:  # a new reason gets its entry in the catalogue, with its meaning
            raise ValueError(f"unknown reject code {code!r}; add it to eventwire.errors.REJECT_CODES")
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


class NotFound(EventwireError):
    """A read for one thing (an event, an article, a mention) that the database does not have."""

    def __init__(self, what: str, key: str) -> None:
        super().__init__(f"{key}: no {what} has this id")
        self.what = what
        self.key = key


class Ambiguous(BadRequest):
    """A prefix that more than one id starts with: the message lists some of them, so the user can pick."""

    def __init__(self, what: str, key: str, matches: list[str]) -> None:
        listed = ", ".join(matches[:10]) + (f" and {len(matches) - 10} more" if len(matches) > 10 else "")
        super().__init__(what, f"{key!r}: {len(matches)} {what}s start with this; give more of it: {listed}")
        self.matches = matches


def one_of(what: str, key: str, matches: list[str]) -> str:
    """The one id `key` names: itself when it is an id, else the one id it starts; NotFound or Ambiguous else."""
    if key in matches:
        return key
    if not matches:
        raise NotFound(what, key)
    if len(matches) > 1:
        raise Ambiguous(what, key, matches)
    return matches[0]
