/*
 * page_units.c: the unit tree: a unit with its figures and children, and
 * the forms to add, edit, move and (de)activate units.  A form with
 * problems is shown again with the values typed and the reasons.
 */
#include <stdio.h>
#include <string.h>

#include "handlers.h"

static const char *const kind_values[] = { "confed", "province",
	"grassroots", "group" };
static const char *const block_values[] = { "hc", "sn", "dn" };

static const char *const unit_heads[] = { "Đơn vị", "Loại", "Khối",
	"#CBCCVC-LĐ", "#Đoàn viên", "Trạng thái" };

struct unit_page {
	struct req		*r;
	struct html		*h;
	const struct problems	*p;
	const char		*open;	/* which form to show open */
};

static enum err
crumb(const struct unit *u, void *arg)
{
	struct unit_page *c = arg;

	html_open(c->h, "li", NULL);
	html_elem(c->h, "a", u->short_name[0] ? u->short_name : u->name, "href",
	    arena_printf(c->r->arena, "/units/%lld", (long long)u->id), NULL);
	html_close(c->h);
	return OK;
}

static enum err
child(const struct unit *u, void *arg)
{
	struct unit_page *c = arg;
	struct html *h = c->h;

	html_open(h, "tr", "class", u->active ? NULL : "inactive", NULL);
	html_open(h, "td", "data-label", "Đơn vị", NULL);
	html_elem(h, "a", u->name, "href", arena_printf(c->r->arena,
	    "/units/%lld", (long long)u->id), NULL);
	html_elem(h, "small", u->code, "class", "code", NULL);
	html_close(h);
	html_elem(h, "td", kind_labels[u->kind], "data-label", "Loại", NULL);
	html_elem(h, "td", block_labels[u->block], "data-label", "Khối", NULL);
	html_open(h, "td", "data-label", "CBCCVC-LĐ", "class", "num", NULL);
	html_num(h, u->fig.people);
	html_close(h);
	html_elem(h, "td", layout_ratio(c->r, u->fig.members, u->fig.people),
	    "data-label", "Đoàn viên", "class", "num", NULL);
	html_elem(h, "td", u->active ? "Hoạt động" : "Ngừng hoạt động",
	    "data-label", "Trạng thái", NULL);
	html_close(h);
	return OK;
}

static const char *
val(struct req *r, const char *field, const char *stored)
{
	const char *v = req_form(r, field);

	return v ? v : stored;
}

static void
unit_fields_form(struct unit_page *c, const struct unit *u, int is_new)
{
	struct req *r = c->r;
	const struct problems *p = c->p;
	int use_form = c->open && ((is_new && !strcmp(c->open, "new")) ||
	    (!is_new && !strcmp(c->open, "edit")));
	const char *kind = use_form ? req_form(r, "kind") : NULL;
	const char *block = use_form ? req_form(r, "block") : NULL;

	layout_input(c->h, "code", "Mã đơn vị", "text", use_form ?
	    val(r, "code", "") : is_new ? "" : u->code,
	    use_form ? problems_for(p, "code") : NULL, 1);
	layout_input(c->h, "name", "Tên đơn vị", "text", use_form ?
	    val(r, "name", "") : is_new ? "" : u->name,
	    use_form ? problems_for(p, "name") : NULL, 1);
	layout_input(c->h, "short_name", "Tên viết tắt", "text", use_form ?
	    val(r, "short_name", "") : is_new ? "" : u->short_name, NULL, 0);
	layout_select(c->h, "kind", "Loại đơn vị", kind_values, kind_labels,
	    KIND__MAX, kind ? kind : is_new ? (u->kind == KIND_GRASSROOTS ?
	    "group" : "grassroots") : kind_names[u->kind]);
	layout_select(c->h, "block", "Khối", block_values, block_labels,
	    BLOCK__MAX, block ? block : block_names[u->block]);
}

/* A search box for units, by name (without tone marks) or code. */
static void
unit_search_form(struct req *r, struct html *h, const char *q)
{
	(void)r;
	html_open(h, "form", "method", "get", "action", "/units", "class",
	    "filters", "role", "search", NULL);
	html_open(h, "div", "class", "searchbar", NULL);
	html_open(h, "label", NULL);
	html_elem(h, "span", "Tìm đơn vị theo tên hoặc mã", NULL);
	html_void(h, "input", "type", "search", "name", "q", "value",
	    q ? q : "", "placeholder", "vd: so tu phap", NULL);
	html_close(h);
	html_elem(h, "button", "Tìm", "type", "submit", "class", "primary",
	    NULL);
	html_close(h);
	html_close(h);
}

