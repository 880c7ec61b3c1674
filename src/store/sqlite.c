/*
 * sqlite.c: the SQLite backend.  One connection per struct store, in WAL
 * mode with a busy timeout; statements are prepared once per connection
 * and kept.  Name search uses FTS5 over folded names (see 001_init).
 * Trusts store.c to pass statement texts from its tables only.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_int.h"

/* Statements of this backend alone: ranking people for search. */
enum sq_stmt {
	SQ_UNRANKED, SQ_PREV, SQ_RUN, SQ_SET_RANK, SQ_UNSET_RANK, SQ_FTS_ADD,
	SQ_FTS_DEL,
	SQ_BEFORE, SQ_AFTER, SQ__MAX
};

struct sq {
	sqlite3		*db;
	sqlite3_stmt	*stmts[STMT__MAX];
	sqlite3_stmt	*own[SQ__MAX];
	int		 big_cache;	/* a bulk write is under way */
};

/*
 * Page cache, in KiB (negative: SQLite's unit).  A bulk write (an
 * import, the demo data) touches index pages all over the file; with the
 * ordinary cache its dirty pages spill to the write-ahead log and are
 * written again at each later change (126 GB written for an 11.7 GB
 * national file).  For the rest of its transaction it gets a cache that
 * holds them (up to 8 GiB, and a quarter of the machine's memory), given
 * back at the end.
 */
#define CACHE_KIB	"-65536"
#define BULK_CACHE_MAX_KIB	((long long)8 << 20)

/*
 * Search.  Each person has a name_rank, increasing in name order
 * (sort_key, id) with room between neighbours (006_name_rank), and the
 * rank is the person's rowid in the FTS5 index: FTS5 yields matches in
 * rowid order, so a page in name order is the first matches, read one by
 * one, whatever their number.
 */
#define FTS_FROM \
	" FROM people_fts f JOIN people p ON p.name_rank = f.rowid"
/* the words of the query, and the subtree when the index knows it */
#define FTS_WHERE PEOPLE_WHERE " AND people_fts MATCH thidua_fts(?9, ?1)"
/* exact: 1 when the query has no diacritics or the name holds it as
 * typed ("Dũng" in "Nguyễn Văn Dũng"); exact matches come first */
#define FTS_EXACT \
	"(CASE WHEN CAST(?10 AS TEXT) IS NULL OR" \
	" instr(p.name_lower, ?10) > 0 THEN 1 ELSE 0 END)"
/* the matches of one class (exact or not), in rank order */
#define FTS_CLASS(exact, dir) \
	"SELECT * FROM (SELECT " PERSON_COLS FTS_FROM \
	" JOIN units u ON u.id = p.unit_id" FTS_WHERE " AND " FTS_EXACT \
	" = " exact " ORDER BY f.rowid" dir ")"
/* (without diacritics in the query every match is exact: the second
 * class is not read at all) */
#define FTS_RANKED(dir) \
	FTS_CLASS("1", dir) " UNION ALL " FTS_CLASS("0 AND CAST(?10 AS TEXT)" \
	" IS NOT NULL", dir) " LIMIT ?7 OFFSET ?8"
/* birth order: the page is chosen among the matches on thin rows; the
 * people and units of its rows only are read in full */
#define FTS_BIRTH \
	"SELECT " PERSON_COLS " FROM (SELECT p.id AS id, " FTS_EXACT \
	" AS exact, p.sort_key AS sort_key, p.birth_date AS birth_date" \
	FTS_FROM FTS_WHERE " ORDER BY exact DESC, birth_date, sort_key, id" \
	" LIMIT ?7 OFFSET ?8) k JOIN people p ON p.id = k.id" \
	" JOIN units u ON u.id = p.unit_id" \
	" ORDER BY k.exact DESC, k.birth_date, k.sort_key, k.id"

/* ?10, the query as typed when it has diacritics, is in the name */
#define SQ_EXACT " AND (?10 IS NULL OR instr(p.name_lower, ?10) > 0)"

