"""Every setting and every data file is documented where users look for it."""

from __future__ import annotations

from pathlib import Path

from eventwire.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in SETTINGS if f"| `{name}` |" not in readme]
    assert not missing, f"settings missing from README's table: {missing}"


def test_every_data_file_has_a_documented_format() -> None:
    data = ROOT / "src" / "eventwire" / "data"
    for f in list(data.glob("*.tsv")) + list((data / "actors").glob("*.tsv")):
        head = f.read_text(encoding="utf-8").splitlines()[0]
        documented = head.startswith("#") or (f.parent / "README.md").exists() or f.name == "cameo_goldstein.tsv"
        assert documented, f"{f.name}: no format header"


def test_readme_opens_with_the_two_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```bash") + 1 : lines.index("```")]
    assert len(block) == 2 and "eventwire run ../shared/seeds" in block[0] and "pytest" in block[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert block[1] in ci, ".ci/run must call the README's test command"
