"""Dependency-parse helpers for the event coder: who is the subject, what is the object, which actor
mentions a noun phrase holds. Pure functions over spaCy tokens and the article's actor mentions."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from eventwire.records import ActorMention

# Inside a noun phrase, these edges lead to the phrase's own participants ("cooperation between China and
# Russia", "support expressed by NATO"); clauses and circumstantial phrases lead away from it.
_NP_EDGES = frozenset({"poss", "nsubj", "compound", "amod", "nmod", "prep", "pobj", "conj", "cc", "appos", "acl",
                       "agent", "det", "nummod", "npadvmod", "dobj"})
_NP_SKIP_PREPS = frozenset({"including", "in", "at", "on", "across", "around", "near", "during", "for",
                            "since", "until", "after", "before", "like", "such", "as", "despite", "amid",
                            "within", "into", "toward", "towards", "to", "under"})
_DIRECT_EDGES = frozenset({"poss", "compound", "amod", "nmod"})
TARGET_PREPS = frozenset({"with", "against", "on", "upon", "about", "over", "toward", "towards", "to", "at",
                          "of", "from"})
MODALS_HYPOTHETICAL = frozenset({"would", "could", "might", "may", "should", "must"})
FIRST_PERSON = frozenset({"we", "i", "us", "our"})
# verbs whose infinitive did not happen: "declined to threaten Moscow", "failed to reach a deal"
REFUSALS = frozenset({"decline", "refuse", "fail", "avoid", "neglect"})


def first_person(tok: Token) -> bool:
    """ "we"/"I" - but not "US" the country, which lower-cases to the same word."""
    return tok.lower_ in FIRST_PERSON and tok.pos_ == "PRON"
STATEMENT_NOUNS = frozenset({"statement", "communique", "communiqué", "declaration"})


class MentionIndex:
    """Actor mentions looked up by token."""

    def __init__(self, doc: Doc, mentions: Iterable[ActorMention]) -> None:
        self._by_token: dict[int, list[ActorMention]] = {}
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                self._by_token.setdefault(tok.i, []).append(m)

    def at(self, tok: Token) -> list[ActorMention]:
        return self._by_token.get(tok.i, [])


def is_negated(tok: Token) -> bool:
    """Negated itself, or inside a non-finite phrase of a negated verb ("did not give permission to Russia to
    help Israel", "has no plans to join")."""
    cur = tok
    for _ in range(4):
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in cur.children):
            return True
        if cur.dep_ == "xcomp" and cur.head.lemma_.lower() in REFUSALS:
            return True
        nonfinite = cur.dep_ in ("xcomp", "ccomp", "acl", "dobj", "pobj", "prep") or (
            cur.dep_ == "advcl" and infinitive(cur))  # "to help" under "did not give permission"
        if not nonfinite or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


# types that are uses of force: wanted, planned or announced ("will attack"), they are threats (PLOVER THREATEN)
FORCE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"})
# verbs whose infinitive is wished or planned, not done ("wants to attack", "plans to visit")
IRREALIS = frozenset({"want", "wish", "hope", "plan", "intend", "aim", "seek", "try", "attempt", "prepare",
                      "consider", "propose", "expect", "schedule", "slate", "due", "set", "poise"})


def irrealis_governor(tok: Token, irrealis: frozenset[str]) -> Token | None:
    """The wanting/planning verb an infinitive hangs from ("wants to attack", "plans to visit", "is expected to
    meet", "is planning on attending"), if any."""
    head = tok.head
    infinitival = tok.dep_ == "xcomp" or (tok.dep_ in ("ccomp", "advcl") and infinitive(tok))
    if infinitival and head.i != tok.i and head.lemma_.lower() in irrealis:
        return head
    if tok.dep_ == "pcomp" and head.lower_ == "on" and head.head.lemma_.lower() in irrealis:
        return head.head
    return None


def planned(tok: Token) -> bool:
    """The predicate is to come, not done: "will meet", "would free", "plans to visit", "is expected to meet"."""
    return has_future(tok) or irrealis_governor(tok, IRREALIS) is not None


def infinitive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def complement(tok: Token) -> bool:
    """An infinitive completing its governor: "urged China to stop" (the parser also calls it advcl:
    "is being pressured by Congress to help Iran")."""
    return tok.dep_ == "xcomp" or (tok.dep_ == "advcl" and infinitive(tok))


def trigger_token(sentence: Span | None, trigger: str) -> Token | None:
    """The token an event's trigger text starts with, in its sentence (the first one of that text)."""
    words = trigger.split()
    return next((t for t in sentence or () if words and t.text == words[0]), None)


def is_hypothetical(tok: Token) -> bool:
    """Conditional or modal predicates describe what may happen, not what happened."""
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in MODALS_HYPOTHETICAL:
            return True
        if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
            return True
    return False


