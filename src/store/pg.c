/*
 * pg.c: the PostgreSQL backend, through libpq.  One connection per struct
 * store; each statement is prepared once per connection (its ?N markers
 * become $N) and run with text parameters; a result is read whole.
 *
 * Write transactions run SERIALIZABLE, so that concurrent writers see the
 * same world SQLite's single writer does; a serialization failure or a
 * deadlock comes back as ERR_BUSY and the domain retries the transaction
 * (IN_TX).  A connection found broken is reset once, outside a
 * transaction, and the statement run again.
 *
 * Trusts store.c to pass statement texts from its tables only.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define PG_MAX_PARAMS	32

struct pg {
	PGconn		*c;
	int		 in_tx;
	int		 standby;	/* a read-only replica */
	int64_t		 changes;
	unsigned char	 prepared[STMT__MAX];
	char		 err[512];
};

/* Name search on PostgreSQL: the stored tsvector "words" (the tokens of
 * the folded name and the code, split as SQLite's FTS5 splits them) and a
 * tsquery built from the folded query by thidua_tsquery(); both are SQL
 * functions of 001_init.pg.sql.  FIND reads the matches from the search
 * index (GIN) and sorts them: the caller walked name order first, and the
 * sort key as an expression keeps the planner from walking on. */
#define PG_FTS_KEYS \
	"SELECT p.id AS id, (CASE WHEN CAST(?10 AS TEXT) IS NULL OR" \
	" strpos(p.name_lower, ?10) > 0 THEN 0 ELSE 1 END) AS exact," \
	" (p.sort_key || '') COLLATE \"C\" AS sort_key," \
	" p.birth_date AS birth_date FROM people p"
/* the query's tsquery is computed once (an InitPlan), not for each row */
#define PG_TSQUERY(n) "(SELECT thidua_tsquery(" n "))"
/* the subtree as expressions too: a plan made for any subtree (a generic
 * one) must not walk the path index, which holds the words, over a
 * subtree as large as all */
#define PG_FTS_WHERE \
	" WHERE (p.unit_path || '') COLLATE \"C\" >= ?1" \
	" AND (p.unit_path || '') COLLATE \"C\" < ?2" PEOPLE_FILTERS \
	" AND p.words @@ " PG_TSQUERY("?9")
/* The words of a name and a code, as a row stores them (migration 010) */
#define PG_WORDS(name, code) \
	"array_to_tsvector(thidua_tokens(" name ", " code "))"
/* PEOPLE_MATCH on the stored words */
#define PG_MATCH \
	" AND (CAST(?9 AS TEXT) IS NULL OR p.words @@ " PG_TSQUERY("?9") ")"
/* A page read as keys (id, sort_key, ... of the rows "keys" selects),
 * sorted and cut to the page, then the page's rows in that order. */
#define PG_KEYS_PAGE(keys, order, korder) \
	"SELECT " PERSON_COLS " FROM (" keys " ORDER BY " order \
	" LIMIT ?7 OFFSET ?8) k" \
	" JOIN people p ON p.id = k.id JOIN units u ON u.id = p.unit_id" \
	" ORDER BY " korder
#define PG_FTS_PAGE(order, korder) \
	PG_KEYS_PAGE(PG_FTS_KEYS PG_FTS_WHERE, order, korder)

/* A walk of name order over the name index alone (migration 007 makes it
 * hold what the filters and the match read): its first ?11 entries, kept
 * when they match, stopping at the page. */
#define PG_WALK(dir) \
	PG_KEYS_PAGE("SELECT p.id, p.sort_key FROM (SELECT id, sort_key," \
	" words, unit_path, active, gender, is_member, is_leader, name_lower" \
	" FROM people ORDER BY sort_key" dir ", id" dir " LIMIT ?11) p" \
	PEOPLE_WHERE PG_MATCH \
	" AND (CAST(?10 AS TEXT) IS NULL OR strpos(p.name_lower, ?10) > 0)", \
	"p.sort_key" dir ", p.id" dir, "k.sort_key" dir ", k.id" dir)

/* A subtree's matches in name order, from the path index alone (it holds
 * the words and flags). */
