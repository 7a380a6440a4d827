-- A run is recorded as `started` before its feed is fetched, and finished in
-- the batch that applies it. A run still `started` long after is one whose
-- isolate stopped (out of memory or time): the scheduled handler finds those
-- through this index and marks them `interrupted`.
CREATE INDEX import_runs_started ON import_runs (started_at) WHERE status = 'started';
