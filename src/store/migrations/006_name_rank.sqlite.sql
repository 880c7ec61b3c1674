-- 006_name_rank.sqlite.sql: the search index gives its matches in name
-- order, so that a page of a broad query ("nguyen van") is its first
-- matches instead of a sort of all of them.  Each person has a rank,
-- spaced in name order (sort_key, id) with room between neighbours, and
-- the rank is the person's rowid in the search index.  New and renamed
-- people get their rank from the backend's people_index (sqlite.c); until
-- then their name_rank is NULL and they are not in the index.
ALTER TABLE people ADD COLUMN name_rank INTEGER;
UPDATE people SET name_rank = r.rk FROM (SELECT id,
	row_number() OVER (ORDER BY sort_key, id) * 4294967296 AS rk
	FROM people) r WHERE people.id = r.id;
-- (the unranked, NULL, come first in it: the index finds them too)
CREATE UNIQUE INDEX people_rank ON people(name_rank);

DROP TRIGGER IF EXISTS people_fts_au;
DROP TRIGGER IF EXISTS people_fts_ad;
DROP TABLE people_fts;
-- Prefixes up to 7 letters (a Vietnamese syllable's length) have an index
-- of their own: the last word of a query is a prefix ("nguyen" matches
-- "nguyen*"), and FTS5 reads an unindexed prefix by merging every term
-- that starts with it before the first match (0.7 s for "nguyen*" among
-- 11 million people; 1 ms with the index).
-- "units" holds the person's units at depths 1 and 2 (a province, a
-- CĐCS; thidua_units(), sqlite.c), so that a search within such a subtree
-- is one index query, its matches still in name order.
CREATE VIRTUAL TABLE people_fts USING fts5(name_fold, code, units,
	content='', tokenize='ascii', prefix='1 2 3 4 5 6 7');
INSERT INTO people_fts(rowid, name_fold, code, units)
	SELECT name_rank, name_fold, coalesce(code, ''),
	thidua_units(unit_path) FROM people ORDER BY name_rank;

-- A change of name or code takes the person out of the index; the code
-- that made it ranks and indexes the person again.
CREATE TRIGGER people_fts_au AFTER UPDATE OF name_fold, code, sort_key
ON people WHEN old.name_rank IS NOT NULL AND
	(old.name_fold IS NOT new.name_fold OR old.code IS NOT new.code OR
	old.sort_key IS NOT new.sort_key) BEGIN
	INSERT INTO people_fts(people_fts, rowid, name_fold, code, units)
	VALUES ('delete', old.name_rank, old.name_fold, coalesce(old.code, ''),
	thidua_units(old.unit_path));
	UPDATE people SET name_rank = NULL WHERE id = new.id;
END;
-- A move (a transfer, a unit moved) keeps the rank: the entry is written
-- again with the new units.
CREATE TRIGGER people_fts_move AFTER UPDATE OF unit_path ON people
WHEN old.name_rank IS NOT NULL AND new.name_rank IS NOT NULL AND
	old.unit_path IS NOT new.unit_path BEGIN
	INSERT INTO people_fts(people_fts, rowid, name_fold, code, units)
	VALUES ('delete', old.name_rank, old.name_fold, coalesce(old.code, ''),
	thidua_units(old.unit_path));
	INSERT INTO people_fts(rowid, name_fold, code, units)
	VALUES (new.name_rank, new.name_fold, coalesce(new.code, ''),
	thidua_units(new.unit_path));
END;
CREATE TRIGGER people_fts_ad AFTER DELETE ON people
WHEN old.name_rank IS NOT NULL BEGIN
	INSERT INTO people_fts(people_fts, rowid, name_fold, code, units)
	VALUES ('delete', old.name_rank, old.name_fold, coalesce(old.code, ''),
	thidua_units(old.unit_path));
END;
