-- 009_copy_pending.pg.sql: a copy into this store (migrate-store) writes
-- its rows and builds its indexes over several connections, each in its
-- own transactions.  While it runs, the indexes and foreign keys it set
-- aside wait here to be built again, and a row of kind 'copy' marks the
-- store unfinished: no command opens it until the copy's last transaction
-- removes that row (or a failed copy has emptied the store again).
CREATE TABLE copy_pending (
	seq		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind		text COLLATE "C" NOT NULL,	-- copy, index, fk
	tbl		text COLLATE "C" NOT NULL,
	name		text COLLATE "C" NOT NULL,
	def		text COLLATE "C" NOT NULL
);

-- Build one of them again, and strike it off.
CREATE FUNCTION thidua_copy_rebuild(n bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE r copy_pending;
BEGIN
	SELECT * INTO STRICT r FROM copy_pending WHERE seq = n;
	-- millions of rows to sort: memory for it
	PERFORM set_config('maintenance_work_mem', '1GB', true);
	IF r.kind = 'fk' THEN
		EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl,
		    r.name, r.def);
	ELSIF r.kind = 'index' THEN
		EXECUTE r.def;
	END IF;
	DELETE FROM copy_pending WHERE seq = n;
END $$;
