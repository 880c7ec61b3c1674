-- 007_covering.pg.sql: the two name-order indexes carry what a search
-- filters on (the words, the unit path, the flags, the lower-case name),
-- so that a walk of name order, over everyone or over a subtree, reads
-- the index alone and stops at the page.
-- (a national store has millions of rows to index: memory to sort them)
SET LOCAL maintenance_work_mem = '512MB';
DROP INDEX people_sort;
CREATE INDEX people_sort ON people(sort_key, id)
	INCLUDE (words, unit_path, active, gender, is_member, is_leader,
	    name_lower);
DROP INDEX people_path_sort;
CREATE INDEX people_path_sort ON people(unit_path, sort_key, id)
	INCLUDE (words, active, gender, is_member, is_leader, name_lower);
