/*
 * import.c: importing units and people from CSV or XLSX files.  The
 * header row names the columns (in Vietnamese, matched without regard to
 * case or diacritics); each data row is validated by the same functions
 * the forms and the API use, and every problem is reported with its row,
 * column, value and reason.  The whole import is one transaction: by
 * default nothing is kept unless every row is clean; a dry run always
 * rolls back, so it reports exactly what a real run would do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../formats/table.h"
#include "../text/text.h"
#include "domain.h"

const char *const import_kind_names[IMPORT__MAX] = { "units", "people" };

/* A column a file may have: its field, its header in the template, and
 * other headers (folded) that mean the same. */
struct col_def {
	const char	*field;
	const char	*header;
	const char	*alias[4];
	double		 width;
	const char *const *choices;
	int		 is_date;
};

static const char *const yesno[] = { "Có", "Không", NULL };
static const char *const genders[] = { "Nam", "Nữ", NULL };
static const char *const kinds[] = { "Công đoàn cơ sở", "Tổ công đoàn",
	"Công đoàn cấp trên cơ sở", "Liên đoàn / Công đoàn ngành", NULL };
static const char *const blocks[] = { "Hành chính", "Sự nghiệp",
	"Doanh nghiệp", NULL };

enum pcol { PC_CODE, PC_FULL, PC_FAMILY, PC_MIDDLE, PC_GIVEN, PC_GENDER,
	PC_BIRTH, PC_POSITION, PC_LEADER, PC_MEMBER, PC_JOINED, PC_UNIT,
	PC__MAX };

static const struct col_def people_cols[PC__MAX] = {
	[PC_CODE] = { PF_CODE, "Mã", { "ma so", "ma can bo", "ma nhan vien" },
	    10, NULL, 0 },
	[PC_FULL] = { PF_FULL_NAME, "Họ và tên", { "ho ten", "ho va ten dem" },
	    28, NULL, 0 },
	[PC_FAMILY] = { "family", "Họ", { NULL }, 10, NULL, 0 },
	[PC_MIDDLE] = { "middle", "Tên đệm", { "ten lot" }, 12, NULL, 0 },
	[PC_GIVEN] = { "given", "Tên", { NULL }, 10, NULL, 0 },
	[PC_GENDER] = { PF_GENDER, "Giới tính", { "gioi" }, 10, genders, 0 },
	[PC_BIRTH] = { PF_BIRTH, "Ngày sinh", { "ngay thang nam sinh" }, 13,
	    NULL, 1 },
	[PC_POSITION] = { PF_POSITION, "Chức vụ", { "chuc danh" }, 24, NULL,
	    0 },
	[PC_LEADER] = { PF_LEADER, "Lãnh đạo, quản lý", { "lanh dao",
	    "giu chuc vu lanh dao quan ly" }, 12, yesno, 0 },
	[PC_MEMBER] = { PF_MEMBER, "Đoàn viên", { "doan vien cong doan",
	    "la doan vien" }, 11, yesno, 0 },
	[PC_JOINED] = { PF_JOINED, "Ngày vào công đoàn", { "ngay ket nap",
	    "ngay vao cd" }, 13, NULL, 1 },
	[PC_UNIT] = { PF_UNIT, "Mã đơn vị", { "ma cdcs" }, 14, NULL, 0 },
};

enum ucol { UC_CODE, UC_NAME, UC_SHORT, UC_KIND, UC_BLOCK, UC_PARENT,
	UC__MAX };

static const struct col_def unit_cols[UC__MAX] = {
	[UC_CODE] = { "code", "Mã đơn vị", { NULL }, 14, NULL, 0 },
	[UC_NAME] = { "name", "Tên đơn vị", { "ten" }, 40, NULL, 0 },
	[UC_SHORT] = { "short_name", "Tên viết tắt", { "viet tat" }, 16, NULL,
	    0 },
	[UC_KIND] = { "kind", "Loại đơn vị", { "loai", "cap" }, 24, kinds, 0 },
	[UC_BLOCK] = { "block", "Khối", { NULL }, 14, blocks, 0 },
	[UC_PARENT] = { "parent", "Mã đơn vị cấp trên", { "ma cap tren",
	    "don vi cap tren" }, 16, NULL, 0 },
};

