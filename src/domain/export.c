/*
 * export.c: lists out to XLSX or CSV, with the same columns the importer
 * reads, so that an exported file can be edited and imported back.
 */
#include <stdio.h>
#include <string.h>

#include "../formats/table.h"
#include "domain.h"

static const char *const people_headers[] = {
	"Mã", "Họ và tên", "Họ", "Tên đệm", "Tên", "Giới tính", "Ngày sinh",
	"Chức vụ", "Lãnh đạo, quản lý", "Đoàn viên", "Ngày vào công đoàn",
	"Mã đơn vị", "Tên đơn vị", "Trạng thái", "Ngày nghỉ",
};
static const double people_widths[] = {
	10, 28, 10, 12, 10, 10, 13, 24, 12, 11, 13, 14, 36, 14, 13,
};
static const int people_dates[] = { 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0,
	0, 1 };

struct export_ctx {
	struct table_writer	*w;
	enum err		 e;
};

static enum err
person_out(const struct person *p, void *arg)
{
	struct export_ctx *c = arg;
	const char *row[NELEM(people_headers)] = {
		p->code, p->full_name, p->family, p->middle, p->given,
		p->gender == 'F' ? "Nữ" : "Nam", p->birth_date, p->position,
		p->is_leader ? "Có" : "Không", p->is_member ? "Có" : "Không",
		p->joined_union, p->unit_code, p->unit_name,
		p->active ? "Đang sinh hoạt" : "Đã nghỉ", p->left_date,
	};

	return c->e = table_writer_row(c->w, row);
}

static struct table_writer *
writer(enum export_format f, const char *sheet, const char *const *headers,
    const double *widths, const int *dates, size_t n)
{
	struct table_col cols[32];
	struct buf em;
	struct table_writer *w;
	size_t i;

	memset(cols, 0, sizeof(cols));
	for (i = 0; i < n && i < NELEM(cols); i++) {
		cols[i].header = headers[i];
		cols[i].width = widths[i];
		cols[i].is_date = dates ? dates[i] : 0;
	}
	buf_init(&em, 1024);
	w = table_writer_new(f == EXPORT_XLSX ? TABLE_XLSX : TABLE_CSV, sheet,
	    cols, n, &em);
	if (w == NULL)
		log_err("export: %s", buf_str(&em));
	buf_free(&em);
	return w;
}

enum err
export_people(struct store *st, const struct actor *a,
    const struct people_filter *f, enum export_format fmt, struct buf *out)
{
	struct export_ctx c = {NULL, OK};
	struct people_filter all = *f;
	int more = 0;
	enum err e;

	all.limit = LIM_EXPORT_ROWS;
	all.offset = 0;
	if ((c.w = writer(fmt, "Danh sach", people_headers, people_widths,
	    people_dates, NELEM(people_headers))) == NULL)
		return ERR_IO;
	if ((e = people_list(st, a, &all, person_out, &c, &more)) != OK) {
		table_writer_free(c.w);
		return e;
	}
	if (more) {
		table_writer_free(c.w);
		return ERR_LIMIT;
	}
	return table_writer_finish(c.w, out);
}

static const char *const unit_headers[] = {
	"Mã đơn vị", "Tên đơn vị", "Tên viết tắt", "Loại đơn vị", "Khối",
	"Mã đơn vị cấp trên", "Trạng thái", "Số người", "Đoàn viên", "Nữ",
	"Nữ đoàn viên",
};
static const double unit_widths[] = { 14, 40, 16, 24, 14, 16, 14, 10, 10,
	10, 12 };

struct unit_export {
	struct table_writer	*w;
	struct store		*st;
	const struct actor	*a;
	int64_t			 last_id;
	char			 last_code[CODE_MAX + 1];
};

static enum err
unit_out(const struct unit *u, void *arg)
{
	struct unit_export *c = arg;
	struct unit parent;
	char n[4][24];
	const char *row[NELEM(unit_headers)];

	parent.code[0] = '\0';
	if (u->parent_id && units_get(c->st, c->a, u->parent_id, &parent) != OK)
		parent.code[0] = '\0';
	snprintf(n[0], sizeof(n[0]), "%lld", (long long)u->fig.people);
	snprintf(n[1], sizeof(n[1]), "%lld", (long long)u->fig.members);
	snprintf(n[2], sizeof(n[2]), "%lld", (long long)u->fig.women);
	snprintf(n[3], sizeof(n[3]), "%lld", (long long)u->fig.women_members);
	row[0] = u->code;
	row[1] = u->name;
	row[2] = u->short_name;
	row[3] = kind_labels[u->kind];
	row[4] = block_labels[u->block];
	row[5] = u->parent_id ? parent.code : "";
	row[6] = u->active ? "Hoạt động" : "Ngừng hoạt động";
	row[7] = n[0];
	row[8] = n[1];
	row[9] = n[2];
	row[10] = n[3];
	return table_writer_row(c->w, row);
}

enum err
export_units(struct store *st, const struct actor *a, int64_t root,
    enum export_format fmt, struct buf *out)
{
	struct unit_export c;
	const struct role_grant *home;
	enum err e;

	memset(&c, 0, sizeof(c));
	c.st = st;
	c.a = a;
	if (root == 0) {
		if ((home = auth_home(a)) != NULL)
			root = home->unit_id;
		else if (a->system)
			root = 1;
		else
			return ERR_DENIED;
	}
	if ((c.w = writer(fmt, "Don vi", unit_headers, unit_widths, NULL,
	    NELEM(unit_headers))) == NULL)
		return ERR_IO;
	/* path order puts every parent before its children */
	if ((e = units_subtree(st, a, root, LIM_EXPORT_ROWS, unit_out, &c)) !=
	    OK) {
		table_writer_free(c.w);
		return e;
	}
	return table_writer_finish(c.w, out);
}
