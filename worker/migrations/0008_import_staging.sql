-- An import's new and changed rows are staged here in small batches, each
-- its own transaction, and then moved into `meetings` by one statement in
-- the batch that records the run: the directory still changes all at once,
-- and the isolate never holds the whole feed's rows as one request.
-- Rows of a run that did not finish are deleted by the next scheduled
-- invocation.
CREATE TABLE import_staging (
    run INTEGER NOT NULL,
    -- The row's place in the feed: its sequence number is the table's
    -- highest plus this.
    pos INTEGER NOT NULL,
    shard TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (run, pos)
);