static const struct col_def *const defs[IMPORT__MAX] = { unit_cols,
	people_cols };
static const size_t ndefs[IMPORT__MAX] = { UC__MAX, PC__MAX };

/* Example rows of the templates. */
static const char *const people_example[PC__MAX] = {
	"CB0001", "Nguyễn Thị Minh Anh", "", "", "", "Nữ", "1988-03-05",
	"Chuyên viên", "Không", "Có", "2012-09-01", "CDCS-001",
};
static const char *const unit_example[UC__MAX] = {
	"CDCS-001", "Công đoàn Sở Tư pháp", "CĐ Sở Tư pháp", "Công đoàn cơ sở",
	"Hành chính", "CDVC",
};

struct seen_code {
	char	code[CODE_MAX + 1];
	size_t	row;
};

/* Units of people rows, read once each: a file names a few units or a
 * few thousand, not always grouped. */
#define UNIT_CACHE 4096
struct unit_slot {
	int		used;
	enum err	e;
	struct unit	u;
};

/* Valid rows with a code, waiting to be looked up together. */
struct pending {
	struct person	v[PEOPLE_CODED_MAX];
	size_t		rownum[PEOPLE_CODED_MAX];
	int		changed[PEOPLE_CODED_MAX];
	enum err	res[PEOPLE_CODED_MAX];
	size_t		n;
};

struct import_ctx {
	struct store		*st;
	const struct actor	*a;
	enum import_kind	 kind;
	const struct import_opts *opts;
	struct import_report	*rep;
	int			 colmap[LIM_IMPORT_COLS];	/* file col -> def */
	int			 defcol[PC__MAX];		/* def -> file col */
	size_t			 ncols;
	int			 have_header;
	int			 bad;		/* a row had a problem */
	enum err		 fatal;		/* a store error */
	struct stats_acc	*acc;
	struct people_batch	*batch;		/* new people, in bulk */
	struct pending		*pend;		/* valid rows with a code */
	struct seen_code	*seen;
	size_t			 nseen, capseen;
	size_t			 total;		/* for progress */
	struct unit_slot	*units;		/* UNIT_CACHE slots, by code */
};

static uint32_t
code_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The unit a people row names, through the cache. */
static enum err
row_unit(struct import_ctx *c, const char *code, int64_t id,
    const struct unit **out)
{
	struct unit_slot *sl;
	enum err e;

	if (c->units == NULL)
		c->units = xcalloc(UNIT_CACHE, sizeof(*c->units));
	sl = &c->units[code ? code_hash(code) % UNIT_CACHE :
	    (size_t)id % UNIT_CACHE];
	if (!sl->used || (code ? strcmp(sl->u.code, code) != 0 :
	    sl->u.id != id)) {
		memset(sl, 0, sizeof(*sl));
		e = code ? units_get_by_code(c->st, c->a, code, &sl->u) :
		    units_get(c->st, c->a, id, &sl->u);
		if (e == ERR_DB)
			return e;
		sl->e = e;
		sl->used = e == OK;
		if (e != OK) {
			*out = NULL;
			return e;
		}
	}
	*out = &sl->u;
	return sl->e;
}

static void
col_letter(size_t i, char out[8])
{
	char tmp[8];
	size_t n = 0, j;

	i++;
	while (i > 0 && n < sizeof(tmp) - 1) {
		tmp[n++] = (char)('A' + (i - 1) % 26);
		i = (i - 1) / 26;
	}
	for (j = 0; j < n; j++)
		out[j] = tmp[n - 1 - j];
	out[n] = '\0';
}