/* A walk in name order over the first ?11 people of all (the index
 * alone), keeping those of the subtree and filters that match ?9 and,
 * when ?10 is not NULL (a query with diacritics), hold it as typed: the
 * caller falls back to another plan when the page is not full (the
 * subtree is small, or the matches cluster late in name order). */
#define WALK_MATCH(dir) \
	"SELECT " PERSON_COLS " FROM (SELECT id FROM people" \
	" INDEXED BY people_sort ORDER BY sort_key" dir ", id" dir \
	" LIMIT ?11) w" \
	" JOIN people p ON p.id = w.id JOIN units u ON u.id = p.unit_id" \
	PEOPLE_WHERE PEOPLE_MATCH SQ_EXACT \
	" ORDER BY p.sort_key" dir ", p.id" dir " LIMIT ?7 OFFSET ?8"

static const char *const sqlite_sql[STMT__MAX] = {
	[STMT_PEOPLE_FIND_NAME] = FTS_RANKED(""),
	[STMT_PEOPLE_FIND_NAME_DESC] = FTS_RANKED(" DESC"),
	[STMT_PEOPLE_FIND_BIRTH] = FTS_BIRTH,
	/* name order through its own index, whatever the subtree */
	[STMT_PEOPLE_WALK_NAME] =
	    "SELECT " PERSON_COLS " FROM people p INDEXED BY people_sort"
	    " JOIN units u ON u.id = p.unit_id" PEOPLE_WHERE PEOPLE_MATCH
	    " ORDER BY p.sort_key, p.id LIMIT ?7 OFFSET ?8",
	[STMT_PEOPLE_WALK_NAME_DESC] =
	    "SELECT " PERSON_COLS " FROM people p INDEXED BY people_sort"
	    " JOIN units u ON u.id = p.unit_id" PEOPLE_WHERE PEOPLE_MATCH
	    " ORDER BY p.sort_key DESC, p.id DESC LIMIT ?7 OFFSET ?8",
	[STMT_PEOPLE_WALK_MATCH] = WALK_MATCH(""),
	[STMT_PEOPLE_WALK_MATCH_DESC] = WALK_MATCH(" DESC"),
	[STMT_PEOPLE_WALK_BIRTH] =
	    "SELECT " PERSON_COLS " FROM people p INDEXED BY people_birth"
	    " JOIN units u ON u.id = p.unit_id" PEOPLE_WHERE PEOPLE_MATCH
	    " ORDER BY p.birth_date, p.sort_key, p.id LIMIT ?7 OFFSET ?8",
	/* how many people a name query matches, up to ?2 (counted: the
	 * search index stops at ?2) */
	[STMT_PEOPLE_FTS_ABOUT] =
	    "SELECT count(*) FROM (SELECT 1 FROM people_fts"
	    " WHERE people_fts MATCH thidua_fts(?1) LIMIT ?2) t",
	[STMT_PEOPLE_COUNT_FIND] =
	    "SELECT count(*) FROM (SELECT 1" FTS_FROM FTS_WHERE " LIMIT ?7) t",
	/* ?1 new people ids: the writer holds the lock, max(id) is its own */
	[STMT_PEOPLE_NEXT_IDS] =
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < ?1) SELECT (SELECT coalesce(max(id), 0) FROM people)"
	    " + i FROM n",
	/* ?1 codes, one a line: split by a recursive CTE, each looked up */
	[STMT_PEOPLE_BY_CODES] =
	    "WITH RECURSIVE c(code, rest) AS (SELECT NULL, ?1 || char(10)"
	    " UNION ALL SELECT substr(rest, 1, instr(rest, char(10)) - 1),"
	    " substr(rest, instr(rest, char(10)) + 1) FROM c WHERE rest <> '')"
	    " SELECT " PERSON_COLS " FROM c CROSS JOIN people p"
	    " JOIN units u ON u.id = p.unit_id WHERE p.code = c.code",
	/* a copy into SQLite is one transaction on one connection that keeps
	 * its indexes; ids need nothing after it; people are ranked by the
	 * copy */
	[STMT_COPY_PREPARE] = "SELECT 1",
	[STMT_COPY_PENDING] = "SELECT 1 WHERE 0",
	[STMT_COPY_REBUILD] = "SELECT ?1",
	[STMT_COPY_ATTACH] = "SELECT 1",
	[STMT_COPY_CHECKS] = "SELECT 1 WHERE 0",
	[STMT_COPY_FINISH] = "SELECT 1",
	[STMT_COPY_ABANDON] = "SELECT 1",
	[STMT_COPY_UNFINISHED] = "SELECT 0",
};

