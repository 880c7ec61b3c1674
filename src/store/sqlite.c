/*
 * sqlite.c: the SQLite backend.  One connection per struct store, in WAL
 * mode with a busy timeout; statements are prepared once per connection
 * and kept.  Name search uses FTS5 over folded names (see 001_init).
 * Trusts store.c to pass statement texts from its tables only.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_int.h"

struct sq {
	sqlite3		*db;
	sqlite3_stmt	*stmts[STMT__MAX];
};

#define FTS_FROM \
	" FROM people_fts f JOIN people p ON p.id = f.rowid"
#define FTS_WHERE PEOPLE_WHERE " AND people_fts MATCH ?9"
/* The page is chosen among the matches on thin rows (id and the order's
 * keys); the people and units of its rows only are read in full. */
#define FTS_KEYS \
	"SELECT p.id AS id, (CASE WHEN ?10 IS NULL OR" \
	" instr(p.name_lower, ?10) > 0 THEN 0 ELSE 1 END) AS exact," \
	" p.sort_key AS sort_key, p.birth_date AS birth_date"
#define FTS_PAGE(order, korder) \
	"SELECT " PERSON_COLS " FROM (" FTS_KEYS FTS_FROM FTS_WHERE \
	" ORDER BY " order " LIMIT ?7 OFFSET ?8) k" \
	" JOIN people p ON p.id = k.id JOIN units u ON u.id = p.unit_id" \
	" ORDER BY " korder

static const char *const sqlite_sql[STMT__MAX] = {
	/* people with ids in [?1, ?2] become searchable */
	[STMT_PEOPLE_INDEX] =
	    "INSERT INTO people_fts(rowid, name_fold, code)"
	    " SELECT id, name_fold, coalesce(code, '') FROM people"
	    " WHERE id >= ?1 AND id <= ?2",
	[STMT_PEOPLE_FIND_NAME] =
	    FTS_PAGE("exact, sort_key, id", "k.exact, k.sort_key, k.id"),
	[STMT_PEOPLE_FIND_NAME_DESC] =
	    FTS_PAGE("exact, sort_key DESC, id DESC",
	    "k.exact, k.sort_key DESC, k.id DESC"),
	[STMT_PEOPLE_FIND_BIRTH] =
	    FTS_PAGE("exact, birth_date, sort_key, id",
	    "k.exact, k.birth_date, k.sort_key, k.id"),
	/* name order through its own index, whatever the subtree */
	[STMT_PEOPLE_WALK_NAME] =
	    "SELECT " PERSON_COLS " FROM people p INDEXED BY people_sort"
	    " JOIN units u ON u.id = p.unit_id" PEOPLE_WHERE PEOPLE_MATCH
	    " ORDER BY p.sort_key, p.id LIMIT ?7 OFFSET ?8",
	[STMT_PEOPLE_WALK_NAME_DESC] =
	    "SELECT " PERSON_COLS " FROM people p INDEXED BY people_sort"
	    " JOIN units u ON u.id = p.unit_id" PEOPLE_WHERE PEOPLE_MATCH
	    " ORDER BY p.sort_key DESC, p.id DESC LIMIT ?7 OFFSET ?8",
	[STMT_PEOPLE_WALK_MATCH] = WALK_MATCH(" INDEXED BY people_sort", ""),
	[STMT_PEOPLE_WALK_MATCH_DESC] =
	    WALK_MATCH(" INDEXED BY people_sort", " DESC"),
	[STMT_PEOPLE_WALK_BIRTH] =
	    "SELECT " PERSON_COLS " FROM people p INDEXED BY people_birth"
	    " JOIN units u ON u.id = p.unit_id" PEOPLE_WHERE PEOPLE_MATCH
	    " ORDER BY p.birth_date, p.sort_key, p.id LIMIT ?7 OFFSET ?8",
	/* how many people a name query matches, up to ?2 */
	[STMT_PEOPLE_FTS_COUNT] =
	    "SELECT count(*) FROM (SELECT 1 FROM people_fts"
	    " WHERE people_fts MATCH ?1 LIMIT ?2) t",
	[STMT_PEOPLE_COUNT_FIND] =
	    "SELECT count(*) FROM (SELECT 1 FROM people_fts f"
	    " JOIN people p ON p.id = f.rowid" FTS_WHERE " LIMIT ?7) t",
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
	    NULL) != SQLITE_OK) {
		sq_fail(q, errmsg, target);
		goto fail;
	}
	/* Check it is a database before anything else touches it. */
	if (sqlite3_exec(q->db, "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
	    "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;",
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

static enum err
sq_commit(void *conn)
{
	return sq_script(conn, "COMMIT");
}

static void
sq_rollback(void *conn)
{
	struct sq *q = conn;

	if (!sqlite3_get_autocommit(q->db))
		sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
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

const struct store_ops store_sqlite = {
	"sqlite", sqlite_sql, sq_open, sq_close, sq_script, sq_begin,
	sq_commit, sq_rollback, sq_query, sq_changes, sq_errmsg, sq_backup,
	sq_col_int, sq_col_text, sq_col_null,
};
