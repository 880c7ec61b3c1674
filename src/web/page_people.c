/*
 * page_people.c: the people list with search, filters, sort and pages;
 * a person's page with the history of units; forms to add, edit,
 * transfer and record leaving; exports of the filtered list.
 */
#include <stdio.h>
#include <string.h>

#include "handlers.h"

#define PICKER_MAX 500	/* units listed in a select; more: type a code */

struct picker {
	struct req		*r;
	struct unit_brief	*v;
	size_t			 n;
};

static enum err
picker_keep(const struct unit_brief *u, void *arg)
{
	struct picker *c = arg;
	struct unit_brief *b = &c->v[c->n++];

	*b = *u;
	b->path = arena_strdup(c->r->arena, u->path);
	b->name = arena_strdup(c->r->arena, u->name);
	return OK;
}

/* A unit chooser over the actor's subtree: a select (indented by depth),
 * or a code input when the subtree is too large to list. */
static void
unit_picker(struct req *r, struct html *h, const char *label, int64_t selected,
    int any, int writable_only, const char *error)
{
	const struct role_grant *home = auth_home(&r->actor);
	struct picker c = { r, NULL, 0 };
	struct buf text;
	char id[24];
	size_t i;
	int d;

	if (home == NULL)
		return;
	c.v = arena_calloc(r->arena, PICKER_MAX + 1, sizeof(*c.v));
	units_outline(r->st, &r->actor, home->unit_id, PICKER_MAX + 1,
	    picker_keep, &c);
	html_open(h, "label", "class", error ? "bad" : NULL, NULL);
	html_elem(h, "span", label, NULL);
	if (c.n > PICKER_MAX) {
		html_void(h, "input", "name", "unit_code", "placeholder",
		    "Mã đơn vị", NULL);
	} else {
		html_open(h, "select", "name", "unit", NULL);
		if (any)
			html_elem(h, "option", "Tất cả đơn vị trong phạm vi",
			    "value", "", NULL);
		buf_init(&text, 4096);
		for (i = 0; i < c.n; i++) {
			if (!c.v[i].active || (writable_only && !auth_can(
			    &r->actor, CAP_PEOPLE, c.v[i].path)))
				continue;
			buf_reset(&text);
			for (d = 0; d < c.v[i].depth && d < 6; d++)
				buf_adds(&text, "· ");
			buf_adds(&text, c.v[i].name);
			snprintf(id, sizeof(id), "%lld", (long long)c.v[i].id);
			html_elem(h, "option", buf_str(&text), "value", id,
			    "selected", c.v[i].id == selected ? "" : NULL, NULL);
		}
		buf_free(&text);
		html_close(h);
	}
	if (error)
		html_elem(h, "small", error, "class", "msg", NULL);
	html_close(h);
}

/* ---- the list ---- */

static const char *const people_heads[] = { "Họ và tên", "Giới tính",
	"Ngày sinh", "Chức vụ", "Đơn vị", "Đoàn viên" };
static const char *const history_heads[] = { "Đơn vị", "Từ", "Đến",
	"Ghi chú" };

struct list_page {
	struct req	*r;
	struct html	*h;
	size_t		 n;
};

static enum err
person_row(const struct person *p, void *arg)
{
	struct list_page *c = arg;
	struct html *h = c->h;
	struct req *r = c->r;

	c->n++;
	html_open(h, "tr", "class", p->active ? NULL : "inactive", NULL);
	html_open(h, "td", "data-label", "Họ và tên", "class", "name", NULL);
	html_elem(h, "a", p->full_name, "href", arena_printf(r->arena,
	    "/people/%lld", (long long)p->id), NULL);
	if (p->code[0])
		html_elem(h, "small", p->code, "class", "code", NULL);
	html_close(h);
	html_elem(h, "td", p->gender == 'F' ? "Nữ" : "Nam", "data-label",
	    "Giới tính", "class", "brief", NULL);
	html_elem(h, "td", layout_date(r, p->birth_date), "data-label",
	    "Ngày sinh", "class", "brief", NULL);
	html_elem(h, "td", p->position, "data-label", "Chức vụ", "class",
	    "brief", NULL);
	html_elem(h, "td", p->unit_name, "data-label", "Đơn vị", "class",
	    "unit", NULL);
	html_elem(h, "td", p->is_member ? "Có" : "Không", "data-label",
	    "Đoàn viên", "class", "brief", NULL);
	html_close(h);
	return OK;
}