static void
issue(struct import_ctx *c, size_t row, int filecol, const char *value,
    const char *msg)
{
	struct import_report *r = c->rep;
	struct import_issue *is;
	const struct col_def *d;

	r->nissues++;
	if (r->nissues > LIM_REPORT_ERRORS)
		return;
	if (r->cap == 0) {
		r->cap = 64;
		r->issues = xcalloc(r->cap, sizeof(*r->issues));
	} else if (r->nissues > r->cap) {
		r->cap *= 2;
		r->issues = xreallocarray(r->issues, r->cap, sizeof(*r->issues));
	}
	is = &r->issues[r->nissues - 1];
	memset(is, 0, sizeof(*is));
	is->row = row;
	if (filecol >= 0) {
		col_letter((size_t)filecol, is->col);
		if (c->colmap[filecol] >= 0) {
			d = &defs[c->kind][c->colmap[filecol]];
			snprintf(is->column, sizeof(is->column), "%s",
			    d->header);
		}
	}
	if (value) {
		/* shorten at a character boundary */
		size_t n = strlen(value);

		if (n >= sizeof(is->value)) {
			n = sizeof(is->value) - 4;
			while (n > 0 && ((unsigned char)value[n] & 0xc0) == 0x80)
				n--;
			snprintf(is->value, sizeof(is->value), "%.*s…",
			    (int)n, value);
		} else
			str_copy(is->value, sizeof(is->value), value);
	}
	str_copy(is->msg, sizeof(is->msg), msg);
}

static int
match_header(enum import_kind k, const char *h)
{
	struct buf f, g;
	const struct col_def *d;
	size_t i, j;
	int r = -1;

	buf_init(&f, 1024);
	buf_init(&g, 1024);
	if (text_fold(h, &f) != OK)
		goto out;
	for (i = 0; i < ndefs[k] && r < 0; i++) {
		d = &defs[k][i];
		buf_reset(&g);
		text_fold(d->header, &g);
		if (strcmp(buf_str(&f), buf_str(&g)) == 0)
			r = (int)i;
		for (j = 0; j < NELEM(d->alias) && d->alias[j] && r < 0; j++)
			if (strcmp(buf_str(&f), d->alias[j]) == 0)
				r = (int)i;
	}
out:
	buf_free(&f);
	buf_free(&g);
	return r;
}

static enum err
read_header(struct import_ctx *c, const struct table_row *row)
{
	size_t i;
	int d;
	char msg[256];

	c->have_header = 1;
	for (i = 0; i < NELEM(c->defcol); i++)
		c->defcol[i] = -1;
	c->ncols = row->ncells < LIM_IMPORT_COLS ? row->ncells : LIM_IMPORT_COLS;
	for (i = 0; i < c->ncols; i++) {
		c->colmap[i] = -1;
		if (row->cells[i][0] == '\0')
			continue;
		if ((d = match_header(c->kind, row->cells[i])) < 0)
			continue;	/* extra columns (STT, ghi chú) are fine */
		if (c->defcol[d] >= 0) {
			snprintf(msg, sizeof(msg), "Cột “%s” xuất hiện hai lần",
			    row->cells[i]);
			issue(c, row->rownum, (int)i, row->cells[i], msg);
			c->bad = 1;
			continue;
		}
		c->colmap[i] = d;
		c->defcol[d] = (int)i;
	}
	/* required columns */
	if (c->kind == IMPORT_PEOPLE) {
		if (c->defcol[PC_FULL] < 0 && c->defcol[PC_GIVEN] < 0)
			issue(c, row->rownum, -1, NULL, "Thiếu cột “Họ và tên” "
			    "(hoặc các cột “Họ”, “Tên đệm”, “Tên”)");
		if (c->defcol[PC_GENDER] < 0)
			issue(c, row->rownum, -1, NULL, "Thiếu cột “Giới tính”");
		if (c->defcol[PC_UNIT] < 0 && !c->opts->default_unit)
			issue(c, row->rownum, -1, NULL, "Thiếu cột “Mã đơn vị”");
	} else {
		static const enum ucol req[] = { UC_CODE, UC_NAME, UC_KIND,
		    UC_BLOCK };

		for (i = 0; i < NELEM(req); i++)
			if (c->defcol[req[i]] < 0) {
				snprintf(msg, sizeof(msg), "Thiếu cột “%s”",
				    unit_cols[req[i]].header);
				issue(c, row->rownum, -1, NULL, msg);
			}
	}
	if (c->rep->nissues)
		c->bad = 1;
	/* without the columns, rows cannot be read */
	return c->rep->nissues ? ERR_INVAL : OK;
}

