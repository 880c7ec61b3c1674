/*
 * store.c: the store interface over a backend: dispatch, transactions,
 * migrations and the connection pool.  Migrations are the embedded files
 * named "NNN_name.<backend>.sql", applied in order, each in its own
 * transaction with its version recorded in schema_version.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
	st->conflict = e == ERR_BUSY;
	return e;
}

int
store_conflict(const struct store *st)
{
	return st->conflict;
}

enum err
store_commit(struct store *st)
{
	enum err e = st->ops->commit(st->conn);

	if (e == ERR_BUSY)
		st->conflict = 1;
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
	enum err e;

	if (id < 0 || id >= STMT__MAX || (sql = sql_of(st, id)) == NULL) {
		log_err("store: statement %d has no SQL for %s", (int)id,
		    st->ops->name);
		return ERR_DB;
	}
	e = st->ops->query(st->conn, id, sql, args, nargs, fn, arg);
	if (e == ERR_BUSY)
		st->conflict = 1;
	return e;
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

struct store_bulk {
	struct store	*st;
	enum stmt	 id;
	void		*own;		/* the backend's, or NULL: row by row */
	enum err	 err;		/* the first failure */
};

enum err
store_bulk_begin(struct store *st, enum stmt id, struct store_bulk **out)
{
	struct store_bulk *b = xcalloc(1, sizeof(*b));
	enum err e = OK;

	b->st = st;
	b->id = id;
	if (st->ops->bulk_begin != NULL)
		e = st->ops->bulk_begin(st->conn, id, sql_of(st, id), &b->own);
	if (e != OK) {
		free(b);
		*out = NULL;
		return e;
	}
	*out = b;
	return OK;
}

enum err
store_bulk_row(struct store_bulk *b, const struct sval *v, size_t n)
{
	if (b->err != OK)
		return b->err;
	b->err = b->own != NULL ? b->st->ops->bulk_row(b->own, v, n) :
	    store_query(b->st, b->id, v, n, NULL, NULL);
	return b->err;
}

enum err
store_bulk_end(struct store_bulk *b)
{
	enum err e;

	if (b == NULL)
		return OK;
	e = b->own != NULL ? b->st->ops->bulk_end(b->own) : OK;
	if (b->err != OK)
		e = b->err;
	if (e == ERR_BUSY)
		b->st->conflict = 1;
	free(b);
	return e;
}

enum err
store_people_index(struct store *st)
{
	enum err e;

	if (st->ops->index_people == NULL)
		return OK;
	if ((e = st->ops->index_people(st->conn)) == ERR_BUSY)
		st->conflict = 1;
	return e;
}

int
store_search_ordered(const struct store *st)
{
	return st->ops->ordered_search;
}

