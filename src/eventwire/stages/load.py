"""Stage `load`: files and folders -> RawDocument -> Decoded.

Reads: paths given by the user. Writes: RawDocument (bytes + sha256), Decoded (text, encoding, format).
Rejections are InputRejected with a code and a one-line reason naming the file. Nothing under a folder is
skipped silently (hidden files aside): symlinked folders and folders that cannot be listed are yielded too,
so the ingest records why they were not read.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from charset_normalizer import from_bytes

from eventwire.errors import InputRejected
from eventwire.records import Decoded, DocFormat, RawDocument

# Tags that only HTML has; a plain-text capture may mention "<b>" once, so several distinct tags are required.
_HTML_TAG = re.compile(rb"<\s*(html|head|body|div|p|meta|title|script|span|a|article|!doctype)\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
# Containers, media and executables named by their signature, so a refusal says what the file is (the upload
# sniffer of the web app uses the same table). A compressed file is never inflated: a few hundred kilobytes of
# gzip can expand to gigabytes. Entries: signature, short name, what the file is.
_ARCHIVE = " (eventwire does not decompress archives)"
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x1f\x8b", "gzip", "gzip-compressed data" + _ARCHIVE),
    (b"BZh", "bzip2", "bzip2-compressed data" + _ARCHIVE),  # only with its block magic: see signature()
    (b"\xfd7zXZ\x00", "xz", "xz-compressed data" + _ARCHIVE),
    (b"(\xb5/\xfd", "zstd", "zstd-compressed data" + _ARCHIVE),
    (b"PK\x03\x04", "ZIP/office", "a ZIP archive or office document" + _ARCHIVE),
    (b"PK\x05\x06", "ZIP", "an empty ZIP archive" + _ARCHIVE),
    (b"7z\xbc\xaf\x27\x1c", "7z", "a 7-Zip archive" + _ARCHIVE),
    (b"Rar!\x1a\x07", "RAR", "a RAR archive" + _ARCHIVE),
    (b"%PDF-", "PDF", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG", "a JPEG image"),
    (b"GIF87a", "GIF", "a GIF image"),
    (b"GIF89a", "GIF", "a GIF image"),
    (b"\x7fELF", "ELF executable", "an executable"),
    (b"MZ\x90\x00", "Windows executable", "a Windows executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable", "an executable"),
    (b"\xca\xfe\xba\xbe", "Java class/Mach-O", "a Java class or an executable"),
    (b"\xd0\xcf\x11\xe0", "OLE/office", "an office document"),
    (b"\x00asm", "WebAssembly", "a WebAssembly module"),
    (b"SQLite format 3\x00", "SQLite", "an SQLite database"),
)


def signature(head: bytes) -> tuple[str, str] | None:
    """(short name, what the file is) when the first bytes carry a known non-text signature."""
    for magic, short, what in SIGNATURES:
        # "BZh" may open a line of text: a bzip2 file also has its block magic right after
        if head.startswith(magic) and (magic != b"BZh" or head[4:10] == b"1AY&SY"):
            return short, what
    return None


_KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device"}
_CHUNK = 1 << 20


def iter_files(paths: Sequence[str | Path]) -> Iterator[Path]:
    """Every file under the given paths, in a stable order; folders are walked recursively. A folder given
    by the user is walked even through a symlink; symlinked folders met inside it are not entered."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            yield from _walk(p)
        else:
            yield p


def _walk(folder: Path) -> Iterator[Path]:
    # a symlinked folder is listed, not entered (it could loop back up the tree); a folder os.walk cannot
    # list is listed too: read_document then names the reason
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        yield from (Path(e.filename) for e in errors if e.filename)
        errors.clear()
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in links)
        yield from (Path(root) / name for name in sorted(files + links) if not name.startswith("."))
    yield from (Path(e.filename) for e in errors if e.filename)


def read_document(path: Path, max_bytes: int) -> RawDocument:
    """Read one regular file whole; refuse what is missing, unreadable, not a file, empty, too large or
    changing, before reading more than `max_bytes` of it."""
    name = str(path)
    before = _stat(path)
    _require_regular(path, before)
    _require_size(name, before.st_size, max_bytes)
    try:
        # O_NONBLOCK: if a FIFO replaced the file since the stat, opening it must not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputRejected(name, "unreadable", f"cannot open file: {exc.strerror}") from exc
    try:
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (before.st_dev, before.st_ino):
            raise InputRejected(name, "changed", "file was replaced while it was opened: read it again later")
        _require_regular(path, opened)
        _require_size(name, opened.st_size, max_bytes)
        data = _read_fd(fd, max_bytes + 1)
        after = os.fstat(fd)
    except OSError as exc:
        raise InputRejected(name, "unreadable", f"cannot read file: {exc.strerror}") from exc
    finally:
        os.close(fd)
    _require_unchanged(name, opened, after, len(data))
    if not data.strip():
        raise InputRejected(name, "empty", "file is empty or holds only whitespace")
    return RawDocument(path=name, file_name=path.name, data=data, sha256=hashlib.sha256(data).hexdigest())