static const char *
cell(struct import_ctx *c, const struct table_row *row, int def)
{
	int col = c->defcol[def];

	if (col < 0 || (size_t)col >= row->ncells)
		return NULL;
	return row->cells[col];
}

/* Report the problems of one row against the columns they concern. */
static void
row_problems(struct import_ctx *c, const struct table_row *row,
    const struct problems *p)
{
	size_t i, j;
	int col;

	for (i = 0; i < p->n; i++) {
		col = -1;
		for (j = 0; j < ndefs[c->kind]; j++)
			if (strcmp(defs[c->kind][j].field, p->items[i].field) ==
			    0 && c->defcol[j] >= 0)
				col = c->defcol[j];
		/* name problems: the name column the file has */
		if (col < 0 && strcmp(p->items[i].field, PF_FULL_NAME) == 0 &&
		    c->kind == IMPORT_PEOPLE)
			col = c->defcol[PC_FULL] >= 0 ? c->defcol[PC_FULL] :
			    c->defcol[PC_GIVEN];
		issue(c, row->rownum, col, col >= 0 && (size_t)col <
		    row->ncells ? row->cells[col] : NULL, p->items[i].msg);
	}
	c->bad = 1;
}

/* A code may appear once per file: an open-addressing set of the codes
 * seen, with the row each was first seen on. */
static int
code_seen(struct import_ctx *c, const char *code, size_t row, size_t *first)
{
	struct seen_code *old;
	size_t i, j, oldcap;
	uint32_t h = code_hash(code);

	if ((c->nseen + 1) * 2 > c->capseen) {
		old = c->seen;
		oldcap = c->capseen;
		c->capseen = oldcap ? oldcap * 2 : 1024;
		c->seen = xcalloc(c->capseen, sizeof(*c->seen));
		for (i = 0; i < oldcap; i++) {
			if (old[i].row == 0)
				continue;
			j = code_hash(old[i].code) & (c->capseen - 1);
			while (c->seen[j].row != 0)
				j = (j + 1) & (c->capseen - 1);
			c->seen[j] = old[i];
		}
		free(old);
	}
	for (j = h & (c->capseen - 1); c->seen[j].row != 0;
	    j = (j + 1) & (c->capseen - 1))
		if (strcmp(c->seen[j].code, code) == 0) {
			*first = c->seen[j].row;
			return 1;
		}
	str_copy(c->seen[j].code, sizeof(c->seen[j].code), code);
	c->seen[j].row = row;
	c->nseen++;
	return 0;
}

static void
count_change(struct import_ctx *c, int changed, int existed)
{
	if (!changed)
		c->rep->unchanged++;
	else if (existed)
		c->rep->updated++;
	else
		c->rep->created++;
}

/* What became of a row's person. */
static enum err
upserted(struct import_ctx *c, size_t rownum, const char *code, enum err e,
    int changed)
{
	if (e == ERR_DENIED) {
		issue(c, rownum, c->defcol[PC_CODE], code, "Mã này thuộc "
		    "một người ở đơn vị ngoài phạm vi của bạn");
		c->bad = 1;
		c->rep->valid--;
		return OK;
	}
	if (e != OK)
		return e;
	count_change(c, changed != 0, changed == 2);
	return OK;
}