#define PG_PATH(order, korder) \
	PG_KEYS_PAGE("SELECT p.id, p.sort_key FROM people p" PEOPLE_WHERE \
	PG_MATCH, order, korder)

#define PG_SEQ_AFTER(t) \
	"setval(pg_get_serial_sequence('" t "', 'id')," \
	" coalesce((SELECT max(id) FROM " t "), 0) + 1, false)"

static const char *const pg_sql[STMT__MAX] = {
	[STMT_PEOPLE_FIND_NAME] =
	    PG_FTS_PAGE("exact, sort_key, id", "k.exact, k.sort_key, k.id"),
	[STMT_PEOPLE_FIND_NAME_DESC] =
	    PG_FTS_PAGE("exact, sort_key DESC, id DESC",
	    "k.exact, k.sort_key DESC, k.id DESC"),
	[STMT_PEOPLE_FIND_BIRTH] =
	    PG_FTS_PAGE("exact, birth_date, sort_key, id",
	    "k.exact, k.birth_date, k.sort_key, k.id"),
	/* the search words written with the row: computed from the name and
	 * code here, given by the client in a COPY (pg_bulk_row) */
	[STMT_PERSON_INSERT] = PERSON_INSERT(", words", ", " PG_WORDS("?8", "?1")),
	[STMT_PERSON_UPDATE] = PERSON_UPDATE(", words = " PG_WORDS("?7", "?2")),
	[STMT_COPY_PEOPLE_WRITE] = COPY_PEOPLE_WRITE(", words", ", ?22"),
	/* how many people a name query matches, up to ?2, as the planner
	 * estimates it: a count would read the posting lists whole */
	[STMT_PEOPLE_FTS_ABOUT] =
	    "SELECT least(thidua_match_estimate(?1), ?2)",
	/* the lists match on the stored words */
	[STMT_PEOPLE_LIST_NAME] = PG_PATH(BY_NAME, "k.sort_key, k.id"),
	[STMT_PEOPLE_LIST_NAME_DESC] =
	    PG_PATH(BY_NAME_DESC, "k.sort_key DESC, k.id DESC"),
	[STMT_PEOPLE_LIST_BIRTH] = PEOPLE_PAGE(PG_MATCH, BY_BIRTH),
	[STMT_PEOPLE_WALK_NAME] = PEOPLE_PAGE(PG_MATCH, BY_NAME),
	[STMT_PEOPLE_WALK_NAME_DESC] = PEOPLE_PAGE(PG_MATCH, BY_NAME_DESC),
	[STMT_PEOPLE_WALK_MATCH] = PG_WALK(""),
	[STMT_PEOPLE_WALK_MATCH_DESC] = PG_WALK(" DESC"),
	[STMT_PEOPLE_WALK_BIRTH] = PEOPLE_PAGE(PG_MATCH, BY_BIRTH),
	[STMT_PEOPLE_COUNT] = PEOPLE_COUNT_OF(PG_MATCH),
	[STMT_PEOPLE_COUNT_FIND] =
	    "SELECT count(*) FROM (SELECT 1 FROM people p" PG_FTS_WHERE
	    " LIMIT ?7) t",
	/* ?1 codes, one a line */
	[STMT_PEOPLE_BY_CODES] =
	    "SELECT " PERSON_COLS " FROM unnest(string_to_array(?1, chr(10)))"
	    " AS c(code) JOIN people p ON p.code = c.code"
	    " JOIN units u ON u.id = p.unit_id",
	/* ?1 new people ids from the sequence (concurrent writers take
	 * theirs from it too) */
	[STMT_PEOPLE_NEXT_IDS] =
	    "SELECT nextval(pg_get_serial_sequence('people', 'id'))"
	    " FROM generate_series(1, ?1)",
	/*
	 * A copy into an empty store (store_copy()): the marker, then its
	 * foreign keys, primary keys, unique constraints and other indexes
	 * set aside in copy_pending (009) and dropped, in a transaction of
	 * its own.  The indexes are built again after the rows, biggest
	 * first, over the copy's connections; the last transaction puts the
	 * constraints back on their indexes, checks the foreign keys, each
	 * in one query, sets the identity sequences after the ids the rows
	 * came with, and removes the marker.
	 */
	[STMT_COPY_PREPARE] =
	    "DO $$ DECLARE r record; BEGIN"
	    /* one copy at a time, into an empty store */
	    " LOCK TABLE copy_pending IN EXCLUSIVE MODE;"
	    " IF EXISTS (SELECT 1 FROM copy_pending)"
	    " OR EXISTS (SELECT 1 FROM units) THEN RAISE EXCEPTION"
	    " 'another copy into this database is under way'; END IF;"
	    " INSERT INTO copy_pending (kind, tbl, name, def)"
	    " VALUES ('copy', '', '', now()::text);"
	    " INSERT INTO copy_pending (kind, tbl, name, def, con)"
	    " SELECT CASE c.contype WHEN 'f' THEN 'fk' ELSE 'key' END,"
	    " c.conrelid::regclass::text, c.conname::text,"
	    " CASE c.contype WHEN 'f' THEN pg_get_constraintdef(c.oid)"
	    " ELSE pg_get_indexdef(c.conindid) END,"
	    " CASE c.contype WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE'"
	    " ELSE '' END FROM pg_constraint c"
	    " WHERE c.contype IN ('f', 'p', 'u')"
	    " AND c.connamespace = current_schema()::regnamespace"
	    " AND c.conrelid::regclass::text NOT IN ('copy_pending',"
	    " 'schema_version')"
	    " ORDER BY c.contype <> 'f', 2, 3;"
	    " INSERT INTO copy_pending (kind, tbl, name, def)"
	    " SELECT 'index', t.oid::regclass::text, i.indexrelid::regclass::text,"
	    " pg_get_indexdef(i.indexrelid) FROM pg_index i"
	    " JOIN pg_class t ON t.oid = i.indrelid"
	    " WHERE t.relnamespace = current_schema()::regnamespace"
	    " AND NOT EXISTS (SELECT 1 FROM pg_constraint c"
	    " WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u'))"
	    " AND t.relname NOT IN ('copy_pending', 'schema_version')"
	    " ORDER BY 3;"
	    " FOR r IN SELECT tbl, name FROM copy_pending"
	    " WHERE kind IN ('fk', 'key') ORDER BY seq LOOP"
	    " EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.name);"
	    " END LOOP;"
	    " INSERT INTO copy_pending (kind, tbl, name, def)"
	    " SELECT 'analyze', c.oid::regclass::text, '', '' FROM pg_class c"
	    " WHERE c.relnamespace = current_schema()::regnamespace"
	    " AND c.relkind = 'r'"
	    " AND c.relname NOT IN ('copy_pending', 'schema_version')"
	    " ORDER BY 2;"
	    " FOR r IN SELECT name FROM copy_pending WHERE kind = 'index' LOOP"
	    " EXECUTE 'DROP INDEX ' || r.name; END LOOP; END $$",
	/* the search index, then the people's, the person_units', others */
	[STMT_COPY_PENDING] =
	    "SELECT seq FROM copy_pending WHERE kind IN ('index', 'key')"
	    " ORDER BY def LIKE '% USING gin %' DESC, tbl = 'people' DESC,"
	    " tbl = 'person_units' DESC, seq",
	[STMT_COPY_REBUILD] = "SELECT thidua_copy_rebuild(?1)",
	/* at once: the constraints on their indexes, the foreign keys added
	 * unchecked, the statistics (a second or two) */
	[STMT_COPY_ATTACH] =
	    "SELECT thidua_copy_rebuild_all(ARRAY['attach', 'fk', 'analyze'])",
	/* the foreign keys of the largest tables first */
	[STMT_COPY_CHECKS] =
	    "SELECT seq FROM copy_pending WHERE kind = 'validate'"
	    " ORDER BY pg_table_size(tbl::regclass) DESC, seq",
	[STMT_COPY_FINISH] =
	    "DO $$ BEGIN PERFORM thidua_copy_rebuild_all();"
	    " PERFORM " PG_SEQ_AFTER("people") ", " PG_SEQ_AFTER("person_units")
	    ", " PG_SEQ_AFTER("users") ", " PG_SEQ_AFTER("roles") ", "
	    PG_SEQ_AFTER("audit") ";"
	    " DELETE FROM copy_pending; END $$",
	/* one transaction: the rows gone, what was set aside built again
	 * (on empty tables: at once) */
	[STMT_COPY_ABANDON] =
	    "DO $$ BEGIN"
	    " TRUNCATE units, unit_stats, people, person_units, users, roles,"
	    " sessions, api_tokens, audit RESTART IDENTITY;"
	    " PERFORM thidua_copy_rebuild_all(); DELETE FROM copy_pending;"
	    " END $$",
	[STMT_COPY_UNFINISHED] =
	    "SELECT count(*) FROM copy_pending WHERE kind = 'copy'",
};

