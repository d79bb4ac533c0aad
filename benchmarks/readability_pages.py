"""mozilla/readability's test pages (Apache-2.0), the public training pages of the capture cleaner's line scorer
and headline weights: read from a git directory of that repository, split by a hash of the page's name.

    PAGES: where this workplace keeps the repository's mirror; pass --pages to the fit scripts for another clone.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

PAGES = Path("/work/.mirror/mozilla+readability/repo")
TEST_PAGES = "test/test-pages"


def is_dev(name: str) -> bool:
    """A fixed quarter of the pages is dev (chosen on, reported), the rest train (fitted on)."""
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % 4 == 0


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def names(repo: Path) -> list[str]:
    return git(repo, "ls-tree", "--name-only", f"HEAD:{TEST_PAGES}").split()


def commit(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def read(repo: Path, name: str, file: str) -> str:
    """One of a page's files (source.html, expected.html, expected-metadata.json); CalledProcessError if absent."""
    return git(repo, "show", f"HEAD:{TEST_PAGES}/{name}/{file}")