/* Write the rows waiting with a code, in their order. */
static enum err
pend_flush(struct import_ctx *c)
{
	struct pending *q = c->pend;
	size_t i, n = q->n;
	enum err e;

	if (n == 0)
		return OK;
	q->n = 0;
	e = people_upsert_coded_tx(c->st, c->a, q->v, n, c->acc, c->batch,
	    q->changed, q->res);
	for (i = 0; i < n && e == OK; i++)
		e = upserted(c, q->rownum[i], q->v[i].code, q->res[i],
		    q->changed[i]);
	return e;
}

static enum err
people_row(struct import_ctx *c, const struct table_row *row)
{
	struct person_in in;
	struct person p;
	const struct unit *u;
	struct problems pr = {0};
	size_t first;
	int changed;
	enum err e;
	char msg[256];

	memset(&in, 0, sizeof(in));
	in.code = cell(c, row, PC_CODE);
	in.full_name = cell(c, row, PC_FULL);
	in.family = cell(c, row, PC_FAMILY);
	in.middle = cell(c, row, PC_MIDDLE);
	in.given = cell(c, row, PC_GIVEN);
	in.gender = cell(c, row, PC_GENDER);
	in.birth_date = cell(c, row, PC_BIRTH);
	in.position = cell(c, row, PC_POSITION);
	in.is_leader = cell(c, row, PC_LEADER);
	in.is_member = cell(c, row, PC_MEMBER);
	in.joined_union = cell(c, row, PC_JOINED);
	in.unit_code = cell(c, row, PC_UNIT);
	if (in.unit_code != NULL && *in.unit_code == '\0')
		in.unit_code = NULL;
	u = NULL;
	if (in.unit_code == NULL && c->opts->default_unit == 0)
		problems_add(&pr, PF_UNIT, "Thiếu mã đơn vị");
	else if ((e = row_unit(c, in.unit_code, c->opts->default_unit,
	    &u)) == ERR_DB)
		return e;
	else if (e != OK)
		problems_add(&pr, PF_UNIT, "Không có đơn vị “%s” trong phạm vi "
		    "của bạn", in.unit_code ? in.unit_code : "đã chọn");
	people_validate_in(c->a, &in, u, &p, &pr);
	if (p.code[0] && code_seen(c, p.code, row->rownum, &first)) {
		snprintf(msg, sizeof(msg), "Mã “%s” trùng với dòng %zu", p.code,
		    first);
		problems_add(&pr, PF_CODE, "%s", msg);
	}
	if (pr.n) {
		row_problems(c, row, &pr);
		return OK;
	}
	c->rep->valid++;
	if (c->bad && !c->opts->good_rows)
		return OK;	/* nothing will be kept: just check */
	/* rows with a code are looked up a thousand at a time */
	if (p.code[0]) {
		c->pend->v[c->pend->n] = p;
		c->pend->rownum[c->pend->n++] = row->rownum;
		return c->pend->n == PEOPLE_CODED_MAX ? pend_flush(c) : OK;
	}
	if ((e = pend_flush(c)) != OK)
		return e;
	e = people_upsert_tx(c->st, c->a, &p, c->acc, c->batch, &changed);
	return upserted(c, row->rownum, p.code, e, changed);
}

