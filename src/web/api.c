/*
 * api.c: the JSON API under /api/v1 (documented in docs/api.md).  It
 * calls the same domain functions as the pages; bodies are parsed with
 * jansson and every field is read with a type check; errors are JSON
 * with a stable code, a Vietnamese message and the fields concerned.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../base/limits.h"
#include "handlers.h"

static void
begin(struct req *r, struct json *j)
{
	r->out_type = "application/json; charset=utf-8";
	buf_reset(&r->out);
	json_init(j, &r->out);
}

static void
finish(struct req *r)
{
	buf_addc(&r->out, '\n');
}

static void
fail(struct req *r, enum err e, const struct problems *p)
{
	if (e == ERR_INVAL && p && p->n)
		resp_problems(r, p);
	else
		resp_error(r, e, e == ERR_NOTFOUND ? "Không tìm thấy, hoặc nằm "
		    "ngoài phạm vi của bạn" : NULL);
}

static void
figures_json(struct json *j, const char *key, const struct figures *f)
{
	json_obj(j, key);
	json_int(j, "units", f->units);
	json_int(j, "grassroots", f->grassroots);
	json_int(j, "people", f->people);
	json_int(j, "members", f->members);
	json_int(j, "women", f->women);
	json_int(j, "women_members", f->women_members);
	json_int(j, "leaders", f->leaders);
	json_dbl(j, "member_rate", f->people ? (double)f->members /
	    (double)f->people : 0);
	json_dbl(j, "women_member_rate", f->women ? (double)f->women_members /
	    (double)f->women : 0);
	json_end(j);
}

static void
unit_json(struct json *j, const char *key, const struct unit *u)
{
	json_obj(j, key);
	json_int(j, "id", u->id);
	if (u->parent_id)
		json_int(j, "parent_id", u->parent_id);
	else
		json_str(j, "parent_id", NULL);
	json_str(j, "code", u->code);
	json_str(j, "name", u->name);
	json_str(j, "short_name", u->short_name);
	json_str(j, "kind", kind_names[u->kind]);
	json_str(j, "block", block_names[u->block]);
	json_bool(j, "active", u->active);
	json_int(j, "depth", u->depth);
	json_int(j, "children", u->nchildren);
	figures_json(j, "figures", &u->fig);
	json_end(j);
}

static void
person_json(struct json *j, const char *key, const struct person *p)
{
	json_obj(j, key);
	json_int(j, "id", p->id);
	json_str(j, "code", p->code[0] ? p->code : NULL);
	json_str(j, "full_name", p->full_name);
	json_str(j, "family_name", p->family);
	json_str(j, "middle_name", p->middle);
	json_str(j, "given_name", p->given);
	json_str(j, "gender", p->gender == 'F' ? "F" : "M");
	json_date(j, "birth_date", p->birth_date);
	json_str(j, "position", p->position);
	json_bool(j, "is_leader", p->is_leader);
	json_bool(j, "is_member", p->is_member);
	json_date(j, "joined_union", p->joined_union);
	json_bool(j, "active", p->active);
	json_date(j, "left_date", p->left_date);
	json_obj(j, "unit");
	json_int(j, "id", p->unit_id);
	json_str(j, "code", p->unit_code);
	json_str(j, "name", p->unit_name);
	json_end(j);
	json_end(j);
}

/* The JSON object of the body, or NULL with an error answered. */
static json_t *
body_object(struct req *r)
{
	json_error_t je;
	json_t *o;

	if (r->bodylen == 0) {
		resp_error(r, ERR_INVAL, "Thiếu nội dung JSON");
		return NULL;
	}
	o = json_loadb(r->body, r->bodylen, JSON_REJECT_DUPLICATES, &je);
	if (o == NULL) {
		resp_error(r, ERR_INVAL, arena_printf(r->arena, "JSON không hợp "
		    "lệ (dòng %d, cột %d): %s", je.line, je.column, je.text));
		return NULL;
	}
	if (!json_is_object(o)) {
		resp_error(r, ERR_INVAL, "Nội dung JSON phải là một đối tượng "
		    "{…}");
		json_decref(o);
		return NULL;
	}
	return o;
}

