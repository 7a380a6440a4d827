-- The meeting directory. One row per meeting per shard: a hybrid meeting is
-- in `online` and in its geographic shard.
CREATE TABLE meetings (
    shard TEXT NOT NULL,
    id TEXT NOT NULL,
    -- The feed's source name; an import replaces all rows of its source.
    source TEXT NOT NULL,
    -- Change sequence: unique, growing, below 2^53. Cursors are positions in it.
    seq INTEGER NOT NULL,
    -- The meeting as JSON (lantern_core::Meeting); NULL is a tombstone.
    data TEXT,
    PRIMARY KEY (shard, id)
);

CREATE INDEX meetings_by_shard_seq ON meetings (shard, seq);
CREATE INDEX meetings_by_source ON meetings (source);
