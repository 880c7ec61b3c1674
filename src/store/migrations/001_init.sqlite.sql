-- 001_init.sql: units, people, accounts, sessions, audit.
-- The SQLite form of the schema; the PostgreSQL backend keeps its own
-- (*.pg.sql) with the same tables and columns.

CREATE TABLE units (
	id		INTEGER PRIMARY KEY,
	parent_id	INTEGER REFERENCES units(id),
	path		TEXT NOT NULL UNIQUE,	-- '/1/5/23/': ids from the root
	depth		INTEGER NOT NULL,
	code		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	short_name	TEXT NOT NULL DEFAULT '',
	kind		TEXT NOT NULL,		-- confed|province|grassroots|group
	block		TEXT NOT NULL,		-- hc|sn|dn
	active		INTEGER NOT NULL DEFAULT 1,
	name_fold	TEXT NOT NULL,
	sort_key	TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id, sort_key);

-- Figures of each unit's whole subtree, kept up to date in the same
-- transaction as every change, so that no figure needs a scan.
CREATE TABLE unit_stats (
	unit_id		INTEGER PRIMARY KEY REFERENCES units(id),
	units		INTEGER NOT NULL DEFAULT 0,	-- active units, itself included
	grassroots	INTEGER NOT NULL DEFAULT 0,	-- active CĐCS
	people		INTEGER NOT NULL DEFAULT 0,	-- active people
	members		INTEGER NOT NULL DEFAULT 0,
	women		INTEGER NOT NULL DEFAULT 0,
	women_members	INTEGER NOT NULL DEFAULT 0,
	leaders		INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE people (
	id		INTEGER PRIMARY KEY,
	code		TEXT UNIQUE,
	unit_id		INTEGER NOT NULL REFERENCES units(id),
	unit_path	TEXT NOT NULL,		-- copy of units.path
	family_name	TEXT NOT NULL DEFAULT '',
	middle_name	TEXT NOT NULL DEFAULT '',
	given_name	TEXT NOT NULL,
	full_name	TEXT NOT NULL,
	name_fold	TEXT NOT NULL,
	name_lower	TEXT NOT NULL,
	sort_key	TEXT NOT NULL,
	gender		TEXT NOT NULL,		-- M|F
	birth_date	TEXT,			-- YYYY-MM-DD
	position	TEXT NOT NULL DEFAULT '',
	is_leader	INTEGER NOT NULL DEFAULT 0,
	is_member	INTEGER NOT NULL DEFAULT 0,
	joined_union	TEXT,
	active		INTEGER NOT NULL DEFAULT 1,
	left_date	TEXT,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX people_path_sort ON people(unit_path, sort_key, id);
CREATE INDEX people_sort ON people(sort_key, id);

-- Where each person was, and when (one open row per active person).
CREATE TABLE person_units (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES people(id),
	unit_id		INTEGER NOT NULL REFERENCES units(id),
	from_date	TEXT NOT NULL,
	to_date		TEXT,
	note		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_units_person ON person_units(person_id, from_date);

CREATE TABLE users (
	id		INTEGER PRIMARY KEY,
	username	TEXT NOT NULL UNIQUE,
	display_name	TEXT NOT NULL DEFAULT '',
	password_hash	TEXT NOT NULL,
	person_id	INTEGER REFERENCES people(id),
	active		INTEGER NOT NULL DEFAULT 1,
	created_at	TEXT NOT NULL
);

CREATE TABLE roles (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users(id),
	role		TEXT NOT NULL,		-- admin|officer|chair|member|viewer
	unit_id		INTEGER NOT NULL REFERENCES units(id)
);
CREATE INDEX roles_user ON roles(user_id);

CREATE TABLE sessions (
	token_hash	TEXT PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users(id),
	csrf		TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL
);

CREATE TABLE api_tokens (
	token_hash	TEXT PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users(id),
	name		TEXT NOT NULL DEFAULT '',
	created_at	TEXT NOT NULL
);

CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		TEXT NOT NULL,
	user_id		INTEGER,
	username	TEXT NOT NULL DEFAULT '',
	action		TEXT NOT NULL,		-- create|update|move|transfer|leave|import|...
	entity		TEXT NOT NULL,		-- unit|person|user|...
	entity_id	INTEGER,
	unit_path	TEXT NOT NULL DEFAULT '',
	summary		TEXT NOT NULL DEFAULT '',
	before_json	TEXT,
	after_json	TEXT
);
CREATE INDEX audit_at ON audit(id);
CREATE INDEX audit_entity ON audit(entity, entity_id);

-- Name search: folded names ("nguyen van dung") and codes, kept in step
-- with people by triggers.
CREATE VIRTUAL TABLE people_fts USING fts5(name_fold, code,
	content='people', content_rowid='id', tokenize='ascii');
CREATE TRIGGER people_fts_ai AFTER INSERT ON people BEGIN
	INSERT INTO people_fts(rowid, name_fold, code)
	VALUES (new.id, new.name_fold, coalesce(new.code, ''));
END;
CREATE TRIGGER people_fts_ad AFTER DELETE ON people BEGIN
	INSERT INTO people_fts(people_fts, rowid, name_fold, code)
	VALUES ('delete', old.id, old.name_fold, coalesce(old.code, ''));
END;
CREATE TRIGGER people_fts_au AFTER UPDATE OF name_fold, code ON people BEGIN
	INSERT INTO people_fts(people_fts, rowid, name_fold, code)
	VALUES ('delete', old.id, old.name_fold, coalesce(old.code, ''));
	INSERT INTO people_fts(rowid, name_fold, code)
	VALUES (new.id, new.name_fold, coalesce(new.code, ''));
END;
