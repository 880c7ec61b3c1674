/*
 * jobs.c: imports run in the background, each in its own thread with its
 * own store connection, so that a large file shows its progress and a
 * page is never held open for minutes.  A job keeps its file after a
 * check (dry run) so that "import it" needs no second upload.  Jobs live
 * in memory for an hour; at most JOBS_RUNNING run at once and at most
 * JOBS_BYTES of files are held.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "handlers.h"

#define JOBS_MAX	64
#define JOBS_RUNNING	2
#define JOBS_BYTES	((size_t)256 << 20)
#define JOBS_TTL	3600

struct job {
	int64_t			 id;
	struct actor		 actor;
	enum import_kind	 kind;
	char			*data;
	size_t			 len;
	char			 filename[128];
	struct import_opts	 opts;
	size_t			 done;
	int			 state;		/* 0 running, 1 done */
	enum err		 result;
	struct import_report	 rep;
	time_t			 finished;
	char			 db[1024];
};

static struct job *jobs[JOBS_MAX];
static int64_t next_id = 1;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void
job_free(struct job *j)
{
	free(j->data);
	import_report_free(&j->rep);
	free(j);
}

static void
progress(size_t done, size_t total, void *arg)
{
	struct job *j = arg;

	(void)total;
	pthread_mutex_lock(&mu);
	j->done = done;
	pthread_mutex_unlock(&mu);
}

static void *
run(void *arg)
{
	struct job *j = arg;
	struct store *st = NULL;
	struct import_report rep;
	struct buf em;
	enum err e;

	buf_init(&em, 4096);
	memset(&rep, 0, sizeof(rep));
	if ((e = store_open(j->db, 0, &st, &em)) == OK)
		e = import_run(st, &j->actor, j->kind, j->data, j->len, &j->opts,
		    &rep);
	else
		log_err("import job: %s", buf_str(&em));
	store_close(st);
	buf_free(&em);
	pthread_mutex_lock(&mu);
	j->rep = rep;
	j->result = e;
	j->done = rep.rows;
	j->state = 1;
	j->finished = time(NULL);
	/* a real import needs its file no more */
	if (!j->opts.dry_run) {
		free(j->data);
		j->data = NULL;
		j->len = 0;
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

/* With mu held: drop old jobs; make room. */
static void
sweep(size_t need)
{
	time_t now = time(NULL);
	size_t i, held = 0;
	struct job *oldest;

	for (i = 0; i < JOBS_MAX; i++)
		if (jobs[i] && jobs[i]->state == 1 &&
		    now - jobs[i]->finished > JOBS_TTL) {
			job_free(jobs[i]);
			jobs[i] = NULL;
		}
	for (;;) {
		held = 0;
		oldest = NULL;
		for (i = 0; i < JOBS_MAX; i++) {
			if (jobs[i] == NULL)
				continue;
			held += jobs[i]->len;
			if (jobs[i]->state == 1 && jobs[i]->data && (oldest ==
			    NULL || jobs[i]->finished < oldest->finished))
				oldest = jobs[i];
		}
		if (held + need <= JOBS_BYTES || oldest == NULL)
			break;
		free(oldest->data);
		oldest->data = NULL;
		oldest->len = 0;
	}
}

static enum err
start(const struct actor *a, const char *db, enum import_kind kind,
    char *data, size_t len, const char *filename,
    const struct import_opts *opts, int64_t *id)
{
	struct job *j;
	pthread_t t;
	pthread_attr_t attr;
	size_t i, running = 0, slot = JOBS_MAX;
	time_t oldest_t = 0;

	pthread_mutex_lock(&mu);
	sweep(len);
	for (i = 0; i < JOBS_MAX; i++) {
		if (jobs[i] && jobs[i]->state == 0)
			running++;
		if (jobs[i] == NULL && slot == JOBS_MAX)
			slot = i;
	}
	if (slot == JOBS_MAX)	/* full: replace the oldest finished job */
		for (i = 0; i < JOBS_MAX; i++)
			if (jobs[i]->state == 1 && (slot == JOBS_MAX ||
			    jobs[i]->finished < oldest_t)) {
				slot = i;
				oldest_t = jobs[i]->finished;
			}
	if (running >= JOBS_RUNNING || slot == JOBS_MAX) {
		pthread_mutex_unlock(&mu);
		free(data);
		return ERR_BUSY;
	}
	if (jobs[slot])
		job_free(jobs[slot]);
	j = xcalloc(1, sizeof(*j));
	j->id = next_id++;
	j->actor = *a;
	j->kind = kind;
	j->data = data;
	j->len = len;
	str_copy(j->filename, sizeof(j->filename), filename);
	j->opts = *opts;
	j->opts.progress = progress;
	j->opts.progress_arg = j;
	str_copy(j->db, sizeof(j->db), db);
	jobs[slot] = j;
	*id = j->id;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, run, j) != 0) {
		jobs[slot] = NULL;
		job_free(j);
		pthread_attr_destroy(&attr);
		pthread_mutex_unlock(&mu);
		return ERR_BUSY;
	}
	pthread_attr_destroy(&attr);
	pthread_mutex_unlock(&mu);
	return OK;
}