/* People in name order after (or before) a person: "(sort_key, id) >
 * that person's", through the name index. */
#define AFTER_PERSON \
	" (sort_key, id) > (SELECT sort_key, id FROM people WHERE id = ?1)"
#define BEFORE_PERSON \
	" (sort_key, id) < (SELECT sort_key, id FROM people WHERE id = ?1)"

static const char *const sq_own_sql[SQ__MAX] = {
	[SQ_UNRANKED] =
	    "SELECT id FROM people INDEXED BY people_rank"
	    " WHERE name_rank IS NULL ORDER BY sort_key, id",
	[SQ_PREV] =
	    "SELECT id, name_rank FROM people INDEXED BY people_sort WHERE"
	    BEFORE_PERSON " ORDER BY sort_key DESC, id DESC LIMIT 1",
	/* the person and those after it, up to the first one ranked */
	[SQ_RUN] =
	    "SELECT id, name_rank FROM people INDEXED BY people_sort"
	    " WHERE (sort_key, id) >= (SELECT sort_key, id FROM people"
	    " WHERE id = ?1) ORDER BY sort_key, id",
	[SQ_SET_RANK] = "UPDATE people SET name_rank = ?2 WHERE id = ?1",
	[SQ_UNSET_RANK] = "UPDATE people SET name_rank = NULL WHERE id = ?1",
	[SQ_FTS_ADD] =
	    "INSERT INTO people_fts(rowid, name_fold, code, units)"
	    " SELECT name_rank, name_fold, coalesce(code, ''),"
	    " thidua_units(unit_path) FROM people WHERE id = ?1",
	[SQ_FTS_DEL] =
	    "INSERT INTO people_fts(people_fts, rowid, name_fold, code, units)"
	    " SELECT 'delete', name_rank, name_fold, coalesce(code, ''),"
	    " thidua_units(unit_path) FROM people"
	    " WHERE id = ?1 AND name_rank IS NOT NULL",
	/* ?2 people before or after a person, to be ranked again */
	[SQ_BEFORE] =
	    "SELECT id FROM people INDEXED BY people_sort WHERE" BEFORE_PERSON
	    " ORDER BY sort_key DESC, id DESC LIMIT ?2",
	[SQ_AFTER] =
	    "SELECT id FROM people INDEXED BY people_sort WHERE" AFTER_PERSON
	    " ORDER BY sort_key, id LIMIT ?2",
};

/* 1 if word [w, w+n) is tok, or starts with it when prefix. */
static int
word_is(const unsigned char *w, size_t n, const char *tok, size_t tl,
    int prefix)
{
	size_t i;

	if (n < tl || (!prefix && n != tl))
		return 0;
	for (i = 0; i < tl; i++)
		if ((w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]) !=
		    (unsigned char)tok[i])
			return 0;
	return 1;
}

/* 1 if some word of s (split as FTS5's ascii tokenizer splits: on ASCII
 * characters other than letters and digits) is tok. */
