"""Story threads: the seeds, and the clustering on its own."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest

from eventwire.merge import stories, threadterms
from eventwire.merge.textsim import tfidf_matrix
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
    import synthetic

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


def _topic_text(rng: random.Random, topic: int) -> str:
    """A few sentences drawing on one topic's large vocabulary and on words every topic shares, so that
    similarities spread around the threshold instead of being near 0 or 1."""
    tag = "abcdef"[topic]  # words are letters only (textsim.terms)
    own = [f"{w}{tag}" for w in ("quake", "ballot", "summit", "flood", "strike", "treaty", "border", "harbor",
                                 "budget", "court", "rocket", "tariff", "vaccine", "pipeline", "riot", "census")]
    shared = ["officials", "reported", "government", "minister", "capital", "people", "police", "region"]
    sents = []
    for _ in range(rng.randint(1, 3)):
        sents.append("The " + " ".join(rng.sample(own, 2) + rng.sample(shared, 3)) + ".")
    return " ".join(sents)


def test_the_store_places_new_articles_as_the_in_memory_clustering_does(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The store path (TF-IDF summed in DuckDB, threads as nodes) against cluster(fixed=...) over the same
    articles held in memory: the same new threads, the same joins."""
    import synthetic

    rng = random.Random(7)
    day = dt.date(2024, 3, 1)
    # topics 0-3 in the first 40 articles; 2-5 in the next 20, so some join threads and some start new ones
    docs = [(f"d{i:03d}", day + dt.timedelta(days=rng.randint(0, 20)),
             _topic_text(rng, rng.randint(0, 3) if i < 40 else rng.randint(2, 5))) for i in range(60)]
    with store.connect(tmp_path / "s.duckdb") as con:
        for doc_id, date, text in docs[:40]:
            synthetic.add_article(con, doc_id, date, "x", [], text=text)
        stories.update(con)  # 40 articles: threaded whole
        monkeypatch.setattr(stories, "FULL_LIMIT", 20)  # the next 20 are placed as one block
        for doc_id, date, text in docs[40:]:
            synthetic.add_article(con, doc_id, date, "x", [], text=text)
        before = stories.load_docs(con)
        new = before[40:]
        placed = threadterms.place(con, [d.doc_id for d in new], [stories.bag(d) for d in new],
                                   (day - dt.timedelta(days=30), day + dt.timedelta(days=50)), 0.0)
        stories.update(con)
        after = dict(con.execute("SELECT doc_id, story_id FROM story_docs").fetchall())
        labels = dict(con.execute("SELECT story_id, label FROM story_threads").fetchall())
    # every article is in the window: the context is all 60, as in memory
    mat, _ = tfidf_matrix([stories.bag(d) for d in before])
    members = {sid: [k for k, d in enumerate(before) if d.story == sid] for sid in placed.threads}
    average = np.stack([(mat[40:] @ mat[members[sid]].T).mean(axis=1) for sid in placed.threads], axis=1)
    assert placed.sizes == [len(members[sid]) for sid in placed.threads]
    assert np.allclose(placed.cross, average, atol=1e-6)
    assert np.allclose(placed.vectors @ placed.vectors.T, mat[40:] @ mat[40:].T, atol=1e-6)
    expected = stories.cluster(before, fixed=[d.story for d in before])
    group_of = {d.doc_id: g for d, g in zip(before, expected, strict=True)}
    pairs = [(a.doc_id, b.doc_id) for a in before for b in before if a.doc_id < b.doc_id]
    assert all((after[a] == after[b]) == (group_of[a] == group_of[b]) for a, b in pairs)
    joined = {after[d.doc_id] for d in before[40:]} & {after[d.doc_id] for d in before[:40]}
    fresh = {after[d.doc_id] for d in before[40:]} - joined
    assert joined and fresh  # the case covers both: new articles joining threads, and new threads
    assert set(labels) == set(after.values()) and all(labels.values())


def test_a_long_thread_is_judged_by_its_latest_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond PER_THREAD articles in the window a thread stands for its latest ones (TF-IDF over those and
    the block), while its size, for average linkage, stays the whole thread's."""
    import synthetic

    rng = random.Random(11)
    day = dt.date(2024, 3, 1)
    with store.connect(tmp_path / "s.duckdb") as con:
        for i in range(40):
            synthetic.add_article(con, f"d{i:03d}", day + dt.timedelta(days=rng.randint(0, 20)), "x", [],
                                  text=_topic_text(rng, rng.randint(0, 3)))
        stories.update(con)
        docs = stories.load_docs(con)
    new = [stories.StoryDoc(f"n{i}", _topic_text(rng, rng.randint(0, 3)), day) for i in range(5)]
    monkeypatch.setattr(threadterms, "PER_THREAD", 3)
    with store.connect(tmp_path / "s.duckdb") as con:
        placed = threadterms.place(con, [d.doc_id for d in new], [stories.bag(d) for d in new],
                                   (day - dt.timedelta(days=30), day + dt.timedelta(days=50)), 0.0)
    threads = {d.story for d in docs}
    latest = {sid: sorted((d for d in docs if d.story == sid), key=lambda d: (d.date, d.doc_id))[-3:]
              for sid in threads}
    context = [d for sid in sorted(threads) for d in latest[sid]]
    mat, _ = tfidf_matrix([stories.bag(d) for d in [*context, *new]])
    row = {d.doc_id: k for k, d in enumerate(context)}
    average = np.stack([(mat[len(context):] @ mat[[row[d.doc_id] for d in latest[sid]]].T).mean(axis=1)
                        for sid in placed.threads], axis=1)
    assert max(sum(d.story == sid for d in docs) for sid in threads) > 3  # some thread is cut
    assert placed.sizes == [sum(d.story == sid for d in docs) for sid in placed.threads]
    assert np.allclose(placed.cross, average, atol=1e-6)


def test_labels_are_whole_names_as_written() -> None:
    from eventwire.merge.threadterms import display_names

    texts = ["The NATO summit opened in Vilnius. China warned North Korea.", "North Korea fired. NATO met."]
    assert display_names(["china", "north", "korea", "nato"], texts) == ["China", "North Korea", "NATO"]
    assert display_names(["summit"], texts) == ["Summit"]  # a word no name holds stays a word
