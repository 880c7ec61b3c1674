/*
 * server.c: libmicrohttpd glue.  Turns a connection into a struct req
 * with its arena and hard limits, loads the session, reads the body
 * within the limit that applies (lower before login), parses it, hands
 * the request to the route table, and sends the answer with the security
 * headers every response carries.  One access-log line per request, in
 * the Combined Log Format.  SIGTERM and SIGINT stop it gracefully.
 *
 * The response is queued on a later call of the access handler than the
 * first, so that keep-alive works (see STYLE.md).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../base/limits.h"
#include "../store/store.h"
#include "../text/text.h"
#include "http.h"
#include "server.h"

struct server {
	struct store_pool	*pool;		/* writes (a primary) */
	struct store_pool	*rpool;		/* reads, replicas: or NULL */
	FILE			*log;
	pthread_mutex_t		 log_mu;
	char			 db[4096];	/* the writers' target */
	int			 secure;
};

/* After a change, the same browser reads from the primary for a while,
 * so that it sees its change before the replicas have it. */
#define FRESH_COOKIE	"thidua_fresh"
#define FRESH_SECONDS	"10"

struct conn {
	struct req	 r;
	struct buf	 body;
	size_t		 limit;
	int		 started;	/* the first call is over */
	int		 refused;	/* a response was queued early */
	int		 too_large;	/* the body passed its limit */
	const char	*method_s, *version, *referer, *agent;
	char		 ipbuf[64];
};

static const char *const methods[METHOD__MAX] = {
	"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD",
};

static int
method_of(const char *m)
{
	size_t i;

	for (i = 0; i < METHOD__MAX; i++)
		if (strcmp(m, methods[i]) == 0)
			return (int)i;
	return -1;
}

/* Every response: security headers and cookie flags, in one place. */
static void
add_headers(struct MHD_Response *resp, const struct req *r)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
	    "script-src 'self'; object-src 'none'; base-uri 'none'; "
	    "form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Content-Type", r->out_type ?
	    r->out_type : "text/html; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", r->cacheable ?
	    "public, max-age=86400" : "no-store");
	if (r->location)
		MHD_add_response_header(resp, "Location", r->location);
	if (r->disposition)
		MHD_add_response_header(resp, "Content-Disposition",
		    r->disposition);
	if (r->set_cookie)
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	if (r->fresh)
		MHD_add_response_header(resp, "Set-Cookie", FRESH_COOKIE "=1; "
		    "Max-Age=" FRESH_SECONDS "; Path=/; HttpOnly; SameSite=Lax");
}

