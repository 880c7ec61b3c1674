-- 004_prefix_index.sqlite.sql: the last word of a name query is a prefix
-- ("nguyen van d"); FTS5 answers prefixes of 1 to 3 letters from an index
-- of their own instead of merging every matching term.
DROP TABLE people_fts;
CREATE VIRTUAL TABLE people_fts USING fts5(name_fold, code,
	content='people', content_rowid='id', tokenize='ascii',
	prefix='1 2 3');
INSERT INTO people_fts(people_fts) VALUES ('rebuild');