static void
render(struct req *r, int64_t id, const struct problems *p, const char *open)
{
	struct unit u;
	struct html h;
	struct unit_page c = { r, &h, p, open };
	int can_edit;
	enum err e;

	buf_reset(&r->out);
	if ((e = units_get(r->st, &r->actor, id, &u)) != OK) {
		resp_error(r, e, e == ERR_NOTFOUND ? "Không có đơn vị này, hoặc "
		    "đơn vị nằm ngoài phạm vi của bạn" : NULL);
		return;
	}
	can_edit = auth_can(&r->actor, CAP_UNITS, u.path);
	html_init(&h, &r->out);
	layout_begin(r, &h, u.name, NAV_UNITS);
	html_open(&h, "nav", "aria-label", "Đường dẫn", NULL);
	html_open(&h, "ol", "class", "crumbs", NULL);
	units_ancestors(r->st, &r->actor, &u, crumb, &c);
	html_close(&h);
	html_close(&h);
	html_elem(&h, "h1", u.name, NULL);
	if (u.nchildren > 0 && u.depth == 0)
		unit_search_form(r, &h, NULL);
	html_open(&h, "p", "class", "lead", NULL);
	html_textf(&h, "Mã %s · %s · Khối %s%s", u.code, kind_labels[u.kind],
	    block_labels[u.block], u.active ? "" : " · Ngừng hoạt động");
	html_close(&h);
	if (p && p->n)
		layout_problems(&h, p);
	layout_figures(&h, &u.fig);
	html_open(&h, "p", "class", "actions", NULL);
	html_elem(&h, "a", "Danh sách người", "class", "button", "href",
	    arena_printf(r->arena, "/people?unit=%lld", (long long)u.id), NULL);
	html_elem(&h, "a", "Xuất Excel", "class", "button", "href",
	    arena_printf(r->arena, "/units/%lld/export?format=xlsx",
	    (long long)u.id), NULL);
	html_elem(&h, "a", "Xuất CSV", "class", "button", "href",
	    arena_printf(r->arena, "/units/%lld/export?format=csv",
	    (long long)u.id), NULL);
	html_close(&h);

	html_elem(&h, "h2", "Đơn vị trực thuộc", NULL);
	if (u.nchildren == 0)
		html_elem(&h, "p", "Chưa có đơn vị trực thuộc.", "class", "muted",
		    NULL);
	else {
		layout_table(&h, "list", unit_heads, NELEM(unit_heads));
		units_children(r->st, &r->actor, u.id, child, &c);
		html_close(&h);
		html_close(&h);
	}

	if (can_edit) {
		html_elem(&h, "h2", "Cập nhật", NULL);
		html_open(&h, "details", "open", open && !strcmp(open, "new") ?
		    "" : NULL, NULL);
		html_elem(&h, "summary", "Thêm đơn vị trực thuộc", NULL);
		html_open(&h, "form", "method", "post", "action", "/units",
		    "class", "grid", NULL);
		layout_csrf(r, &h);
		html_void(&h, "input", "type", "hidden", "name", "parent",
		    "value", arena_printf(r->arena, "%lld", (long long)u.id),
		    NULL);
		unit_fields_form(&c, &u, 1);
		html_elem(&h, "button", "Thêm", "type", "submit", NULL);
		html_close(&h);
		html_close(&h);

		html_open(&h, "details", "open", open && !strcmp(open, "edit") ?
		    "" : NULL, NULL);
		html_elem(&h, "summary", "Sửa thông tin đơn vị", NULL);
		html_open(&h, "form", "method", "post", "action",
		    arena_printf(r->arena, "/units/%lld", (long long)u.id),
		    "class", "grid", NULL);
		layout_csrf(r, &h);
		unit_fields_form(&c, &u, 0);
		html_elem(&h, "button", "Lưu", "type", "submit", NULL);
		html_close(&h);
		html_close(&h);

		if (u.parent_id) {
			html_open(&h, "details", "open", open &&
			    !strcmp(open, "move") ? "" : NULL, NULL);
			html_elem(&h, "summary", "Chuyển sang đơn vị cấp trên "
			    "khác", NULL);
			html_open(&h, "form", "method", "post", "action",
			    arena_printf(r->arena, "/units/%lld/move",
			    (long long)u.id), "class", "grid", NULL);
			layout_csrf(r, &h);
			layout_input(&h, "parent_code", "Mã đơn vị cấp trên mới",
			    "text", open && !strcmp(open, "move") ?
			    val(r, "parent_code", "") : "", open &&
			    !strcmp(open, "move") ? problems_for(p, "parent") :
			    NULL, 1);
			html_elem(&h, "button", "Chuyển (cả các đơn vị trực "
			    "thuộc)", "type", "submit", NULL);
			html_close(&h);
			html_close(&h);

			html_open(&h, "form", "method", "post", "action",
			    arena_printf(r->arena, "/units/%lld/active",
			    (long long)u.id), "class", "inline", NULL);
			layout_csrf(r, &h);
			html_void(&h, "input", "type", "hidden", "name",
			    "active", "value", u.active ? "0" : "1", NULL);
			html_elem(&h, "button", u.active ? "Ngừng hoạt động" :
			    "Cho hoạt động trở lại", "type", "submit", "class",
			    u.active ? "danger" : NULL, NULL);
			html_close(&h);
		}
	}
	layout_end(r, &h);
}