static enum MHD_Result
send_req(struct MHD_Connection *c, struct req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len;
	char *body;

	if (r->out.err != OK) {
		buf_reset(&r->out);
		r->status = 500;
		r->out_type = "text/plain; charset=utf-8";
		buf_adds(&r->out, "Lỗi máy chủ: trang quá lớn\n");
	}
	if (r->method == METHOD_HEAD)
		buf_reset(&r->out);
	body = buf_take(&r->out, &len);
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	buf_init(&r->out, 1);	/* empty again; len is kept for the log */
	r->out.len = len;
	add_headers(resp, r);
	ret = MHD_queue_response(c, (unsigned)(r->status ? r->status : 200),
	    resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
refuse(struct MHD_Connection *c, struct conn *cn, int status, const char *msg)
{
	struct req *r = &cn->r;

	cn->refused = 1;
	r->status = status;
	r->out_type = r->is_api ? "application/json; charset=utf-8" :
	    "text/plain; charset=utf-8";
	buf_reset(&r->out);
	if (r->is_api)
		buf_addf(&r->out, "{\"error\":{\"code\":\"%s\",\"message\":"
		    "\"%s\"}}\n", status == 413 ? "too_large" : "invalid", msg);
	else
		buf_addf(&r->out, "%s\n", msg);
	return send_req(c, r);
}

static const char *
cookie(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_COOKIE_KIND, name);
}

/* The pool a request reads and writes through: the replicas' for a read
 * (GET, HEAD) unless this browser changed something a moment ago. */
static struct store_pool *
pool_for(struct server *s, struct MHD_Connection *c, const struct req *r)
{
	if (s->rpool != NULL && (r->method == METHOD_GET ||
	    r->method == METHOD_HEAD) && cookie(c, FRESH_COOKIE) == NULL)
		return s->rpool;
	return s->pool;
}

/* The session or API token, loaded on the first call. */
static void
load_actor(struct server *s, struct MHD_Connection *c, struct conn *cn)
{
	struct req *r = &cn->r;
	struct store_pool *p = pool_for(s, c, r);
	struct store *st;

	if (r->cookie_sid == NULL && r->bearer == NULL)
		return;
	st = store_pool_get(p);
	if (r->bearer)
		r->logged_in = auth_bearer(st, r->bearer, &r->actor) == OK;
	else
		r->logged_in = auth_session(st, r->cookie_sid, &r->actor) == OK;
	store_pool_put(p, st);
}

struct qctx {
	struct req	*r;
	size_t		 cap;
	int		 bad;
};

static enum MHD_Result
query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *val)
{
	struct qctx *q = cls;
	struct req *r = q->r;
	struct kv *nv;

	(void)kind;
	if (r->nquery == LIM_FIELDS || strlen(key) > 64 || (val &&
	    strlen(val) > LIM_FIELD_BYTES) || !text_valid_utf8(key,
	    strlen(key)) || (val && !text_valid_utf8(val, strlen(val)))) {
		q->bad = 1;
		return MHD_NO;
	}
	if (r->nquery == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 8;
		nv = arena_calloc(r->arena, q->cap, sizeof(*nv));
		if (r->nquery)
			memcpy(nv, r->query, r->nquery * sizeof(*nv));
		r->query = nv;
	}
	r->query[r->nquery].key = arena_strdup(r->arena, key);
	r->query[r->nquery].val = arena_strdup(r->arena, val ? val : "");
	r->query[r->nquery].len = val ? strlen(val) : 0;
	r->nquery++;
	return MHD_YES;
}

