/*
 * layout.c: the frame every page shares (head, navigation, footer) and
 * small form and figure helpers, all through the escaping writer.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "handlers.h"

static const struct {
	enum nav	 nav;
	const char	*href, *label;
	enum cap	 cap;
} navs[] = {
	{ NAV_HOME, "/", "Tổng quan", CAP_READ },
	{ NAV_UNITS, "/units", "Đơn vị", CAP_READ },
	{ NAV_PEOPLE, "/people", "Người lao động", CAP_READ },
	{ NAV_IMPORT, "/import", "Nhập từ Excel", CAP_PEOPLE },
	{ NAV_AUDIT, "/audit", "Nhật ký", CAP_AUDIT },
};

void
layout_begin(struct req *r, struct html *h, const char *title, enum nav cur)
{
	size_t i;

	html_raw(h, "<!doctype html>\n");
	html_open(h, "html", "lang", "vi", NULL);
	html_open(h, "head", NULL);
	html_void(h, "meta", "charset", "utf-8", NULL);
	html_void(h, "meta", "name", "viewport", "content",
	    "width=device-width, initial-scale=1", NULL);
	if (r->refresh > 0)
		html_void(h, "meta", "http-equiv", "refresh", "content",
		    arena_printf(r->arena, "%d", r->refresh), NULL);
	html_open(h, "title", NULL);
	html_textf(h, "%s · Thi đua – Khen thưởng", title);
	html_close(h);
	html_void(h, "link", "rel", "stylesheet", "href", "/assets/style.css",
	    NULL);
	html_void(h, "link", "rel", "icon", "href", "/assets/icon.svg", NULL);
	html_open(h, "script", "src", "/assets/app.js", "defer", "", NULL);
	html_close(h);
	html_close(h);	/* head */
	html_open(h, "body", NULL);
	html_open(h, "header", "class", "top", NULL);
	html_elem(h, "a", "Thi đua – Khen thưởng", "class", "brand", "href", "/",
	    NULL);
	if (r->logged_in) {
		html_open(h, "nav", "aria-label", "Chính", NULL);
		for (i = 0; i < NELEM(navs); i++) {
			if (!auth_has(&r->actor, navs[i].cap))
				continue;
			html_elem(h, "a", navs[i].label, "href", navs[i].href,
			    "aria-current", navs[i].nav == cur ? "page" : NULL,
			    NULL);
		}
		html_close(h);
		html_open(h, "form", "class", "logout", "method", "post",
		    "action", "/logout", NULL);
		layout_csrf(r, h);
		html_elem(h, "span", r->actor.display_name[0] ?
		    r->actor.display_name : r->actor.username, "class", "who",
		    NULL);
		html_elem(h, "button", "Đăng xuất", "type", "submit", NULL);
		html_close(h);
	}
	html_close(h);	/* header */
	html_open(h, "main", NULL);
	layout_flash(r, h);
}

void
layout_end(struct req *r, struct html *h)
{
	(void)r;
	html_close_to(h, 2);	/* main, body's children */
	html_open(h, "footer", NULL);
	html_text(h, "thidua — phần mềm mã nguồn mở quản lý thi đua, khen "
	    "thưởng của tổ chức công đoàn");
	html_close(h);
	html_close_to(h, 0);
	buf_addc(h->b, '\n');
}

void
layout_csrf(struct req *r, struct html *h)
{
	html_void(h, "input", "type", "hidden", "name", "csrf", "value",
	    r->actor.csrf, NULL);
}

void
layout_flash(struct req *r, struct html *h)
{
	static const struct {
		const char *key, *msg;
	} oks[] = {
		{ "saved", "Đã lưu." }, { "created", "Đã thêm." },
		{ "moved", "Đã chuyển." }, { "left", "Đã ghi nhận nghỉ." },
		{ "imported", "Đã nhập dữ liệu." },
		{ "deactivated", "Đơn vị đã ngừng hoạt động." },
		{ "activated", "Đơn vị hoạt động trở lại." },
	};
	const char *ok = req_query(r, "ok");
	size_t i;

	if (ok == NULL)
		return;
	for (i = 0; i < NELEM(oks); i++)
		if (strcmp(ok, oks[i].key) == 0)
			html_elem(h, "p", oks[i].msg, "class", "flash ok",
			    "role", "status", NULL);
}

