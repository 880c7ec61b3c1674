-- 003_birth_order.pg.sql: lists in birth-date order read a large subtree
-- in that order instead of sorting it.
CREATE INDEX people_birth ON people(birth_date, sort_key, id);
