"""A model folder's manifest: what the artifact was fitted on, its dev figures, and each file's sha256.

Reads and writes `manifest.json` beside the model files. Loading checks every file against its digest, so a
truncated or swapped file stops ingest with a message naming it, never a model that codes garbage.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from eventwire.errors import ConfigError

FILES = ("model.onnx", "head.npz", "tokenizer.json")
OPTIONAL = ("modes.npz",)  # the mode head; a folder fitted before it existed has none
REBUILD = "rebuild it with `eventwire train` (needs `pip install -e '.[train]'`; see docs/coder.md)"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_manifest(folder: Path, info: dict[str, Any]) -> None:
    names = [*FILES, *(n for n in OPTIONAL if (folder / n).is_file())]
    info = {**info, "files": {name: _sha256(folder / name) for name in names}}
    (folder / "manifest.json").write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest, after checking that every model file is there and matches its digest."""
    path = folder / "manifest.json"
    try:
        info: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        digests = info["files"]
    except FileNotFoundError as exc:
        raise ConfigError(f"event model {path}: missing; {REBUILD}") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"event model {path}: unreadable manifest ({exc}); {REBUILD}") from exc
    for name in [*FILES, *(n for n in OPTIONAL if n in digests)]:
        file = folder / name
        if not file.is_file():
            raise ConfigError(f"event model file {file}: missing; {REBUILD}")
        if _sha256(file) != digests.get(name):
            raise ConfigError(f"event model file {file}: corrupt (sha256 differs from manifest.json); {REBUILD}")
    return info