static void
pg_seterr(struct pg *q, const char *what, const PGresult *r)
{
	const char *m = r ? PQresultErrorMessage(r) : PQerrorMessage(q->c);
	size_t n;

	snprintf(q->err, sizeof(q->err), "%s%s%s", what ? what : "",
	    what ? ": " : "", m && *m ? m : "unknown error");
	/* one line for logs */
	for (n = strlen(q->err); n > 0 && (q->err[n - 1] == '\n' ||
	    q->err[n - 1] == ' '); n--)
		q->err[n - 1] = '\0';
	for (n = 0; q->err[n]; n++)
		if (q->err[n] == '\n')
			q->err[n] = ' ';
}

/* What a failed result means for the caller. */
static enum err
pg_result_err(struct pg *q, const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

	if (PQstatus(q->c) == CONNECTION_BAD)
		return ERR_BUSY;
	if (state == NULL)
		return ERR_DB;
	if (strncmp(state, "23", 2) == 0)		/* integrity */
		return ERR_CONFLICT;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)		/* retry */
		return ERR_BUSY;
	if (strncmp(state, "53", 2) == 0 || strncmp(state, "58", 2) == 0)
		return ERR_IO;				/* resources, system */
	return ERR_DB;
}

static void
pg_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;	/* NOTICEs ("relation exists, skipping") are noise */
}

