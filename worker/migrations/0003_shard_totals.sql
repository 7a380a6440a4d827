-- Totals kept up to date by every import, so that requests phones make on
-- every sync (GET /v1/shards) and health checks read a few rows instead of
-- scanning every meeting: D1 bills and limits by rows read.

CREATE TABLE shards (
    shard TEXT PRIMARY KEY,
    -- Meetings listed (rows that are not tombstones).
    meetings INTEGER NOT NULL,
    -- The newest sequence number in the shard.
    head INTEGER NOT NULL
);

INSERT INTO shards (shard, meetings, head)
SELECT shard, COUNT(data), MAX(seq) FROM meetings GROUP BY shard;

-- Distinct meetings listed (a hybrid meeting is in two shards).
INSERT INTO settings (name, value)
SELECT 'listed_meetings', COUNT(DISTINCT id) FROM meetings WHERE data IS NOT NULL;
