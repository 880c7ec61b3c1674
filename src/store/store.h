/*
 * store.h: the database, behind one interface.  Above src/store/ nothing
 * knows which engine runs: callers name a statement from enum stmt, bind
 * typed values, and read rows through accessors.  Every SQL text lives in
 * sql.c (shared) or in a backend (where the engines differ); every value is
 * bound, never formatted into SQL.
 *
 * A struct store is one connection, used by one thread at a time.  The
 * server keeps a pool (store_pool_*).  Rows handed to callbacks are valid
 * only during the callback; copy what you keep.
 */
#ifndef THIDUA_STORE_H
#define THIDUA_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"
#include "../base/buf.h"

enum stmt {
	STMT_SCHEMA_VERSION,
	STMT_SCHEMA_ADD,
	/* units */
	STMT_UNIT_NEXT_ID,
	STMT_UNIT_INSERT,
	STMT_UNIT_GET,
	STMT_UNIT_GET_BY_CODE,
	STMT_UNIT_CHILDREN,
	STMT_UNIT_ROOTS,
	STMT_UNIT_SUBTREE,
	STMT_UNIT_OUTLINE,
	STMT_UNIT_FIND,
	STMT_UNIT_UPDATE,
	STMT_UNIT_SET_ACTIVE,
	STMT_UNIT_REPATH,
	STMT_UNIT_SET_PARENT,
	STMT_UNIT_MAX_PATH,
	STMT_UNIT_COUNT,
	STMT_STATS_INSERT,
	STMT_STATS_ADD,
	STMT_STATS_CHILDREN,
	/* people */
	STMT_PERSON_INSERT,
	STMT_PERSON_GET,
	STMT_PERSON_GET_BY_CODE,
	STMT_PEOPLE_BY_CODES,
	STMT_PERSON_FIND_SAME,
	STMT_PERSON_UPDATE,
	STMT_PERSON_SET_UNIT,
	STMT_PERSON_SET_ACTIVE,
	STMT_PEOPLE_REPATH,
	STMT_PEOPLE_MAX_ID,
	STMT_PEOPLE_NEXT_IDS,
	STMT_PLACE_BULK,
	STMT_PEOPLE_LIST_NAME,
	STMT_PEOPLE_LIST_NAME_DESC,
	STMT_PEOPLE_LIST_BIRTH,
	STMT_PEOPLE_WALK_NAME,
	STMT_PEOPLE_WALK_NAME_DESC,
	STMT_PEOPLE_WALK_BIRTH,
	STMT_PEOPLE_WALK_MATCH,
	STMT_PEOPLE_WALK_MATCH_DESC,
	STMT_PEOPLE_FIND_NAME,
	STMT_PEOPLE_FIND_NAME_DESC,
	STMT_PEOPLE_FIND_BIRTH,
	STMT_PEOPLE_COUNT,
	STMT_PEOPLE_COUNT_FIND,
	STMT_PEOPLE_FTS_ABOUT,
	STMT_PLACE_INSERT,
	STMT_PLACE_CLOSE,
	STMT_PLACE_OPEN,
	STMT_PLACE_LIST,
	/* accounts */
	STMT_USER_INSERT,
	STMT_USER_GET_BY_NAME,
	STMT_USER_LIST,
	STMT_USER_SET_PASSWORD,
	STMT_USER_SET_PERSON,
	STMT_ROLE_INSERT,
	STMT_ROLE_LIST,
	STMT_SESSION_INSERT,
	STMT_SESSION_GET,
	STMT_SESSION_DELETE,
	STMT_SESSION_PURGE,
	STMT_TOKEN_INSERT,
	STMT_TOKEN_GET,
	/* audit */
	STMT_AUDIT_INSERT,
	STMT_AUDIT_LIST,
	/* copying a whole store (copy.c): each table read and written */
	STMT_COPY_UNITS_READ,
	STMT_COPY_UNITS_WRITE,
	STMT_COPY_STATS_READ,
	STMT_COPY_STATS_WRITE,
	STMT_COPY_PEOPLE_READ,
	STMT_COPY_PEOPLE_WRITE,
	STMT_COPY_PLACES_READ,
	STMT_COPY_PLACES_WRITE,
	STMT_COPY_USERS_READ,
	STMT_COPY_USERS_WRITE,
	STMT_COPY_ROLES_READ,
	STMT_COPY_ROLES_WRITE,
	STMT_COPY_SESSIONS_READ,
	STMT_COPY_SESSIONS_WRITE,
	STMT_COPY_TOKENS_READ,
	STMT_COPY_TOKENS_WRITE,
	STMT_COPY_AUDIT_READ,
	STMT_COPY_AUDIT_WRITE,
	STMT_COPY_COUNTS,
	STMT_COPY_PREPARE,
	STMT_COPY_PENDING,
	STMT_COPY_REBUILD,
	STMT_COPY_ATTACH,
	STMT_COPY_CHECKS,
	STMT_COPY_FINISH,
	STMT_COPY_ABANDON,
	STMT_COPY_UNFINISHED,
	STMT__MAX
};

