/*
 * query.c: the people filter from a query string, the same for pages,
 * exports and the API, and back into a query string for links.
 */
#include <stdio.h>
#include <string.h>

#include "../base/limits.h"
#include "handlers.h"

enum err
query_people_filter(struct req *r, struct people_filter *f, const char **msg)
{
	const char *v;
	int64_t n;
	struct unit u;
	size_t i;
	enum err e;

	memset(f, 0, sizeof(*f));
	f->member = f->leader = -1;
	f->active = 1;
	f->limit = 50;
	*msg = NULL;
	f->q = req_query(r, "q");
	if (f->q && strlen(f->q) > 200) {
		*msg = "Từ khóa tìm kiếm quá dài";
		return ERR_INVAL;
	}
	if ((e = form_int(req_query(r, "unit"), 1, INT64_MAX, &n)) == OK)
		f->unit_id = n;
	else if (e == ERR_INVAL) {
		*msg = "Tham số “unit” phải là mã số đơn vị";
		return ERR_INVAL;
	}
	if ((v = req_query(r, "unit_code")) != NULL && *v) {
		if (units_get_by_code(r->st, &r->actor, v, &u) != OK) {
			*msg = "Không có đơn vị mã này trong phạm vi của bạn";
			return ERR_INVAL;
		}
		f->unit_id = u.id;
	}
	if ((v = req_query(r, "gender")) != NULL && *v &&
	    (f->gender = people_parse_gender(v)) == 0) {
		*msg = "Giới tính phải là M (nam) hoặc F (nữ)";
		return ERR_INVAL;
	}
	f->member = form_tri(req_query(r, "member"));
	f->leader = form_tri(req_query(r, "leader"));
	if ((v = req_query(r, "active")) != NULL)
		f->active = strcmp(v, "any") == 0 ? -1 : form_tri(v);
	if ((v = req_query(r, "sort")) != NULL && *v) {
		for (i = 0; i < SORT__MAX; i++)
			if (strcmp(v, sort_names[i]) == 0)
				break;
		if (i == SORT__MAX) {
			*msg = "Cách sắp xếp phải là name, name_desc hoặc birth";
			return ERR_INVAL;
		}
		f->sort = (enum people_sort)i;
	}
	if ((e = form_int(req_query(r, "per"), 1, LIM_PAGE_SIZE, &n)) == OK)
		f->limit = (size_t)n;
	else if (e == ERR_INVAL) {
		*msg = "Số dòng mỗi trang phải từ 1 đến 200";
		return ERR_INVAL;
	}
	/* pages reach the first 100,000 people: past them, filter */
	if ((e = form_int(req_query(r, "page"), 1,
	    (int64_t)(100000 / f->limit), &n)) == OK)
		f->offset = (size_t)(n - 1) * f->limit;
	else if (e == ERR_INVAL) {
		*msg = "Số trang không hợp lệ, hoặc quá xa: hãy lọc hay tìm "
		    "kiếm để thu hẹp danh sách";
		return ERR_INVAL;
	}
	return OK;
}

const char *
query_people_string(struct req *r, const struct people_filter *f)
{
	struct buf b;
	const char *s;

	buf_init(&b, 4096);
	if (f->q && *f->q) {
		buf_adds(&b, "&q=");
		form_urlencode_to(&b, f->q);
	}
	if (f->unit_id)
		buf_addf(&b, "&unit=%lld", (long long)f->unit_id);
	if (f->gender)
		buf_addf(&b, "&gender=%c", f->gender);
	if (f->member >= 0)
		buf_addf(&b, "&member=%d", f->member);
	if (f->leader >= 0)
		buf_addf(&b, "&leader=%d", f->leader);
	if (f->active != 1)
		buf_addf(&b, "&active=%s", f->active < 0 ? "any" : "0");
	if (f->sort != SORT_NAME)
		buf_addf(&b, "&sort=%s", sort_names[f->sort]);
	if (f->limit != 50)
		buf_addf(&b, "&per=%zu", f->limit);
	s = arena_strdup(r->arena, b.len ? buf_str(&b) + 1 : "");
	buf_free(&b);
	return s;
}
