-- 008_match_estimate.pg.sql: about how many people a search matches, as
-- the planner estimates it from the statistics of the words (the common
-- words and how often each occurs), without reading the search index.  A
-- count reads the whole posting list of each common word of the query
-- (half a second for "nguyen van" over the country); the estimate tells a
-- narrow search from a wide one in a fraction of a millisecond.  (VOLATILE:
-- PostgreSQL runs EXPLAIN only there.)
CREATE FUNCTION thidua_match_estimate(q text) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	plan json;
BEGIN
	EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM people'
	    ' WHERE words @@ %L::tsquery', thidua_tsquery(q)::text) INTO plan;
	RETURN round((plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric);
END
$$;
