/*
 * copy.c: a whole store copied into another, of either backend: how a
 * province grows from SQLite into PostgreSQL (migrate-store), and how a
 * PostgreSQL store is backed up into a SQLite file.  Every table is read
 * in a stable order (parents first) and written in bulk (COPY into
 * PostgreSQL) with the ids it had, in one transaction on each side; the
 * backend builds its secondary indexes after the rows when that is
 * faster, and catches up on what follows from the ids (sequences) and on
 * its search index.
 */
#include <string.h>

#include "store_int.h"

const char *const store_table_names[STORE_TABLES] = {
	"units", "unit_stats", "people", "person_units", "users", "roles",
	"sessions", "api_tokens", "audit",
};

/* Each table's read and write statements, in store_table_names order. */
static const enum stmt copy_read[STORE_TABLES] = {
	STMT_COPY_UNITS_READ, STMT_COPY_STATS_READ, STMT_COPY_PEOPLE_READ,
	STMT_COPY_PLACES_READ, STMT_COPY_USERS_READ, STMT_COPY_ROLES_READ,
	STMT_COPY_SESSIONS_READ, STMT_COPY_TOKENS_READ, STMT_COPY_AUDIT_READ,
};
static const enum stmt copy_write[STORE_TABLES] = {
	STMT_COPY_UNITS_WRITE, STMT_COPY_STATS_WRITE, STMT_COPY_PEOPLE_WRITE,
	STMT_COPY_PLACES_WRITE, STMT_COPY_USERS_WRITE, STMT_COPY_ROLES_WRITE,
	STMT_COPY_SESSIONS_WRITE, STMT_COPY_TOKENS_WRITE,
	STMT_COPY_AUDIT_WRITE,
};
/* The columns of each, as the statements list them. */
static const int copy_cols[STORE_TABLES] = { 14, 9, 21, 6, 7, 4, 5, 4, 11 };

#define COPY_MAX_COLS	24
#define COPY_PROGRESS	100000	/* rows between progress calls */

struct copy_ctx {
	struct store_bulk *bulk;
	int		 ncols;
	int64_t		 rows;
	const char	*table;
	void		(*progress)(const char *, int64_t, void *);
	void		*arg;
};

/* One row of the source, written to the destination as it came: every
 * value as text (each engine takes text for its integer columns) or
 * NULL. */
static enum err
copy_row(const struct srow *r, void *arg)
{
	struct copy_ctx *c = arg;
	struct sval v[COPY_MAX_COLS];
	enum err e;
	int i;

	for (i = 0; i < c->ncols; i++)
		v[i] = srow_null(r, i) ? SV_NULL : SV_TEXT(srow_text(r, i));
	if ((e = store_bulk_row(c->bulk, v, (size_t)c->ncols)) != OK)
		return e;
	if (++c->rows % COPY_PROGRESS == 0 && c->progress)
		c->progress(c->table, c->rows, c->arg);
	return OK;
}

static enum err
counts_row(const struct srow *r, void *arg)
{
	int64_t *n = arg;
	int i;

	for (i = 0; i < STORE_TABLES; i++)
		n[i] = srow_int(r, i);
	return OK;
}

enum err
store_copy(struct store *from, struct store *to, int64_t counts[STORE_TABLES],
    void (*progress)(const char *, int64_t, void *), void *arg,
    struct buf *errmsg)
{
	struct copy_ctx c;
	int64_t there[STORE_TABLES];
	enum err e, e2;
	int i;

	memset(counts, 0, STORE_TABLES * sizeof(*counts));
	if (store_schema_version(from) != store_schema_version(to)) {
		buf_addf(errmsg, "the two databases have different schema "
		    "versions (%d and %d)", store_schema_version(from),
		    store_schema_version(to));
		return ERR_INVAL;
	}
	if ((e = store_query(to, STMT_COPY_COUNTS, NOARGS, counts_row,
	    there)) != OK) {
		buf_addf(errmsg, "cannot read the destination: %s",
		    store_errmsg(to));
		return e;
	}
	if (there[0] != 0) {
		buf_addf(errmsg, "the destination already has data (%lld "
		    "units): copy into a new, empty database",
		    (long long)there[0]);
		return ERR_CONFLICT;
	}
	if ((e = store_begin(from)) != OK) {
		buf_addf(errmsg, "cannot read the source: %s",
		    store_errmsg(from));
		return e;
	}
	if ((e = store_begin(to)) != OK) {
		buf_addf(errmsg, "cannot write the destination: %s",
		    store_errmsg(to));
		store_rollback(from);
		return e;
	}
	if ((e = store_query(to, STMT_COPY_PREPARE, NOARGS, NULL, NULL)) !=
	    OK) {
		buf_addf(errmsg, "preparing the destination: %s",
		    store_errmsg(to));
		goto fail;
	}
	for (i = 0; i < STORE_TABLES; i++) {
		memset(&c, 0, sizeof(c));
		c.ncols = copy_cols[i];
		c.table = store_table_names[i];
		c.progress = progress;
		c.arg = arg;
		if ((e = store_bulk_begin(to, copy_write[i], &c.bulk)) != OK) {
			buf_addf(errmsg, "writing %s: %s", c.table,
			    store_errmsg(to));
			goto fail;
		}
		e = store_query(from, copy_read[i], NOARGS, copy_row, &c);
		e2 = store_bulk_end(c.bulk);
		if (e != OK || (e = e2) != OK) {
			buf_addf(errmsg, "copying %s (%lld rows read): %s",
			    c.table, (long long)c.rows, store_errmsg(to));
			goto fail;
		}
		if (progress)
			progress(c.table, c.rows, arg);
	}
	if ((e = store_query(to, STMT_COPY_FINISH, NOARGS, NULL, NULL)) !=
	    OK || (e = store_query(to, STMT_COPY_INDEXES, NOARGS, NULL,
	    NULL)) != OK || (e = store_people_index(to)) != OK) {
		buf_addf(errmsg, "finishing the copy: %s", store_errmsg(to));
		goto fail;
	}
	if ((e = store_query(from, STMT_COPY_COUNTS, NOARGS, counts_row,
	    counts)) != OK || (e = store_query(to, STMT_COPY_COUNTS, NOARGS,
	    counts_row, there)) != OK) {
		buf_addf(errmsg, "counting the rows: %s", store_errmsg(to));
		goto fail;
	}
	for (i = 0; i < STORE_TABLES; i++)
		if (counts[i] != there[i]) {
			buf_addf(errmsg, "%s: %lld rows in the source, %lld "
			    "copied; nothing was written", store_table_names[i],
			    (long long)counts[i], (long long)there[i]);
			e = ERR_DB;
			goto fail;
		}
	store_rollback(from);
	if ((e = store_commit(to)) != OK) {
		buf_addf(errmsg, "committing the copy: %s", store_errmsg(to));
		return e;
	}
	return OK;
fail:
	store_rollback(to);
	store_rollback(from);
	return e;
}
