-- 002_bulk.sqlite.sql: new people are indexed for search by the code that
-- creates them, in one statement per import (a trigger flushed FTS5 once
-- per row); the update trigger fires only when the indexed text changes;
-- audit ids need no index beside the rowid.
DROP TRIGGER people_fts_ai;
DROP TRIGGER people_fts_au;
CREATE TRIGGER people_fts_au AFTER UPDATE OF name_fold, code ON people
WHEN old.name_fold IS NOT new.name_fold OR old.code IS NOT new.code BEGIN
	INSERT INTO people_fts(people_fts, rowid, name_fold, code)
	VALUES ('delete', old.id, old.name_fold, coalesce(old.code, ''));
	INSERT INTO people_fts(rowid, name_fold, code)
	VALUES (new.id, new.name_fold, coalesce(new.code, ''));
END;
DROP INDEX audit_at;
