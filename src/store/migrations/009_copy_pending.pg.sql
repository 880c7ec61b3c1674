-- 009_copy_pending.pg.sql: a copy into this store (migrate-store) writes
-- its rows and builds its indexes over several connections, each in its
-- own transactions.  While it runs, the indexes and foreign keys it set
-- aside wait here to be built again, and a row of kind 'copy' marks the
-- store unfinished: no command opens it until the copy's last transaction
-- removes that row (or a failed copy has emptied the store again).
CREATE TABLE copy_pending (
	seq		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	-- copy: the marker; index: an index to build; key: the index of a
	-- primary key or unique constraint to build, then attach: the
	-- constraint to put on it (con: PRIMARY KEY or UNIQUE); fk: a
	-- foreign key to add
	kind		text COLLATE "C" NOT NULL,
	tbl		text COLLATE "C" NOT NULL,
	name		text COLLATE "C" NOT NULL,
	def		text COLLATE "C" NOT NULL,
	con		text COLLATE "C" NOT NULL DEFAULT ''
);

-- One step of building them again; a step done is struck off.  Index
-- builds (index, key) take a lock other builds share: several run at once
-- over several connections.
CREATE FUNCTION thidua_copy_rebuild(n bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE r copy_pending;
BEGIN
	SELECT * INTO STRICT r FROM copy_pending WHERE seq = n;
	-- millions of rows to sort: memory for it
	PERFORM set_config('maintenance_work_mem', '1GB', true);
	IF r.kind IN ('index', 'key') THEN
		EXECUTE r.def;
	ELSIF r.kind = 'attach' THEN
		EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s USING INDEX %I',
		    r.tbl, r.name, r.con, r.name);
	ELSIF r.kind = 'fk' THEN
		EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl,
		    r.name, r.def);
	END IF;
	IF r.kind = 'key' THEN
		UPDATE copy_pending SET kind = 'attach' WHERE seq = n;
	ELSE
		DELETE FROM copy_pending WHERE seq = n;
	END IF;
END $$;

-- Every step left, in order: constraints on their indexes, then the
-- foreign keys that need them.
CREATE FUNCTION thidua_copy_rebuild_all() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
	LOOP
		SELECT seq INTO n FROM copy_pending WHERE kind <> 'copy'
		    ORDER BY kind = 'fk', seq LIMIT 1;
		EXIT WHEN n IS NULL;
		PERFORM thidua_copy_rebuild(n);
	END LOOP;
END $$;
