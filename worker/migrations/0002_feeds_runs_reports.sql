-- Feeds the worker imports, the record of every import, and reports from
-- the public. Nothing here identifies a person.

-- A fingerprint of `data` (lantern_core::source_update::content_hash), so an
-- import writes only meetings that changed. NULL for rows stored before it.
ALTER TABLE meetings ADD COLUMN hash TEXT;

-- Reports name a meeting by id alone.
CREATE INDEX meetings_by_id ON meetings (id);

CREATE TABLE feeds (
    -- Also the first half of every meeting id from this feed.
    source TEXT PRIMARY KEY,
    -- Where the scheduled import fetches it; empty for a feed that is only
    -- ever uploaded by an admin.
    url TEXT NOT NULL DEFAULT '',
    -- mg, bmlt or csv (lantern_core::feed::Format).
    format TEXT NOT NULL,
    fellowship TEXT NOT NULL,
    -- The shard of its face-to-face meetings (online ones go to `online`).
    shard TEXT NOT NULL,
    -- IANA zone for rows that name none; empty for none.
    zone TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    enabled INTEGER NOT NULL DEFAULT 1,
    -- never, applied, unchanged, failed or held (quarantined for review).
    last_status TEXT NOT NULL DEFAULT 'never',
    last_run INTEGER,
    created_at TEXT NOT NULL
);

CREATE TABLE import_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    -- cron, admin or upload.
    trigger TEXT NOT NULL,
    started_at TEXT NOT NULL,
    -- applied, unchanged, failed or held.
    status TEXT NOT NULL,
    -- What happened, in a sentence.
    message TEXT NOT NULL,
    rows INTEGER NOT NULL DEFAULT 0,
    imported INTEGER NOT NULL DEFAULT 0,
    skipped_rows INTEGER NOT NULL DEFAULT 0,
    written INTEGER NOT NULL DEFAULT 0,
    tombstones INTEGER NOT NULL DEFAULT 0,
    meetings_before INTEGER NOT NULL DEFAULT 0,
    meetings_after INTEGER NOT NULL DEFAULT 0,
    -- The per-row report as a JSON array of sentences (capped).
    issues TEXT NOT NULL DEFAULT '[]'
);

CREATE INDEX import_runs_by_source ON import_runs (source, id);

CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id TEXT NOT NULL,
    -- broken_link, wrong_time, closed or other.
    kind TEXT NOT NULL,
    -- Optional plain text from the reporter, at most 500 characters.
    details TEXT NOT NULL DEFAULT '',
    -- The hour it arrived: enough to sort, too coarse to identify anyone.
    received_hour TEXT NOT NULL,
    resolved_at TEXT,
    resolution TEXT NOT NULL DEFAULT ''
);

CREATE INDEX reports_open ON reports (resolved_at, id);

-- Report counts per client per hour. `client` is a keyed hash of the client's
-- address and the hour, so it cannot be linked across hours or reversed
-- without the key; rows from past hours are deleted as new ones arrive.
CREATE TABLE report_limits (
    client TEXT PRIMARY KEY,
    hour INTEGER NOT NULL,
    count INTEGER NOT NULL
);

-- Values the worker makes for itself once.
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The key of the client hash in report_limits.
INSERT INTO settings (name, value) VALUES ('client_hash_key', lower(hex(randomblob(32))));
-- Names this database in sync entity tags, so a rebuilt directory never
-- answers 304 to a page of the old one.
INSERT INTO settings (name, value) VALUES ('epoch', lower(hex(randomblob(8))));