static enum err
units_row(struct import_ctx *c, const struct table_row *row)
{
	struct unit_in in;
	struct unit old;
	struct problems pr = {0};
	size_t first;
	int changed, existed;
	enum err e;

	memset(&in, 0, sizeof(in));
	in.code = cell(c, row, UC_CODE);
	in.name = cell(c, row, UC_NAME);
	in.short_name = cell(c, row, UC_SHORT);
	in.kind = cell(c, row, UC_KIND);
	in.block = cell(c, row, UC_BLOCK);
	in.parent_code = cell(c, row, UC_PARENT);
	if (in.code && *in.code && code_seen(c, in.code, row->rownum, &first))
		problems_add(&pr, "code", "Mã “%s” trùng với dòng %zu", in.code,
		    first);
	if (pr.n) {
		row_problems(c, row, &pr);
		return OK;
	}
	existed = units_get_by_code(c->st, c->a, in.code ? in.code : "",
	    &old) == OK;
	/* a refused row leaves nothing behind, even half-way through */
	if ((e = store_mark(c->st)) != OK)
		return e;
	e = units_import_tx(c->st, c->a, &in, &changed, &pr);
	if (e == ERR_INVAL || e == ERR_DENIED) {
		if ((e = store_undo_to_mark(c->st)) != OK)
			return e;
		if (pr.n == 0)
			problems_add(&pr, "parent", "Bạn không có quyền thêm "
			    "đơn vị vào đơn vị cấp trên này");
		row_problems(c, row, &pr);
		return OK;
	}
	if (e != OK || (e = store_unmark(c->st)) != OK)
		return e;
	c->rep->valid++;
	count_change(c, changed, existed);
	return OK;
}

static enum err
on_row(const struct table_row *row, void *arg)
{
	struct import_ctx *c = arg;
	enum err e;

	if (!c->have_header)
		return read_header(c, row);
	if (row->ncells == 0)
		return OK;
	if (++c->rep->rows > LIM_IMPORT_ROWS)
		return ERR_LIMIT;
	e = c->kind == IMPORT_PEOPLE ? people_row(c, row) : units_row(c, row);
	if (e != OK) {
		c->fatal = e;
		return e;
	}
	if (c->opts->progress && c->rep->rows % 500 == 0)
		c->opts->progress(c->rep->rows, c->total, c->opts->progress_arg);
	return OK;
}

/* Issues in row order (rows with a code are written a thousand at a
 * time, after the checks of the rows that follow them); a stable
 * insertion sort of a list that is nearly in order. */
static void
sort_issues(struct import_report *r)
{
	struct import_issue t;
	size_t i, j, n = r->nissues < LIM_REPORT_ERRORS ? r->nissues :
	    LIM_REPORT_ERRORS;

	for (i = 1; i < n; i++) {
		if (r->issues[i].row >= r->issues[i - 1].row)
			continue;
		t = r->issues[i];
		for (j = i; j > 0 && r->issues[j - 1].row > t.row; j--)
			r->issues[j] = r->issues[j - 1];
		r->issues[j] = t;
	}
}

void
import_report_free(struct import_report *r)
{
	free(r->issues);
	memset(r, 0, sizeof(*r));
}

enum err
import_run(struct store *st, const struct actor *a, enum import_kind kind,
    const char *data, size_t len, const struct import_opts *opts,
    struct import_report *rep)
{
	struct import_ctx c;
	struct buf em;
	enum err e;
	char summary[128];

