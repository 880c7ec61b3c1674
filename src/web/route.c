/*
 * route.c: the route table and the fixed order of every request:
 * method and path -> route -> session -> authorisation -> CSRF -> handler.
 * Adding a screen is one enum value and one row.
 */
#include <stdio.h>
#include <string.h>

#include "../base/limits.h"
#include "handlers.h"

enum route {
	ROUTE_HOME, ROUTE_LOGIN, ROUTE_LOGIN_POST, ROUTE_LOGOUT, ROUTE_ASSET,
	ROUTE_HEALTH, ROUTE_FAVICON, ROUTE_UNITS, ROUTE_UNIT, ROUTE_UNIT_CREATE,
	ROUTE_UNIT_UPDATE, ROUTE_UNIT_MOVE, ROUTE_UNIT_ACTIVE,
	ROUTE_UNIT_EXPORT, ROUTE_PEOPLE, ROUTE_PEOPLE_EXPORT, ROUTE_PERSON_NEW,
	ROUTE_PERSON_CREATE, ROUTE_PERSON, ROUTE_PERSON_EDIT,
	ROUTE_PERSON_UPDATE, ROUTE_PERSON_TRANSFER, ROUTE_PERSON_LEAVE,
	ROUTE_IMPORT, ROUTE_IMPORT_POST, ROUTE_IMPORT_JOB, ROUTE_IMPORT_COMMIT,
	ROUTE_IMPORT_TEMPLATE, ROUTE_AUDIT,
	ROUTE_API_ME, ROUTE_API_UNITS, ROUTE_API_UNIT_CREATE,
	ROUTE_API_UNIT_GET, ROUTE_API_UNIT_PATCH, ROUTE_API_UNIT_PUT,
	ROUTE_API_UNIT_MOVE, ROUTE_API_UNIT_STATS, ROUTE_API_PEOPLE,
	ROUTE_API_PERSON_CREATE, ROUTE_API_PERSON_GET, ROUTE_API_PERSON_PATCH,
	ROUTE_API_PERSON_PUT, ROUTE_API_PERSON_TRANSFER,
	ROUTE_API_PERSON_LEAVE, ROUTE_API_PERSON_HISTORY, ROUTE_API_IMPORT,
	ROUTE_API_EXPORT, ROUTE_API_AUDIT,
	ROUTE__MAX
};

/* Who may call: anyone, or a logged-in user. */
enum access { PUBLIC, USER };

struct route_def {
	enum method	 method;
	const char	*pattern;	/* "{id}": digits, "{s}": a word */
	handler_fn	 fn;
	enum access	 access;
	size_t		 body;		/* body limit once logged in */
};

#define F LIM_BODY_FORM
#define U LIM_UPLOAD

