/*
 * copy.c: a whole store copied into another, of either backend: how a
 * province grows from SQLite into PostgreSQL (migrate-store), and how a
 * PostgreSQL store is backed up into a SQLite file.  Every table is read
 * in a stable order (parents first), in one transaction, and written in
 * bulk (COPY into PostgreSQL) with the ids it had; the backend builds its
 * secondary indexes after the rows when that is faster, and catches up on
 * what follows from the ids (sequences) and on its search index.
 *
 * Into SQLite, the rows are written in one transaction on one connection.
 * Into PostgreSQL, whose server writes the rows of a connection and builds
 * an index on one core, they go over several (copy_writers): the reader
 * hands rows in chunks to a writer thread per connection, each in a
 * transaction of its own, and the same threads then build the indexes one
 * each at a time, and (the constraints put back on them, each table's
 * statistics gathered) check the foreign keys.  A marker written
 * first keeps every other open out until the last transaction, which
 * counts the rows, removes it; a copy that fails empties the store again.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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
#define COPY_MAX_WRITERS 8
#define COPY_PROGRESS	100000	/* rows between progress calls */
#define CHUNK_ROWS	1000	/* rows handed to a writer at a time, */
#define CHUNK_SEND	((size_t)1 << 20)	/* or fewer, of as many bytes */
#define CHUNK_BYTES	((size_t)64 << 20)	/* the most a chunk holds */
#define QUEUE_MAX	8	/* chunks waiting for a writer, at most */

/* Rows of one table on their way to a writer: each value 'N' (NULL), or
 * 'T' and its text up to a NUL. */
struct chunk {
	int		 table;
	size_t		 rows;
	struct buf	 data;
};

/* What the reader and the writers share. */
struct job {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;	/* a chunk came or went, the end, a failure */
	struct chunk	*queue[QUEUE_MAX];
	size_t		 head, n;
	int		 done;	/* the reader has read everything */
	enum err	 err;	/* the first failure, and its story */
	struct buf	*errmsg;
	int64_t		*seqs;	/* steps to do (copy_pending), the next */
	size_t		 nseqs, next, built;	/* one, how many are done */
	const char	*steps;	/* what they are, for progress and errors */
	void		(*progress)(const char *, int64_t, void *);
	void		*arg;
};

struct writer {
	struct job	*job;
	struct store	*st;
	pthread_t	 thread;
};

struct copy_ctx {
	struct job	*job;
	struct store_bulk *bulk;	/* one writer: its rows go here; */
	struct chunk	*chunk;		/* several: they go in chunks */
	int		 ncols, table;
	int64_t		 rows;
};

/* The first failure wins: its error and its story. */
static void
job_fail(struct job *j, enum err e, const char *fmt, ...)
{
	char what[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&j->mu);
	if (j->err == OK) {
		j->err = e;
		buf_adds(j->errmsg, what);
	}
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
}

static enum err
job_err(struct job *j)
{
	enum err e;

	pthread_mutex_lock(&j->mu);
	e = j->err;
	pthread_mutex_unlock(&j->mu);
	return e;
}

/* Hand the chunk being filled to the writers (waiting for room). */
static enum err
chunk_push(struct copy_ctx *c)
{
	struct job *j = c->job;
	enum err e;

	if (c->chunk == NULL)
		return OK;
	pthread_mutex_lock(&j->mu);
	while (j->n == QUEUE_MAX && j->err == OK)
		pthread_cond_wait(&j->cv, &j->mu);
	if ((e = j->err) == OK) {
		j->queue[(j->head + j->n++) % QUEUE_MAX] = c->chunk;
		c->chunk = NULL;
		pthread_cond_broadcast(&j->cv);
	}
	pthread_mutex_unlock(&j->mu);
	return e;
}

static void
chunk_free(struct chunk *ch)
{
	if (ch != NULL) {
		buf_free(&ch->data);
		free(ch);
	}
}

/* One row of the source, written to the destination as it came: every
 * value as text (each engine takes text for its integer columns) or
 * NULL. */