/* What every new connection is told and asked: UTF-8, ISO dates in UTC,
 * no JIT compilation (a search whose estimated cost crosses its threshold
 * spent 9 ms compiling, for a query of a few dozen), memory for a
 * search's bitmap of matches to stay exact (at the default 4 MB, "do
 * ngoc" over the country rechecked 1.5 million rows of lossy pages: 1.0 s
 * against 0.35 s), and whether it reached a replica. */
static void
pg_session(struct pg *q)
{
	PGresult *r;

	PQsetNoticeProcessor(q->c, pg_notice, NULL);
	PQclear(PQexec(q->c, "SET datestyle = 'ISO'; SET TIME ZONE 'UTC';"
	    " SET jit = off; SET work_mem = '64MB'"));
	r = PQexec(q->c, "SELECT pg_is_in_recovery()");
	q->standby = PQresultStatus(r) == PGRES_TUPLES_OK &&
	    PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
}

static enum err
pg_connect(struct pg *q, const char *target, struct buf *errmsg)
{

	q->c = PQconnectdb(target);
	if (q->c == NULL || PQstatus(q->c) != CONNECTION_OK) {
		if (errmsg) {
			const char *m = q->c ? PQerrorMessage(q->c) : "";
			size_t n = strlen(m);

			while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
				n--;
			buf_addf(errmsg, "cannot connect to PostgreSQL: %.*s",
			    (int)n, m);
		}
		return ERR_DB;
	}
	if (PQsetClientEncoding(q->c, "UTF8") != 0) {
		buf_addf(errmsg, "PostgreSQL: cannot use UTF8");
		return ERR_DB;
	}
	pg_session(q);
	return OK;
}

static enum err
pg_open(const char *target, int create, void **out, struct buf *errmsg)
{
	struct pg *q = xcalloc(1, sizeof(*q));

	(void)create;	/* the database itself is the server's to create */
	*out = NULL;
	if (pg_connect(q, target, errmsg) != OK) {
		PQfinish(q->c);
		free(q);
		return ERR_DB;
	}
	*out = q;
	return OK;
}