static const struct route_def routes[ROUTE__MAX] = {
	[ROUTE_HOME] = { METHOD_GET, "/", page_home, USER, 0 },
	[ROUTE_LOGIN] = { METHOD_GET, "/login", page_login, PUBLIC, 0 },
	[ROUTE_LOGIN_POST] = { METHOD_POST, "/login", page_login_post, PUBLIC,
	    LIM_BODY_ANON },
	[ROUTE_LOGOUT] = { METHOD_POST, "/logout", page_logout, USER, F },
	[ROUTE_ASSET] = { METHOD_GET, "/assets/{s}", page_asset, PUBLIC, 0 },
	[ROUTE_HEALTH] = { METHOD_GET, "/health", page_health, PUBLIC, 0 },
	[ROUTE_FAVICON] = { METHOD_GET, "/favicon.ico", page_asset, PUBLIC, 0 },
	[ROUTE_UNITS] = { METHOD_GET, "/units", page_units, USER, 0 },
	[ROUTE_UNIT] = { METHOD_GET, "/units/{id}", page_unit, USER, 0 },
	[ROUTE_UNIT_CREATE] = { METHOD_POST, "/units", page_unit_create, USER,
	    F },
	[ROUTE_UNIT_UPDATE] = { METHOD_POST, "/units/{id}", page_unit_update,
	    USER, F },
	[ROUTE_UNIT_MOVE] = { METHOD_POST, "/units/{id}/move", page_unit_move,
	    USER, F },
	[ROUTE_UNIT_ACTIVE] = { METHOD_POST, "/units/{id}/active",
	    page_unit_active, USER, F },
	[ROUTE_UNIT_EXPORT] = { METHOD_GET, "/units/{id}/export",
	    page_unit_export, USER, 0 },
	[ROUTE_PEOPLE] = { METHOD_GET, "/people", page_people, USER, 0 },
	[ROUTE_PEOPLE_EXPORT] = { METHOD_GET, "/people/export",
	    page_people_export, USER, 0 },
	[ROUTE_PERSON_NEW] = { METHOD_GET, "/people/new", page_person_new,
	    USER, 0 },
	[ROUTE_PERSON_CREATE] = { METHOD_POST, "/people", page_person_create,
	    USER, F },
	[ROUTE_PERSON] = { METHOD_GET, "/people/{id}", page_person, USER, 0 },
	[ROUTE_PERSON_EDIT] = { METHOD_GET, "/people/{id}/edit",
	    page_person_edit, USER, 0 },
	[ROUTE_PERSON_UPDATE] = { METHOD_POST, "/people/{id}",
	    page_person_update, USER, F },
	[ROUTE_PERSON_TRANSFER] = { METHOD_POST, "/people/{id}/transfer",
	    page_person_transfer, USER, F },
	[ROUTE_PERSON_LEAVE] = { METHOD_POST, "/people/{id}/leave",
	    page_person_leave, USER, F },
	[ROUTE_IMPORT] = { METHOD_GET, "/import", page_import, USER, 0 },
	[ROUTE_IMPORT_POST] = { METHOD_POST, "/import", page_import_post, USER,
	    U },
	[ROUTE_IMPORT_JOB] = { METHOD_GET, "/import/jobs/{id}",
	    page_import_job, USER, 0 },
	[ROUTE_IMPORT_COMMIT] = { METHOD_POST, "/import/jobs/{id}/commit",
	    page_import_commit, USER, F },
	[ROUTE_IMPORT_TEMPLATE] = { METHOD_GET, "/import/template/{s}",
	    page_import_template, USER, 0 },
	[ROUTE_AUDIT] = { METHOD_GET, "/audit", page_audit, USER, 0 },

	[ROUTE_API_ME] = { METHOD_GET, "/api/v1/me", api_me, USER, 0 },
	[ROUTE_API_UNITS] = { METHOD_GET, "/api/v1/units", api_units, USER, 0 },
	[ROUTE_API_UNIT_CREATE] = { METHOD_POST, "/api/v1/units",
	    api_unit_create, USER, F },
	[ROUTE_API_UNIT_GET] = { METHOD_GET, "/api/v1/units/{id}", api_unit_get,
	    USER, 0 },
	[ROUTE_API_UNIT_PATCH] = { METHOD_PATCH, "/api/v1/units/{id}",
	    api_unit_update, USER, F },
	[ROUTE_API_UNIT_PUT] = { METHOD_PUT, "/api/v1/units/{id}",
	    api_unit_update, USER, F },
	[ROUTE_API_UNIT_MOVE] = { METHOD_POST, "/api/v1/units/{id}/move",
	    api_unit_move, USER, F },
	[ROUTE_API_UNIT_STATS] = { METHOD_GET, "/api/v1/units/{id}/stats",
	    api_unit_stats, USER, 0 },
	[ROUTE_API_PEOPLE] = { METHOD_GET, "/api/v1/people", api_people, USER,
	    0 },
	[ROUTE_API_PERSON_CREATE] = { METHOD_POST, "/api/v1/people",
	    api_person_create, USER, F },
	[ROUTE_API_PERSON_GET] = { METHOD_GET, "/api/v1/people/{id}",
	    api_person_get, USER, 0 },
	[ROUTE_API_PERSON_PATCH] = { METHOD_PATCH, "/api/v1/people/{id}",
	    api_person_update, USER, F },
	[ROUTE_API_PERSON_PUT] = { METHOD_PUT, "/api/v1/people/{id}",
	    api_person_update, USER, F },
	[ROUTE_API_PERSON_TRANSFER] = { METHOD_POST,
	    "/api/v1/people/{id}/transfer", api_person_transfer, USER, F },
	[ROUTE_API_PERSON_LEAVE] = { METHOD_POST, "/api/v1/people/{id}/leave",
	    api_person_leave, USER, F },
	[ROUTE_API_PERSON_HISTORY] = { METHOD_GET,
	    "/api/v1/people/{id}/history", api_person_history, USER, 0 },
	[ROUTE_API_IMPORT] = { METHOD_POST, "/api/v1/import/{s}", api_import,
	    USER, U },
	[ROUTE_API_EXPORT] = { METHOD_GET, "/api/v1/export/{s}", api_export,
	    USER, 0 },
	[ROUTE_API_AUDIT] = { METHOD_GET, "/api/v1/audit", api_audit, USER, 0 },
};

