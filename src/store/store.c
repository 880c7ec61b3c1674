/*
 * store.c: the store interface over a backend: dispatch, transactions,
 * migrations and the connection pool.  Migrations are the embedded files
 * named "NNN_name.<backend>.sql", applied in order, each in its own
 * transaction with its version recorded in schema_version.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/embed.h"
#include "store_int.h"

static const char *
sql_of(const struct store *st, enum stmt id)
{
	if (st->ops->sql != NULL && st->ops->sql[id] != NULL)
		return st->ops->sql[id];
	return stmt_sql[id];
}

int64_t
srow_int(const struct srow *r, int col)
{
	return r->ops->col_int(r, col);
}

const char *
srow_text(const struct srow *r, int col)
{
	return r->ops->col_text(r, col);
}

int
srow_null(const struct srow *r, int col)
{
	return r->ops->col_null(r, col);
}

const char *
store_backend(const struct store *st)
{
	return st->ops->name;
}

enum err
store_begin(struct store *st)
{
	enum err e;

	if (st->in_tx) {
		log_err("store: nested transaction");
		return ERR_DB;
	}
	if ((e = st->ops->begin(st->conn)) == OK)
		st->in_tx = 1;
	return e;
}

enum err
store_commit(struct store *st)
{
	enum err e = st->ops->commit(st->conn);

	if (e != OK)
		st->ops->rollback(st->conn);
	st->in_tx = 0;
	return e;
}

void
store_rollback(struct store *st)
{
	st->ops->rollback(st->conn);
	st->in_tx = 0;
}

enum err
store_mark(struct store *st)
{
	return st->ops->script(st->conn, "SAVEPOINT thidua_mark");
}

enum err
store_unmark(struct store *st)
{
	return st->ops->script(st->conn, "RELEASE SAVEPOINT thidua_mark");
}

enum err
store_undo_to_mark(struct store *st)
{
	enum err e = st->ops->script(st->conn,
	    "ROLLBACK TO SAVEPOINT thidua_mark");

	return e == OK ? store_unmark(st) : e;
}

enum err
store_query(struct store *st, enum stmt id, const struct sval *args,
    size_t nargs, srow_fn fn, void *arg)
{
	const char *sql;

	if (id < 0 || id >= STMT__MAX || (sql = sql_of(st, id)) == NULL) {
		log_err("store: statement %d has no SQL for %s", (int)id,
		    st->ops->name);
		return ERR_DB;
	}
	return st->ops->query(st->conn, id, sql, args, nargs, fn, arg);
}

static enum err
int_row(const struct srow *r, void *arg)
{
	*(int64_t *)arg = srow_int(r, 0);
	return OK;
}

enum err
store_int(struct store *st, enum stmt id, const struct sval *args,
    size_t nargs, int64_t *out)
{
	return store_query(st, id, args, nargs, int_row, out);
}

int64_t
store_changes(struct store *st)
{
	return st->ops->changes(st->conn);
}

const char *
store_errmsg(struct store *st)
{
	return st->ops->errmsg(st->conn);
}

enum err
store_backup(struct store *st, const char *path, struct buf *errmsg)
{
	return st->ops->backup(st->conn, path, errmsg);
}

int
store_schema_version(struct store *st)
{
	int64_t v = 0;

	if (store_int(st, STMT_SCHEMA_VERSION, NOARGS, &v) != OK)
		return -1;
	return (int)v;
}

/* The migration's version from its name "NNN_...", or -1. */
static int
migration_version(const char *name, const char *backend)
{
	size_t n = strlen(name), bl = strlen(backend);
	int v = 0, i;

	if (n < 4 + bl + 5 || name[3] != '_' ||
	    strcmp(name + n - 4, ".sql") != 0 ||
	    strncmp(name + n - 4 - bl, backend, bl) != 0 ||
	    name[n - 5 - bl] != '.')
		return -1;
	for (i = 0; i < 3; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return v;
}

static enum err
store_migrate(struct store *st, int upto, struct buf *errmsg)
{
	const struct embedded *e;
	enum err err;
	int have, v;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;

	if (st->ops->script(st->conn, "CREATE TABLE IF NOT EXISTS "
	    "schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
	    " applied_at TEXT NOT NULL)") != OK ||
	    (have = store_schema_version(st)) < 0) {
		buf_addf(errmsg, "cannot read the schema version: %s",
		    store_errmsg(st));
		return ERR_DB;
	}
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* embedded[] is sorted by name, so by version */
	for (e = embedded; e->name != NULL; e++) {
		if ((v = migration_version(e->name, st->ops->name)) <= have ||
		    (upto > 0 && v > upto))
			continue;
		if ((err = store_begin(st)) != OK)
			goto fail;
		if ((err = st->ops->script(st->conn, (const char *)e->data)) != OK ||
		    (err = store_query(st, STMT_SCHEMA_ADD,
		    ARGS(SV_INT(v), SV_TEXT(e->name), SV_TEXT(now)),
		    NULL, NULL)) != OK) {
			store_rollback(st);
			goto fail;
		}
		if ((err = store_commit(st)) != OK)
			goto fail;
		log_info("applied migration %s", e->name);
		continue;
fail:
		buf_addf(errmsg, "migration %s failed: %s", e->name,
		    store_errmsg(st));
		return err;
	}
	return OK;
}

enum err
store_open(const char *target, int create, struct store **out,
    struct buf *errmsg)
{
	return store_open_upto(target, create, 0, out, errmsg);
}

enum err
store_open_upto(const char *target, int create, int upto, struct store **out,
    struct buf *errmsg)
{
	struct store *st = xcalloc(1, sizeof(*st));
	enum err e;

	*out = NULL;
	st->ops = &store_sqlite;
	if ((e = st->ops->open(target, create, &st->conn, errmsg)) != OK) {
		free(st);
		return e;
	}
	if ((e = store_migrate(st, upto, errmsg)) != OK) {
		store_close(st);
		return e;
	}
	*out = st;
	return OK;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	if (st->in_tx)
		store_rollback(st);
	st->ops->close(st->conn);
	free(st);
}

struct store_pool {
	pthread_mutex_t	  mu;
	pthread_cond_t	  cv;
	struct store	**free;
	size_t		  nfree, n;
};

enum err
store_pool_open(const char *target, size_t n, struct store_pool **out,
    struct buf *errmsg)
{
	struct store_pool *p = xcalloc(1, sizeof(*p));
	enum err e;

	*out = NULL;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->free = xcalloc(n, sizeof(*p->free));
	for (p->n = 0; p->n < n; p->n++) {
		if ((e = store_open(target, 0, &p->free[p->n], errmsg)) != OK) {
			p->nfree = p->n;
			store_pool_close(p);
			return e;
		}
	}
	p->nfree = n;
	*out = p;
	return OK;
}

struct store *
store_pool_get(struct store_pool *p)
{
	struct store *st;

	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	st = p->free[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	return st;
}

void
store_pool_put(struct store_pool *p, struct store *st)
{
	if (st->in_tx)
		store_rollback(st);
	pthread_mutex_lock(&p->mu);
	p->free[p->nfree++] = st;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

void
store_pool_close(struct store_pool *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nfree; i++)
		store_close(p->free[i]);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->free);
	free(p);
}
