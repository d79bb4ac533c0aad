"""Test helper (not shipped): an ingest that prints "stored" as each document is committed, so a test can
SIGKILL it at a chosen point of its progress instead of after a guessed number of seconds.

    python tests/progress_ingest.py CORPUS DB
"""

from __future__ import annotations

import sys
from pathlib import Path

from eventwire import service
from eventwire.settings import Settings


def main() -> None:
    corpus, db = Path(sys.argv[1]), Path(sys.argv[2])
    service.ingest([corpus], db, Settings(db=db, batch_docs=1), progress=lambda path, status: print(status, flush=True))


if __name__ == "__main__":
    main()
