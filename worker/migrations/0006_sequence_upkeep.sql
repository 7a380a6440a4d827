-- Sync pages of a first download read listed meetings only, from this index,
-- so that deletions are not even read.
CREATE INDEX meetings_listed ON meetings (shard, seq) WHERE data IS NOT NULL;

-- New sequence numbers start above the highest; with this index finding it
-- reads one row.
CREATE INDEX meetings_by_seq ON meetings (seq);

-- The cron finds deletions to prune from this index, without reading the
-- listed meetings.
CREATE INDEX meetings_deleted ON meetings (seq) WHERE data IS NULL;

-- The highest sequence number on each day (days since 1970), kept by the
-- cron, so that deletions older than the horizon can be found and pruned.
CREATE TABLE sequence_marks (
    day INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL
);

-- Deletions at or below this sequence number have been pruned: a cursor
-- below it cannot be continued, and its client starts over.
INSERT INTO settings (name, value) VALUES ('pruned_through', '0');

-- Every head each shard has had since the horizon: the cursors clients hold.
-- A sync from one of them is answered exactly; any other cursor from the
-- start of the window it falls in (lantern_core::sync::paging).
CREATE TABLE shard_heads (
    shard TEXT NOT NULL,
    head INTEGER NOT NULL,
    PRIMARY KEY (shard, head)
) WITHOUT ROWID;

INSERT INTO shard_heads (shard, head) SELECT shard, head FROM shards;
