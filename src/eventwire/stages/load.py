"""Stage `load`: files and folders -> RawDocument -> Decoded.

Reads: paths given by the user. Writes: RawDocument (bytes + sha256), Decoded (text, encoding, format).
Rejections are InputRejected with a code and a one-line reason naming the file.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from charset_normalizer import from_bytes

from eventwire.errors import InputRejected
from eventwire.records import Decoded, DocFormat, RawDocument

# Tags that only HTML has; a plain-text capture may mention "<b>" once, so several distinct tags are required.
_HTML_TAG = re.compile(rb"<\s*(html|head|body|div|p|meta|title|script|span|a|article|!doctype)\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def iter_files(paths: Sequence[str | Path]) -> Iterator[Path]:
    """Every file under the given paths, in a stable order; folders are walked recursively."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield p


def read_document(path: Path, max_bytes: int) -> RawDocument:
    """Read one file whole; refuse what is missing, unreadable, empty or too large before reading it all."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputRejected(str(path), "unreadable", f"cannot read file: {exc.strerror}") from exc
    if size > max_bytes:
        raise InputRejected(
            str(path), "too_large", f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputRejected(str(path), "unreadable", f"cannot read file: {exc.strerror}") from exc
    if not data.strip():
        raise InputRejected(str(path), "empty", "file is empty or holds only whitespace")
    return RawDocument(path=str(path), file_name=path.name, data=data, sha256=hashlib.sha256(data).hexdigest())


def detect_format(data: bytes) -> DocFormat:
    """HTML by content, not extension: several distinct HTML tags near the start of the file."""
    head = data[:65536]
    tags = {m.group(1).lower() for m in _HTML_TAG.finditer(head)}
    return "html" if len(tags) >= 2 or b"<!doctype html" in head.lower() else "text"


def decode(raw: RawDocument) -> Decoded:
    """Bytes -> text. UTF-8 first (with or without BOM); otherwise the charset the bytes best fit."""
    data = raw.data
    if data.count(b"\x00") > len(data) // 1000 and not _is_utf16(data):
        raise InputRejected(raw.path, "binary", "file holds NUL bytes: binary, not a text or HTML page")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise InputRejected(raw.path, "binary", "no text encoding fits the bytes: binary file") from None
        text, encoding = str(best), best.encoding
    if len(_CONTROL.findall(text[:65536])) > 0.01 * min(len(text), 65536):
        raise InputRejected(raw.path, "binary", f"decoded as {encoding} but full of control characters")
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text=text, encoding=encoding, format=detect_format(data))


def _is_utf16(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")