def _read_fd(fd: int, limit: int) -> bytes:
    """At most `limit` bytes: a file that grows while it is read cannot make this read unbounded."""
    parts: list[bytes] = []
    total = 0
    while total < limit:
        chunk = os.read(fd, min(_CHUNK, limit - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def _stat(path: Path) -> os.stat_result:
    try:
        return path.stat()
    except OSError as exc:
        if path.is_symlink():
            reason = f"symbolic link whose target cannot be read: {exc.strerror}"
        else:
            reason = f"cannot read file: {exc.strerror}"
        raise InputRejected(str(path), "unreadable", reason) from exc


def _require_regular(path: Path, st: os.stat_result) -> None:
    if stat.S_ISREG(st.st_mode):
        return
    name = str(path)
    if stat.S_ISDIR(st.st_mode):
        if path.is_symlink():
            raise InputRejected(name, "not_a_file", "symbolic link to a folder: not followed (it could loop)")
        try:
            os.listdir(path)
        except OSError as exc:
            raise InputRejected(name, "unreadable", f"cannot list folder: {exc.strerror}") from exc
        raise InputRejected(name, "not_a_file", "is a folder, not a file")
    kind = _KINDS.get(stat.S_IFMT(st.st_mode), "not a regular file")
    raise InputRejected(name, "not_a_file", f"is {kind}, not a regular file: not read")


def _require_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputRejected(name, "too_large", f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit")


def _require_unchanged(name: str, opened: os.stat_result, after: os.stat_result, read: int) -> None:
    """A file still being written (a download, a copy) gives a torn document: refuse it rather than store half."""
    if (opened.st_size, opened.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or read != after.st_size:
        raise InputRejected(
            name, "changed",
            f"file changed while it was read ({opened.st_size} bytes before, {after.st_size} after, {read} read): "
            "read it again when it is complete",
        )


def detect_format(data: bytes) -> DocFormat:
    """HTML by content, not extension: several distinct HTML tags near the start of the file."""
    head = data[:65536]
    tags = {m.group(1).lower() for m in _HTML_TAG.finditer(head)}
    return "html" if len(tags) >= 2 or b"<!doctype html" in head.lower() else "text"


def decode(raw: RawDocument) -> Decoded:
    """Bytes -> text. UTF-8 first (with or without BOM); otherwise the charset the bytes best fit."""
    data = raw.data
    known = signature(data)
    if known is not None:
        raise InputRejected(raw.path, "binary", f"file is {known[1]}, not a text or HTML page")
    if data.count(b"\x00") > len(data) // 1000 and not _is_utf16(data):
        raise InputRejected(raw.path, "binary", "file holds NUL bytes: binary, not a text or HTML page")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_legacy(raw)
    if len(_CONTROL.findall(text[:65536])) > 0.01 * min(len(text), 65536):
        raise InputRejected(raw.path, "binary", f"decoded as {encoding} but full of control characters")
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text=text, encoding=encoding, format=detect_format(data))


def _decode_legacy(raw: RawDocument) -> tuple[str, str]:
    """Not UTF-8 throughout. A capture pasted together from several pages can mix UTF-8 lines with legacy
    ones: a guess for the whole file would garble the UTF-8 lines, so only the other lines are guessed."""
    lines = raw.data.splitlines(keepends=True)
    utf8: list[str | None] = []
    for line in lines:
        try:
            utf8.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            utf8.append(None)
    # UTF-16 lines do not end at a b"\n" byte: such a file is decoded whole
    mixed = _has_non_ascii(utf8) and not _is_utf16(raw.data)
    rest = b"".join(line for line, text in zip(lines, utf8, strict=True) if text is None)
    best = from_bytes(rest if mixed else raw.data).best()
    if best is None:
        raise InputRejected(raw.path, "binary", "no text encoding fits the bytes: binary file")
    if not mixed:
        return str(best), best.encoding
    legacy = [text if text is not None else line.decode(best.encoding, "replace") for line, text in zip(lines, utf8,
                                                                                                     strict=True)]
    text = "".join(legacy)
    return (text[1:] if text.startswith("\ufeff") else text), f"utf-8+{best.encoding}"


def _has_non_ascii(texts: list[str | None]) -> bool:
    """Whether some line is UTF-8 beyond ASCII: the file's writer was using UTF-8."""
    return any(t is not None and not t.isascii() for t in texts)


def _is_utf16(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")
