"""The learned event coder: its data readers, candidates, model loading and the decision over real text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.coder.candidates import MAX_ACTORS, MAX_CANDIDATES, candidates
from eventwire.coder.data import conll_spans, read_conll, read_plv, unmark
from eventwire.coder.decide import SOURCE_ROLES, acts
from eventwire.coder.labels import MODEL_LABELS, type_defaults
from eventwire.coder.manifest import FILES
from eventwire.coder.model import EventModel, bundled_model
from eventwire.errors import ConfigError
from eventwire.pipeline import Resources, process_text
from eventwire.settings import Settings

TRAIN = Path(__file__).resolve().parents[2] / "shared" / "train"
words = st.text(alphabet=st.characters(blacklist_characters="<>", blacklist_categories=("Cs",)), max_size=30)


@given(words, words, words, words, words)
def test_unmark_gives_back_the_text_and_the_spans(a: str, s: str, b: str, t: str, c: str) -> None:
    text, spans = unmark(f"{a}<s>{s}</s>{b}<t>{t}</t>{c}")
    assert text == a + s + b + t + c
    assert text[slice(*spans["s"])] == s and text[slice(*spans["t"])] == t


def test_an_unclosed_marker_is_no_span() -> None:
    assert unmark("<s>China criticised Japan") == ("China criticised Japan", {})


def test_conll_spans_cover_the_tagged_tokens() -> None:
    text, spans = conll_spans(["In", "Kiev", "a", "car", "bomb", "killed", "a", "Chechen"],
                              ["O", "O", "B-S", "I-S", "I-S", "B-R", "B-T", "I-T"])
    assert [text[a:b] for a, b in spans["S"]] == ["a car bomb"]
    assert [text[a:b] for a, b in spans["T"]] == ["a Chechen"]
    assert [text[a:b] for a, b in spans["R"]] == ["killed"]


def test_the_shared_training_files_read_whole() -> None:
    if not TRAIN.is_dir():
        pytest.skip(f"{TRAIN} not found")
    rows = read_plv(TRAIN / "plv_pairs.tsv", frozenset(MODEL_LABELS))
    assert len(rows) == 1046 and {r.split for r in rows} == {"train", "dev"}
    assert all(r.text[slice(*r.source)].strip() for r in rows if r.source)
    assert len(read_conll(TRAIN / "cameo_spans.conll")) == 777


def test_a_row_with_an_unknown_type_is_an_error_naming_the_line(tmp_path: Path) -> None:
    f = tmp_path / "mine.tsv"
    f.write_text("split\ttype\tmodality\tmarked\ntrain\tHUG\tpast\t<s>A</s> hugged <t>B</t>\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mine\.tsv:2: type 'HUG'"):
        read_plv(f, frozenset(MODEL_LABELS))


def test_every_model_type_has_a_cameo_code() -> None:
    defaults = type_defaults()
    assert {t for t in MODEL_LABELS if t not in ("NONE", "YIELD")} | {"CONCEDE", "RETREAT"} == set(defaults)
    assert {t for t, d in defaults.items() if d.targetless} == {"PROTEST", "MOBILIZE"}


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_a_damaged_model_stops_with_the_file_and_how_to_rebuild(tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "model"
    shutil.copytree(bundled_model(), folder)
    if damage == "missing":
        (folder / "head.npz").unlink()
    else:
        data = bytearray((folder / "model.onnx").read_bytes())
        data[len(data) // 2] ^= 0xFF
        (folder / "model.onnx").write_bytes(bytes(data))
    with pytest.raises(ConfigError) as info:
        Resources(Settings(coder_model=str(folder))).coder  # noqa: B018
    msg = str(info.value)
    assert damage in msg and "eventwire train" in msg and str(folder) in msg and "\n" not in msg


def test_the_bundled_manifest_names_its_files() -> None:
    model = EventModel(bundled_model())
    assert set(FILES) <= set(model.info["files"]) and model.info["fitted_on"]
    assert model.labels == MODEL_LABELS


@pytest.fixture(scope="module")
def res() -> Resources:
    return Resources(Settings())


def test_candidates_stay_bounded_when_a_sentence_names_200_actors(res: Resources) -> None:
    import pycountry

    names = [c.name for c in pycountry.countries if "," not in c.name][:200]
    text = "Delegations from " + ", ".join(names) + " attended the summit."
    art = process_text(text, res)
    from eventwire.stages import nlp

    doc = nlp.parse(text, None)
    found = candidates(doc, art.mentions)
    assert len({m.actor.code for m in art.mentions}) > 100
    assert len(found) <= MAX_CANDIDATES + MAX_ACTORS


def test_a_meeting_between_two_leaders_is_coded_with_confidence(res: Resources) -> None:
    import datetime as dt

    art = process_text("Russian President Vladimir Putin held talks with Chinese President Xi Jinping in Beijing "
                       "on Tuesday.", res, published=dt.date(2024, 5, 16))
    coded = {(e.source.actor.code, e.type, e.target.actor.code if e.target else None) for e in art.events}
    assert ("RUS", "CONSULT", "CHN") in coded
    assert all(e.confidence is not None and 0 < e.confidence <= 1 for e in art.events)
    assert all(e.modality in ("past", "todo") for e in art.events)


def test_a_negated_meeting_is_no_event(res: Resources) -> None:
    art = process_text("Russian President Vladimir Putin did not meet Chinese President Xi Jinping.", res)
    assert not [e for e in art.events if e.type == "CONSULT"]


def test_ingest_with_a_missing_model_stops_with_one_line_and_stores_nothing(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app

    f = tmp_path / "a.txt"
    f.write_text("Russian President Vladimir Putin held talks with Chinese President Xi Jinping.\n", encoding="utf-8")
    db = tmp_path / "a.duckdb"
    res = CliRunner().invoke(app, ["ingest", str(f), "--db", str(db), "--coder-model", str(tmp_path / "nomodel")])
    assert res.exit_code != 0
    assert "nomodel" in res.output and "manifest.json: missing" in res.output and "eventwire train" in res.output
    if db.exists():
        import duckdb

        with duckdb.connect(str(db), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)


def test_a_500_token_sentence_codes_no_pair_the_encoder_cut_off(res: Resources) -> None:
    filler = " ".join(["and the long meeting went on and on"] * 60)
    text = f"Officials talked {filler} until Russian President Vladimir Putin attacked Chinese President Xi Jinping."
    art = process_text(text, res)
    assert len(text.split()) > 480
    assert not [e for e in art.events if e.coder == "model"]


def test_text_that_is_not_english_gets_no_model_events(res: Resources) -> None:
    from eventwire.coder.decide import reads_as_english

    german = "Der russische Präsident Wladimir Putin kritisierte die Regierung in Berlin scharf wegen der Sanktionen."
    assert not reads_as_english(german)
    assert reads_as_english("The Russian president criticised the government in Berlin over the sanctions.")
    art = process_text(german, res)
    assert not [e for e in art.events if e.coder == "model"]


def test_capitals_tables_and_lists_do_not_crash_and_tables_make_no_model_events(res: Resources) -> None:
    shouting = process_text("RUSSIAN PRESIDENT VLADIMIR PUTIN CONDEMNED THE GERMAN GOVERNMENT ON MONDAY.", res)
    assert all(e.source.actor.code for e in shouting.events)
    table = "\n".join(f"{name} | {i * 3} | {i * 7.5} | {i % 4}" for i, name in enumerate(
        ["France", "Germany", "Japan", "China", "Russia", "India", "Brazil", "Canada"] * 5))
    art = process_text(table, res)
    assert not [e for e in art.events if e.coder == "model"]
    listing = "\n\n".join(f"- {n}" for n in ("Japan", "NATO", "China", "Taiwan", "the European Union"))
    assert process_text(listing, res).events == []


def test_actors_met_only_in_obliques_are_not_acting(res: Resources) -> None:
    from eventwire.stages import nlp

    text = "Eight of ten avocados eaten in the United States are grown in Mexico."
    art = process_text(text, res)
    assert not art.events
    doc = nlp.parse(text, None)
    pair = next(c for c in candidates(doc, art.mentions) if c.target is not None)
    assert pair.source_role not in SOURCE_ROLES and not acts(pair)


def test_a_passive_agent_and_a_subject_act(res: Resources) -> None:
    from eventwire.stages import nlp

    text = "Ukraine was attacked by Russia on Monday."
    art = process_text(text, res)
    roles = {(c.source.text, c.source_role) for c in candidates(nlp.parse(text, None), art.mentions)}
    assert ("Russia", "agent") in roles and ("Ukraine", "nsubjpass") in roles


def test_an_apposition_describes_its_head_and_is_no_event(res: Resources) -> None:
    from eventwire.stages import nlp

    text = "Michael Haltzel, former foreign policy adviser to Vice President Joseph Biden, is a senior fellow."
    art = process_text(text, res)
    assert not art.events
    pairs = [c for c in candidates(nlp.parse(text, None), art.mentions)]
    assert pairs and not any(acts(c) for c in pairs if "appos" in (c.source_role, c.target_role))


def test_force_to_come_is_a_threat_and_wished_help_an_agreement() -> None:
    from eventwire.coder.decide import _as_intended
    from eventwire.stages import nlp

    def anchor_of(text: str, verb: str) -> object:
        doc = nlp.parse(text, None)
        tok = next(t for t in doc if t.text == verb)
        return type("C", (), {"path_tokens": (tok,), "anchor": tok})()

    assert _as_intended(anchor_of("Russia will attack Ukraine.", "attack"), "ASSAULT") == "THREATEN"
    assert _as_intended(anchor_of("Russia plans to impose sanctions on Ukraine.", "impose"), "SANCTION") == \
        "THREATEN"
    assert _as_intended(anchor_of("Japan wants to help the Philippines.", "help"), "AID") == "AGREE"
    assert _as_intended(anchor_of("Russia attacked Ukraine.", "attacked"), "ASSAULT") == "ASSAULT"
    assert _as_intended(anchor_of("Japan will help the Philippines.", "help"), "AID") == "AGREE"
    assert _as_intended(anchor_of("Japan helped the Philippines.", "helped"), "AID") == "AID"
    assert _as_intended(anchor_of("Israel said it would free the prisoners.", "free"), "YIELD") == "CONCEDE"


def test_the_mode_head_gives_a_mode_only_when_sure_and_never_no_mode(tmp_path: Path) -> None:
    import numpy as np

    from eventwire.coder.modes import MIN_MODE_PROBABILITY, ModeHead

    # a two-mode head as fit() writes it for scikit-learn's binary case: a softmax pair along one direction
    np.savez(tmp_path / "modes.npz", types=np.array(["PROTEST"]), PROTEST_w=np.array([[-1.0, 0.0], [1.0, 0.0]]),
             PROTEST_b=np.zeros(2), PROTEST_modes=np.array(["", "strike"]))
    head = ModeHead(tmp_path / "modes.npz")
    assert head.mode(np.array([3.0, 0.0]), "PROTEST")[0] == "strike"
    assert head.mode(np.array([-3.0, 0.0]), "PROTEST")[0] is None  # the head says: no mode
    mode, p = head.mode(np.array([0.1, 0.0]), "PROTEST")
    assert mode is None and p < MIN_MODE_PROBABILITY  # not sure enough
    assert head.mode(np.array([3.0, 0.0]), "ASSAULT") == (None, 0.0)  # a type without a head


def test_a_damaged_mode_head_is_an_error_naming_it(tmp_path: Path) -> None:
    from eventwire.coder.modes import ModeHead

    (tmp_path / "modes.npz").write_bytes(b"not a zip")
    with pytest.raises(ConfigError, match=r"modes\.npz"):
        ModeHead(tmp_path / "modes.npz")


def test_a_target_someone_else_acts_on_is_not_the_sources(res: Resources) -> None:
    art = process_text("Obama said he would not give permission to Russia to help Israel.", res)
    pairs = {(e.source.actor.code, e.type, e.target.actor.code if e.target else None) for e in art.events}
    assert ("USA", "REJECT", "RUS") in pairs and not any(p[2] == "ISR" for p in pairs)


def test_the_passive_subject_of_object_control_is_the_one_to_act() -> None:
    from eventwire.stages import nlp
    from eventwire.stages.event_syntax import subject_tokens

    doc = nlp.parse("Obama is being pressured by Congress to help Iran.", None)
    help_ = next(t for t in doc if t.text == "help")
    assert [t.text for t in subject_tokens(help_)[0]] == ["Obama"]


def test_a_short_english_sentence_reads_as_english_and_a_short_german_one_does_not() -> None:
    from eventwire.coder.decide import reads_as_english

    assert reads_as_english("Russian and Chinese troops held joint drills.")
    assert not reads_as_english("Putin kritisierte die Regierung in Berlin scharf.")
