"""POST /api/ingest: multipart upload of captures, ingested like `eventwire ingest`, only with the write token."""

from __future__ import annotations

import hmac
import re
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Header, HTTPException, Request, UploadFile

from eventwire import service
from eventwire.settings import Settings
from eventwire.stages import load
from eventwire.web.dbaccess import Database

router = APIRouter(prefix="/api", tags=["write"])

ALLOWED_SUFFIXES = (".txt", ".text", ".html", ".htm")
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
CHUNK = 1 << 16
SNIFF = 4096
# The name says .txt or .html but the bytes decide: formats known by their signature (load.SIGNATURES, the
# table the ingest itself refuses by) are named in the refusal; some (PDF) carry no NUL or control byte early
# on for the byte test below to catch.
# tab, newline, vertical tab, form feed, carriage return, escape: seen in real captures; other C0 bytes are not
TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Declares the header in the schema; the check itself ran before the body was read (see check_write)."""
    check_write(request)


def check_write(request: Request) -> None:
    """Bearer token check in constant time, then the body size, all from the headers alone."""
    authorization = request.headers.get("authorization")
    expected: str | None = request.app.state.write_token
    if expected is None:
        raise HTTPException(403, "this server is read-only; start it with --write-token to accept uploads")
    if not authorization or not authorization.startswith("Bearer "):
        raise HTTPException(401, "missing write token: send 'Authorization: Bearer TOKEN'",
                            headers={"WWW-Authenticate": "Bearer"})
    given = authorization[len("Bearer "):].encode("utf-8", "surrogateescape")
    if not hmac.compare_digest(given, expected.encode("utf-8")):
        raise HTTPException(403, "wrong write token")
    _check_length(request)


def _check_length(request: Request) -> None:
    limit = request.app.state.max_upload_bytes * request.app.state.max_files
    length = request.headers.get("content-length")
    if length is None:
        # a chunked body of unknown size would have to be read to be refused; ask for the size instead
        raise HTTPException(411, "send Content-Length with the upload")
    if not length.isdigit() or int(length) > limit:
        raise HTTPException(413, f"request body over {limit} bytes")


def _safe_name(name: str | None) -> str:
    """The upload's own name, if it is a plain file name: no folders, no '..', no hidden files."""
    if not name or not SAFE_NAME.match(name) or ".." in name:
        raise HTTPException(422, f"file name {name!r} refused: use letters, digits, '.', '_', '-' only")
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise HTTPException(415, f"{name}: only {', '.join(ALLOWED_SUFFIXES)} files are accepted")
    return name


def _save(upload: UploadFile, folder: Path, max_bytes: int) -> Path:
    name = _safe_name(upload.filename)
    dest = folder / name
    if dest.exists():
        raise HTTPException(422, f"{name}: the same file name twice in one upload")
    size = 0
    with dest.open("wb") as out:
        while chunk := upload.file.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise HTTPException(413, f"{name}: over the {max_bytes}-byte limit per file")
            if size == len(chunk) and (kind := sniff_binary(chunk[:SNIFF])):
                raise HTTPException(415, f"{name}: {kind} content; send plain text or HTML")
            out.write(chunk)
    return dest


def sniff_binary(head: bytes) -> str | None:
    """What non-text format the first bytes of an upload show, or None when they read as text or HTML."""
    known = load.signature(head.lstrip(b"\xef\xbb\xbf"))  # a UTF-8 byte order mark is text
    if known is not None:
        return known[0]
    if b"\x00" in head:
        return "binary"
    controls = sum(1 for byte in head if byte < 0x20 and byte not in TEXT_CONTROLS)
    return "binary" if controls * 100 > len(head) else None


@router.post("/ingest", dependencies=[Depends(require_token)], status_code=200)
def upload(request: Request, files: Annotated[list[UploadFile], File(description="Captures: .txt or .html")]
           ) -> dict[str, Any]:
    """Store uploaded captures (needs the write token); the answer is the ingest summary."""
    if len(files) > request.app.state.max_files:
        raise HTTPException(413, f"at most {request.app.state.max_files} files per upload")
    database: Database = request.app.state.db
    # private folder (mode 0700), removed afterwards; the names inside were checked by _safe_name
    folder = Path(tempfile.mkdtemp(prefix="eventwire-upload-"))
    try:
        saved = [_save(f, folder, request.app.state.max_upload_bytes) for f in files]
        with database.writer():
            summary = service.ingest([folder], database.path, Settings(db=database.path), files=saved)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    out = asdict(summary)
    for failure in out["failures"]:
        failure["path"] = Path(failure["path"]).name  # the temp folder is of no use to the client
    return out
