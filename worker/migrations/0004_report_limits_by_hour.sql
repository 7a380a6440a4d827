-- The cron deletes the report counts of past hours; this index lets it
-- find them without reading the whole table.
CREATE INDEX report_limits_hour ON report_limits (hour);