static void
tri_select(struct html *h, const char *name, const char *label, int cur,
    const char *yes, const char *no)
{
	const char *const values[] = { "", "1", "0" };
	const char *const labels[] = { "Tất cả", yes, no };

	layout_select(h, name, label, values, labels, 3, cur < 0 ? "" :
	    cur ? "1" : "0");
}

void
page_people(struct req *r)
{
	struct people_filter f;
	struct html h, rh;
	struct buf rows;
	struct list_page c;
	struct unit u;
	const char *msg, *qs;
	int more = 0;
	int64_t total = 0, cap;
	size_t page;
	enum err e;
	static const char *const gv[] = { "", "M", "F" };
	static const char *const gl[] = { "Tất cả", "Nam", "Nữ" };
	static const char *const av[] = { "1", "0", "any" };
	static const char *const al[] = { "Đang sinh hoạt", "Đã nghỉ",
	    "Tất cả" };
	static const char *const sl[] = { "Tên (A→Z)", "Tên (Z→A)",
	    "Ngày sinh" };
	char gsel[2] = "";

	if (query_people_filter(r, &f, &msg) != OK) {
		resp_error(r, ERR_INVAL, msg);
		return;
	}
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.h = &h;
	u.name[0] = '\0';
	if (f.unit_id && units_get(r->st, &r->actor, f.unit_id, &u) != OK) {
		resp_error(r, ERR_NOTFOUND, "Không có đơn vị này trong phạm vi "
		    "của bạn");
		return;
	}
	html_init(&h, &r->out);
	layout_begin(r, &h, "Người lao động", NAV_PEOPLE);
	html_elem(&h, "h1", u.name[0] ? arena_printf(r->arena, "Người lao "
	    "động — %s", u.name) : "Người lao động", NULL);

	html_open(&h, "form", "method", "get", "action", "/people", "class",
	    "filters", "role", "search", NULL);
	html_open(&h, "div", "class", "searchbar", NULL);
	html_open(&h, "label", "class", "q", NULL);
	html_elem(&h, "span", "Tìm theo tên hoặc mã", NULL);
	html_void(&h, "input", "type", "search", "name", "q", "value",
	    f.q ? f.q : "", "placeholder", "vd: nguyen van dung", NULL);
	html_close(&h);
	html_elem(&h, "button", "Tìm", "type", "submit", "class", "primary",
	    NULL);
	html_close(&h);
	/* the other filters fold away, open when one is in use */
	html_open(&h, "details", "class", "more", "open", f.unit_id ||
	    f.gender || f.member >= 0 || f.leader >= 0 || f.active != 1 ||
	    f.sort != SORT_NAME ? "" : NULL, NULL);
	html_elem(&h, "summary", "Lọc và sắp xếp", NULL);
	html_open(&h, "div", "class", "grid", NULL);
	unit_picker(r, &h, "Đơn vị", f.unit_id, 1, 0, NULL);
	gsel[0] = f.gender;
	layout_select(&h, "gender", "Giới tính", gv, gl, 3, gsel);
	tri_select(&h, "member", "Đoàn viên", f.member, "Đoàn viên",
	    "Chưa là đoàn viên");
	tri_select(&h, "leader", "Lãnh đạo, quản lý", f.leader, "Có", "Không");
	layout_select(&h, "active", "Trạng thái", av, al, 3, f.active < 0 ?
	    "any" : f.active ? "1" : "0");
	layout_select(&h, "sort", "Sắp xếp", sort_names, sl, SORT__MAX,
	    sort_names[f.sort]);
	html_elem(&h, "button", "Lọc", "type", "submit", "class", "primary",
	    NULL);
	html_close(&h);
	html_close(&h);
	html_close(&h);

	/* a search counts up to 1.000; a plain list, up to 100.000; the
	 * rows are written aside, as the count comes before them */
	cap = f.q && *f.q ? 1000 : 100000;
	buf_init(&rows, (size_t)16 << 20);
	html_init(&rh, &rows);
	c.h = &rh;
	e = people_page(r->st, &r->actor, &f, cap + 1, &total, person_row, &c,
	    &more);
	qs = query_people_string(r, &f);
	html_open(&h, "p", "class", "actions", NULL);
	html_open(&h, "span", "class", "count", NULL);
	if (total > cap) {
		html_text(&h, "Hơn ");
		html_num(&h, cap);
		html_text(&h, " người");
	} else {
		html_text(&h, "Tìm thấy ");
		html_num(&h, total);
		html_text(&h, " người");
	}
	html_close(&h);
	if (auth_home(&r->actor) && auth_can(&r->actor, CAP_PEOPLE,
	    auth_home(&r->actor)->path))
		html_elem(&h, "a", "Thêm người", "class", "button primary",
		    "href", arena_printf(r->arena, "/people/new%s",
		    f.unit_id ? arena_printf(r->arena, "?unit=%lld",
		    (long long)f.unit_id) : ""), NULL);
	html_elem(&h, "a", "Xuất Excel", "class", "button", "href",
	    arena_printf(r->arena, "/people/export?format=xlsx&%s", qs), NULL);
	html_elem(&h, "a", "Xuất CSV", "class", "button", "href",
	    arena_printf(r->arena, "/people/export?format=csv&%s", qs), NULL);
	html_close(&h);

	layout_table(&h, "list people", people_heads, NELEM(people_heads));
	buf_add(&r->out, rows.p ? rows.p : "", rows.len);
	buf_free(&rows);
	html_close(&h);
	html_close(&h);
	if (e != OK) {
		buf_reset(&r->out);
		resp_error(r, e, NULL);
		return;
	}
	if (c.n == 0)
		html_elem(&h, "p", f.q && *f.q ? "Không tìm thấy ai khớp với từ "
		    "khóa." : "Chưa có ai trong danh sách.", "class", "muted",
		    NULL);
	page = f.offset / f.limit + 1;
	html_open(&h, "nav", "class", "pager", "aria-label", "Trang", NULL);
	if (page > 1)
		html_elem(&h, "a", "← Trang trước", "rel", "prev", "href",
		    arena_printf(r->arena, "/people?%s&page=%zu", qs, page - 1),
		    NULL);
	html_elem(&h, "span", arena_printf(r->arena, "Trang %zu%s", page,
	    total <= cap ? arena_printf(r->arena, " / %lld",
	    (long long)((total + (int64_t)f.limit - 1) / (int64_t)f.limit)) :
	    ""), NULL);
	if (more)
		html_elem(&h, "a", "Trang sau →", "rel", "next", "href",
		    arena_printf(r->arena, "/people?%s&page=%zu", qs, page + 1),
		    NULL);
	html_close(&h);
	layout_end(r, &h);
}