enum sval_type { SVT_NULL, SVT_INT, SVT_TEXT };

/* A bound value.  Text is borrowed for the duration of the call. */
struct sval {
	enum sval_type	 t;
	int64_t		 i;
	const char	*s;
};

#define SV_INT(x)  ((struct sval){SVT_INT, (int64_t)(x), NULL})
#define SV_TEXT(x) ((struct sval){(x) != NULL ? SVT_TEXT : SVT_NULL, 0, (x)})
#define SV_NULL    ((struct sval){SVT_NULL, 0, NULL})
/* Text, or NULL when the string is empty (optional columns). */
#define SV_OPT(x)  SV_TEXT(((x) != NULL && *(x) != '\0') ? (x) : NULL)

/* A row under a callback.  Columns are 0-based in the statement's order. */
struct srow;
int64_t		 srow_int(const struct srow *, int col);
const char	*srow_text(const struct srow *, int col);	/* "" for NULL */
int		 srow_null(const struct srow *, int col);

/* Return OK to go on; anything else stops the query and is returned. */
typedef enum err (*srow_fn)(const struct srow *, void *arg);

struct store;

/*
 * Open a store.  target is a PostgreSQL connection string (a URI
 * "postgresql://..." or "key=value ..." naming host=, dbname= or
 * service=) or else a SQLite file path.  With create, a missing SQLite
 * file is created; without, a missing or unreadable file is an error (a
 * PostgreSQL database must exist).
 * Migrations are applied (each in one transaction).  On failure returns
 * ERR_DB or ERR_IO with a one-line reason in errmsg and *out is NULL.
 */
enum err store_open(const char *target, int create, struct store ** /* OUT */,
	    struct buf *errmsg);
/* The same, applying migrations up to version upto only (0: all): how
 * tests make a database of an earlier release. */
enum err store_open_upto(const char *target, int create, int upto,
	    struct store ** /* OUT */, struct buf *errmsg);
void	 store_close(struct store *);		/* NULL is fine */
/* target as it may be shown or logged: without a password (password=...,
 * or user:password@ in a URI); written to out (n bytes), cut if longer. */
const char *store_redact(const char *target, char *out, size_t n);
/* 1 if store_open() would take target for PostgreSQL. */
int	 store_is_pg(const char *target);
const char *store_backend(const struct store *);	/* "sqlite" or "pg" */
int	 store_schema_version(struct store *);

/* Transactions.  store_begin takes the write lock at once.  Nesting is an
 * error.  store_rollback is safe to call when no transaction is open. */
enum err store_begin(struct store *);
enum err store_commit(struct store *);
void	 store_rollback(struct store *);

/* 1 if the last transaction failed for a concurrent one or a lost
 * connection, so that running it again may succeed (see IN_TX). */
int	 store_conflict(const struct store *);

/* Inside a transaction: mark a point to go back to, forget it, or undo
 * what followed it (one level; SQL both engines spell the same way). */
