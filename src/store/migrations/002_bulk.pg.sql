-- 002_bulk.pg.sql: audit ids need no index beside the primary key.  (The
-- SQLite form also changes its search triggers; here the search column is
-- generated, with nothing to change.)
DROP INDEX audit_at;