static enum err
copy_row(const struct srow *r, void *arg)
{
	struct copy_ctx *c = arg;
	struct sval v[COPY_MAX_COLS];
	enum err e = OK;
	const char *t;
	int i;

	if (c->bulk != NULL) {
		for (i = 0; i < c->ncols; i++)
			v[i] = srow_null(r, i) ? SV_NULL :
			    SV_TEXT(srow_text(r, i));
		e = store_bulk_row(c->bulk, v, (size_t)c->ncols);
	} else {
		if (c->chunk == NULL) {
			c->chunk = xcalloc(1, sizeof(*c->chunk));
			c->chunk->table = c->table;
			buf_init(&c->chunk->data, CHUNK_BYTES);
		}
		for (i = 0; i < c->ncols; i++)
			if (srow_null(r, i))
				buf_addc(&c->chunk->data, 'N');
			else {
				t = srow_text(r, i);
				buf_addc(&c->chunk->data, 'T');
				buf_add(&c->chunk->data, t, strlen(t) + 1);
			}
		if (c->chunk->data.err != OK) {
			job_fail(c->job, ERR_LIMIT, "copying %s: row %lld "
			    "holds more than %zu MiB",
			    store_table_names[c->table],
			    (long long)c->rows + 1, CHUNK_BYTES >> 20);
			e = ERR_LIMIT;
		} else if (++c->chunk->rows == CHUNK_ROWS ||
		    c->chunk->data.len >= CHUNK_SEND)
			e = chunk_push(c);
	}
	if (e != OK)
		return e;
	if (++c->rows % COPY_PROGRESS == 0 && c->job->progress)
		c->job->progress(store_table_names[c->table], c->rows,
		    c->job->arg);
	return OK;
}

/* The rows of a chunk into a writer's bulk. */
static enum err
chunk_write(const struct chunk *ch, struct store_bulk *bulk)
{
	struct sval v[COPY_MAX_COLS];
	const char *p = buf_str((struct buf *)&ch->data);
	size_t r;
	int i;
	enum err e = OK;

	for (r = 0; r < ch->rows && e == OK; r++) {
		for (i = 0; i < copy_cols[ch->table]; i++)
			if (*p++ == 'N')
				v[i] = SV_NULL;
			else {
				v[i] = SV_TEXT(p);
				p += strlen(p) + 1;
			}
		e = store_bulk_row(bulk, v, (size_t)copy_cols[ch->table]);
	}
	return e;
}

/* A writer: chunks from the queue, each table's in one bulk, until the
 * reader is done. */
static void *
writer_rows(void *arg)
{
	struct writer *w = arg;
	struct job *j = w->job;
	struct store_bulk *bulk = NULL;
	struct chunk *ch;
	int table = -1;
	enum err e = OK, e2;

	for (;;) {
		pthread_mutex_lock(&j->mu);
		while (j->n == 0 && !j->done && j->err == OK)
			pthread_cond_wait(&j->cv, &j->mu);
		if (j->n == 0 || j->err != OK) {
			pthread_mutex_unlock(&j->mu);
			break;
		}
		ch = j->queue[j->head];
		j->head = (j->head + 1) % QUEUE_MAX;
		j->n--;
		pthread_cond_broadcast(&j->cv);
		pthread_mutex_unlock(&j->mu);
		if (ch->table != table) {
			/* (a failure of the table before is that table's) */
			e = store_bulk_end(bulk);
			bulk = NULL;
			if (e == OK) {
				table = ch->table;
				e = store_bulk_begin(w->st, copy_write[table],
				    &bulk);
			}
		}
		if (e == OK)
			e = chunk_write(ch, bulk);
		chunk_free(ch);
		if (e != OK)
			break;
	}
	e2 = store_bulk_end(bulk);
	if (e == OK)
		e = e2;
	if (e != OK)
		job_fail(j, e, "writing %s: %s", store_table_names[table],
		    store_errmsg(w->st));
	return NULL;
}

/* A writer, once the rows are in: steps (the indexes, then the checks),
 * one at a time, until none is left. */
static void *
writer_steps(void *arg)
{
	struct writer *w = arg;
	struct job *j = w->job;
	int64_t seq;
	enum err e;

	for (;;) {
		pthread_mutex_lock(&j->mu);
		if (j->err != OK || j->next == j->nseqs) {
			pthread_mutex_unlock(&j->mu);
			return NULL;
		}
		seq = j->seqs[j->next++];
		pthread_mutex_unlock(&j->mu);
		if ((e = store_query(w->st, STMT_COPY_REBUILD,
		    ARGS(SV_INT(seq)), NULL, NULL)) != OK) {
			job_fail(j, e, "after the rows, %s: %s", j->steps,
			    store_errmsg(w->st));
			return NULL;
		}
		pthread_mutex_lock(&j->mu);
		if (j->progress)
			j->progress(j->steps, (int64_t)++j->built, j->arg);
		pthread_mutex_unlock(&j->mu);
	}
}

