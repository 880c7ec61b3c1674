-- 005_children.sqlite.sql: the number of units directly under each unit,
-- kept as a counter (it was counted on every read of a unit).
ALTER TABLE unit_stats ADD COLUMN children INTEGER NOT NULL DEFAULT 0;
UPDATE unit_stats SET children =
	(SELECT count(*) FROM units c WHERE c.parent_id = unit_stats.unit_id);