static void
pg_close(void *conn)
{
	struct pg *q = conn;

	if (q == NULL)
		return;
	PQfinish(q->c);
	free(q);
}

/* A connection the server dropped (restart, failover): reset it once when
 * no transaction is open.  Returns 1 when the connection is usable. */
static int
pg_alive(struct pg *q)
{
	if (PQstatus(q->c) == CONNECTION_OK)
		return 1;
	if (q->in_tx)
		return 0;
	PQreset(q->c);
	memset(q->prepared, 0, sizeof(q->prepared));
	if (PQstatus(q->c) != CONNECTION_OK) {
		pg_seterr(q, "reconnect", NULL);
		log_err("pg: %s", q->err);
		return 0;
	}
	pg_session(q);
	log_info("pg: reconnected%s", q->standby ? " to a replica" : "");
	return 1;
}

static enum err
pg_script(void *conn, const char *sql)
{
	struct pg *q = conn;
	PGresult *r;
	ExecStatusType s;
	enum err e = OK;

	if (!pg_alive(q))
		return ERR_BUSY;
	r = PQexec(q->c, sql);
	s = PQresultStatus(r);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK &&
	    s != PGRES_EMPTY_QUERY) {
		pg_seterr(q, NULL, r);
		e = pg_result_err(q, r);
		if (e != ERR_BUSY)
			log_err("pg: %s", q->err);
	}
	PQclear(r);
	return e;
}

static enum err
pg_begin(void *conn)
{
	struct pg *q = conn;
	enum err e;

	/* a replica serves snapshots, not serializable transactions */
	if ((e = pg_script(q, q->standby ?
	    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" :
	    "BEGIN ISOLATION LEVEL SERIALIZABLE")) == OK)
		q->in_tx = 1;
	return e;
}

static enum err
pg_commit(void *conn)
{
	struct pg *q = conn;
	enum err e = pg_script(q, "COMMIT");

	q->in_tx = 0;
	return e;
}

static void
pg_rollback(void *conn)
{
	struct pg *q = conn;

	if (q->in_tx && PQstatus(q->c) == CONNECTION_OK)
		PQclear(PQexec(q->c, "ROLLBACK"));
	q->in_tx = 0;
}

/* The statement with ?N markers written $N, and its highest N; used[N-1]
 * is set for each N it uses.  Quoted text is copied as it is. */
static int
pg_convert(const char *sql, struct buf *out, unsigned char *used)
{
	const char *s = sql;
	int max = 0, n;
	char quote = 0;

	while (*s) {
		if (quote) {
			if (*s == quote)
				quote = 0;
			buf_addc(out, *s++);
		} else if (*s == '\'' || *s == '"') {
			quote = *s;
			buf_addc(out, *s++);
		} else if (*s == '?' && s[1] >= '0' && s[1] <= '9') {
			buf_addc(out, '$');
			for (n = 0, s++; *s >= '0' && *s <= '9'; s++) {
				n = n * 10 + (*s - '0');
				buf_addc(out, *s);
			}
			if (n > max)
				max = n;
			if (n >= 1 && n <= PG_MAX_PARAMS)
				used[n - 1] = 1;
		} else
			buf_addc(out, *s++);
	}
	return max;
}

/* Prepare statement id.  A parameter number the text does not use would
 * leave PostgreSQL unable to infer its type: such numbers are declared
 * text (they are never read). */
static enum err
pg_prepare(struct pg *q, enum stmt id, const char *sql, int *nparams)
{
	struct buf conv;
	Oid types[PG_MAX_PARAMS];
	unsigned char used[PG_MAX_PARAMS] = {0};
	char name[16];
	PGresult *r;
	enum err e = OK;
	int i, n;

	buf_init(&conv, 1 << 16);
	n = pg_convert(sql, &conv, used);
	if (n > PG_MAX_PARAMS || conv.err != OK) {
		log_err("pg: statement %d: too long or too many parameters",
		    (int)id);
		buf_free(&conv);
		return ERR_DB;
	}
	for (i = 0; i < n; i++)
		types[i] = used[i] ? 0 : 25;	/* 25: text */
	*nparams = n;
	if (q->prepared[id]) {
		buf_free(&conv);
		return OK;
	}
	snprintf(name, sizeof(name), "s%d", (int)id);
	r = PQprepare(q->c, name, buf_str(&conv), n, types);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		pg_seterr(q, "prepare", r);
		e = pg_result_err(q, r);
		log_err("pg: prepare %d: %s", (int)id, q->err);
	} else
		q->prepared[id] = 1;
	PQclear(r);
	buf_free(&conv);
	return e;
}

