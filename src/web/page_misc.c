/*
 * page_misc.c: logging in and out, the dashboard, static assets, the
 * health check and the audit log.
 */
#include <stdio.h>
#include <string.h>

#include "../base/embed.h"
#include "handlers.h"

static void
login_form(struct req *r, const char *username, const char *error)
{
	struct html h;

	html_init(&h, &r->out);
	layout_begin(r, &h, "Đăng nhập", NAV_NONE);
	html_open(&h, "section", "class", "login", NULL);
	html_elem(&h, "h1", "Đăng nhập", NULL);
	if (error)
		html_elem(&h, "p", error, "class", "flash err", "role", "alert",
		    NULL);
	html_open(&h, "form", "method", "post", "action", "/login", NULL);
	html_open(&h, "label", NULL);
	html_elem(&h, "span", "Tên đăng nhập", NULL);
	html_void(&h, "input", "name", "username", "autocomplete", "username",
	    "autocapitalize", "none", "required", "", "value",
	    username ? username : "", "autofocus", "", NULL);
	html_close(&h);
	html_open(&h, "label", NULL);
	html_elem(&h, "span", "Mật khẩu", NULL);
	html_void(&h, "input", "type", "password", "name", "password",
	    "autocomplete", "current-password", "required", "", NULL);
	html_close(&h);
	html_elem(&h, "button", "Đăng nhập", "type", "submit", "class",
	    "primary", NULL);
	html_close(&h);
	html_close(&h);
	layout_end(r, &h);
}

void
page_login(struct req *r)
{
	if (r->logged_in) {
		resp_redirect(r, "/");
		return;
	}
	login_form(r, NULL, NULL);
}

void
page_login_post(struct req *r)
{
	const char *u = req_form(r, "username"), *p = req_form(r, "password");
	char kip[96], kuser[96], token[65], csrf[65], msg[160];
	int wait;
	enum err e;

	if (u == NULL || p == NULL || *u == '\0' || *p == '\0') {
		r->status = 422;
		login_form(r, u, "Hãy nhập tên đăng nhập và mật khẩu.");
		return;
	}
	snprintf(kip, sizeof(kip), "ip:%s", r->ip);
	snprintf(kuser, sizeof(kuser), "user:%.80s", u);
	if ((wait = auth_throttled(kip, 0)) > 0 ||
	    (wait = auth_throttled(kuser, 1)) > 0) {
		r->status = 429;
		snprintf(msg, sizeof(msg), "Đăng nhập sai quá nhiều lần. Hãy thử "
		    "lại sau %d phút.", (wait + 59) / 60);
		login_form(r, u, msg);
		return;
	}
	e = auth_login(r->st, u, p, token, csrf);
	if (e == ERR_AUTH) {
		auth_failed(kip);
		auth_failed(kuser);
		r->status = 401;
		login_form(r, u, "Tên đăng nhập hoặc mật khẩu không đúng.");
		return;
	}
	if (e != OK) {
		resp_error(r, e, NULL);
		return;
	}
	auth_succeeded(kuser);
	resp_session_cookie(r, token);
	resp_redirect(r, "/");
}

void
page_logout(struct req *r)
{
	if (r->cookie_sid)
		auth_logout(r->st, r->cookie_sid);
	resp_session_cookie(r, NULL);
	resp_redirect(r, "/login");
}

void
page_health(struct req *r)
{
	r->out_type = "text/plain; charset=utf-8";
	buf_adds(&r->out, "ok\n");
}

void
page_asset(struct req *r)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".woff2", "font/woff2" },
	};
	const struct embedded *e;
	const char *name = r->segs[0], *dot;
	size_t i;

	if (strcmp(r->path, "/favicon.ico") == 0)
		name = "icon.svg";

	/* migrations are embedded too, but are not assets */
	if (name == NULL || (dot = strrchr(name, '.')) == NULL ||
	    strcmp(dot, ".sql") == 0 || (e = embed_find(name)) == NULL) {
		resp_error(r, ERR_NOTFOUND, NULL);
		return;
	}
	for (i = 0; i < NELEM(types); i++)
		if (strcmp(dot, types[i].ext) == 0)
			r->out_type = types[i].type;
	if (r->out_type == NULL) {
		resp_error(r, ERR_NOTFOUND, NULL);
		return;
	}
	r->cacheable = 1;
	buf_add(&r->out, e->data, e->len);
}

static const char *const child_heads[] = { "Đơn vị", "#CBCCVC-LĐ",
	"#Đoàn viên / người", "#Nữ đoàn viên / nữ" };