/*
 * Match path against pattern; fills r->segs and r->id when r is given.
 */
static int
match(const char *pattern, const char *path, struct req *r)
{
	const char *p = pattern, *s = path;
	size_t nseg = 0;

	while (*p && *s) {
		if (*p == '{') {
			const char *pe = strchr(p, '}'), *se = s;
			int digits = p[1] == 'i';

			if (pe == NULL)
				return 0;
			while (*se && *se != '/')
				se++;
			if (se == s || se - s > 64)
				return 0;
			if (digits) {
				const char *d;

				for (d = s; d < se; d++)
					if (*d < '0' || *d > '9')
						return 0;
			}
			if (r != NULL && nseg < NELEM(r->segs)) {
				r->segs[nseg] = arena_strndup(r->arena, s,
				    (size_t)(se - s));
				if (digits && r->id == 0 && se - s < 18) {
					int64_t v = 0;
					const char *d;

					for (d = s; d < se; d++)
						v = v * 10 + (*d - '0');
					r->id = v;
				}
			}
			nseg++;
			p = pe + 1;
			s = se;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	/* a trailing slash is forgiven */
	if (*s == '/' && s[1] == '\0' && s != path)
		s++;
	return *p == '\0' && *s == '\0';
}

static const struct route_def *
find(const char *path, enum method m, int *path_known)
{
	size_t i;
	enum method want = m == METHOD_HEAD ? METHOD_GET : m;

	*path_known = 0;
	for (i = 0; i < ROUTE__MAX; i++) {
		if (!match(routes[i].pattern, path, NULL))
			continue;
		*path_known = 1;
		if (routes[i].method == want)
			return &routes[i];
	}
	return NULL;
}

int
route_body_limit(const char *path, enum method m, int logged_in)
{
	int known;
	const struct route_def *d = find(path, m, &known);

	if (d == NULL)
		return LIM_BODY_ANON;
	if (!logged_in || d->access == PUBLIC)
		return d->body ? (int)(d->body < LIM_BODY_ANON ? d->body :
		    LIM_BODY_ANON) : LIM_BODY_ANON;
	return d->body ? (int)d->body : LIM_BODY_ANON;
}

/* Same origin: no Origin header (old browsers, API clients), or one
 * that names this host. */
static int
same_origin(const struct req *r)
{
	const char *o = r->origin;

	if (o == NULL || r->host == NULL)
		return o == NULL;
	if (strncmp(o, "http://", 7) == 0)
		o += 7;
	else if (strncmp(o, "https://", 8) == 0)
		o += 8;
	else
		return 0;
	return strcmp(o, r->host) == 0;
}

static int
changes_state(enum method m)
{
	return m != METHOD_GET && m != METHOD_HEAD;
}

void
route_dispatch(struct req *r)
{
	const struct route_def *d;
	const char *tok;
	int known;

	if ((d = find(r->path, r->method, &known)) == NULL) {
		resp_error(r, known ? ERR_INVAL : ERR_NOTFOUND, known ?
		    "Phương thức không được hỗ trợ cho địa chỉ này" :
		    "Không có trang này");
		if (known)
			r->status = 405;
		return;
	}
	match(d->pattern, r->path, r);
	if (d->access == USER && !r->logged_in) {
		if (r->is_api)
			resp_error(r, ERR_AUTH, "Cần đăng nhập hoặc mã truy cập "
			    "API (Authorization: Bearer …)");
		else
			resp_redirect(r, "/login");
		return;
	}
	if (changes_state(r->method) && !same_origin(r)) {
		resp_error(r, ERR_DENIED, "Yêu cầu từ trang khác bị từ chối");
		return;
	}
	/* CSRF: a session-authenticated change carries the session's
	 * token, in the form or in a header; API tokens carry no cookie */
	if (changes_state(r->method) && d->access == USER && r->bearer == NULL) {
		tok = req_form(r, "csrf");
		if (tok == NULL)
			tok = r->csrf_header;
		if (tok == NULL || !auth_equal(tok, r->actor.csrf)) {
			resp_error(r, ERR_DENIED, "Phiên làm việc đã hết hạn "
			    "hoặc biểu mẫu không hợp lệ; hãy tải lại trang và "
			    "thử lại");
			return;
		}
	}
	d->fn(r);
}
