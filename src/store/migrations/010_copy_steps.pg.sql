-- 010_copy_steps.pg.sql: a copy into this store, and a file imported,
-- cost the server less.
--
-- The words of a person's name and code, which search reads, are written
-- with the row instead of computed from it (a regular expression a row:
-- a quarter of the server's work in a COPY).  Writers give them as
-- thidua_tokens() makes them: the statements that write one row compute
-- them in SQL, COPY gets them from the client (pg.c).  The words kept
-- stay as they are; a row without them is refused.
ALTER TABLE people ALTER COLUMN words DROP EXPRESSION;
ALTER TABLE people ALTER COLUMN words SET NOT NULL;

-- The last steps of a copy run over its several connections too.  A
-- foreign key is added unchecked (NOT VALID, at once) and then checked
-- (VALIDATE, which lets the other tables be read and checked meanwhile),
-- after each table's statistics (ANALYZE, a step of its own) tell the
-- check's plan how large they are.
CREATE OR REPLACE FUNCTION thidua_copy_rebuild(n bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE r copy_pending;
BEGIN
	SELECT * INTO STRICT r FROM copy_pending WHERE seq = n;
	IF r.kind IN ('index', 'key') THEN
		-- millions of rows to sort: memory for it
		PERFORM set_config('maintenance_work_mem', '1GB', true);
		EXECUTE r.def;
	ELSIF r.kind = 'attach' THEN
		EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s USING INDEX %I',
		    r.tbl, r.name, r.con, r.name);
	ELSIF r.kind = 'fk' THEN
		EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID',
		    r.tbl, r.name, r.def);
	ELSIF r.kind = 'validate' THEN
		EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', r.tbl,
		    r.name);
	ELSIF r.kind = 'analyze' THEN
		EXECUTE format('ANALYZE %s', r.tbl);
	END IF;
	IF r.kind = 'key' THEN
		UPDATE copy_pending SET kind = 'attach' WHERE seq = n;
	ELSIF r.kind = 'fk' THEN
		UPDATE copy_pending SET kind = 'validate' WHERE seq = n;
	ELSE
		DELETE FROM copy_pending WHERE seq = n;
	END IF;
END $$;

-- The steps left of the kinds given (all but the marker when none are),
-- in order: indexes, constraints on them, foreign keys added unchecked,
-- statistics, foreign keys checked.
DROP FUNCTION thidua_copy_rebuild_all();
CREATE FUNCTION thidua_copy_rebuild_all(kinds text[] DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
	LOOP
		SELECT seq INTO n FROM copy_pending WHERE kind <> 'copy'
		    AND (kinds IS NULL OR kind = ANY (kinds))
		    ORDER BY array_position(ARRAY['index', 'key', 'attach', 'fk',
		    'analyze', 'validate'], kind), seq LIMIT 1;
		EXIT WHEN n IS NULL;
		PERFORM thidua_copy_rebuild(n);
	END LOOP;
END $$;