void
layout_problems(struct html *h, const struct problems *p)
{
	size_t i;

	if (p->n == 0)
		return;
	html_open(h, "div", "class", "flash err", "role", "alert", NULL);
	html_elem(h, "p", "Chưa lưu được vì:", NULL);
	html_open(h, "ul", NULL);
	for (i = 0; i < p->n; i++)
		html_elem(h, "li", p->items[i].msg, NULL);
	html_close(h);
	html_close(h);
}

const char *
layout_date(struct req *r, const char *iso)
{
	if (iso == NULL || strlen(iso) != 10)
		return "";
	return arena_printf(r->arena, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

const char *
layout_time(struct req *r, const char *utc)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (utc == NULL || strptime(utc, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return utc ? utc : "";
	t = timegm(&tm) + 7 * 3600;
	gmtime_r(&t, &tm);
	return arena_printf(r->arena, "%02d/%02d/%04d %02d:%02d", tm.tm_mday,
	    tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

void
layout_select(struct html *h, const char *name, const char *label,
    const char *const *values, const char *const *labels, size_t n,
    const char *selected)
{
	size_t i;

	html_open(h, "label", NULL);
	html_elem(h, "span", label, NULL);
	html_open(h, "select", "name", name, NULL);
	for (i = 0; i < n; i++)
		html_elem(h, "option", labels[i], "value", values[i], "selected",
		    selected && strcmp(selected, values[i]) == 0 ? "" : NULL,
		    NULL);
	html_close(h);
	html_close(h);
}

void
layout_input(struct html *h, const char *name, const char *label,
    const char *type, const char *value, const char *error, int required)
{
	html_open(h, "label", "class", error ? "bad" : NULL, NULL);
	html_elem(h, "span", label, NULL);
	html_void(h, "input", "type", type, "name", name, "value",
	    value ? value : "", "required", required ? "" : NULL,
	    "aria-invalid", error ? "true" : NULL, NULL);
	if (error)
		html_elem(h, "small", error, "class", "msg", NULL);
	html_close(h);
}

const char *
layout_ratio(struct req *r, int64_t part, int64_t whole)
{
	char a[32], b[32];
	double pct = whole ? 100.0 * (double)part / (double)whole : 0;
	char p[16];

	html_fmt_num(a, part);
	html_fmt_num(b, whole);
	snprintf(p, sizeof(p), "%.1f", pct);
	/* Vietnamese decimal comma */
	if (strchr(p, '.'))
		*strchr(p, '.') = ',';
	return arena_printf(r->arena, "%s/%s (%s%%)", a, b, p);
}

void
layout_table(struct html *h, const char *cls, const char *const *heads,
    size_t n)
{
	size_t i;

	html_open(h, "table", "class", cls ? cls : "list", NULL);
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	for (i = 0; i < n; i++)
		html_elem(h, "th", heads[i] + (heads[i][0] == '#'), "class",
		    heads[i][0] == '#' ? "num" : NULL, NULL);
	html_close(h);
	html_close(h);
	html_open(h, "tbody", NULL);
}

static void
figure(struct html *h, const char *label, int64_t v, const char *sub)
{
	html_open(h, "div", "class", "fig", NULL);
	html_elem(h, "span", label, "class", "label", NULL);
	html_open(h, "strong", NULL);
	html_num(h, v);
	html_close(h);
	if (sub)
		html_elem(h, "small", sub, NULL);
	html_close(h);
}

void
layout_figures(struct html *h, const struct figures *f)
{
	char a[32], b[32];
	char s1[80], s2[80];

	html_open(h, "div", "class", "figs", NULL);
	figure(h, "Đơn vị", f->units, NULL);
	figure(h, "Công đoàn cơ sở", f->grassroots, NULL);
	figure(h, "CBCCVC-LĐ", f->people, NULL);
	html_fmt_num(a, f->members);
	html_fmt_num(b, f->people);
	snprintf(s1, sizeof(s1), "%s/%s người", a, b);
	figure(h, "Đoàn viên", f->members, s1);
	html_fmt_num(a, f->women_members);
	html_fmt_num(b, f->women);
	snprintf(s2, sizeof(s2), "nữ đoàn viên %s/%s nữ", a, b);
	figure(h, "Nữ", f->women, s2);
	figure(h, "Lãnh đạo, quản lý", f->leaders, NULL);
	html_close(h);
}