static int
starts_with_ci(const char *s, const char *p)
{
	return s && strncasecmp(s, p, strlen(p)) == 0;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	struct conn *cn = *con_cls;
	struct store_pool *pool;
	struct req *r;
	const char *auth, *clen;
	const union MHD_ConnectionInfo *ci;
	struct qctx q;
	enum err e;
	int m;

	if (cn == NULL) {
		cn = xcalloc(1, sizeof(*cn));
		*con_cls = cn;
		r = &cn->r;
		r->arena = arena_new();
		buf_init(&r->out, (size_t)64 << 20);
		buf_init(&cn->body, LIM_UPLOAD);
		cn->method_s = arena_strdup(r->arena, method);
		cn->version = arena_strdup(r->arena, version);
		r->path = arena_strdup(r->arena, url);
		r->is_api = strncmp(url, "/api/", 5) == 0;
		r->db_target = s->db;
		r->secure = s->secure;
		ci = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr &&
		    ci->client_addr->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)
			    ci->client_addr)->sin_addr, cn->ipbuf,
			    sizeof(cn->ipbuf));
		else if (ci && ci->client_addr &&
		    ci->client_addr->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
			    ci->client_addr)->sin6_addr, cn->ipbuf,
			    sizeof(cn->ipbuf));
		else
			snprintf(cn->ipbuf, sizeof(cn->ipbuf), "-");
		r->ip = cn->ipbuf;
		cn->referer = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "Referer");
		cn->agent = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "User-Agent");
		if ((m = method_of(method)) < 0)
			return refuse(c, cn, 405, "Phương thức không được hỗ trợ");
		r->method = (enum method)m;
		if (strlen(url) > LIM_URL_BYTES)
			return refuse(c, cn, 414, "Địa chỉ quá dài");
		r->host = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "Host");
		r->origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "Origin");
		r->ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "Content-Type");
		r->accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "Accept");
		auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "Authorization");
		if (starts_with_ci(auth, "Bearer "))
			r->bearer = arena_strdup(r->arena, auth + 7);
		r->cookie_sid = cookie(c, "thidua_sid");
		r->csrf_header = MHD_lookup_connection_value(c,
		    MHD_HEADER_KIND, "X-CSRF-Token");
		load_actor(s, c, cn);
		cn->limit = (size_t)route_body_limit(r->path, r->method,
		    r->logged_in);
		clen = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "Content-Length");
		if (clen && strtoull(clen, NULL, 10) > cn->limit)
			return refuse(c, cn, 413, "Nội dung gửi lên quá lớn");
		return MHD_YES;
	}
	r = &cn->r;
	if (cn->refused) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		/* past the limit: keep nothing more, answer at the end (a
		 * response cannot be queued while the body arrives) */
		if (cn->too_large || cn->body.len + *upload_size > cn->limit) {
			cn->too_large = 1;
			buf_free(&cn->body);
		} else
			buf_add(&cn->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (cn->started)
		return MHD_YES;
	cn->started = 1;
	if (cn->too_large)
		return refuse(c, cn, 413, "Nội dung gửi lên quá lớn");
	/* the whole request is here */
	memset(&q, 0, sizeof(q));
	q.r = r;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_arg, &q);
	if (q.bad)
		return refuse(c, cn, 400, "Tham số không hợp lệ");
	r->body = cn->body.p ? cn->body.p : "";
	r->bodylen = cn->body.len;
	e = OK;
	/* the API reads JSON or a file, never an urlencoded form */
	if (!r->is_api &&
	    starts_with_ci(r->ctype, "application/x-www-form-urlencoded"))
		e = form_urlencoded(r->arena, r->body, r->bodylen, &r->form,
		    &r->nform);
	else if (starts_with_ci(r->ctype, "multipart/form-data"))
		e = form_multipart(r->arena, r->ctype, r->body, r->bodylen,
		    &r->form, &r->nform);
	if (e != OK)
		return refuse(c, cn, e == ERR_LIMIT ? 413 : 400,
		    "Dữ liệu biểu mẫu không hợp lệ");
	pool = pool_for(s, c, r);
	r->st = store_pool_get(pool);
	route_dispatch(r);
	store_pool_put(pool, r->st);
	r->st = NULL;
	r->fresh = s->rpool != NULL && pool == s->pool &&
	    r->method != METHOD_GET && r->method != METHOD_HEAD;
	return send_req(c, r);
}

static void
access_log(struct server *s, struct conn *cn)
{
	struct req *r = &cn->r;
	char ts[64], line[6144];
	time_t now = time(NULL);
	struct tm tm;
	size_t i, j = 0;
	int n;

	if (s->log == NULL)
		return;
	localtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%d/%b/%Y:%H:%M:%S %z", &tm);
	n = snprintf(line, sizeof(line), "%s - %s [%s] \"%s %s %s\" %d %zu "
	    "\"%s\" \"%s\"", r->ip ? r->ip : "-", r->logged_in &&
	    r->actor.username[0] ? r->actor.username : "-", ts,
	    cn->method_s ? cn->method_s : "-", r->path ? r->path : "-",
	    cn->version ? cn->version : "-", r->status ? r->status : 200,
	    r->out.len, cn->referer ? cn->referer : "-",
	    cn->agent ? cn->agent : "-");
	if (n < 0)
		return;
	/* escape control characters: a log line is one line */
	for (i = 0; line[i] != '\0' && j < sizeof(line) - 1; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[j++] = '?';
		else
			line[j++] = line[i];
	line[j] = '\0';
	pthread_mutex_lock(&s->log_mu);
	fprintf(s->log, "%s\n", line);
	fflush(s->log);
	pthread_mutex_unlock(&s->log_mu);
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct conn *cn = *con_cls;

	(void)c;
	(void)toe;
	if (cn == NULL)
		return;
	access_log(s, cn);
	buf_free(&cn->r.out);
	buf_free(&cn->body);
	arena_free(cn->r.arena);
	free(cn);
	*con_cls = NULL;
}

/* Our own listening socket, for clear messages when it cannot be had. */
static int
listen_on(const char *addr, int *port_out)
{
	char host[64];
	const char *colon = strrchr(addr, ':');
	struct sockaddr_in sin;
	long port;
	char *end;
	int fd, one = 1;

	if (colon == NULL || (size_t)(colon - addr) >= sizeof(host)) {
		fprintf(stderr, "thidua: --listen wants ADDR:PORT, not %s\n",
		    addr);
		return -2;
	}
	memcpy(host, addr, (size_t)(colon - addr));
	host[colon - addr] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 1 || port > 65535) {
		fprintf(stderr, "thidua: bad port in %s\n", addr);
		return -2;
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0",
	    &sin.sin_addr) != 1) {
		fprintf(stderr, "thidua: bad address in %s\n", addr);
		return -2;
	}
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		perror("thidua: socket");
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		fprintf(stderr, "thidua: cannot listen on %s: %s%s\n", addr,
		    strerror(errno), errno == EADDRINUSE ?
		    " (another program uses this port; choose another with "
		    "--listen)" : "");
		close(fd);
		return -1;
	}
	if (listen(fd, 1024) != 0) {
		perror("thidua: listen");
		close(fd);
		return -1;
	}
	*port_out = (int)port;
	return fd;
}