	memset(rep, 0, sizeof(*rep));
	memset(&c, 0, sizeof(c));
	c.st = st;
	c.a = a;
	c.kind = kind;
	c.opts = opts;
	c.rep = rep;
	c.total = len;
	buf_init(&em, 1024);
	if (len == 0) {
		issue(&c, 0, -1, NULL, "Tệp rỗng");
		return ERR_INVAL;
	}
	if ((e = store_begin(st)) != OK)
		return e;
	c.acc = stats_acc_new();
	if (kind == IMPORT_PEOPLE) {
		c.batch = people_batch_new();
		c.pend = xcalloc(1, sizeof(*c.pend));
	}
	e = table_read(data, len, on_row, &c, &em);
	if (c.fatal == OK && c.pend != NULL && (c.fatal = pend_flush(&c)) !=
	    OK)
		e = c.fatal;
	sort_issues(rep);
	if (c.fatal != OK) {
		/* a row could not be written: nothing is, whatever was asked */
		e = c.fatal;
		issue(&c, rep->rows, -1, NULL, "Lỗi khi ghi dòng này; chưa có "
		    "gì được ghi");
	}
	else if (e == ERR_LIMIT && rep->rows > LIM_IMPORT_ROWS) {
		issue(&c, 0, -1, NULL, "Tệp có quá nhiều dòng (tối đa 1.000.000)");
		e = ERR_INVAL;
	} else if (e == ERR_INVAL && c.have_header && em.len == 0)
		e = ERR_INVAL;	/* header problems, already reported */
	else if (e != OK) {
		issue(&c, 0, -1, NULL, em.len ? buf_str(&em) :
		    "Không đọc được tệp");
		e = ERR_INVAL;
	} else if (!c.have_header) {
		issue(&c, 0, -1, NULL, "Tệp không có dòng tiêu đề");
		e = ERR_INVAL;
	} else if (rep->rows == 0) {
		issue(&c, 0, -1, NULL, "Tệp không có dòng dữ liệu nào");
		e = ERR_INVAL;
	}
	if (e == OK && c.bad)
		e = ERR_INVAL;
	if ((e == OK || (e == ERR_INVAL && opts->good_rows && c.have_header &&
	    rep->valid > 0)) && c.fatal == OK && !opts->dry_run) {
		enum err e2 = people_batch_flush(st, c.batch);

		if (e2 == OK)
			e2 = stats_acc_apply(c.acc, st);
		if (e2 == OK && kind == IMPORT_PEOPLE)
			e2 = people_index_tx(st);

		snprintf(summary, sizeof(summary), "%zu dòng: %zu thêm, %zu sửa",
		    rep->rows, rep->created, rep->updated);
		/* an import that changed nothing leaves no trace */
		if (e2 == OK && rep->created + rep->updated > 0)
			e2 = audit_log(st, a, "import", kind == IMPORT_PEOPLE ?
			    "person" : "unit", 0, auth_home(a) ?
			    auth_home(a)->path : "/", summary, NULL, NULL);
		if (e2 == OK)
			e2 = store_commit(st);
		else
			store_rollback(st);
		if (e2 != OK)
			e = e2;
		else
			rep->written = 1;
	} else
		store_rollback(st);
	if (!rep->written && !opts->dry_run && e == OK)
		e = ERR_INVAL;
	stats_acc_free(c.acc);
	people_batch_free(c.batch);
	free(c.pend);
	free(c.seen);
	free(c.units);
	buf_free(&em);
	return e;
}

enum err
import_template(enum import_kind kind, struct buf *out)
{
	struct table_col cols[PC__MAX];
	const char *row[PC__MAX];
	const struct col_def *d = defs[kind];
	size_t i, n = 0;
	struct table_writer *w;
	struct buf em;
	enum err e;

	buf_init(&em, 1024);
	for (i = 0; i < ndefs[kind]; i++) {
		/* the template offers the full name; parts are optional */
		if (kind == IMPORT_PEOPLE && (i == PC_FAMILY || i == PC_MIDDLE ||
		    i == PC_GIVEN))
			continue;
		cols[n].header = d[i].header;
		cols[n].width = d[i].width;
		cols[n].choices = d[i].choices;
		cols[n].is_date = d[i].is_date;
		row[n] = kind == IMPORT_PEOPLE ? people_example[i] :
		    unit_example[i];
		n++;
	}
	if ((w = table_writer_new(TABLE_XLSX, kind == IMPORT_PEOPLE ?
	    "Nguoi" : "Don vi", cols, n, &em)) == NULL) {
		log_err("template: %s", buf_str(&em));
		buf_free(&em);
		return ERR_IO;
	}
	buf_free(&em);
	if ((e = table_writer_row(w, row)) != OK) {
		table_writer_free(w);
		return e;
	}
	return table_writer_finish(w, out);
}