enum err
jobs_start(struct req *r, enum import_kind kind, const char *data, size_t len,
    const char *filename, const struct import_opts *opts, int64_t *id)
{
	char *copy = xmalloc(len ? len : 1);

	memcpy(copy, data, len);
	return start(&r->actor, r->db_target, kind, copy, len, filename, opts,
	    id);
}

static struct job *
find(int64_t id, int64_t user)
{
	size_t i;

	for (i = 0; i < JOBS_MAX; i++)
		if (jobs[i] && jobs[i]->id == id &&
		    jobs[i]->actor.user_id == user)
			return jobs[i];
	return NULL;
}

enum err
jobs_view(int64_t id, int64_t user, void (*fn)(const struct job_view *,
    void *), void *arg)
{
	struct job *j;
	struct job_view v;

	pthread_mutex_lock(&mu);
	if ((j = find(id, user)) == NULL) {
		pthread_mutex_unlock(&mu);
		return ERR_NOTFOUND;
	}
	memset(&v, 0, sizeof(v));
	v.id = j->id;
	v.state = j->state;
	v.dry_run = j->opts.dry_run;
	v.good_rows = j->opts.good_rows;
	v.kind = j->kind;
	v.done = j->done;
	v.result = j->result;
	v.rep = j->state ? &j->rep : NULL;
	v.size = j->data ? j->len : 0;
	str_copy(v.filename, sizeof(v.filename), j->filename);
	/* the report does not change once done: safe to read under mu */
	fn(&v, arg);
	pthread_mutex_unlock(&mu);
	return OK;
}

enum err
jobs_commit(struct req *r, int64_t id, int good_rows, int64_t *newid)
{
	struct job *j;
	struct import_opts o;
	enum import_kind kind;
	char *data, name[128];
	size_t len;

	pthread_mutex_lock(&mu);
	if ((j = find(id, r->actor.user_id)) == NULL || j->state != 1 ||
	    !j->opts.dry_run) {
		pthread_mutex_unlock(&mu);
		return ERR_NOTFOUND;
	}
	if (j->data == NULL) {
		pthread_mutex_unlock(&mu);
		return ERR_CONFLICT;	/* the file was dropped */
	}
	data = xmalloc(j->len ? j->len : 1);
	memcpy(data, j->data, j->len);
	len = j->len;
	kind = j->kind;
	o = j->opts;
	str_copy(name, sizeof(name), j->filename);
	pthread_mutex_unlock(&mu);
	o.dry_run = 0;
	o.good_rows = good_rows;
	return start(&r->actor, r->db_target, kind, data, len, name, &o, newid);
}