static const char *const audit_heads[] = { "Thời gian", "Người thực hiện",
	"Thao tác", "Đối tượng", "Chi tiết" };

/* The children of the dashboard's unit, kept to scale their bars. */
struct children {
	struct req	*r;
	struct unit	*v;
	size_t		 n, cap;
	int64_t		 max_people;
};

static enum err
keep_child(const struct unit *u, void *arg)
{
	struct children *c = arg;
	struct unit *nv;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		nv = arena_calloc(c->r->arena, c->cap, sizeof(*nv));
		if (c->n)
			memcpy(nv, c->v, c->n * sizeof(*nv));
		c->v = nv;
	}
	c->v[c->n++] = *u;
	if (u->fig.people > c->max_people)
		c->max_people = u->fig.people;
	return OK;
}

static void
child_row(struct req *r, struct html *h, const struct unit *u, int64_t max)
{
	int pct = max ? (int)(100 * u->fig.people / max) : 0;

	html_open(h, "tr", NULL);
	html_open(h, "td", "data-label", "Đơn vị", NULL);
	html_elem(h, "a", u->name, "href", arena_printf(r->arena,
	    "/units/%lld", (long long)u->id), NULL);
	html_close(h);
	html_open(h, "td", "data-label", "Người", "class", "num", NULL);
	html_num(h, u->fig.people);
	html_open(h, "span", "class", "bar", "aria-hidden", "true", NULL);
	html_void(h, "span", "class", arena_printf(r->arena, "w%d",
	    (pct + 4) / 5 * 5), NULL);
	html_close(h);
	html_close(h);
	html_elem(h, "td", layout_ratio(r, u->fig.members, u->fig.people),
	    "data-label", "Đoàn viên", "class", "num", NULL);
	html_elem(h, "td", layout_ratio(r, u->fig.women_members,
	    u->fig.women), "data-label", "Nữ đoàn viên / nữ", "class", "num",
	    NULL);
	html_close(h);
}

void
page_home(struct req *r)
{
	const struct role_grant *home = auth_home(&r->actor);
	struct unit u;
	struct html h;
	struct children c;
	size_t i;
	enum err e;

	if (home == NULL) {
		/* a member: their own record */
		if (r->actor.person_id) {
			resp_redirect(r, arena_printf(r->arena, "/people/%lld",
			    (long long)r->actor.person_id));
			return;
		}
		resp_error(r, ERR_DENIED, "Tài khoản chưa được giao đơn vị nào");
		return;
	}
	if ((e = units_get(r->st, &r->actor, home->unit_id, &u)) != OK) {
		resp_error(r, e, NULL);
		return;
	}
	html_init(&h, &r->out);
	layout_begin(r, &h, "Tổng quan", NAV_HOME);
	html_elem(&h, "h1", u.name, NULL);
	html_elem(&h, "p", arena_printf(r->arena, "Số liệu toàn bộ %s và các "
	    "đơn vị trực thuộc.", kind_labels[u.kind]), "class", "lead", NULL);
	layout_figures(&h, &u.fig);
	html_open(&h, "div", "class", "ratios", NULL);
	html_elem(&h, "p", arena_printf(r->arena, "Đoàn viên / CBCCVC-LĐ: %s",
	    layout_ratio(r, u.fig.members, u.fig.people)), NULL);
	html_elem(&h, "p", arena_printf(r->arena, "Nữ đoàn viên / nữ "
	    "CBCCVC-LĐ: %s", layout_ratio(r, u.fig.women_members,
	    u.fig.women)), NULL);
	html_close(&h);
	memset(&c, 0, sizeof(c));
	c.r = r;
	html_elem(&h, "h2", "Đơn vị trực thuộc", NULL);
	units_children(r->st, &r->actor, u.id, keep_child, &c);
	layout_table(&h, "list", child_heads, NELEM(child_heads));
	for (i = 0; i < c.n; i++)
		child_row(r, &h, &c.v[i], c.max_people);
	html_close(&h);
	html_close(&h);
	if (c.n == 0)
		html_elem(&h, "p", "Chưa có đơn vị trực thuộc.", "class", "muted",
		    NULL);
	layout_end(r, &h);
}

/* ---- audit ---- */

static const char *
action_label(const char *a)
{
	static const char *const map[][2] = {
		{ "create", "Thêm" }, { "update", "Sửa" }, { "move", "Chuyển" },
		{ "transfer", "Chuyển đơn vị" }, { "leave", "Nghỉ" },
		{ "import", "Nhập từ tệp" }, { "activate", "Hoạt động lại" },
		{ "deactivate", "Ngừng hoạt động" }, { "passwd", "Đổi mật khẩu" },
	};
	size_t i;

	for (i = 0; i < NELEM(map); i++)
		if (strcmp(a, map[i][0]) == 0)
			return map[i][1];
	return a;
}

