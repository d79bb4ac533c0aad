"""Reading the actor dictionary's TSV files.

Users extend these files by hand, so every problem is reported as a ``ConfigError`` that names the file and the
line, and says what was expected there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from eventwire.errors import ConfigError

_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")  # ISO alpha-3 or an organisation code (NATO, G7, INTERPOL)
_SECTOR = re.compile(r"^[A-Z]{3}$")  # GOV, MIL, ...
_ROLE = re.compile(r"^[a-z][a-z_]*$")  # head_of_government, ...
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True)
class Row:
    """One data line: its fields (padded to the file's column count) and where it came from."""

    source: str  # "people.tsv:12", used in every message about this row
    fields: tuple[str, ...]

    def error(self, message: str) -> ConfigError:
        return ConfigError(f"{self.source}: {message}")

    def code(self, index: int, *, allow_delete: bool = False) -> str:
        value = self.fields[index]
        if allow_delete and value == "-":
            return value
        if not _CODE.match(value):
            raise self.error(f"column {index + 1}: {value!r} is not an actor code (like CHN, NATO, G7)")
        return value

    def sector(self, index: int) -> str | None:
        value = self.fields[index]
        if not value:
            return None
        if not _SECTOR.match(value):
            raise self.error(f"column {index + 1}: {value!r} is not a three-letter sector code (like GOV, MIL)")
        return value

    def role(self, value: str) -> str:
        if not _ROLE.match(value):
            raise self.error(f"{value!r} is not a role key (lowercase words joined by _)")
        return value

    def date(self, index: int, *, required: bool) -> dt.date | None:
        value = self.fields[index]
        if not value:
            if required:
                raise self.error(f"column {index + 1}: a date (YYYY-MM-DD) is required")
            return None
        match = _DATE.match(value)
        try:
            if match is None:
                raise ValueError(value)
            year, month, day = (int(part) if part else 1 for part in match.groups())
            return dt.date(year, month, day)
        except ValueError:
            raise self.error(f"column {index + 1}: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from None

    def gender(self, index: int) -> str | None:
        value = self.fields[index]
        if value not in ("", "m", "f"):
            raise self.error(f"column {index + 1}: gender must be m, f or empty, not {value!r}")
        return value or None


def read_rows(text: str, source: str, min_cols: int, max_cols: int) -> Iterator[Row]:
    """Yield the data rows of one TSV file; blank lines and lines starting with ``#`` are skipped."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        fields = [field.strip() for field in line.rstrip("\r\n").split("\t")]
        while len(fields) > max_cols and not fields[-1]:
            fields.pop()  # trailing tabs are harmless
        where = f"{source}:{number}"
        if len(fields) > max_cols:
            raise ConfigError(f"{where}: expected at most {max_cols} tab-separated columns, found {len(fields)}")
        if len(fields) < min_cols or any(not fields[i] for i in range(min_cols)):
            raise ConfigError(
                f"{where}: expected at least {min_cols} non-empty tab-separated columns, found "
                f"{sum(1 for f in fields[:min_cols] if f)} (are the columns separated by tabs?)"
            )
        yield Row(where, tuple(fields + [""] * (max_cols - len(fields))))


def normalise(phrase: str) -> str:
    """The lookup key of a phrase: lowercase, single spaces, typographic apostrophes as ASCII."""
    return " ".join(phrase.replace("’", "'").lower().split())