void
page_people_export(struct req *r)
{
	struct people_filter f;
	const char *msg, *fmt = req_query(r, "format");
	int csv = fmt && strcmp(fmt, "csv") == 0;
	struct buf out;
	enum err e;

	if (query_people_filter(r, &f, &msg) != OK) {
		resp_error(r, ERR_INVAL, msg);
		return;
	}
	buf_init(&out, (size_t)1 << 30);
	if ((e = export_people(r->st, &r->actor, &f, csv ? EXPORT_CSV :
	    EXPORT_XLSX, &out)) != OK) {
		buf_free(&out);
		resp_error(r, e, e == ERR_LIMIT ? "Danh sách quá lớn để xuất; "
		    "hãy lọc bớt" : NULL);
		return;
	}
	resp_file(r, csv ? "text/csv; charset=utf-8" : "application/"
	    "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	    csv ? "danh-sach.csv" : "danh-sach.xlsx", &out);
}

/* ---- one person ---- */

static void
person_in_from_form(struct req *r, struct person_in *in)
{
	int64_t unit = 0;

	memset(in, 0, sizeof(*in));
	in->code = req_form(r, "code");
	in->family = req_form(r, "family");
	in->middle = req_form(r, "middle");
	in->given = req_form(r, "given");
	in->full_name = req_form(r, "full_name");
	in->gender = req_form(r, "gender");
	in->birth_date = req_form(r, "birth_date");
	in->position = req_form(r, "position");
	in->is_leader = req_form(r, "is_leader");
	in->is_member = req_form(r, "is_member");
	in->joined_union = req_form(r, "joined_union");
	in->unit_code = req_form(r, "unit_code");
	if (form_int(req_form(r, "unit"), 1, INT64_MAX, &unit) == OK)
		in->unit_id = unit;
}

static const char *
fv(struct req *r, int from_form, const char *field, const char *stored)
{
	const char *v = from_form ? req_form(r, field) : NULL;

	return v ? v : stored;
}

static void
person_form(struct req *r, struct html *h, const struct person *p,
    const struct problems *pr, const char *action, int is_new,
    int64_t unit)
{
	int ff = pr != NULL && pr->n > 0;
	const char *g = fv(r, ff, "gender", p->gender == 'F' ? "F" : "M");
	static const char *const gv[] = { "M", "F" };
	static const char *const gl[] = { "Nam", "Nữ" };
	const char *bd = ff ? fv(r, 1, "birth_date", "") :
	    layout_date(r, p->birth_date);
	const char *jd = ff ? fv(r, 1, "joined_union", "") :
	    layout_date(r, p->joined_union);
	int leader = ff ? req_form(r, "is_leader") != NULL : p->is_leader;
	int member = ff ? req_form(r, "is_member") != NULL : p->is_member;

	if (ff)
		layout_problems(h, pr);
	html_open(h, "form", "method", "post", "action", action, "class",
	    "grid", NULL);
	layout_csrf(r, h);
	layout_input(h, "family", "Họ", "text", fv(r, ff, "family", p->family),
	    NULL, 0);
	layout_input(h, "middle", "Tên đệm", "text", fv(r, ff, "middle",
	    p->middle), NULL, 0);
	layout_input(h, "given", "Tên", "text", fv(r, ff, "given", p->given),
	    ff ? problems_for(pr, PF_FULL_NAME) : NULL, 1);
	layout_select(h, "gender", "Giới tính", gv, gl, 2, g);
	layout_input(h, "birth_date", "Ngày sinh (dd/mm/yyyy)", "text", bd,
	    ff ? problems_for(pr, PF_BIRTH) : NULL, 0);
	layout_input(h, "code", "Mã cán bộ", "text", fv(r, ff, "code",
	    p->code), ff ? problems_for(pr, PF_CODE) : NULL, 0);
	layout_input(h, "position", "Chức vụ", "text", fv(r, ff, "position",
	    p->position), ff ? problems_for(pr, PF_POSITION) : NULL, 0);
	html_open(h, "label", "class", "check", NULL);
	html_void(h, "input", "type", "checkbox", "name", "is_leader", "value",
	    "1", "checked", leader ? "" : NULL, NULL);
	html_elem(h, "span", "Giữ chức vụ lãnh đạo, quản lý", NULL);
	html_close(h);
	html_open(h, "label", "class", "check", NULL);
	html_void(h, "input", "type", "checkbox", "name", "is_member", "value",
	    "1", "checked", member ? "" : NULL, NULL);
	html_elem(h, "span", "Là đoàn viên công đoàn", NULL);
	html_close(h);
	layout_input(h, "joined_union", "Ngày vào công đoàn (dd/mm/yyyy)",
	    "text", jd, ff ? problems_for(pr, PF_JOINED) : NULL, 0);
	if (is_new)
		unit_picker(r, h, "Đơn vị", unit, 0, 1, ff ?
		    problems_for(pr, PF_UNIT) : NULL);
	html_elem(h, "button", is_new ? "Thêm" : "Lưu", "type", "submit",
	    "class", "primary", NULL);
	html_close(h);
}

void
page_person_new(struct req *r)
{
	struct person p;
	struct html h;
	int64_t unit = 0;

	memset(&p, 0, sizeof(p));
	p.is_member = 1;
	form_int(req_query(r, "unit"), 1, INT64_MAX, &unit);
	html_init(&h, &r->out);
	layout_begin(r, &h, "Thêm người", NAV_PEOPLE);
	html_elem(&h, "h1", "Thêm người", NULL);
	person_form(r, &h, &p, NULL, "/people", 1, unit);
	layout_end(r, &h);
}

void
page_person_create(struct req *r)
{
	struct person_in in;
	struct person p;
	struct problems pr = {0};
	struct html h;
	int64_t id;
	enum err e;

	person_in_from_form(r, &in);
	e = people_create(r->st, &r->actor, &in, &id, &pr);
	if (e == OK) {
		resp_redirect(r, arena_printf(r->arena, "/people/%lld?ok=created",
		    (long long)id));
		return;
	}
	if (e != ERR_INVAL) {
		resp_error(r, e, NULL);
		return;
	}
	memset(&p, 0, sizeof(p));
	r->status = 422;
	html_init(&h, &r->out);
	layout_begin(r, &h, "Thêm người", NAV_PEOPLE);
	html_elem(&h, "h1", "Thêm người", NULL);
	person_form(r, &h, &p, &pr, "/people", 1, in.unit_id);
	layout_end(r, &h);
}

struct hist_page {
	struct req	*r;
	struct html	*h;
};

static enum err
hist_row(const struct place *pl, void *arg)
{
	struct hist_page *c = arg;

	html_open(c->h, "tr", NULL);
	html_open(c->h, "td", "data-label", "Đơn vị", NULL);
	html_elem(c->h, "a", pl->unit_name, "href", arena_printf(c->r->arena,
	    "/units/%lld", (long long)pl->unit_id), NULL);
	html_close(c->h);
	html_elem(c->h, "td", layout_date(c->r, pl->from), "data-label", "Từ",
	    NULL);
	html_elem(c->h, "td", pl->to[0] ? layout_date(c->r, pl->to) : "nay",
	    "data-label", "Đến", NULL);
	html_elem(c->h, "td", pl->note, "data-label", "Ghi chú", NULL);
	html_close(c->h);
	return OK;
}

static void
dl_item(struct html *h, const char *term, const char *desc)
{
	html_elem(h, "dt", term, NULL);
	html_elem(h, "dd", desc && *desc ? desc : "—", NULL);
}

static void
render_person(struct req *r, int64_t id, const struct problems *pr,
    const char *open)
{
	struct person p;
	struct html h;
	struct hist_page c = { r, &h };
	int can;
	enum err e;

	buf_reset(&r->out);
	if ((e = people_get(r->st, &r->actor, id, &p)) != OK) {
		resp_error(r, e, e == ERR_NOTFOUND ? "Không có người này, hoặc "
		    "người này ở ngoài phạm vi của bạn" : NULL);
		return;
	}
	can = auth_can(&r->actor, CAP_PEOPLE, p.unit_path);
	html_init(&h, &r->out);
	layout_begin(r, &h, p.full_name, NAV_PEOPLE);
	html_elem(&h, "h1", p.full_name, NULL);
	if (!p.active)
		html_elem(&h, "p", arena_printf(r->arena, "Đã nghỉ từ %s",
		    layout_date(r, p.left_date)), "class", "badge", NULL);
	if (pr && pr->n)
		layout_problems(&h, pr);
	html_open(&h, "dl", "class", "facts", NULL);
	dl_item(&h, "Mã cán bộ", p.code);
	dl_item(&h, "Họ", p.family);
	dl_item(&h, "Tên đệm", p.middle);
	dl_item(&h, "Tên", p.given);
	dl_item(&h, "Giới tính", p.gender == 'F' ? "Nữ" : "Nam");
	dl_item(&h, "Ngày sinh", layout_date(r, p.birth_date));
	dl_item(&h, "Chức vụ", p.position);
	dl_item(&h, "Lãnh đạo, quản lý", p.is_leader ? "Có" : "Không");
	dl_item(&h, "Đoàn viên", p.is_member ? (p.joined_union[0] ?
	    arena_printf(r->arena, "Có, vào công đoàn ngày %s",
	    layout_date(r, p.joined_union)) : "Có") : "Không");
	html_elem(&h, "dt", "Đơn vị", NULL);
	html_open(&h, "dd", NULL);
	html_elem(&h, "a", p.unit_name, "href", arena_printf(r->arena,
	    "/units/%lld", (long long)p.unit_id), NULL);
	html_close(&h);
	html_close(&h);

	if (can && p.active) {
		html_open(&h, "p", "class", "actions", NULL);
		html_elem(&h, "a", "Sửa thông tin", "class", "button primary",
		    "href", arena_printf(r->arena, "/people/%lld/edit",
		    (long long)p.id), NULL);
		html_close(&h);
		html_open(&h, "details", "open", open && !strcmp(open,
		    "transfer") ? "" : NULL, NULL);
		html_elem(&h, "summary", "Chuyển sang đơn vị khác", NULL);
		html_open(&h, "form", "method", "post", "action",
		    arena_printf(r->arena, "/people/%lld/transfer",
		    (long long)p.id), "class", "grid", NULL);
		layout_csrf(r, &h);
		unit_picker(r, &h, "Đơn vị mới", 0, 0, 1, open && pr &&
		    !strcmp(open, "transfer") ? problems_for(pr, PF_UNIT) : NULL);
		layout_input(&h, "date", "Ngày chuyển (dd/mm/yyyy)", "text", "",
		    open && pr && !strcmp(open, "transfer") ?
		    problems_for(pr, "date") : NULL, 0);
		layout_input(&h, "note", "Ghi chú", "text", "", NULL, 0);
		html_elem(&h, "button", "Chuyển", "type", "submit", NULL);
		html_close(&h);
		html_close(&h);
		html_open(&h, "details", "open", open && !strcmp(open, "leave") ?
		    "" : NULL, NULL);
		html_elem(&h, "summary", "Ghi nhận nghỉ việc / thôi sinh hoạt",
		    NULL);
		html_open(&h, "form", "method", "post", "action",
		    arena_printf(r->arena, "/people/%lld/leave",
		    (long long)p.id), "class", "grid", NULL);
		layout_csrf(r, &h);
		layout_input(&h, "date", "Ngày nghỉ (dd/mm/yyyy)", "text", "",
		    open && pr && !strcmp(open, "leave") ?
		    problems_for(pr, "date") : NULL, 0);
		layout_input(&h, "note", "Lý do", "text", "", NULL, 0);
		html_elem(&h, "button", "Ghi nhận nghỉ", "type", "submit",
		    "class", "danger", NULL);
		html_close(&h);
		html_close(&h);
	}

	html_elem(&h, "h2", "Quá trình sinh hoạt", NULL);
	layout_table(&h, "list", history_heads, NELEM(history_heads));
	people_history(r->st, &r->actor, p.id, hist_row, &c);
	html_close(&h);
	html_close(&h);
	layout_end(r, &h);
}

void
page_person(struct req *r)
{
	render_person(r, r->id, NULL, NULL);
}

void
page_person_edit(struct req *r)
{
	struct person p;
	struct html h;
	enum err e;

	if ((e = people_get(r->st, &r->actor, r->id, &p)) != OK) {
		resp_error(r, e, NULL);
		return;
	}
	if (!auth_can(&r->actor, CAP_PEOPLE, p.unit_path)) {
		resp_error(r, ERR_DENIED, NULL);
		return;
	}
	html_init(&h, &r->out);
	layout_begin(r, &h, p.full_name, NAV_PEOPLE);
	html_elem(&h, "h1", arena_printf(r->arena, "Sửa: %s", p.full_name),
	    NULL);
	person_form(r, &h, &p, NULL, arena_printf(r->arena, "/people/%lld",
	    (long long)p.id), 0, p.unit_id);
	layout_end(r, &h);
}

void
page_person_update(struct req *r)
{
	struct person_in in;
	struct person p;
	struct problems pr = {0};
	struct html h;
	enum err e;

	person_in_from_form(r, &in);
	e = people_update(r->st, &r->actor, r->id, &in, &pr);
	if (e == OK) {
		resp_redirect(r, arena_printf(r->arena, "/people/%lld?ok=saved",
		    (long long)r->id));
		return;
	}
	if (e != ERR_INVAL || people_get(r->st, &r->actor, r->id, &p) != OK) {
		resp_error(r, e, NULL);
		return;
	}
	r->status = 422;
	html_init(&h, &r->out);
	layout_begin(r, &h, p.full_name, NAV_PEOPLE);
	html_elem(&h, "h1", arena_printf(r->arena, "Sửa: %s", p.full_name),
	    NULL);
	person_form(r, &h, &p, &pr, arena_printf(r->arena, "/people/%lld",
	    (long long)p.id), 0, p.unit_id);
	layout_end(r, &h);
}

void
page_person_transfer(struct req *r)
{
	struct problems pr = {0};
	struct unit u;
	int64_t to = 0;
	const char *code = req_form(r, "unit_code");
	enum err e;

	if (code && *code) {
		if (units_get_by_code(r->st, &r->actor, code, &u) == OK)
			to = u.id;
	} else
		form_int(req_form(r, "unit"), 1, INT64_MAX, &to);
	e = people_transfer(r->st, &r->actor, r->id, to, req_form(r, "date"),
	    req_form(r, "note"), &pr);
	if (e == OK)
		resp_redirect(r, arena_printf(r->arena, "/people/%lld?ok=moved",
		    (long long)r->id));
	else if (e == ERR_INVAL) {
		r->status = 422;
		render_person(r, r->id, &pr, "transfer");
	} else
		resp_error(r, e, NULL);
}

void
page_person_leave(struct req *r)
{
	struct problems pr = {0};
	enum err e;

	e = people_leave(r->st, &r->actor, r->id, req_form(r, "date"),
	    req_form(r, "note"), &pr);
	if (e == OK)
		resp_redirect(r, arena_printf(r->arena, "/people/%lld?ok=left",
		    (long long)r->id));
	else if (e == ERR_INVAL) {
		r->status = 422;
		render_person(r, r->id, &pr, "leave");
	} else
		resp_error(r, e, NULL);
}