enum err store_mark(struct store *);
enum err store_unmark(struct store *);
enum err store_undo_to_mark(struct store *);

/* Run a statement; fn is called for each row (may be NULL). */
enum err store_query(struct store *, enum stmt, const struct sval *args,
	    size_t nargs, srow_fn fn, void *arg);
/* Run a statement that returns at most one row with one integer column
 * (an id from RETURNING, a count); *out untouched when no row. */
enum err store_int(struct store *, enum stmt, const struct sval *args,
	    size_t nargs, int64_t * /* OUT */ out);
/* Rows changed by the last statement. */
int64_t	 store_changes(struct store *);
/* The engine's last error message, for logs (never shown to users). */
const char *store_errmsg(struct store *);

/*
 * Bulk writes, inside a transaction: rows for one INSERT statement (one of
 * the STMT_COPY_*_WRITE), sent the fastest way the engine has: COPY on
 * PostgreSQL, the prepared statement on SQLite.  A failed row may be
 * reported only by store_bulk_end(), which always frees the bulk.
 */
struct store_bulk;
enum err store_bulk_begin(struct store *, enum stmt,
	    struct store_bulk ** /* OUT */);
enum err store_bulk_row(struct store_bulk *, const struct sval *, size_t);
enum err store_bulk_end(struct store_bulk *);

/* Inside a transaction: make the people created or renamed since the last
 * call searchable (once per import, or after each change). */
enum err store_people_index(struct store *);
/* 1 if the search index yields its matches in name order, so that the
 * first page of a broad query costs a page, not a sort of every match. */
int	 store_search_ordered(const struct store *);

/* Online, consistent copy of the whole database into a new SQLite file. */
enum err store_backup(struct store *, const char *path, struct buf *errmsg);

/* The tables a copy moves, in the order it moves them. */
#define STORE_TABLES 9
extern const char *const store_table_names[STORE_TABLES];

/*
 * Copy every row of from into to, which must have no units yet (a new
 * store).  from is read in one transaction (a consistent state).  to is
 * written in one transaction, or (PostgreSQL) over several connections
 * while marked unfinished, so that no other open sees it until the end;
 * either way a failed copy leaves it empty.  Afterwards the rows of each
 * table are counted on both sides: counts[i] (of store_table_names[i])
 * when they agree, else ERR_DB with the difference in errmsg.  progress,
 * if not NULL, is called now and then (from any thread, one at a time)
 * with the table and the rows copied so far, then with "indexes" and the
 * indexes built.
 */
enum err store_copy(struct store *from, struct store *to,
	    int64_t counts[STORE_TABLES] /* OUT */,
	    void (*progress)(const char *table, int64_t rows, void *arg),
	    void *arg, struct buf *errmsg);

/* Convenience: an argument list literal. */
#define ARGS(...) (const struct sval[]){__VA_ARGS__}, \
	(sizeof((const struct sval[]){__VA_ARGS__}) / sizeof(struct sval))
#define NOARGS NULL, 0

/*
 * What a connection is for.  A PostgreSQL target may name several hosts
 * (a primary and its streaming replicas): libpq picks among them, a
 * primary for STORE_WRITE (target_session_attrs=read-write), a replica
 * when one answers for STORE_READ (prefer-standby).  A SQLite file is
 * the same for both.
 */
enum store_role { STORE_WRITE, STORE_READ };
/* 1 if target is a PostgreSQL target naming more than one host. */
int	 store_has_replicas(const char *target);
/* target for a role, written to out (n bytes); NULL if it does not fit. */
const char *store_target_for(const char *target, enum store_role,
	    char *out, size_t n);

/* A fixed-size pool of connections for the server's threads. */
struct store_pool;
enum err store_pool_open(const char *target, enum store_role, size_t n,
	    struct store_pool ** /* OUT */, struct buf *errmsg);
struct store *store_pool_get(struct store_pool *);	/* blocks */
void	 store_pool_put(struct store_pool *, struct store *);
void	 store_pool_close(struct store_pool *);

#endif