/* Start fn on a thread for every writer. */
static void
writers_start(struct writer *w, int n, void *(*fn)(void *))
{
	int i;

	for (i = 0; i < n; i++)
		if (pthread_create(&w[i].thread, NULL, fn, &w[i]) != 0) {
			job_fail(w[i].job, ERR_LIMIT, "cannot start a thread");
			w[i].thread = 0;
		}
}

static void
writers_join(struct writer *w, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (w[i].thread != 0)
			pthread_join(w[i].thread, NULL);
}

static enum err
seq_row(const struct srow *r, void *arg)
{
	struct job *j = arg;

	j->seqs = xrealloc(j->seqs, (j->nseqs + 1) * sizeof(*j->seqs));
	j->seqs[j->nseqs++] = srow_int(r, 0);
	return OK;
}

/* The steps list reads, started on every writer's connection. */
static enum err
steps_start(struct store *to, struct writer *w, int n, struct job *j,
    enum stmt list, const char *steps)
{
	enum err e;

	j->nseqs = j->next = j->built = 0;
	j->steps = steps;
	if ((e = store_query(to, list, NOARGS, seq_row, j)) != OK) {
		buf_addf(j->errmsg, "reading the %s to do: %s", steps,
		    store_errmsg(to));
		return e;
	}
	writers_start(w, n, writer_steps);
	return OK;
}

