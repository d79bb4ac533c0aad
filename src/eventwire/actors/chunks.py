"""Grouping matched parts into mention chunks.

A chunk is what analysts read as one actor mention:

    [actor] ['s] [adjectives] [role words...] [name]      "Chinese Foreign Ministry spokesman Lin Jian"
                                                           "Japan's Prime Minister Fumio Kishida"
                                                           "China's communist regime", "NATO chief"
    [role words...] of [the] [actor]                       "secretary general of the ... military alliance"
    [name]                                                 "Kishida", "Jens Stoltenberg"

Parts that cannot be actors here (a capital used as a place, a demonym with no role noun, a state's name
inside a company's) are dropped now, so the resolver only sees candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from eventwire.actors.docview import DocView
from eventwire.actors.matching import NAME_LIKE, Part

MOD_KINDS = frozenset({"name", "demonym", "capital", "org", "anaphor"})
PERSON_KINDS = frozenset({"person", "ner_person", "name_run"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})
_STANCE_PREFIXES = frozenset({"pro", "anti"})


@dataclass
class Chunk:
    start: int  # token span, including a leading "the" for anaphors and bare roles
    end: int
    mod: Part | None = None  # the state or organisation
    roles: list[Part] = field(default_factory=list)
    person: Part | None = None
    shared_role: Part | None = None  # "Japanese" in "Japanese and NATO officials" takes "officials"

    @property
    def role_keys(self) -> tuple[str, ...]:
        keyed = [p.entry.roles for p in self.roles if p.entry and p.entry.roles]
        return keyed[-1] if keyed else ()  # the last role word is the head: "Kremlin spokesman"


@dataclass(frozen=True)
class PronounItem:
    start: int
    end: int
    referent: str  # m | f | pair | pair_person


def build(view: DocView, parts: list[Part]) -> tuple[list[Chunk], list[PronounItem], list[int]]:
    """Chunks, pronouns, and the uncovered capitalised tokens that may be short names of known people."""
    doc = view.doc
    covered = [False] * len(doc)
    for part in parts:
        covered[part.start:part.end] = [True] * (part.end - part.start)
    chunks: list[Chunk] = []
    pronouns: list[PronounItem] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if part.kind == "pronoun":
            assert part.entry is not None and part.entry.referent is not None
            pronouns.append(PronounItem(part.start, part.end, part.entry.referent))
            i += 1
            continue
        chunk, i = _grow(view, parts, i, covered)
        if chunk is not None and _keep(view, chunk, covered):
            chunks.append(chunk)
    role_at = {t: p for p in parts if p.kind == "role" for t in range(p.start, p.end)}
    for chunk in chunks:
        if chunk.mod and chunk.mod.kind == "demonym" and not chunk.roles and not chunk.person:
            chunk.shared_role = _shared_role(doc, chunk.mod, role_at)
    short = [t.i for t in doc if not covered[t.i] and t.is_alpha and len(t.text) > 1 and t.text[0].isupper()]
    return chunks, pronouns, short


def _grow(view: DocView, parts: list[Part], i: int, covered: list[bool]) -> tuple[Chunk | None, int]:
    doc, part = view.doc, parts[i]
    chunk = Chunk(part.start, part.end)
    nxt = i + 1
    if part.kind in MOD_KINDS:
        chunk.mod = part
        if part.kind == "anaphor" and not _after_the(doc, part.start):
            return None, nxt  # "bloc confrontation", "military blocs": not a reference back
        if part.kind == "anaphor":
            chunk.start -= 1
        if nxt < len(parts) and parts[nxt].kind == "role" and _gap_ok(doc, part.end, parts[nxt].start, 2):
            nxt = _take_roles(parts, nxt, chunk)
        elif nxt < len(parts) and parts[nxt].kind in PERSON_KINDS and part.kind != "capital" \
                and _gap_ok(doc, part.end, parts[nxt].start, 0):  # not "Washington's Eddie Jordan" (a team)
            chunk.person, chunk.end = parts[nxt], parts[nxt].end
            return chunk, nxt + 1
    elif part.kind == "role":
        nxt = _take_roles(parts, i, chunk)
        if _after_the(doc, part.start):
            chunk.start -= 1
        if nxt < len(parts) and parts[nxt].kind in MOD_KINDS and _of_gap(doc, chunk.end, parts[nxt].start) \
                and not _owns_next(doc, parts[nxt]):
            chunk.mod, chunk.end = parts[nxt], parts[nxt].end  # "Secretary-General of NATO"
            return _check_role_head(view, chunk), nxt + 1
    elif part.kind in PERSON_KINDS:
        chunk.person = part
        return chunk, nxt
    else:
        return None, nxt
    if chunk.roles:
        nxt = _take_name(view, parts, nxt, chunk, covered)
    return _check_role_head(view, chunk), nxt


def _take_roles(parts: list[Part], i: int, chunk: Chunk) -> int:
    """Consecutive role words form one role: "Foreign Ministry" + "spokesman", "Kremlin" + "spokesman"."""
    chunk.roles.append(parts[i])
    chunk.end = parts[i].end
    j = i + 1
    while j < len(parts) and parts[j].kind == "role" and parts[j].start == chunk.end:
        chunk.roles.append(parts[j])
        chunk.end = parts[j].end
        j += 1
    return j


def _take_name(view: DocView, parts: list[Part], j: int, chunk: Chunk, covered: list[bool]) -> int:
    """The name right after the role: a dictionary person, a PERSON entity, or capitalised words."""
    if j < len(parts) and parts[j].kind in PERSON_KINDS and parts[j].start == chunk.end:
        chunk.person, chunk.end = parts[j], parts[j].end
        return j + 1
    run = _name_run(view, chunk.end, covered)
    if run is not None:
        chunk.person, chunk.end = run, run.end
        for t in range(run.start, run.end):
            covered[t] = True
    return j


def _name_run(view: DocView, start: int, covered: list[bool]) -> Part | None:
    """Capitalised proper nouns after a role ("Ministry spokesman Zhang Wei"), when NER missed the name.
    Not on headline lines, where every word is capitalised."""
    doc = view.doc
    if start >= len(doc) or view.is_headline(start) or doc[start - 1].tag_ in ("NNS", "NNPS"):
        return None  # "Ukrainian lawmakers Tuesday": a plural role is not followed by a name
    end, words = start, 0
    while end < len(doc) and words < 4 and not covered[end]:
        tok = doc[end]
        if tok.pos_ == "PROPN" and tok.text[0].isupper() and tok.is_alpha and tok.ent_type_ in ("", "PERSON"):
            end, words = end + 1, words + 1
        elif tok.text == "-" and end > start and not doc[end - 1].whitespace_ and end + 1 < len(doc) \
                and doc[end + 1].is_alpha and not tok.whitespace_:
            end += 2  # "Chia-lung"
        else:
            break
    return Part(start, end, "name_run") if words else None


def _check_role_head(view: DocView, chunk: Chunk) -> Chunk | None:
    """Drop role words that only modify another noun: "China's growing military power" is China, not its
    military; "the chief executive" is no chief. Headlines are exempt (their parse is unreliable), and so are
    offices after a state or organisation ("NATO chief"), which the parser sometimes attaches oddly."""
    mod = chunk.mod
    if not chunk.roles or chunk.person is not None or (mod is not None and mod.end > chunk.roles[0].start):
        return chunk
    if mod is not None and chunk.role_keys:
        return chunk
    last = view.doc[chunk.roles[-1].end - 1]
    if last.dep_ in _MODIFIER_DEPS and last.head.i >= chunk.end and last.head.pos_ == "NOUN" \
            and not view.is_headline(last.i):
        if mod is None:
            return None
        chunk.roles = []
        chunk.end = mod.end
    return chunk


def _keep(view: DocView, chunk: Chunk, covered: list[bool]) -> bool:
    mod = chunk.mod
    if mod is None or mod.kind not in NAME_LIKE:
        return True
    doc = view.doc
    if mod.start >= 2 and doc[mod.start - 1].text == "-" and doc[mod.start - 2].lower_ in _STANCE_PREFIXES:
        return False  # "pro-Russia rebels" are not Russia's
    if view.inside_thing_name(mod.start, mod.end, covered):
        return False  # "Korea Electric Power", "The Moscow Times"
    if mod.kind == "capital" and not chunk.roles and not chunk.person:
        return not view.is_place(mod.start, mod.end)
    return True


def _shared_role(doc: Doc, mod: Part, role_at: dict[int, Part]) -> Part | None:
    tok = doc[mod.end - 1]
    for _ in range(3):
        if tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
    if tok.dep_ not in ("amod", "compound", "nmod") or tok.head.i not in role_at:
        return None
    role = role_at[tok.head.i]
    return role if tok.head.i == role.end - 1 else None


def _after_the(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].lower_ == "the"


def _gap_ok(doc: Doc, end: int, start: int, max_words: int) -> bool:
    """Only a possessive and up to ``max_words`` lowercase modifiers between actor and role or name
    ("China's communist regime", "Rwanda's information minister")."""
    gap = list(doc[end:start])
    if gap and gap[0].text in _POSSESSIVE:
        gap = gap[1:]
    return len(gap) <= max_words and all(tok.pos_ == "ADJ" or (tok.pos_ == "NOUN" and tok.is_lower) for tok in gap)


def _of_gap(doc: Doc, end: int, start: int) -> bool:
    """"Secretary-General of [the] NATO", but not "leaders of Egypt's Muslim Brotherhood"."""
    words = [tok.lower_ for tok in doc[end:start]]
    return words in (["of"], ["of", "the"])


def _owns_next(doc: Doc, part: Part) -> bool:
    return part.end < len(doc) and doc[part.end].text in _POSSESSIVE
