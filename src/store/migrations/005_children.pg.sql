-- 005_children.pg.sql: the number of units directly under each unit, kept
-- as a counter.
ALTER TABLE unit_stats ADD COLUMN children bigint NOT NULL DEFAULT 0;
UPDATE unit_stats SET children =
	(SELECT count(*) FROM units c WHERE c.parent_id = unit_stats.unit_id);