static enum err
found(const struct unit *u, void *arg)
{
	struct unit_page *c = arg;

	c->p = NULL;
	return child(u, arg);
}

/* /units: the actor's own unit, or the units whose name or code matches
 * ?q= anywhere in the actor's subtree. */
void
page_units(struct req *r)
{
	const struct role_grant *home = auth_home(&r->actor);
	const char *q = req_query(r, "q");
	struct html h;
	struct unit_page c = { r, &h, NULL, NULL };
	int depth;
	enum err e;

	if (home == NULL) {
		resp_error(r, ERR_DENIED, NULL);
		return;
	}
	if (q == NULL || *q == '\0') {
		resp_redirect(r, arena_printf(r->arena, "/units/%lld",
		    (long long)home->unit_id));
		return;
	}
	if (strlen(q) > 200) {
		resp_error(r, ERR_INVAL, "Từ khóa tìm kiếm quá dài");
		return;
	}
	html_init(&h, &r->out);
	layout_begin(r, &h, "Tìm đơn vị", NAV_UNITS);
	html_elem(&h, "h1", "Tìm đơn vị", NULL);
	unit_search_form(r, &h, q);
	depth = h.depth;
	layout_table(&h, "list", unit_heads, NELEM(unit_heads));
	e = units_find(r->st, &r->actor, q, 100, found, &c);
	html_close_to(&h, depth);
	if (e != OK) {
		buf_reset(&r->out);
		resp_error(r, e, NULL);
		return;
	}
	layout_end(r, &h);
}

void
page_unit(struct req *r)
{
	render(r, r->id, NULL, NULL);
}

static void
unit_in_from_form(struct req *r, struct unit_in *in)
{
	memset(in, 0, sizeof(*in));
	in->code = req_form(r, "code");
	in->name = req_form(r, "name");
	in->short_name = req_form(r, "short_name");
	in->kind = req_form(r, "kind");
	in->block = req_form(r, "block");
}

/* After a change: back to the unit with a notice, or the form again. */
static void
after(struct req *r, enum err e, int64_t id, int64_t back,
    const struct problems *p, const char *form, const char *ok)
{
	if (e == OK)
		resp_redirect(r, arena_printf(r->arena, "/units/%lld?ok=%s",
		    (long long)id, ok));
	else if (e == ERR_INVAL) {
		r->status = 422;
		render(r, back, p, form);
	} else
		resp_error(r, e, NULL);
}

void
page_unit_create(struct req *r)
{
	struct unit_in in;
	struct problems p = {0};
	int64_t id = 0, parent = 0;
	enum err e;

	unit_in_from_form(r, &in);
	if (form_int(req_form(r, "parent"), 1, INT64_MAX, &parent) != OK) {
		resp_error(r, ERR_INVAL, "Thiếu đơn vị cấp trên");
		return;
	}
	in.parent_id = parent;
	e = units_create(r->st, &r->actor, &in, &id, &p);
	after(r, e, id, parent, &p, "new", "created");
}

void
page_unit_update(struct req *r)
{
	struct unit_in in;
	struct problems p = {0};
	enum err e;

	unit_in_from_form(r, &in);
	e = units_update(r->st, &r->actor, r->id, &in, &p);
	after(r, e, r->id, r->id, &p, "edit", "saved");
}

void
page_unit_move(struct req *r)
{
	struct problems p = {0};
	struct unit to;
	const char *code = req_form(r, "parent_code");
	enum err e;

	if (code == NULL || *code == '\0' ||
	    units_get_by_code(r->st, &r->actor, code, &to) != OK) {
		problems_add(&p, "parent", "Không có đơn vị mã “%s” trong phạm "
		    "vi của bạn", code ? code : "");
		after(r, ERR_INVAL, r->id, r->id, &p, "move", NULL);
		return;
	}
	e = units_move(r->st, &r->actor, r->id, to.id, &p);
	after(r, e, r->id, r->id, &p, "move", "moved");
}

void
page_unit_active(struct req *r)
{
	struct problems p = {0};
	int active = form_tri(req_form(r, "active"));
	enum err e;

	if (active < 0) {
		resp_error(r, ERR_INVAL, NULL);
		return;
	}
	e = units_set_active(r->st, &r->actor, r->id, active, &p);
	after(r, e, r->id, r->id, &p, "active", active ? "activated" :
	    "deactivated");
}

void
page_unit_export(struct req *r)
{
	const char *f = req_query(r, "format");
	int csv = f && strcmp(f, "csv") == 0;
	struct buf out;
	enum err e;

	buf_init(&out, (size_t)512 << 20);
	if ((e = export_units(r->st, &r->actor, r->id, csv ? EXPORT_CSV :
	    EXPORT_XLSX, &out)) != OK) {
		buf_free(&out);
		resp_error(r, e, NULL);
		return;
	}
	resp_file(r, csv ? "text/csv; charset=utf-8" : "application/"
	    "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	    csv ? "don-vi.csv" : "don-vi.xlsx", &out);
}
