"""Story threads: the seeds, and the clustering on its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventwire.merge import stories
from eventwire.store import db as store


def test_seed_story_threads(seeds_db: Path) -> None:
    with store.connect(seeds_db, read_only=True) as con:
        rows = con.execute("SELECT files, label, num_articles FROM stories").fetchall()
    groups = {frozenset(f[:3] for f in files) for files, _, _ in rows}
    assert groups == {frozenset({"002", "004"}), frozenset({"001", "003"}), frozenset({"000"})}
    assert all(label for _, label, _ in rows)


def test_story_rows_have_span_and_outlets(seeds_db: Path) -> None:
    with store.connect(seeds_db, read_only=True) as con:
        row = con.execute("SELECT first_date, last_date, outlets FROM stories "
                          "WHERE list_contains(files, (SELECT file_name FROM articles WHERE file_name LIKE '004%'))"
                          ).fetchall()[0]
    assert row[0] == dt.date(2023, 1, 31) and row[1] == dt.date(2023, 2, 1)
    assert set(row[2]) == {"BOL News", "The Epoch Times"}


def _doc(i: str, text: str, date: dt.date | None = None) -> stories.StoryDoc:
    return stories.StoryDoc(i, text, date)


def test_cluster_groups_by_content_and_separates_far_dates() -> None:
    quake = "A strong earthquake struck Sumatra Indonesia, collapsing buildings in Padang. Rescuers searched. "
    rehab = "Actress Lindsay entered a Malibu rehab clinic, her publicist said on Monday. "
    docs = [_doc("a", quake * 3, dt.date(2024, 1, 1)), _doc("b", rehab * 3),
            _doc("c", quake * 2 + "Aftershocks shook Padang overnight. "),
            _doc("d", rehab * 2), _doc("e", quake * 3, dt.date(2024, 6, 1)),
            _doc("f", "Parliament passed the budget bill after a long debate. " * 3)]
    labels = stories.cluster(docs)
    assert labels[0] == labels[2] and labels[1] == labels[3]
    assert labels[0] != labels[1] and labels[4] != labels[0] and len(set(labels)) == 4
    assert stories.cluster(docs) == labels  # deterministic
    assert stories.cluster([]) == []


def test_incremental_threads_keep_old_assignments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.merge import synthetic

    monkeypatch.setattr(stories, "FULL_LIMIT", 1)  # force the incremental path on a small store
    quake = "A strong earthquake struck Sumatra, collapsing buildings in Padang as rescuers searched. " * 3
    vote = "Parliament passed the budget bill in Ankara after a long debate on taxes. " * 3
    day = dt.date(2024, 5, 1)
    with store.connect(tmp_path / "s.duckdb") as con:
        synthetic.add_article(con, "a", day, "x", [], text=quake)
        synthetic.add_article(con, "b", day, "y", [], text=vote)
        assert stories.update(con) == 2
        before = dict(con.execute("SELECT doc_id, story_id FROM story_docs").fetchall())
        synthetic.add_article(con, "c", day + dt.timedelta(days=1), "z", [], text=quake + "Aftershocks followed.")
        synthetic.add_article(con, "d", day + dt.timedelta(days=90), "z", [], text=quake)
        stories.update(con)
        after = dict(con.execute("SELECT doc_id, story_id FROM story_docs").fetchall())
        assert stories.update(con) == 0  # nothing new
    assert {k: after[k] for k in before} == before
    assert after["c"] == after["a"] and after["d"] not in (after["a"], after["b"])