static int
has_word(const unsigned char *s, const char *tok, size_t tl, int prefix)
{
	const unsigned char *w;

	if (s == NULL)
		return 0;
	while (*s) {
		while (*s && *s < 0x80 && !((*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			s++;
		for (w = s; *s && !(*s < 0x80 && !((*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')));
		    s++)
			;
		if (s > w && word_is(w, (size_t)(s - w), tok, tl, prefix))
			return 1;
	}
	return 0;
}

/* thidua_match(name_fold, code, query): every word of the folded query
 * is a word of the name or the code, the last may be the start of one;
 * the same rule as the FTS5 query people_list() builds. */
static void
sq_match(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const unsigned char *name = sqlite3_value_text(argv[0]);
	const unsigned char *code = sqlite3_value_text(argv[1]);
	const char *q = (const char *)sqlite3_value_text(argv[2]), *t, *e;
	int ok = 1;

	(void)argc;
	for (t = q; ok && t && *t; t = *e ? e + 1 : e) {
		for (e = t; *e && *e != ' '; e++)
			;
		if (e == t)
			continue;
		ok = has_word(name, t, (size_t)(e - t), *e == '\0') ||
		    has_word(code, t, (size_t)(e - t), *e == '\0');
	}
	sqlite3_result_int(cx, ok);
}

/* Base 36 of a unit id: the short token the search index knows the
 * unit by. */
static void
unit_token(int64_t id, struct buf *b)
{
	char t[16];
	int n = 0;

	do {
		t[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[id % 36];
		id /= 36;
	} while (id > 0 && n < (int)sizeof(t));
	while (n > 0)
		buf_addc(b, t[--n]);
}

/* The ids of a path "/1/5/23/" at depths 1 and 2 (5 and 23), the units
 * whose subtrees the search index can answer for; 0 where none. */
static void
path_ids(const char *path, int64_t *d1, int64_t *d2)
{
	int64_t id;
	int depth = -1;

	*d1 = *d2 = 0;
	for (; path && *path; ) {
		if (*path++ != '/' || *path < '0' || *path > '9')
			continue;
		for (id = 0; *path >= '0' && *path <= '9'; path++)
			id = id * 10 + (*path - '0');
		if (++depth == 1)
			*d1 = id;
		else if (depth == 2)
			*d2 = id;
	}
}

/* thidua_units(unit_path): the tokens of a person's units at depths 1
 * and 2 (a province, a CĐCS), indexed with the name so that a search of
 * such a subtree is one index query. */
static void
sq_units(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	int64_t d1, d2;
	struct buf b;

	(void)argc;
	buf_init(&b, 64);
	path_ids((const char *)sqlite3_value_text(argv[0]), &d1, &d2);
	if (d1)
		unit_token(d1, &b);
	if (d2) {
		buf_addc(&b, ' ');
		unit_token(d2, &b);
	}
	sqlite3_result_text(cx, buf_str(&b), (int)b.len, SQLITE_TRANSIENT);
	buf_free(&b);
}

/* thidua_fts(query[, subtree]): the FTS5 expression for a folded query
 * ("nguyen van d" -> the words "nguyen", "van" and a word starting with
 * "d", in the name or the code), and, when subtree is the path of a unit
 * at depth 1 or 2, that unit among the person's units.  Words of a folded
 * query are letters and digits: they need no escaping. */
static void
sq_fts(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *q = (const char *)sqlite3_value_text(argv[0]), *t, *e;
	int64_t d1 = 0, d2 = 0;
	struct buf b;

	buf_init(&b, 8192);
	for (t = q; t && *t; t = *e ? e + 1 : e) {
		for (e = t; *e && *e != ' '; e++)
			;
		if (e > t)
			buf_addf(&b, "%s{name_fold code} : \"%.*s\"%s",
			    b.len ? " " : "", (int)(e - t), t, *e ? "" : "*");
	}
	if (argc > 1) {
		path_ids((const char *)sqlite3_value_text(argv[1]), &d1, &d2);
		if (d1 || d2) {
			buf_adds(&b, " units : \"");
			unit_token(d2 ? d2 : d1, &b);
			buf_addc(&b, '"');
		}
	}
	if (b.err != OK)
		sqlite3_result_error_toobig(cx);
	else
		sqlite3_result_text(cx, buf_str(&b), (int)b.len,
		    SQLITE_TRANSIENT);
	buf_free(&b);
}

static enum err
sq_fail(struct sq *q, struct buf *errmsg, const char *what)
{
	if (errmsg)
		buf_addf(errmsg, "%s: %s", what,
		    q && q->db ? sqlite3_errmsg(q->db) : "out of memory");
	return ERR_DB;
}

static enum err
sq_open(const char *target, int create, void **out, struct buf *errmsg)
{
	struct sq *q = xcalloc(1, sizeof(*q));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	char *em = NULL;

	*out = NULL;
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	else if (access(target, R_OK | W_OK) != 0) {
		buf_addf(errmsg, "cannot open database %s: missing or not "
		    "readable and writable (run 'thidua init' or 'thidua demo')",
		    target);
		free(q);
		return ERR_IO;
	}
	if (sqlite3_open_v2(target, &q->db, flags, NULL) != SQLITE_OK) {
		sq_fail(q, errmsg, target);
		goto fail;
	}
	sqlite3_extended_result_codes(q->db, 1);
	sqlite3_busy_timeout(q->db, 10000);
	if (sqlite3_create_function_v2(q->db, "thidua_match", 3, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sq_match, NULL, NULL,
	    NULL) != SQLITE_OK || sqlite3_create_function_v2(q->db,
	    "thidua_fts", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC |
	    SQLITE_INNOCUOUS, NULL, sq_fts, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(q->db, "thidua_fts", 2, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sq_fts, NULL, NULL,
	    NULL) != SQLITE_OK || sqlite3_create_function_v2(q->db,
	    "thidua_units", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC |
	    SQLITE_INNOCUOUS, NULL, sq_units, NULL, NULL, NULL) != SQLITE_OK) {
		sq_fail(q, errmsg, target);
		goto fail;
	}
	/* Check it is a database before anything else touches it. */
	if (sqlite3_exec(q->db, "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
	    "PRAGMA cache_size=" CACHE_KIB "; PRAGMA temp_store=MEMORY;"
	    /* reads through one mapping the connections share, not a
	     * copy in each one's cache (a national search: p99 334 ->
	     * 124 ms under load) */
	    "PRAGMA mmap_size=68719476736;",
	    NULL, NULL, &em) != SQLITE_OK) {
		buf_addf(errmsg, "%s: %s", target, em ? em : "not a database");
		sqlite3_free(em);
		goto fail;
	}
	*out = q;
	return OK;
fail:
	sqlite3_close(q->db);
	free(q);
	return ERR_DB;
}

static void
sq_close(void *conn)
{
	struct sq *q = conn;
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(q->stmts[i]);
	for (i = 0; i < SQ__MAX; i++)
		sqlite3_finalize(q->own[i]);
	sqlite3_close(q->db);
	free(q);
}

static enum err
sq_script(void *conn, const char *sql)
{
	struct sq *q = conn;
	char *em = NULL;

	if (sqlite3_exec(q->db, sql, NULL, NULL, &em) != SQLITE_OK) {
		log_err("sqlite: %s", em ? em : sqlite3_errmsg(q->db));
		sqlite3_free(em);
		return ERR_DB;
	}
	return OK;
}

static enum err
sq_begin(void *conn)
{
	return sq_script(conn, "BEGIN IMMEDIATE");
}

/* Back to the ordinary cache after a bulk write, freeing the pages. */
static void
sq_small_cache(struct sq *q)
{
	if (q->big_cache && sqlite3_get_autocommit(q->db)) {
		sqlite3_exec(q->db, "PRAGMA cache_size=" CACHE_KIB, NULL, NULL,
		    NULL);
		q->big_cache = 0;
	}
}

static enum err
sq_commit(void *conn)
{
	enum err e = sq_script(conn, "COMMIT");

	sq_small_cache(conn);
	return e;
}

static void
sq_rollback(void *conn)
{
	struct sq *q = conn;

	if (!sqlite3_get_autocommit(q->db))
		sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
	sq_small_cache(q);
}

/* Bulk rows go through the prepared statement (*bulk stays NULL); the
 * transaction gets the bulk cache. */
static enum err
sq_bulk_begin(void *conn, enum stmt id, const char *sql, void **bulk)
{
	struct sq *q = conn;

	(void)id;
	(void)sql;
	*bulk = NULL;
	if (!q->big_cache && !sqlite3_get_autocommit(q->db)) {
		long pages = sysconf(_SC_PHYS_PAGES);
		long size = sysconf(_SC_PAGESIZE);
		long long kib = BULK_CACHE_MAX_KIB;
		char pragma[64];

		if (pages > 0 && size >= 1024 &&
		    (long long)pages / 4 * (size / 1024) < kib)
			kib = (long long)pages / 4 * (size / 1024);
		snprintf(pragma, sizeof(pragma), "PRAGMA cache_size=-%lld", kib);
		if (sq_script(q, pragma) != OK)
			return ERR_DB;
		q->big_cache = 1;
	}
	return OK;
}

static enum err
sq_query(void *conn, enum stmt id, const char *sql, const struct sval *args,
    size_t nargs, srow_fn fn, void *arg)
{
	struct sq *q = conn;
	sqlite3_stmt *st = q->stmts[id];
	struct srow row = {&store_sqlite, NULL, 0};
	int rc, nparam;
	size_t i;
	enum err e = OK;

	if (st == NULL) {
		if (sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
		    &st, NULL) != SQLITE_OK) {
			log_err("sqlite: prepare %d: %s", (int)id,
			    sqlite3_errmsg(q->db));
			return ERR_DB;
		}
		q->stmts[id] = st;
	}
	nparam = sqlite3_bind_parameter_count(st);
	for (i = 0; i < nargs && (int)i < nparam; i++) {
		switch (args[i].t) {
		case SVT_INT:
			rc = sqlite3_bind_int64(st, (int)i + 1, args[i].i);
			break;
		case SVT_TEXT:
			rc = sqlite3_bind_text(st, (int)i + 1, args[i].s, -1,
			    SQLITE_STATIC);
			break;
		default:
			rc = sqlite3_bind_null(st, (int)i + 1);
			break;
		}
		if (rc != SQLITE_OK) {
			e = ERR_DB;
			goto out;
		}
	}
	row.h = st;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn != NULL && (e = fn(&row, arg)) != OK)
			goto out;
		row.row++;
	}
	if (rc != SQLITE_DONE) {
		rc = sqlite3_extended_errcode(q->db);
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			e = ERR_CONFLICT;
		else if ((rc & 0xff) == SQLITE_BUSY)
			e = ERR_BUSY;
		else if ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR)
			e = ERR_IO;
		else
			e = ERR_DB;
		if (e != ERR_CONFLICT)
			log_err("sqlite: statement %d: %s", (int)id,
			    sqlite3_errmsg(q->db));
	}
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return e;
}

static int64_t
sq_changes(void *conn)
{
	return sqlite3_changes64(((struct sq *)conn)->db);
}

static const char *
sq_errmsg(void *conn)
{
	return sqlite3_errmsg(((struct sq *)conn)->db);
}

static enum err
sq_backup(void *conn, const char *path, struct buf *errmsg)
{
	struct sq *q = conn;
	sqlite3 *dst = NULL;
	sqlite3_backup *bk;
	int rc;

	if (access(path, F_OK) == 0) {
		buf_addf(errmsg, "%s already exists", path);
		return ERR_INVAL;
	}
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		buf_addf(errmsg, "%s: %s", path, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return ERR_IO;
	}
	if ((bk = sqlite3_backup_init(dst, "main", q->db, "main")) == NULL) {
		buf_addf(errmsg, "%s: %s", path, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		unlink(path);
		return ERR_IO;
	}
	/* Copy in steps so writers are not held off; a write by another
	 * connection restarts the copy, which is what keeps it consistent. */
	do {
		rc = sqlite3_backup_step(bk, 1024);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		buf_addf(errmsg, "%s: %s", path, sqlite3_errstr(rc));
		sqlite3_close(dst);
		unlink(path);
		return ERR_IO;
	}
	sqlite3_close(dst);
	return OK;
}

static int64_t
sq_col_int(const struct srow *r, int col)
{
	return sqlite3_column_int64(r->h, col);
}

static const char *
sq_col_text(const struct srow *r, int col)
{
	const unsigned char *s = sqlite3_column_text(r->h, col);

	return s ? (const char *)s : "";
}

static int
sq_col_null(const struct srow *r, int col)
{
	return sqlite3_column_type(r->h, col) == SQLITE_NULL;
}

/* ---- ranking people for search ---- */

#define RANK_GAP	((int64_t)1 << 32)	/* room between neighbours */
#define RANK_END	((int64_t)1 << 62)	/* ranks are in (0, RANK_END) */
#define RANK_ROOM	((int64_t)1 << 20)	/* spacing after a re-rank */

static sqlite3_stmt *
sq_own(struct sq *q, enum sq_stmt id)
{
	if (q->own[id] == NULL && sqlite3_prepare_v3(q->db, sq_own_sql[id], -1,
	    SQLITE_PREPARE_PERSISTENT, &q->own[id], NULL) != SQLITE_OK) {
		log_err("sqlite: prepare own %d: %s", (int)id,
		    sqlite3_errmsg(q->db));
		return NULL;
	}
	return q->own[id];
}

/* Run one of our own statements with up to two integer arguments; each
 * row's first two columns go to ids[] and ranks[] (NULL rank: -1), up
 * to *n.  Returns the SQLite status (SQLITE_DONE on success). */
static int
sq_own_run(struct sq *q, enum sq_stmt id, int64_t a1, int64_t a2,
    int64_t **ids, int64_t **ranks, size_t *n, size_t *cap, int until_ranked)
{
	sqlite3_stmt *st = sq_own(q, id);
	int rc, np;

	if (st == NULL)
		return SQLITE_ERROR;
	np = sqlite3_bind_parameter_count(st);
	sqlite3_bind_int64(st, 1, a1);
	if (np > 1)
		sqlite3_bind_int64(st, 2, a2);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && ids != NULL) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*ids = xreallocarray(*ids, *cap, sizeof(**ids));
			*ranks = xreallocarray(*ranks, *cap, sizeof(**ranks));
		}
		(*ids)[*n] = sqlite3_column_int64(st, 0);
		(*ranks)[*n] = sqlite3_column_count(st) > 1 &&
		    sqlite3_column_type(st, 1) != SQLITE_NULL ?
		    sqlite3_column_int64(st, 1) : -1;
		if (until_ranked && (*ranks)[*n] >= 0) {
			(*n)++;
			rc = SQLITE_DONE;
			break;
		}
		(*n)++;
	}
	sqlite3_reset(st);
	return rc;
}

/* Take people out of the index so that they are ranked again. */
static int
sq_unrank(struct sq *q, const int64_t *ids, size_t n)
{
	size_t i;
	int rc = SQLITE_DONE;

	for (i = 0; i < n && rc == SQLITE_DONE; i++)
		if ((rc = sq_own_run(q, SQ_FTS_DEL, ids[i], 0, NULL, NULL,
		    NULL, NULL, 0)) == SQLITE_DONE)
			rc = sq_own_run(q, SQ_UNSET_RANK, ids[i], 0, NULL,
			    NULL, NULL, NULL, 0);
	return rc;
}

/*
 * Rank and index every person without a rank: in name order, each run of
 * unranked people between two ranked neighbours (prev, next) is spread
 * evenly over the room between them.  When the room is too small, the
 * neighbours on both sides are taken out too, wider each time, and it
 * starts again.  Ranks are given in increasing order, which is the order
 * FTS5 writes its index fastest.
 */
static enum err
sq_index_people(void *conn)
{
	struct sq *q = conn;
	int64_t *todo = NULL, *tr = NULL, *run = NULL, *rr = NULL;
	int64_t *wide = NULL, *wr = NULL, prev, next, step;
	size_t ntodo, ctodo = 0, nrun, crun = 0, nw, cw = 0, i, j, k;
	size_t widen = 64;
	int rc;
	enum err e = ERR_DB;

again:
	ntodo = 0;
	if ((rc = sq_own_run(q, SQ_UNRANKED, 0, 0, &todo, &tr, &ntodo,
	    &ctodo, 0)) != SQLITE_DONE)
		goto out;
	for (i = 0; i < ntodo; i += k) {
		nrun = 0;
		prev = 0;
		if ((rc = sq_own_run(q, SQ_PREV, todo[i], 0, &run, &rr, &nrun,
		    &crun, 0)) != SQLITE_DONE)
			goto out;
		if (nrun == 1)
			prev = rr[0];
		nrun = 0;
		if ((rc = sq_own_run(q, SQ_RUN, todo[i], 0, &run, &rr, &nrun,
		    &crun, 1)) != SQLITE_DONE)
			goto out;
		next = RANK_END;
		if (nrun > 0 && rr[nrun - 1] >= 0)
			next = rr[--nrun];
		k = nrun;	/* the unranked run: todo[i .. i+k-1] */
		if (k == 0 || prev < 0 || next <= prev) {
			log_err("sqlite: ranking people: inconsistent order");
			goto out;
		}
		step = (next - prev) / (int64_t)(k + 1);
		if (step > RANK_GAP)
			step = RANK_GAP;
		if (step < 1 || (step < RANK_ROOM && widen > 64)) {
			/* no room: rank the neighbours again with the run */
			nw = 0;
			if ((rc = sq_own_run(q, SQ_BEFORE, todo[i],
			    (int64_t)widen, &wide, &wr, &nw, &cw, 0)) !=
			    SQLITE_DONE || (rc = sq_own_run(q, SQ_AFTER,
			    run[k - 1], (int64_t)widen, &wide, &wr, &nw, &cw,
			    0)) != SQLITE_DONE || (rc = sq_unrank(q, wide,
			    nw)) != SQLITE_DONE)
				goto out;
			widen *= 2;
			goto again;
		}
		for (j = 0; j < k; j++) {
			if ((rc = sq_own_run(q, SQ_SET_RANK, run[j],
			    prev + step * (int64_t)(j + 1), NULL, NULL, NULL,
			    NULL, 0)) != SQLITE_DONE ||
			    (rc = sq_own_run(q, SQ_FTS_ADD, run[j], 0, NULL,
			    NULL, NULL, NULL, 0)) != SQLITE_DONE)
				goto out;
		}
	}
	e = OK;
out:
	if (e != OK) {
		log_err("sqlite: ranking people: %s", sqlite3_errmsg(q->db));
		if ((rc & 0xff) == SQLITE_BUSY)
			e = ERR_BUSY;
	}
	free(todo);
	free(tr);
	free(run);
	free(rr);
	free(wide);
	free(wr);
	return e;
}

const struct store_ops store_sqlite = {
	"sqlite", sqlite_sql, sq_open, sq_close, sq_script, sq_begin,
	sq_commit, sq_rollback, sq_query, sq_changes, sq_errmsg, sq_backup,
	sq_bulk_begin, NULL, NULL, /* bulk rows: the prepared statement */
	sq_index_people, 1, 1,
	sq_col_int, sq_col_text, sq_col_null,
};
