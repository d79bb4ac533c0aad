"""The read service: every door (the CLI, the HTTP API, the Python API, the exports) asks its questions here and
gets typed records back, never `dict[str, Any]`.

Events come at two levels, named the same at every door:

- **mentions**: reports, one per coded sentence (table `event_mentions`), each with the merged event it was
  put in (`event_id`);
- **events**: merged events, one real-world event told by one or more mentions (view `events`).

One filter (`EventFilter`) and one WHERE builder (`store.queries.where_clause`) serve both levels and every count
over them (timeline, network, actors). A value that can only be a mistake raises errors.BadRequest naming the
accepted values; an id that names nothing raises errors.NotFound, a prefix of several ids errors.Ambiguous.

| read | returns | level |
|---|---|---|
| `mentions`, `mention` | `Page[Mention]`, `Mention` | reports |
| `events`, `explain` | `Page[Event]`, `Explanation` | merged events |
| `timeline`, `network`, `actors` | `Timeline`, `Network`, `list[Actor]` | merged events |
| `articles`, `document`, `quotes` | `Page[Article]`, `Document`, `Page[Quote]` | per input |
| `stories`, `failures` | `Page[Story]`, `list[Failure]` | per input |
"""

from eventwire.reads.analysis import PERIODS, Actor, Dyad, Network, Period, Timeline, actors, network, timeline
from eventwire.reads.documents import (
    Article,
    Document,
    Failure,
    Quote,
    Story,
    articles,
    document,
    failures,
    quotes,
    stories,
    texts,
)
from eventwire.reads.events import (
    LEVELS,
    Event,
    Mention,
    Page,
    T,
    as_dict,
    check,
    event_sql,
    events,
    mention,
    mention_sql,
    mentions,
    records,
)
from eventwire.reads.explain import Explanation, event_id, explain

__all__ = [
    "LEVELS", "PERIODS", "Actor", "Article", "Document", "Dyad", "Event", "Explanation", "Failure", "Mention",
    "Network", "Page", "Period", "Quote", "Story", "T", "Timeline", "actors", "articles", "as_dict", "check",
    "document", "event_id", "event_sql", "events", "explain", "failures", "mention", "mention_sql", "mentions",
    "network", "quotes", "records", "stories", "texts", "timeline",
]