/* Statements whose rows are read one at a time as they come (whole
 * tables): the others' results are read whole.  A callback of these must
 * not use the same connection. */
static const unsigned char pg_stream[STMT__MAX] = {
	[STMT_COPY_UNITS_READ] = 1, [STMT_COPY_STATS_READ] = 1,
	[STMT_COPY_PEOPLE_READ] = 1, [STMT_COPY_PLACES_READ] = 1,
	[STMT_COPY_USERS_READ] = 1, [STMT_COPY_ROLES_READ] = 1,
	[STMT_COPY_SESSIONS_READ] = 1, [STMT_COPY_TOKENS_READ] = 1,
	[STMT_COPY_AUDIT_READ] = 1,
};

static enum err
pg_run_stream(struct pg *q, enum stmt id, const char *name, int n,
    const char *const *vals, srow_fn fn, void *arg)
{
	struct srow row = {&store_pg, NULL, 0};
	PGresult *r;
	PGcancel *cancel;
	ExecStatusType s;
	enum err e = OK, fail = OK;
	char buf[256];

	if (!PQsendQueryPrepared(q->c, name, n, vals, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(q->c)) {
		pg_seterr(q, NULL, NULL);
		log_err("pg: statement %d: %s", (int)id, q->err);
		return pg_result_err(q, NULL);
	}
	while ((r = PQgetResult(q->c)) != NULL) {
		s = PQresultStatus(r);
		if (s == PGRES_SINGLE_TUPLE && e == OK && fn != NULL) {
			row.h = r;
			if ((e = fn(&row, arg)) != OK &&
			    (cancel = PQgetCancel(q->c)) != NULL) {
				/* no need for the rest */
				PQcancel(cancel, buf, sizeof(buf));
				PQfreeCancel(cancel);
			}
		} else if (s != PGRES_SINGLE_TUPLE && s != PGRES_TUPLES_OK &&
		    e == OK && fail == OK) {
			pg_seterr(q, NULL, r);
			fail = pg_result_err(q, r);
			log_err("pg: statement %d: %s", (int)id, q->err);
		}
		PQclear(r);
	}
	return e != OK ? e : fail;
}

static enum err
pg_run(struct pg *q, enum stmt id, const char *sql, const struct sval *args,
    size_t nargs, srow_fn fn, void *arg)
{
	const char *vals[PG_MAX_PARAMS];
	char ints[PG_MAX_PARAMS][24];
	char name[16];
	struct srow row = {&store_pg, NULL, 0};
	PGresult *r;
	ExecStatusType s;
	int i, n, rows;
	enum err e;

	if ((e = pg_prepare(q, id, sql, &n)) != OK)
		return e;
	for (i = 0; i < n; i++) {
		vals[i] = NULL;
		if ((size_t)i >= nargs)
			continue;
		if (args[i].t == SVT_INT) {
			snprintf(ints[i], sizeof(ints[i]), "%lld",
			    (long long)args[i].i);
			vals[i] = ints[i];
		} else if (args[i].t == SVT_TEXT)
			vals[i] = args[i].s;
	}
	snprintf(name, sizeof(name), "s%d", (int)id);
	if (pg_stream[id])
		return pg_run_stream(q, id, name, n, vals, fn, arg);
	r = PQexecPrepared(q->c, name, n, vals, NULL, NULL, 0);
	s = PQresultStatus(r);
	if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
		pg_seterr(q, NULL, r);
		e = pg_result_err(q, r);
		if (e != ERR_CONFLICT && e != ERR_BUSY)
			log_err("pg: statement %d: %s", (int)id, q->err);
		PQclear(r);
		return e;
	}
	q->changes = strtoll(PQcmdTuples(r), NULL, 10);
	row.h = r;
	rows = PQntuples(r);
	for (e = OK; fn != NULL && row.row < rows && e == OK; row.row++)
		e = fn(&row, arg);
	PQclear(r);
	return e;
}