static const char *
entity_label(const char *e)
{
	if (strcmp(e, "person") == 0)
		return "Người";
	if (strcmp(e, "unit") == 0)
		return "Đơn vị";
	if (strcmp(e, "user") == 0)
		return "Tài khoản";
	return e;
}

struct audit_page {
	struct req	*r;
	struct html	*h;
	int64_t		 last;
	int		 n;
};

static enum err
audit_row_html(const struct audit_entry *e, void *arg)
{
	struct audit_page *c = arg;
	struct html *h = c->h;

	c->n++;
	c->last = e->id;
	html_open(h, "tr", NULL);
	html_elem(h, "td", layout_time(c->r, e->at), "data-label", "Thời gian",
	    NULL);
	html_elem(h, "td", e->username, "data-label", "Người thực hiện", NULL);
	html_elem(h, "td", action_label(e->action), "data-label", "Thao tác",
	    NULL);
	html_open(h, "td", "data-label", "Đối tượng", NULL);
	if (strcmp(e->entity, "person") == 0 && e->entity_id)
		html_elem(h, "a", arena_printf(c->r->arena, "%s: %s",
		    entity_label(e->entity), e->summary), "href",
		    arena_printf(c->r->arena, "/people/%lld",
		    (long long)e->entity_id), NULL);
	else if (strcmp(e->entity, "unit") == 0 && e->entity_id)
		html_elem(h, "a", arena_printf(c->r->arena, "%s: %s",
		    entity_label(e->entity), e->summary), "href",
		    arena_printf(c->r->arena, "/units/%lld",
		    (long long)e->entity_id), NULL);
	else
		html_textf(h, "%s: %s", entity_label(e->entity), e->summary);
	html_close(h);
	html_open(h, "td", "data-label", "Chi tiết", NULL);
	if (e->before || e->after) {
		html_open(h, "details", NULL);
		html_elem(h, "summary", "Trước / sau", NULL);
		if (e->before)
			html_elem(h, "pre", e->before, NULL);
		if (e->after)
			html_elem(h, "pre", e->after, NULL);
		html_close(h);
	}
	html_close(h);
	html_close(h);
	return OK;
}

void
page_audit(struct req *r)
{
	struct html h;
	struct audit_page c;
	int64_t before = 0;
	const char *entity = req_query(r, "entity");
	static const char *const ev[] = { "", "person", "unit", "user" };
	static const char *const el[] = { "Tất cả", "Người", "Đơn vị",
	    "Tài khoản" };
	enum err e;

	if (form_int(req_query(r, "before"), 1, INT64_MAX, &before) == ERR_INVAL) {
		resp_error(r, ERR_INVAL, "Tham số “before” không hợp lệ");
		return;
	}
	if (entity && *entity && strcmp(entity, "person") &&
	    strcmp(entity, "unit") && strcmp(entity, "user"))
		entity = NULL;
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.h = &h;
	html_init(&h, &r->out);
	layout_begin(r, &h, "Nhật ký thay đổi", NAV_AUDIT);
	html_elem(&h, "h1", "Nhật ký thay đổi", NULL);
	html_open(&h, "form", "method", "get", "class", "filters", NULL);
	html_open(&h, "div", "class", "searchbar", NULL);
	layout_select(&h, "entity", "Đối tượng", ev, el, NELEM(ev), entity);
	html_elem(&h, "button", "Lọc", "type", "submit", "class", "primary",
	    NULL);
	html_close(&h);
	html_close(&h);
	layout_table(&h, "list", audit_heads, NELEM(audit_heads));
	e = audit_list(r->st, &r->actor, before, entity, 50, audit_row_html, &c);
	html_close(&h);
	html_close(&h);
	if (e != OK) {
		buf_reset(&r->out);
		resp_error(r, e, e == ERR_DENIED ? "Bạn không có quyền xem nhật "
		    "ký" : NULL);
		return;
	}
	if (c.n == 50)
		html_elem(&h, "a", "Cũ hơn →", "class", "button", "href",
		    arena_printf(r->arena, "/audit?before=%lld%s%s",
		    (long long)c.last, entity && *entity ? "&entity=" : "",
		    entity && *entity ? entity : ""), NULL);
	layout_end(r, &h);
}