static enum err
steps_join(struct writer *w, int n, struct job *j)
{
	writers_join(w, n);
	return j->err;
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

/* Every table of from, read in its transaction, into the writers. */
static enum err
copy_rows(struct store *from, struct writer *w, int n, struct job *j)
{
	struct copy_ctx c;
	enum err e = OK;
	int i;

	if (n > 1)
		writers_start(w, n, writer_rows);
	for (i = 0; i < STORE_TABLES && e == OK; i++) {
		memset(&c, 0, sizeof(c));
		c.job = j;
		c.ncols = copy_cols[i];
		c.table = i;
		if (n == 1 && (e = store_bulk_begin(w[0].st, copy_write[i],
		    &c.bulk)) != OK) {
			job_fail(j, e, "writing %s: %s", store_table_names[i],
			    store_errmsg(w[0].st));
			break;
		}
		e = store_query(from, copy_read[i], NOARGS, copy_row, &c);
		if (n > 1) {
			if (e == OK)
				e = chunk_push(&c);
			chunk_free(c.chunk);
		} else {
			enum err e2 = store_bulk_end(c.bulk);

			if (e == OK)
				e = e2;
		}
		if (e != OK)	/* (unless a writer told its own) */
			job_fail(j, e, "copying %s (%lld rows read): %s",
			    store_table_names[i], (long long)c.rows,
			    store_errmsg(n > 1 ? from : w[0].st));
		if (e == OK && j->progress)
			j->progress(store_table_names[i], c.rows, j->arg);
	}
	if (n > 1) {
		pthread_mutex_lock(&j->mu);
		j->done = 1;
		pthread_cond_broadcast(&j->cv);
		pthread_mutex_unlock(&j->mu);
		writers_join(w, n);
		/* what the writers left when one failed */
		for (; j->n > 0; j->n--, j->head = (j->head + 1) % QUEUE_MAX)
			chunk_free(j->queue[j->head]);
	}
	return job_err(j);
}

/* Into a store that copies over several connections: the rows are
 * committed and the indexes built; now the last transaction, or, when
 * something failed, the store emptied again. */
static enum err
copy_abandon(struct store *to, struct buf *errmsg)
{
	if (store_query(to, STMT_COPY_ABANDON, NOARGS, NULL, NULL) == OK)
		return OK;
	buf_addf(errmsg, "; emptying the destination again failed too (%s): "
	    "drop it, create it again and copy anew", store_errmsg(to));
	return ERR_DB;
}

enum err
store_copy(struct store *from, struct store *to, int64_t counts[STORE_TABLES],
    void (*progress)(const char *, int64_t, void *), void *arg,
    struct buf *errmsg)
{
	struct writer w[COPY_MAX_WRITERS];
	struct job j;
	int64_t there[STORE_TABLES];
	int n = to->ops->copy_writers, i, marked = 0;
	enum err e, e2;

	memset(counts, 0, STORE_TABLES * sizeof(*counts));
	memset(w, 0, sizeof(w));
	memset(&j, 0, sizeof(j));
	pthread_mutex_init(&j.mu, NULL);
	pthread_cond_init(&j.cv, NULL);
	j.errmsg = errmsg;
	j.progress = progress;
	j.arg = arg;
	if (n < 1 || n > COPY_MAX_WRITERS)
		n = 1;
	if (store_schema_version(from) != store_schema_version(to)) {
		buf_addf(errmsg, "the two databases have different schema "
		    "versions (%d and %d)", store_schema_version(from),
		    store_schema_version(to));
		e = ERR_INVAL;
		goto out;
	}
	if ((e = store_query(to, STMT_COPY_COUNTS, NOARGS, counts_row,
	    there)) != OK) {
		buf_addf(errmsg, "cannot read the destination: %s",
		    store_errmsg(to));
		goto out;
	}
	if (there[0] != 0) {
		buf_addf(errmsg, "the destination already has data (%lld "
		    "units): copy into a new, empty database",
		    (long long)there[0]);
		e = ERR_CONFLICT;
		goto out;
	}
	w[0].st = to;
	for (i = 1; i < n; i++)
		if ((e = store_open_writer(to, &w[i].st, errmsg)) != OK)
			goto out;
	for (i = 0; i < n; i++)
		w[i].job = &j;
	if ((e = store_begin(from)) != OK) {
		buf_addf(errmsg, "cannot read the source: %s",
		    store_errmsg(from));
		goto out;
	}
	/* the marker and what waits for the rows: at once for the other
	 * connections to see, or in the one transaction */
	if ((e = store_begin(to)) != OK || (e = store_query(to,
	    STMT_COPY_PREPARE, NOARGS, NULL, NULL)) != OK ||
	    (n > 1 && (e = store_commit(to)) != OK)) {
		buf_addf(errmsg, "preparing the destination: %s",
		    store_errmsg(to));
		goto fail;
	}
	marked = n > 1;
	/* (one writer: to, whose transaction goes on) */
	for (i = marked ? 0 : 1; i < n; i++)
		if ((e = store_begin(w[i].st)) != OK) {
			buf_addf(errmsg, "cannot write the destination: %s",
			    store_errmsg(w[i].st));
			goto fail;
		}
	if ((e = copy_rows(from, w, n, &j)) != OK)
		goto fail;
	if (n > 1) {
		for (i = 0; i < n; i++)
			if ((e = store_commit(w[i].st)) != OK) {
				buf_addf(errmsg, "committing the rows: %s",
				    store_errmsg(w[i].st));
				goto fail;
			}
		if ((e = steps_start(to, w, n, &j, STMT_COPY_PENDING,
		    "indexes")) != OK)
			goto fail;
	}
	/* the source's rows, counted in the transaction the copy read (while
	 * the writers build) */
	e2 = store_query(from, STMT_COPY_COUNTS, NOARGS, counts_row, counts);
	if (n > 1) {
		if ((e = steps_join(w, n, &j)) != OK)
			goto fail;
		if ((e = store_query(to, STMT_COPY_ATTACH, NOARGS, NULL,
		    NULL)) != OK) {
			buf_addf(errmsg, "putting the keys back: %s",
			    store_errmsg(to));
			goto fail;
		}
		if ((e = steps_start(to, w, n, &j, STMT_COPY_CHECKS,
		    "checks")) != OK || (e = steps_join(w, n, &j)) != OK)
			goto fail;
		if ((e = store_begin(to)) != OK) {
			buf_addf(errmsg, "cannot write the destination: %s",
			    store_errmsg(to));
			goto fail;
		}
	}
	if ((e = e2) != OK) {
		buf_addf(errmsg, "counting the rows of the source: %s",
		    store_errmsg(from));
		goto fail;
	}
	if ((e = store_query(to, STMT_COPY_FINISH, NOARGS, NULL, NULL)) !=
	    OK || (e = store_people_index(to)) != OK) {
		buf_addf(errmsg, "finishing the copy: %s", store_errmsg(to));
		goto fail;
	}
	if ((e = store_query(to, STMT_COPY_COUNTS, NOARGS, counts_row,
	    there)) != OK) {
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
		goto fail;
	}
	goto out;
fail:
	for (i = 0; i < n; i++)
		if (w[i].st != NULL && w[i].st->in_tx)
			store_rollback(w[i].st);
	if (from->in_tx)
		store_rollback(from);
	if (marked)
		copy_abandon(to, errmsg);
out:
	for (i = 1; i < n; i++)
		store_close(w[i].st);
	free(j.seqs);
	pthread_mutex_destroy(&j.mu);
	pthread_cond_destroy(&j.cv);
	return e;
}