enum err
store_backup(struct store *st, const char *path, struct buf *errmsg)
{
	struct store *to = NULL;
	int64_t n[STORE_TABLES];
	enum err e;

	if (st->ops->backup != NULL)
		return st->ops->backup(st->conn, path, errmsg);
	/* an engine without files of its own: its rows, into a new file */
	if (access(path, F_OK) == 0) {
		buf_addf(errmsg, "%s already exists", path);
		return ERR_INVAL;
	}
	if (store_is_pg(path)) {
		buf_addf(errmsg, "%s: a backup is a file", path);
		return ERR_INVAL;
	}
	if ((e = store_open(path, 1, &to, errmsg)) != OK)
		return e;
	e = store_copy(st, to, n, NULL, NULL, errmsg);
	store_close(to);
	if (e != OK)
		unlink(path);
	return e;
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

int
store_is_pg(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 ||
	    strncmp(target, "postgres://", 11) == 0 ||
	    strstr(target, "dbname=") != NULL ||
	    strstr(target, "host=") != NULL ||
	    strstr(target, "service=") != NULL;
}

enum err
store_open(const char *target, int create, struct store **out,
    struct buf *errmsg)
{
	return store_open_upto(target, create, 0, out, errmsg);
}

/* Open a store; a reader (a connection that may reach a replica) leaves
 * the schema to the writers.  A store a copy is still being written into
 * opens only for the copy (copying). */
static enum err
store_open_as(const char *target, int create, int upto, enum store_role role,
    int copying, struct store **out, struct buf *errmsg)
{
	struct store *st = xcalloc(1, sizeof(*st));
	int64_t unfinished = 0;
	enum err e;

	*out = NULL;
	st->ops = store_is_pg(target) ? &store_pg : &store_sqlite;
	if ((e = st->ops->open(target, create, &st->conn, errmsg)) != OK) {
		free(st);
		return e;
	}
	st->target = xstrdup(target);
	if (role == STORE_WRITE && (e = store_migrate(st, upto, errmsg)) !=
	    OK) {
		store_close(st);
		return e;
	}
	/* (a store opened at an earlier version has no marker) */
	if (!copying && upto == 0 && store_int(st, STMT_COPY_UNFINISHED, NOARGS,
	    &unfinished) == OK && unfinished > 0) {
		buf_addf(errmsg, "this database holds a copy that did not "
		    "finish (thidua migrate-store stopped before its end): "
		    "drop it, create it again and copy anew");
		store_close(st);
		return ERR_CONFLICT;
	}
	*out = st;
	return OK;
}

enum err
store_open_upto(const char *target, int create, int upto, struct store **out,
    struct buf *errmsg)
{
	return store_open_as(target, create, upto, STORE_WRITE, 0, out,
	    errmsg);
}

enum err
store_open_writer(const struct store *st, struct store **out,
    struct buf *errmsg)
{
	return store_open_as(st->target, 0, 0, STORE_WRITE, 1, out, errmsg);
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	if (st->in_tx)
		store_rollback(st);
	st->ops->close(st->conn);
	free(st->target);
	free(st);
}

struct store_pool {
	pthread_mutex_t	  mu;
	pthread_cond_t	  cv;
	struct store	**free;
	size_t		  nfree, n;
};

const char *
store_redact(const char *target, char *out, size_t n)
{
	const char *s = target, *at, *scheme, *colon;
	size_t o = 0;

	if (n == 0)
		return "";
	scheme = strstr(target, "://");
	at = scheme ? strchr(scheme + 3, '@') : NULL;
	colon = scheme && at ? memchr(scheme + 3, ':', (size_t)(at -
	    (scheme + 3))) : NULL;
	while (*s && o + 1 < n) {
		if (colon && s == colon) {	/* user:password@ -> user@ */
			s = at;
			continue;
		}
		if (strncmp(s, "password=", 9) == 0 && (s == target ||
		    s[-1] == ' ' || s[-1] == '&' || s[-1] == '?')) {
			while (*s && *s != ' ' && *s != '&')
				s++;
			while (o > 0 && (out[o - 1] == ' ' || out[o - 1] ==
			    '&'))
				o--;
			continue;
		}
		out[o++] = *s++;
	}
	out[o] = '\0';
	return out;
}

int
store_has_replicas(const char *target)
{
	const char *h, *end;

	if (!store_is_pg(target))
		return 0;
	/* a host list: "postgresql://a,b/db" or "host=a,b" */
	if ((h = strstr(target, "://")) != NULL) {
		h += 3;
		end = "/?";
	} else if ((h = strstr(target, "host=")) != NULL) {
		h += 5;
		end = " ";
	} else
		return 0;
	return memchr(h, ',', strcspn(h, end)) != NULL;
}

const char *
store_target_for(const char *target, enum store_role role, char *out,
    size_t n)
{
	const char *attrs = role == STORE_READ ?
	    "target_session_attrs=prefer-standby application_name=thidua-read" :
	    "target_session_attrs=read-write application_name=thidua";
	int w;

	if (!store_is_pg(target))
		w = snprintf(out, n, "%s", target);
	else if (strstr(target, "://") != NULL)	/* a URI: parameters */
		w = snprintf(out, n, "%s%s%s", target,
		    strchr(target, '?') ? "&" : "?", role == STORE_READ ?
		    "target_session_attrs=prefer-standby&"
		    "application_name=thidua-read" :
		    "target_session_attrs=read-write&application_name=thidua");
	else
		w = snprintf(out, n, "%s %s", target, attrs);
	return w >= 0 && (size_t)w < n ? out : NULL;
}

enum err
store_pool_open(const char *target, enum store_role role, size_t n,
    struct store_pool **out, struct buf *errmsg)
{
	struct store_pool *p;
	char t[4096];
	enum err e;

	*out = NULL;
	if ((target = store_target_for(target, role, t, sizeof(t))) == NULL) {
		buf_addf(errmsg, "the database target is too long");
		return ERR_INVAL;
	}
	p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->free = xcalloc(n, sizeof(*p->free));
	for (p->n = 0; p->n < n; p->n++) {
		if ((e = store_open_as(target, 0, 0, role, 0, &p->free[p->n],
		    errmsg)) != OK) {
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