/* A field as text for the domain's parsers: strings as they are,
 * booleans as "1"/"0", numbers in decimal; NULL when absent or null;
 * a problem for objects and arrays. */
static const char *
field(struct req *r, json_t *o, const char *key, struct problems *p)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return arena_strndup(r->arena, json_string_value(v),
		    json_string_length(v));
	if (json_is_true(v))
		return "1";
	if (json_is_false(v))
		return "0";
	if (json_is_integer(v))
		return arena_printf(r->arena, "%lld",
		    (long long)json_integer_value(v));
	problems_add(p, key, "Trường “%s” phải là chuỗi, số hoặc true/false",
	    key);
	return NULL;
}

static int64_t
field_id(json_t *o, const char *key, struct problems *p)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		problems_add(p, key, "Trường “%s” phải là số nguyên dương", key);
		return 0;
	}
	return (int64_t)json_integer_value(v);
}

void
api_me(struct req *r)
{
	struct json j;
	size_t i;

	begin(r, &j);
	json_obj(&j, NULL);
	json_int(&j, "id", r->actor.user_id);
	json_str(&j, "username", r->actor.username);
	json_str(&j, "display_name", r->actor.display_name);
	json_arr(&j, "roles");
	for (i = 0; i < r->actor.nroles; i++) {
		json_obj(&j, NULL);
		json_str(&j, "role", role_names[r->actor.roles[i].role]);
		json_int(&j, "unit_id", r->actor.roles[i].unit_id);
		json_str(&j, "unit_name", r->actor.roles[i].unit_name);
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
	finish(r);
}

/* ---- units ---- */

struct units_ctx {
	struct json	*j;
};

static enum err
unit_item(const struct unit *u, void *arg)
{
	unit_json(((struct units_ctx *)arg)->j, NULL, u);
	return OK;
}

void
api_units(struct req *r)
{
	struct json j;
	struct units_ctx c = { &j };
	const char *q = req_query(r, "q");
	int64_t parent = 0;
	enum err e;

	if (q && strlen(q) > 200) {
		resp_error(r, ERR_INVAL, "Từ khóa tìm kiếm quá dài");
		return;
	}
	if (form_int(req_query(r, "parent"), 1, INT64_MAX, &parent) ==
	    ERR_INVAL) {
		resp_error(r, ERR_INVAL, "Tham số “parent” phải là mã số đơn vị");
		return;
	}
	if (parent) {
		struct unit u;

		if ((e = units_get(r->st, &r->actor, parent, &u)) != OK) {
			fail(r, e, NULL);
			return;
		}
	}
	begin(r, &j);
	json_obj(&j, NULL);
	json_arr(&j, "units");
	if (q && *q)
		e = units_find(r->st, &r->actor, q, 50, unit_item, &c);
	else
		e = units_children(r->st, &r->actor, parent, unit_item, &c);
	json_end(&j);
	json_end(&j);
	if (e != OK) {
		fail(r, e, NULL);
		return;
	}
	finish(r);
}

static void
unit_answer(struct req *r, int64_t id, int status)
{
	struct unit u;
	struct json j;
	enum err e;

	if ((e = units_get(r->st, &r->actor, id, &u)) != OK) {
		fail(r, e, NULL);
		return;
	}
	begin(r, &j);
	unit_json(&j, NULL, &u);
	finish(r);
	r->status = status;
}

void
api_unit_get(struct req *r)
{
	unit_answer(r, r->id, 200);
}

static void
unit_in_from(struct req *r, json_t *o, struct unit_in *in, struct problems *p)
{
	memset(in, 0, sizeof(*in));
	in->code = field(r, o, "code", p);
	in->name = field(r, o, "name", p);
	in->short_name = field(r, o, "short_name", p);
	in->kind = field(r, o, "kind", p);
	in->block = field(r, o, "block", p);
	in->parent_id = field_id(o, "parent_id", p);
	in->parent_code = field(r, o, "parent_code", p);
}

void
api_unit_create(struct req *r)
{
	json_t *o;
	struct unit_in in;
	struct problems p = {0};
	int64_t id = 0;
	enum err e;

	if ((o = body_object(r)) == NULL)
		return;
	unit_in_from(r, o, &in, &p);
	json_decref(o);
	e = p.n ? ERR_INVAL : units_create(r->st, &r->actor, &in, &id, &p);
	if (e != OK) {
		fail(r, e, &p);
		return;
	}
	unit_answer(r, id, 201);
}

void
api_unit_update(struct req *r)
{
	json_t *o, *act;
	struct unit_in in;
	struct unit u;
	struct problems p = {0};
	enum err e;

	if ((e = units_get(r->st, &r->actor, r->id, &u)) != OK) {
		fail(r, e, NULL);
		return;
	}
	if ((o = body_object(r)) == NULL)
		return;
	unit_in_from(r, o, &in, &p);
	act = json_object_get(o, "active");
	if (act && !json_is_boolean(act))
		problems_add(&p, "active", "Trường “active” phải là true hoặc "
		    "false");
	/* PATCH: what is absent keeps its value */
	if (in.code == NULL)
		in.code = u.code;
	if (in.name == NULL)
		in.name = u.name;
	if (in.short_name == NULL)
		in.short_name = u.short_name;
	if (in.kind == NULL)
		in.kind = kind_names[u.kind];
	if (in.block == NULL)
		in.block = block_names[u.block];
	e = p.n ? ERR_INVAL : units_patch(r->st, &r->actor, r->id, &in,
	    act && json_is_boolean(act) ? json_is_true(act) : -1, &p);
	json_decref(o);
	if (e != OK) {
		fail(r, e, &p);
		return;
	}
	unit_answer(r, r->id, 200);
}

void
api_unit_move(struct req *r)
{
	json_t *o;
	struct problems p = {0};
	struct unit to;
	const char *code;
	int64_t parent;
	enum err e;

	if ((o = body_object(r)) == NULL)
		return;
	parent = field_id(o, "parent_id", &p);
	code = field(r, o, "parent_code", &p);
	json_decref(o);
	if (!parent && code && units_get_by_code(r->st, &r->actor, code, &to) ==
	    OK)
		parent = to.id;
	if (!parent && p.n == 0)
		problems_add(&p, "parent_id", "Thiếu đơn vị cấp trên mới "
		    "(parent_id hoặc parent_code)");
	e = p.n ? ERR_INVAL : units_move(r->st, &r->actor, r->id, parent, &p);
	if (e != OK) {
		fail(r, e, &p);
		return;
	}
	unit_answer(r, r->id, 200);
}

void
api_unit_stats(struct req *r)
{
	struct unit u;
	struct json j;
	enum err e;

	if ((e = units_get(r->st, &r->actor, r->id, &u)) != OK) {
		fail(r, e, NULL);
		return;
	}
	begin(r, &j);
	json_obj(&j, NULL);
	json_int(&j, "unit_id", u.id);
	json_str(&j, "name", u.name);
	figures_json(&j, "figures", &u.fig);
	json_end(&j);
	finish(r);
}

/* ---- people ---- */

struct people_ctx {
	struct json	*j;
};

static enum err
person_item(const struct person *p, void *arg)
{
	person_json(((struct people_ctx *)arg)->j, NULL, p);
	return OK;
}

void
api_people(struct req *r)
{
	struct people_filter f;
	struct json j;
	struct people_ctx c = { &j };
	const char *msg;
	int more = 0;
	enum err e;

	if (query_people_filter(r, &f, &msg) != OK) {
		resp_error(r, ERR_INVAL, msg);
		return;
	}
	begin(r, &j);
	json_obj(&j, NULL);
	json_arr(&j, "people");
	e = people_list(r->st, &r->actor, &f, person_item, &c, &more);
	json_end(&j);
	json_int(&j, "offset", (int64_t)f.offset);
	json_int(&j, "limit", (int64_t)f.limit);
	json_bool(&j, "more", more);
	json_end(&j);
	if (e != OK) {
		fail(r, e, NULL);
		return;
	}
	finish(r);
}

static void
person_answer(struct req *r, int64_t id, int status)
{
	struct person p;
	struct json j;
	enum err e;

	if ((e = people_get(r->st, &r->actor, id, &p)) != OK) {
		fail(r, e, NULL);
		return;
	}
	begin(r, &j);
	person_json(&j, NULL, &p);
	finish(r);
	r->status = status;
}

void
api_person_get(struct req *r)
{
	person_answer(r, r->id, 200);
}

static void
person_in_from(struct req *r, json_t *o, struct person_in *in,
    struct problems *p)
{
	memset(in, 0, sizeof(*in));
	in->code = field(r, o, "code", p);
	in->full_name = field(r, o, "full_name", p);
	in->family = field(r, o, "family_name", p);
	in->middle = field(r, o, "middle_name", p);
	in->given = field(r, o, "given_name", p);
	in->gender = field(r, o, "gender", p);
	in->birth_date = field(r, o, "birth_date", p);
	in->position = field(r, o, "position", p);
	in->is_leader = field(r, o, "is_leader", p);
	in->is_member = field(r, o, "is_member", p);
	in->joined_union = field(r, o, "joined_union", p);
	in->unit_code = field(r, o, "unit_code", p);
	in->unit_id = field_id(o, "unit_id", p);
}

void
api_person_create(struct req *r)
{
	json_t *o;
	struct person_in in;
	struct problems p = {0};
	int64_t id = 0;
	enum err e;

	if ((o = body_object(r)) == NULL)
		return;
	person_in_from(r, o, &in, &p);
	json_decref(o);
	e = p.n ? ERR_INVAL : people_create(r->st, &r->actor, &in, &id, &p);
	if (e != OK) {
		fail(r, e, &p);
		return;
	}
	person_answer(r, id, 201);
}

void
api_person_update(struct req *r)
{
	json_t *o;
	struct person_in in;
	struct person old;
	struct problems p = {0};
	enum err e;

	if ((e = people_get(r->st, &r->actor, r->id, &old)) != OK) {
		fail(r, e, NULL);
		return;
	}
	if ((o = body_object(r)) == NULL)
		return;
	person_in_from(r, o, &in, &p);
	json_decref(o);
	/* PATCH: what is absent keeps its value */
	if (in.code == NULL)
		in.code = old.code;
	if (in.full_name == NULL && in.given == NULL) {
		in.family = old.family;
		in.middle = old.middle;
		in.given = old.given;
	}
	if (in.gender == NULL)
		in.gender = old.gender == 'F' ? "F" : "M";
	if (in.birth_date == NULL)
		in.birth_date = old.birth_date;
	if (in.position == NULL)
		in.position = old.position;
	if (in.is_leader == NULL)
		in.is_leader = old.is_leader ? "1" : "0";
	if (in.is_member == NULL)
		in.is_member = old.is_member ? "1" : "0";
	if (in.joined_union == NULL)
		in.joined_union = old.joined_union;
	e = p.n ? ERR_INVAL : people_update(r->st, &r->actor, r->id, &in, &p);
	if (e != OK) {
		fail(r, e, &p);
		return;
	}
	person_answer(r, r->id, 200);
}

void
api_person_transfer(struct req *r)
{
	json_t *o;
	struct problems p = {0};
	struct unit u;
	const char *code, *date, *note;
	int64_t to;
	enum err e;

	if ((o = body_object(r)) == NULL)
		return;
	to = field_id(o, "unit_id", &p);
	code = field(r, o, "unit_code", &p);
	date = field(r, o, "date", &p);
	note = field(r, o, "note", &p);
	json_decref(o);
	if (!to && code && units_get_by_code(r->st, &r->actor, code, &u) == OK)
		to = u.id;
	e = p.n ? ERR_INVAL : people_transfer(r->st, &r->actor, r->id, to, date,
	    note, &p);
	if (e != OK) {
		fail(r, e, &p);
		return;
	}
	person_answer(r, r->id, 200);
}

void
api_person_leave(struct req *r)
{
	json_t *o;
	struct problems p = {0};
	const char *date, *note;
	enum err e;

	if ((o = body_object(r)) == NULL)
		return;
	date = field(r, o, "date", &p);
	note = field(r, o, "note", &p);
	json_decref(o);
	e = p.n ? ERR_INVAL : people_leave(r->st, &r->actor, r->id, date, note,
	    &p);
	if (e != OK) {
		fail(r, e, &p);
		return;
	}
	person_answer(r, r->id, 200);
}

static enum err
place_item(const struct place *pl, void *arg)
{
	struct json *j = arg;

	json_obj(j, NULL);
	json_int(j, "unit_id", pl->unit_id);
	json_str(j, "unit_code", pl->unit_code);
	json_str(j, "unit_name", pl->unit_name);
	json_date(j, "from", pl->from);
	json_date(j, "to", pl->to);
	json_str(j, "note", pl->note);
	json_end(j);
	return OK;
}

void
api_person_history(struct req *r)
{
	struct json j;
	struct person p;
	enum err e;

	if ((e = people_get(r->st, &r->actor, r->id, &p)) != OK) {
		fail(r, e, NULL);
		return;
	}
	begin(r, &j);
	json_obj(&j, NULL);
	json_arr(&j, "history");
	e = people_history(r->st, &r->actor, r->id, place_item, &j);
	json_end(&j);
	json_end(&j);
	if (e != OK) {
		fail(r, e, NULL);
		return;
	}
	finish(r);
}

/* ---- import, export, audit ---- */

static int
kind_of(const char *s)
{
	if (s && strcmp(s, "people") == 0)
		return IMPORT_PEOPLE;
	if (s && strcmp(s, "units") == 0)
		return IMPORT_UNITS;
	return -1;
}

static void
report_json(struct json *j, const struct import_report *rep, int dry_run)
{
	size_t i, n = rep->nissues < LIM_REPORT_ERRORS ? rep->nissues :
	    LIM_REPORT_ERRORS;

	json_bool(j, "dry_run", dry_run);
	json_bool(j, "written", rep->written);
	json_int(j, "rows", (int64_t)rep->rows);
	json_int(j, "valid", (int64_t)rep->valid);
	json_int(j, "created", (int64_t)rep->created);
	json_int(j, "updated", (int64_t)rep->updated);
	json_int(j, "unchanged", (int64_t)rep->unchanged);
	json_int(j, "problems_total", (int64_t)rep->nissues);
	json_arr(j, "problems");
	for (i = 0; i < n; i++) {
		const struct import_issue *is = &rep->issues[i];

		json_obj(j, NULL);
		json_int(j, "row", (int64_t)is->row);
		json_str(j, "column", is->col[0] ? is->col : NULL);
		json_str(j, "header", is->column[0] ? is->column : NULL);
		json_str(j, "value", is->value);
		json_str(j, "message", is->msg);
		json_end(j);
	}
	json_end(j);
}

void
api_import(struct req *r)
{
	int kind = kind_of(r->segs[0]);
	struct import_opts o;
	struct import_report rep;
	const struct kv *f = req_file(r, "file");
	const char *data = f ? f->val : r->body;
	size_t len = f ? f->len : r->bodylen;
	struct json j;
	int64_t unit = 0;
	enum err e;

	if (kind < 0) {
		resp_error(r, ERR_NOTFOUND, "Chỉ nhập được “people” hoặc “units”");
		return;
	}
	if (!auth_has(&r->actor, kind == IMPORT_PEOPLE ? CAP_PEOPLE :
	    CAP_UNITS)) {
		resp_error(r, ERR_DENIED, NULL);
		return;
	}
	memset(&o, 0, sizeof(o));
	o.dry_run = form_tri(req_query(r, "dry_run")) == 1;
	o.good_rows = form_tri(req_query(r, "good_rows")) == 1;
	if (form_int(req_query(r, "unit"), 1, INT64_MAX, &unit) == OK)
		o.default_unit = unit;
	e = import_run(r->st, &r->actor, (enum import_kind)kind, data, len, &o,
	    &rep);
	if (e != OK && e != ERR_INVAL) {
		import_report_free(&rep);
		fail(r, e, NULL);
		return;
	}
	begin(r, &j);
	json_obj(&j, NULL);
	if (e == ERR_INVAL && !rep.written) {
		json_obj(&j, "error");
		json_str(&j, "code", "invalid");
		json_str(&j, "message", "Tệp có lỗi; chưa có gì được ghi");
		json_end(&j);
		r->status = 422;
	}
	report_json(&j, &rep, o.dry_run);
	json_end(&j);
	finish(r);
	import_report_free(&rep);
}

void
api_export(struct req *r)
{
	int kind = kind_of(r->segs[0]);
	const char *fmt = req_query(r, "format");
	int csv = fmt && strcmp(fmt, "csv") == 0;
	struct people_filter f;
	const char *msg;
	struct buf out;
	int64_t unit = 0;
	enum err e;

	if (kind < 0) {
		resp_error(r, ERR_NOTFOUND, "Chỉ xuất được “people” hoặc “units”");
		return;
	}
	if (fmt && strcmp(fmt, "csv") && strcmp(fmt, "xlsx")) {
		resp_error(r, ERR_INVAL, "Định dạng phải là xlsx hoặc csv");
		return;
	}
	buf_init(&out, (size_t)1 << 30);
	if (kind == IMPORT_PEOPLE) {
		if (query_people_filter(r, &f, &msg) != OK) {
			resp_error(r, ERR_INVAL, msg);
			buf_free(&out);
			return;
		}
		e = export_people(r->st, &r->actor, &f, csv ? EXPORT_CSV :
		    EXPORT_XLSX, &out);
	} else {
		form_int(req_query(r, "unit"), 1, INT64_MAX, &unit);
		e = export_units(r->st, &r->actor, unit, csv ? EXPORT_CSV :
		    EXPORT_XLSX, &out);
	}
	if (e != OK) {
		buf_free(&out);
		fail(r, e, NULL);
		return;
	}
	resp_file(r, csv ? "text/csv; charset=utf-8" : "application/"
	    "vnd.openxmlformats-officedocument.spreadsheetml.sheet", csv ?
	    (kind == IMPORT_PEOPLE ? "people.csv" : "units.csv") :
	    (kind == IMPORT_PEOPLE ? "people.xlsx" : "units.xlsx"), &out);
}

static enum err
audit_item(const struct audit_entry *e, void *arg)
{
	struct json *j = arg;

	json_obj(j, NULL);
	json_int(j, "id", e->id);
	json_str(j, "at", e->at);
	json_str(j, "user", e->username);
	json_str(j, "action", e->action);
	json_str(j, "entity", e->entity);
	json_int(j, "entity_id", e->entity_id);
	json_str(j, "summary", e->summary);
	json_str(j, "before", e->before);
	json_str(j, "after", e->after);
	json_end(j);
	return OK;
}

void
api_audit(struct req *r)
{
	struct json j;
	int64_t before = 0;
	enum err e;

	if (form_int(req_query(r, "before"), 1, INT64_MAX, &before) ==
	    ERR_INVAL) {
		resp_error(r, ERR_INVAL, "Tham số “before” không hợp lệ");
		return;
	}
	begin(r, &j);
	json_obj(&j, NULL);
	json_arr(&j, "entries");
	e = audit_list(r->st, &r->actor, before, req_query(r, "entity"), 100,
	    audit_item, &j);
	json_end(&j);
	json_end(&j);
	if (e != OK) {
		fail(r, e, NULL);
		return;
	}
	finish(r);
}
