"""The load stage on real and bad inputs: encodings, binary, empty, oversized, format by content."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.errors import InputRejected
from eventwire.stages.load import decode, detect_format, iter_files, read_document

MB = 1024 * 1024


def _read(path: Path):
    return decode(read_document(path, 16 * MB))


def test_seed_is_text_utf8(seeds_dir: Path) -> None:
    dec = _read(next(iter(sorted(seeds_dir.glob("000_*.txt")))))
    assert dec.format == "text" and dec.encoding == "utf-8"
    assert "Japan Today" in dec.text


def test_same_bytes_same_id(tmp_path: Path, seeds_dir: Path) -> None:
    src = next(iter(sorted(seeds_dir.glob("*.txt"))))
    copy = tmp_path / "copy.html"  # a misleading extension must not matter
    copy.write_bytes(src.read_bytes())
    a, b = read_document(src, MB), read_document(copy, MB)
    assert a.sha256 == b.sha256 and a.doc_id == b.doc_id
    assert detect_format(b.data) == "text"


def test_html_detected_by_content(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("<!DOCTYPE html><html><head><title>T</title></head><body><p>Hi</p></body></html>")
    assert _read(page).format == "html"


@pytest.mark.parametrize("encoding,text", [
    ("cp1252", "Le ministre a déclaré « non » – fin."),
    ("shift_jis", "日本の首相は北大西洋条約機構の事務総長と東京で会談した。" * 3),
])
def test_legacy_encodings(tmp_path: Path, encoding: str, text: str) -> None:
    f = tmp_path / "legacy.txt"
    f.write_bytes(text.encode(encoding))
    assert _read(f).text == text


def test_empty_file_rejected(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"  \n\n ")
    with pytest.raises(InputRejected, match="empty") as exc:
        _read(f)
    assert str(f) in str(exc.value)


def test_binary_rejected(tmp_path: Path) -> None:
    f = tmp_path / "image.png"
    f.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputRejected) as exc:
        _read(f)
    assert exc.value.code == "binary" and str(f) in str(exc.value)


def test_oversized_rejected_before_reading(tmp_path: Path) -> None:
    f = tmp_path / "huge.html"
    f.write_bytes(b"<html><body>" + b"<p>word</p>" * (2 * MB) + b"</body></html>")  # ~22 MB
    with pytest.raises(InputRejected, match="MB limit") as exc:
        read_document(f, 16 * MB)
    assert exc.value.code == "too_large"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputRejected, match="cannot read"):
        read_document(tmp_path / "nope.txt", MB)


def test_iter_files_recursive_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "1.txt").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])] == ["1.txt", "b/2.txt"]


@settings(deadline=None)  # charset detection time varies with the bytes
@given(st.binary(min_size=1, max_size=4000))
def test_decode_never_crashes(data: bytes) -> None:
    from eventwire.records import RawDocument

    raw = RawDocument("fuzz.bin", "fuzz.bin", data, "0" * 64)
    try:
        dec = decode(raw)
    except InputRejected as exc:
        assert exc.code in {"binary"} and "fuzz.bin" in str(exc)
    else:
        assert "\x00" not in dec.text