static enum err
pg_query(void *conn, enum stmt id, const char *sql, const struct sval *args,
    size_t nargs, srow_fn fn, void *arg)
{
	struct pg *q = conn;
	enum err e;

	if (!pg_alive(q))
		return ERR_BUSY;
	e = pg_run(q, id, sql, args, nargs, fn, arg);
	/* the server went away between statements: once more, anew */
	if (e == ERR_BUSY && !q->in_tx && PQstatus(q->c) == CONNECTION_BAD &&
	    pg_alive(q))
		e = pg_run(q, id, sql, args, nargs, fn, arg);
	return e;
}

/* ---- bulk rows: COPY ---- */

/* A copy into PostgreSQL: a server process writes rows, and builds
 * indexes, on one core; on a server of two, two connections. */
#define COPY_WRITERS	2

#define PG_BULK_FLUSH	(256 * 1024)	/* bytes sent at a time */

struct pg_bulk {
	struct pg	*q;
	struct buf	 data;		/* rows in COPY's text format */
	int		 words;		/* people: their words added */
	enum err	 err;
};

/* The columns of STMT_COPY_PEOPLE_WRITE the words are made of. */
#define PEOPLE_WRITE_CODE	1
#define PEOPLE_WRITE_FOLD	8

/* The words of a name and a code, as thidua_tokens() (001_init.pg.sql)
 * makes them, in tsvector's text form: runs of ASCII letters and digits
 * and of bytes beyond ASCII, the letters in lower case, split on every
 * other ASCII character; each quoted (none holds a quote, a backslash or
 * anything COPY escapes: those split).  The server sorts them and drops
 * the repeated ones, as array_to_tsvector() does. */
static void
pg_words(struct buf *out, const struct sval *name, const struct sval *code)
{
	const struct sval *v[2] = { name, code };
	const unsigned char *s;
	unsigned char c;
	char w[256];	/* written out a run at a time */
	size_t n = 0;
	int i, in, any = 0;

	for (i = 0; i < 2; i++) {
		if (v[i]->t != SVT_TEXT)
			continue;
		for (s = (const unsigned char *)v[i]->s, in = 0;; s++) {
			if (n > sizeof(w) - 4) {
				buf_add(out, w, n);
				n = 0;
			}
			c = *s;
			if (c >= 0x80 || (c >= '0' && c <= '9') ||
			    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
				if (!in) {
					if (any++)
						w[n++] = ' ';
					w[n++] = '\'';
					in = 1;
				}
				w[n++] = (char)(c >= 'A' && c <= 'Z' ?
				    c - 'A' + 'a' : c);
			} else if (in) {
				w[n++] = '\'';
				in = 0;
			}
			if (c == 0)
				break;
		}
	}
	buf_add(out, w, n);
}

static enum err
pg_bulk_send(struct pg_bulk *b)
{
	if (b->data.len > 0 && PQputCopyData(b->q->c, b->data.p,
	    (int)b->data.len) != 1) {
		pg_seterr(b->q, "copy", NULL);
		b->err = pg_result_err(b->q, NULL);
	}
	buf_reset(&b->data);
	return b->err;
}