int
server_run(const struct server_opts *o)
{
	struct server s;
	struct MHD_Daemon *d;
	struct buf em;
	sigset_t set;
	int fd, port, sig;
	char shown[1024];
	unsigned threads = o->threads ? o->threads : 4;

	memset(&s, 0, sizeof(s));
	pthread_mutex_init(&s.log_mu, NULL);
	s.secure = o->secure;
	if (store_target_for(o->db, STORE_WRITE, s.db, sizeof(s.db)) == NULL) {
		fprintf(stderr, "thidua: the database target is too long\n");
		return 1;
	}
	buf_init(&em, 4096);
	/* threads plus one for import jobs; reads apart when there are
	 * replicas to read from */
	if (store_pool_open(o->db, STORE_WRITE, threads + 1, &s.pool, &em) !=
	    OK || (store_has_replicas(o->db) && store_pool_open(o->db,
	    STORE_READ, threads, &s.rpool, &em) != OK)) {
		fprintf(stderr, "thidua: %s\n", buf_str(&em));
		buf_free(&em);
		store_pool_close(s.pool);
		return 1;
	}
	buf_free(&em);
	if (o->access_log && strcmp(o->access_log, "-") != 0) {
		if ((s.log = fopen(o->access_log, "a")) == NULL) {
			fprintf(stderr, "thidua: %s: %s\n", o->access_log,
			    strerror(errno));
			store_pool_close(s.pool);
			store_pool_close(s.rpool);
			return 1;
		}
	} else
		s.log = stdout;
	if ((fd = listen_on(o->listen, &port)) < 0) {
		store_pool_close(s.pool);
		store_pool_close(s.rpool);
		return 1;
	}
	/* signals are taken by sigwait below, in this thread only */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* (MHD_USE_ITC: MHD_quiesce_daemon needs it) */
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL, handle, &s,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
	    MHD_OPTION_CONNECTION_TIMEOUT, 60u,
	    MHD_OPTION_CONNECTION_LIMIT, 2000u,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, &s,
	    MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "thidua: cannot start the HTTP server\n");
		close(fd);
		store_pool_close(s.pool);
		store_pool_close(s.rpool);
		return 1;
	}
	log_info("serving http://%s/ (database %s%s)", o->listen,
	    store_redact(o->db, shown, sizeof(shown)),
	    s.rpool ? "; reads from replicas when they answer" : "");
	for (;;) {
		if (sigwait(&set, &sig) == 0 && (sig == SIGTERM ||
		    sig == SIGINT))
			break;
	}
	log_info("stopping: finishing requests in flight");
	MHD_quiesce_daemon(d);
	MHD_stop_daemon(d);
	close(fd);
	store_pool_close(s.pool);
	store_pool_close(s.rpool);
	if (s.log != stdout)
		fclose(s.log);
	log_info("stopped");
	return 0;
}
