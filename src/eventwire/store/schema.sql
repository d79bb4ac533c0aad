-- eventwire storage schema (DuckDB). Offsets are character offsets into articles.text.
CREATE TABLE IF NOT EXISTS documents (
    sha256      VARCHAR PRIMARY KEY,   -- content hash: the document's identity
    doc_id      VARCHAR NOT NULL,      -- first 16 hex digits of sha256, used everywhere else
    file_name   VARCHAR NOT NULL,      -- name of the first file seen with this content
    path        VARCHAR NOT NULL,
    size        BIGINT NOT NULL,
    format      VARCHAR,               -- text | html
    encoding    VARCHAR,
    raw         BLOB NOT NULL,         -- the bytes as read, so any run can be redone offline
    ingested_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (   -- every path a content was seen under; copies point at the first
    path        VARCHAR PRIMARY KEY,
    file_name   VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    duplicate_of VARCHAR,              -- path of the first file with the same content, for copies
    seen_at     TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    doc_id      VARCHAR PRIMARY KEY,
    file_name   VARCHAR NOT NULL,
    title       VARCHAR, outlet VARCHAR, author VARCHAR, published DATE, dateline VARCHAR, language VARCHAR,
    text        VARCHAR NOT NULL,
    removed_lines INTEGER,
    published_basis VARCHAR, author_basis VARCHAR   -- where the date and the author were read
);
CREATE TABLE IF NOT EXISTS sentences (
    doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL, PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS actor_mentions (   -- spans of clean text that refer to an actor
    doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL, sentence INTEGER NOT NULL,
    start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, text VARCHAR NOT NULL,
    code VARCHAR, sector VARCHAR, person VARCHAR, actor_id VARCHAR, via VARCHAR,   -- code NULL: open, uncoded
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS event_mentions (   -- one coded event per sentence and actor pair (a report)
    doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL, sentence INTEGER NOT NULL,
    source VARCHAR NOT NULL, source_sector VARCHAR, source_person VARCHAR, source_text VARCHAR,
    source_start INTEGER, source_end INTEGER,
    target VARCHAR, target_sector VARCHAR, target_person VARCHAR, target_text VARCHAR,
    target_start INTEGER, target_end INTEGER,
    type VARCHAR NOT NULL, mode VARCHAR, cameo VARCHAR NOT NULL, goldstein DOUBLE NOT NULL,
    quad_class INTEGER NOT NULL, trigger VARCHAR,
    date DATE, date_text VARCHAR, date_basis VARCHAR,
    evidence VARCHAR NOT NULL, evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL,
    -- where (stage `places`): GeoNames place; country ISO alpha-3, fips FIPS 10-4; method clause|dateline|none
    place_name VARCHAR, place_full_name VARCHAR, place_country VARCHAR, place_fips VARCHAR, place_adm1 VARCHAR,
    place_lat DOUBLE, place_lon DOUBLE, place_feature_id BIGINT, place_level VARCHAR, place_text VARCHAR,
    place_method VARCHAR,
    -- the event model (coder/): calibrated probability of `type`, past|todo, and which coder made the row
    confidence DOUBLE, modality VARCHAR, coder VARCHAR,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS places (    -- every place mention; offsets are null for a dateline above the text
    doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL, start_char INTEGER, end_char INTEGER, text VARCHAR NOT NULL,
    source VARCHAR NOT NULL, place_name VARCHAR, place_country VARCHAR, place_level VARCHAR,
    place_feature_id BIGINT, place_lat DOUBLE, place_lon DOUBLE,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS quotes (
    doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL, sentence INTEGER NOT NULL,
    start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, text VARCHAR NOT NULL,
    speaker VARCHAR, speaker_code VARCHAR, speaker_sector VARCHAR, speaker_person VARCHAR,
    kind VARCHAR,                              -- direct | partial (quoted words inside paraphrase)
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS actor_codes (    -- actors seen in stored mentions
    actor_key VARCHAR PRIMARY KEY,     -- code || sector || '/' || person
    code VARCHAR NOT NULL, sector VARCHAR, person VARCHAR, actor_id VARCHAR
);
CREATE TABLE IF NOT EXISTS failures (  -- rejected inputs, with the reason; the latest attempt per path
    path VARCHAR PRIMARY KEY, sha256 VARCHAR, code VARCHAR NOT NULL, reason VARCHAR NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
