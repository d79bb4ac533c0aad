"""CLI command `train`: refit the event model (registered on eventwire.cli.app)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from eventwire.cli_common import console, err, fail
from eventwire.errors import EventwireError


def train(data: Annotated[Path, typer.Option("--data", help="Folder in the shared/train layout (plv_pairs.tsv, "
                                                             "cameo_spans.conll, synthetic_stories.tsv.gz).")]
          = Path("../shared/train"),
          out: Annotated[Path, typer.Option("--out", help="Model folder to write; use it with "
                                                          "EVENTWIRE_CODER_MODEL or --coder-model.")]
          = Path("eventwire-model"),
          extra: Annotated[list[Path] | None, typer.Option("--extra", help="Your own labelled rows in the "
                                                                           "plv_pairs.tsv format (repeatable).")]
          = None,
          epochs: Annotated[int, typer.Option(min=1, help="Passes over the training rows.")] = 6,
          stories: Annotated[int, typer.Option(min=0, help="Synthetic story sentences added to the fit.")] = 1200,
          ) -> None:
    """Fit the event model on the `train` rows and print what it reaches on the `dev` rows (needs the
    `train` extra: pip install -e '.[train]')."""
    from eventwire.coder.train import TrainConfig, run

    for path in [data, *(extra or [])]:
        if not path.exists():
            fail(f"{path}: no such file or folder")
    try:
        figures = run(data, out, list(extra or []), TrainConfig(epochs=epochs, stories=stories),
                      log=lambda msg: err.print(msg, highlight=False))
    except EventwireError as exc:
        fail(str(exc))
    console.print(json.dumps(figures, indent=2), highlight=False)
    console.print(f"model written to {out}", highlight=False)