/* "INSERT INTO t (cols) VALUES (...)" becomes "COPY t (cols) FROM STDIN". */
static enum err
pg_bulk_begin(void *conn, enum stmt id, const char *sql, void **out)
{
	static const char ins[] = "INSERT INTO ";
	struct pg *q = conn;
	struct pg_bulk *b;
	struct buf copy;
	const char *v;
	PGresult *r;
	enum err e = OK;

	*out = NULL;
	if (strncmp(sql, ins, sizeof(ins) - 1) != 0 ||
	    (v = strstr(sql, " VALUES ")) == NULL) {
		log_err("pg: statement %d is not an INSERT for COPY", (int)id);
		return ERR_DB;
	}
	if (!pg_alive(q))
		return ERR_BUSY;
	buf_init(&copy, 8192);
	buf_addf(&copy, "COPY %.*s FROM STDIN", (int)(v - sql -
	    (sizeof(ins) - 1)), sql + sizeof(ins) - 1);
	r = PQexec(q->c, buf_str(&copy));
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		pg_seterr(q, "copy", r);
		e = pg_result_err(q, r);
		log_err("pg: %s", q->err);
	}
	PQclear(r);
	buf_free(&copy);
	if (e != OK)
		return e;
	b = xcalloc(1, sizeof(*b));
	b->q = q;
	b->words = id == STMT_COPY_PEOPLE_WRITE;
	buf_init(&b->data, (size_t)64 << 20);
	*out = b;
	return OK;
}

static enum err
pg_bulk_row(void *bulk, const struct sval *v, size_t n)
{
	struct pg_bulk *b = bulk;
	const char *t;
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&b->data, '\t');
		if (v[i].t == SVT_INT)
			buf_addf(&b->data, "%lld", (long long)v[i].i);
		else if (v[i].t == SVT_NULL)
			buf_adds(&b->data, "\\N");
		else	/* text as it is, but for what COPY escapes */
			for (t = v[i].s; *t; t++) {
				k = strcspn(t, "\\\t\n\r");
				buf_add(&b->data, t, k);
				if (t[k] == '\0')
					break;
				t += k;
				buf_addc(&b->data, '\\');
				buf_addc(&b->data, *t == '\t' ? 't' : *t ==
				    '\n' ? 'n' : *t == '\r' ? 'r' : *t);
			}
	}
	if (b->words && n > PEOPLE_WRITE_FOLD) {
		buf_addc(&b->data, '\t');
		pg_words(&b->data, &v[PEOPLE_WRITE_FOLD],
		    &v[PEOPLE_WRITE_CODE]);
	}
	buf_addc(&b->data, '\n');
	if (b->data.err != OK) {
		b->err = ERR_LIMIT;
		return b->err;
	}
	return b->data.len >= PG_BULK_FLUSH ? pg_bulk_send(b) : OK;
}

static enum err
pg_bulk_end(void *bulk)
{
	struct pg_bulk *b = bulk;
	struct pg *q = b->q;
	PGresult *r;
	enum err e;

	if (b->err == OK)
		pg_bulk_send(b);
	if (PQputCopyEnd(q->c, b->err == OK ? NULL : "abandoned") != 1 &&
	    b->err == OK) {
		pg_seterr(q, "copy", NULL);
		b->err = pg_result_err(q, NULL);
	}
	while ((r = PQgetResult(q->c)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && b->err == OK) {
			pg_seterr(q, "copy", r);
			b->err = pg_result_err(q, r);
			log_err("pg: %s", q->err);
		}
		PQclear(r);
	}
	e = b->err;
	buf_free(&b->data);
	free(b);
	return e;
}

static int64_t
pg_changes(void *conn)
{
	return ((struct pg *)conn)->changes;
}

static const char *
pg_errmsg(void *conn)
{
	struct pg *q = conn;

	return q->err[0] ? q->err : PQerrorMessage(q->c);
}

static int64_t
pg_col_int(const struct srow *r, int col)
{
	return strtoll(PQgetvalue(r->h, r->row, col), NULL, 10);
}

static const char *
pg_col_text(const struct srow *r, int col)
{
	return PQgetvalue(r->h, r->row, col);	/* "" for NULL */
}

static int
pg_col_null(const struct srow *r, int col)
{
	return PQgetisnull(r->h, r->row, col);
}

const struct store_ops store_pg = {
	"pg", pg_sql, pg_open, pg_close, pg_script, pg_begin,
	pg_commit, pg_rollback, pg_query, pg_changes, pg_errmsg,
	NULL,	/* backup: store_backup() copies the rows into a SQLite file */
	pg_bulk_begin, pg_bulk_row, pg_bulk_end,
	/* the column "words", written with the row, and its index keep
	 * search current */
	NULL, 0,
	COPY_WRITERS,
	pg_col_int, pg_col_text, pg_col_null,
};