def did_not_happen(tok: Token, speech: frozenset[str]) -> bool:
    """Modal and conditional predicates did not happen - except reported "would", which is the future of
    indirect speech ("China said it would retaliate" = "China: we will retaliate")."""
    if not is_hypothetical(tok):
        return False
    reported = tok.dep_ == "ccomp" and tok.head.lemma_.lower() in speech
    modals = {c.lower_ for c in tok.children if c.dep_ == "aux" and c.lower_ in MODALS_HYPOTHETICAL}
    conditional = any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in tok.children)
    return not (reported and modals <= {"would"} and not conditional)


def has_future(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll") for c in tok.children)


def subject_tokens(verb: Token) -> tuple[list[Token], bool]:
    """The verb's subject heads and whether the clause is passive (agent = source, subject = target).
    Infinitives, participles and conjoined verbs without a subject of their own take their governor's."""
    seen = 0
    tok = verb
    while seen < 4:
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "csubj", "expl")]
        agent = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if agent:
            return agent, True
        if subj:
            return subj, False
        if any(c.dep_ == "nsubjpass" for c in tok.children):
            return [], True
        if tok.dep_ == "xcomp":
            # object control: "urged China to stop" - China, not the urger, is the one to stop
            objects = [c for c in tok.head.children if c.dep_ in ("dobj", "dative")]
            if objects:
                return objects, False
        if complement(tok):
            # raising: "Obama is scheduled to attend", and a passive of object control: "Obama is being
            # pressured by Congress to help Iran" - the passive subject is the one to act, not the agent
            raised = [c for c in tok.head.children if c.dep_ == "nsubjpass"]
            if raised:
                return raised, False
        if tok.dep_ in ("xcomp", "conj", "advcl") and tok.head.i != tok.i:
            tok = tok.head
            seen += 1
            continue
        break
    return [], False


def np_mentions(head: Token, index: MentionIndex, max_depth: int = 4) -> list[ActorMention]:
    """Actor mentions a noun phrase refers to: its head, possessor and modifiers first; failing those, its
    nearest inner participants (the shallowest ones found); coordinated heads each count."""
    heads = [head, *head.conjuncts]
    # "The US, Russia, and Switzerland": the small model parses such lists as an apposition with conjuncts
    heads += [c2 for c in head.children if c.dep_ == "appos" and c.conjuncts for c2 in (c, *c.conjuncts)]
    direct: list[ActorMention] = []
    for h in heads:
        direct.extend(index.at(h))
        for c in h.children:
            if c.dep_ in _DIRECT_EDGES:
                direct.extend(index.at(c))
    if direct:
        return _unique(direct)
    return _unique(_bfs_mentions(heads, index, max_depth))


def _bfs_mentions(heads: list[Token], index: MentionIndex, max_depth: int) -> list[ActorMention]:
    """Breadth-first down the phrase; stop at the first depth that holds a mention, so "an attempt by China
    to change the status quo with Taiwan" is China's attempt. Coordination costs no depth."""
    frontier = list(heads)
    seen = {h.i for h in heads}
    for _depth in range(max_depth + 1):
        found = [m for t in frontier for m in index.at(t)]
        if found:
            return found
        nxt: list[Token] = []
        for tok in frontier:
            for c in tok.children:
                if c.i in seen or c.dep_ not in _NP_EDGES:
                    continue
                if c.dep_ == "prep" and c.lower_ in _NP_SKIP_PREPS:
                    continue
                seen.add(c.i)
                nxt.append(c)
                for cj in c.conjuncts:
                    if cj.i not in seen:
                        seen.add(cj.i)
                        nxt.append(cj)
        frontier = nxt
    return []


def statement_issuers(doc: Doc, index: MentionIndex, statement_nouns: frozenset[str]) -> dict[int, list[ActorMention]]:
    """Token index of each statement noun used as a subject ("the statement says") -> the actors who issued
    the latest statement before it ("they issued a joint statement", "they said in a joint statement")."""
    issuers: list[ActorMention] = []
    out: dict[int, list[ActorMention]] = {}
    for tok in doc:
        if tok.lemma_.lower() not in statement_nouns:
            continue
        if tok.dep_ in ("nsubj", "nsubjpass") and not index.at(tok):
            out[tok.i] = issuers
            continue
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
        if tok.dep_ in ("dobj", "pobj") and verb.pos_ == "VERB":
            found = [m for s in subject_tokens(verb)[0] for m in np_mentions(s, index, max_depth=1)]
            if found:
                issuers = found
    return out


def prep_objects(tok: Token, preps: frozenset[str]) -> list[Token]:
    return [g for c in tok.children if c.dep_ in ("prep", "prt") and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]


def _unique(mentions: Iterable[ActorMention]) -> list[ActorMention]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for m in mentions:
        key = (m.start, m.end, m.actor.full_code + (m.actor.person or ""))
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
