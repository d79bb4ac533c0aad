-- Merged events, story threads and the stable public views (run after schema.sql by store.db.connect).
CREATE TABLE IF NOT EXISTS merged_events (    -- one real-world event, told by one or more event_mentions
    event_id VARCHAR PRIMARY KEY,             -- 'ev-' + hash of the mention that founded it; never reused
    source VARCHAR NOT NULL, target VARCHAR, type VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS event_links (      -- which event each mention belongs to, and why
    doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL, event_id VARCHAR NOT NULL,
    date DATE,                                -- the mention's own date, else the event's (inferred)
    date_inferred BOOLEAN NOT NULL,
    reason VARCHAR NOT NULL,                  -- 'founded', or the rule and scores that merged it
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS story_docs (doc_id VARCHAR PRIMARY KEY, story_id VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS story_threads (story_id VARCHAR PRIMARY KEY, label VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS doc_terms (          -- a threaded article's words, names and actors (merge.threadterms)
    doc_id VARCHAR NOT NULL, term VARCHAR NOT NULL, n DOUBLE NOT NULL
);

CREATE OR REPLACE VIEW article_dates AS       -- the date story threads use: published, else the first event date
SELECT a.doc_id, coalesce(a.published, (SELECT min(e.date) FROM event_mentions e
                                        WHERE e.doc_id = a.doc_id AND e.date_basis <> 'none')) AS date
FROM articles a;

CREATE OR REPLACE VIEW event_dates AS        -- each event's date: the most reported one, ties to the earliest
SELECT event_id, date, n AS date_mentions, num_dates FROM (
    SELECT l.event_id, m.date, count(*) AS n,
           count(*) OVER (PARTITION BY l.event_id) AS num_dates,
           row_number() OVER (PARTITION BY l.event_id ORDER BY count(*) DESC, m.date) AS rk
    FROM event_links l JOIN event_mentions m USING (doc_id, idx)
    WHERE m.date IS NOT NULL GROUP BY l.event_id, m.date)
WHERE rk = 1;

CREATE OR REPLACE VIEW mentions AS            -- one row per coded sentence, with its merged event
SELECT m.*, l.event_id, coalesce(m.date, l.date) AS event_date, coalesce(l.date_inferred, false) AS date_inferred,
       l.reason AS merge_reason, a.file_name, a.outlet, a.published, s.story_id
FROM event_mentions m
LEFT JOIN event_links l USING (doc_id, idx)
JOIN articles a USING (doc_id)
LEFT JOIN story_docs s USING (doc_id);

CREATE OR REPLACE VIEW events AS              -- one row per merged event (GDELT-style counts)
SELECT e.event_id, e.source, e.target, e.type,
       arg_min(m.cameo, m.doc_id || ':' || lpad(CAST(m.idx AS VARCHAR), 6, '0')) AS cameo,
       arg_min(m.quad_class, m.doc_id || ':' || lpad(CAST(m.idx AS VARCHAR), 6, '0')) AS quad_class,
       -- the score of the event's CAMEO code (that of its first mention, as `cameo`), not a mean no code has
       arg_min(m.goldstein, m.doc_id || ':' || lpad(CAST(m.idx AS VARCHAR), 6, '0')) AS goldstein,
       coalesce(any_value(d.date), min(l.date)) AS date,  -- own dates first, else inferred ones
       coalesce(any_value(d.num_dates), 0) > 1 AS date_conflict,
       count(*) AS num_mentions,
       count(DISTINCT coalesce(a.outlet, 'doc:' || m.doc_id)) AS num_sources,
       count(DISTINCT m.doc_id) AS num_articles,
       min(l.doc_id || ':' || l.idx) AS first_mention,
       arg_min(m.evidence, m.doc_id || ':' || lpad(CAST(m.idx AS VARCHAR), 6, '0')) AS evidence
FROM merged_events e
JOIN event_links l USING (event_id)
JOIN event_mentions m ON m.doc_id = l.doc_id AND m.idx = l.idx
JOIN articles a ON a.doc_id = m.doc_id
LEFT JOIN event_dates d ON d.event_id = e.event_id
GROUP BY e.event_id, e.source, e.target, e.type;

CREATE OR REPLACE VIEW stories AS             -- one row per story thread
SELECT t.story_id, t.label, min(coalesce(a.published, l.first_date)) AS first_date,
       max(coalesce(a.published, l.last_date)) AS last_date, count(*) AS num_articles,
       list(DISTINCT a.outlet ORDER BY a.outlet) FILTER (WHERE a.outlet IS NOT NULL) AS outlets,
       list(a.file_name ORDER BY a.file_name) AS files,
       CAST(sum(coalesce(l.n_events, 0)) AS BIGINT) AS num_mentions
FROM story_threads t
JOIN story_docs d USING (story_id)
JOIN articles a USING (doc_id)
LEFT JOIN (SELECT m.doc_id, min(coalesce(m.date, k.date)) AS first_date, max(coalesce(m.date, k.date)) AS last_date,
                  count(*) AS n_events
           FROM event_mentions m LEFT JOIN event_links k USING (doc_id, idx) GROUP BY m.doc_id) l USING (doc_id)
GROUP BY t.story_id, t.label;

CREATE OR REPLACE VIEW actors AS              -- actors with their activity as source and target
SELECT c.actor_key, c.code, c.sector, c.person, c.actor_id,
       (SELECT count(*) FROM event_mentions m WHERE m.source = c.code
            AND m.source_sector IS NOT DISTINCT FROM c.sector
            AND m.source_person IS NOT DISTINCT FROM c.person) AS as_source,
       (SELECT count(*) FROM event_mentions m WHERE m.target = c.code
            AND m.target_sector IS NOT DISTINCT FROM c.sector
            AND m.target_person IS NOT DISTINCT FROM c.person) AS as_target
FROM actor_codes c;
