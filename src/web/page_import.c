/*
 * page_import.c: importing units and people from Excel or CSV: the upload
 * form, the job page that follows a running import and then shows its
 * report (row, column, value, reason), and the templates.
 */
#include <stdio.h>
#include <string.h>

#include "../base/limits.h"
#include "handlers.h"

static const char *const kind_values[] = { "people", "units" };
static const char *const kind_texts[] = { "Danh sách người (CBCCVC-LĐ)",
	"Danh sách đơn vị" };

void
page_import(struct req *r)
{
	struct html h;
	const char *k = req_query(r, "kind");

	html_init(&h, &r->out);
	layout_begin(r, &h, "Nhập từ Excel", NAV_IMPORT);
	html_elem(&h, "h1", "Nhập dữ liệu từ Excel hoặc CSV", NULL);
	html_elem(&h, "p", "Tải mẫu về, điền hoặc dán danh sách từ Excel của "
	    "đơn vị, rồi gửi lên. Hệ thống kiểm tra từng dòng và chỉ ghi khi "
	    "cả tệp đều đúng (hoặc khi bạn chọn chỉ nhập các dòng đúng).",
	    "class", "lead", NULL);
	html_open(&h, "p", "class", "actions", NULL);
	html_elem(&h, "a", "Tải mẫu danh sách người (.xlsx)", "class", "button",
	    "href", "/import/template/people", NULL);
	html_elem(&h, "a", "Tải mẫu danh sách đơn vị (.xlsx)", "class",
	    "button", "href", "/import/template/units", NULL);
	html_close(&h);
	html_open(&h, "form", "method", "post", "action", "/import", "enctype",
	    "multipart/form-data", "class", "grid", NULL);
	layout_csrf(r, &h);
	layout_select(&h, "kind", "Loại dữ liệu", kind_values, kind_texts, 2,
	    k ? k : "people");
	html_open(&h, "label", NULL);
	html_elem(&h, "span", "Tệp .xlsx hoặc .csv", NULL);
	html_void(&h, "input", "type", "file", "name", "file", "required", "",
	    "accept", ".xlsx,.csv,text/csv", "data-max",
	    arena_printf(r->arena, "%d", LIM_UPLOAD), NULL);
	html_close(&h);
	html_open(&h, "label", "class", "check", NULL);
	html_void(&h, "input", "type", "checkbox", "name", "good_rows", "value",
	    "1", NULL);
	html_elem(&h, "span", "Nếu có dòng sai, vẫn nhập các dòng đúng", NULL);
	html_close(&h);
	html_open(&h, "div", "class", "buttons", NULL);
	html_elem(&h, "button", "Kiểm tra trước", "type", "submit", "name",
	    "mode", "value", "check", NULL);
	html_elem(&h, "button", "Nhập", "type", "submit", "name", "mode",
	    "value", "import", "class", "primary", NULL);
	html_close(&h);
	html_close(&h);
	layout_end(r, &h);
}

static int
kind_of(const char *s)
{
	if (s == NULL)
		return -1;
	if (strncmp(s, "people", 6) == 0)
		return IMPORT_PEOPLE;
	if (strncmp(s, "units", 5) == 0)
		return IMPORT_UNITS;
	return -1;
}

void
page_import_post(struct req *r)
{
	const struct kv *f = req_file(r, "file");
	const char *mode = req_form(r, "mode");
	int kind = kind_of(req_form(r, "kind"));
	struct import_opts o;
	int64_t id;
	enum err e;

	if (f == NULL || f->len == 0) {
		resp_error(r, ERR_INVAL, "Hãy chọn một tệp .xlsx hoặc .csv có dữ "
		    "liệu");
		return;
	}
	if (kind < 0) {
		resp_error(r, ERR_INVAL, "Loại dữ liệu không hợp lệ");
		return;
	}
	if (!auth_has(&r->actor, kind == IMPORT_PEOPLE ? CAP_PEOPLE :
	    CAP_UNITS)) {
		resp_error(r, ERR_DENIED, NULL);
		return;
	}
	memset(&o, 0, sizeof(o));
	o.dry_run = mode == NULL || strcmp(mode, "import") != 0;
	o.good_rows = form_tri(req_form(r, "good_rows")) == 1;
	if ((e = jobs_start(r, (enum import_kind)kind, f->val, f->len,
	    f->filename, &o, &id)) != OK) {
		resp_error(r, e, e == ERR_BUSY ? "Đang có việc nhập khác chạy; "
		    "hãy thử lại sau ít phút" : NULL);
		return;
	}
	resp_redirect(r, arena_printf(r->arena, "/import/jobs/%lld",
	    (long long)id));
}

struct job_page {
	struct req	*r;
	struct html	*h;
};

static void
summary(struct html *h, struct req *r, const struct job_view *v)
{
	const struct import_report *rep = v->rep;

	html_open(h, "ul", "class", "summary", NULL);
	html_elem(h, "li", arena_printf(r->arena, "Tệp: %s", v->filename), NULL);
	html_elem(h, "li", arena_printf(r->arena, "Số dòng dữ liệu: %zu",
	    rep->rows), NULL);
	html_elem(h, "li", arena_printf(r->arena, "Dòng đúng: %zu", rep->valid),
	    NULL);
	if (rep->nissues)
		html_elem(h, "li", arena_printf(r->arena, "Số lỗi: %zu",
		    rep->nissues), "class", "bad", NULL);
	if (rep->written || (v->dry_run && rep->nissues == 0))
		html_elem(h, "li", arena_printf(r->arena, "%s %zu thêm mới, %zu "
		    "cập nhật, %zu không đổi", rep->written ? "Đã ghi:" :
		    "Sẽ ghi:", rep->created, rep->updated, rep->unchanged), NULL);
	html_close(h);
}

static const char *const issue_heads[] = { "Dòng", "Cột", "Giá trị",
	"Vấn đề" };

static void
issues_table(struct html *h, struct req *r, const struct import_report *rep)
{
	size_t i, n = rep->nissues < LIM_REPORT_ERRORS ? rep->nissues :
	    LIM_REPORT_ERRORS;

	layout_table(h, "list issues", issue_heads, NELEM(issue_heads));
	for (i = 0; i < n; i++) {
		const struct import_issue *is = &rep->issues[i];

		html_open(h, "tr", NULL);
		html_elem(h, "td", is->row ? arena_printf(r->arena, "%zu",
		    is->row) : "—", "data-label", "Dòng", NULL);
		html_elem(h, "td", is->col[0] ? arena_printf(r->arena, "%s%s%s",
		    is->col, is->column[0] ? " · " : "", is->column) : "—",
		    "data-label", "Cột", NULL);
		html_elem(h, "td", is->value, "data-label", "Giá trị", NULL);
		html_elem(h, "td", is->msg, "data-label", "Vấn đề", NULL);
		html_close(h);
	}
	html_close(h);
	html_close(h);
	if (rep->nissues > n)
		html_elem(h, "p", arena_printf(r->arena, "… và %zu lỗi khác.",
		    rep->nissues - n), NULL);
}

static void
job_html(const struct job_view *v, void *arg)
{
	struct job_page *c = arg;
	struct html *h = c->h;
	struct req *r = c->r;

	html_elem(h, "h1", v->dry_run ? "Kiểm tra tệp" : "Nhập tệp", NULL);
	if (v->state == 0) {
		html_elem(h, "p", arena_printf(r->arena, "Đang xử lý… đã đọc "
		    "%zu dòng. Trang tự cập nhật.", v->done), "class", "progress",
		    "role", "status", "data-job", "running", NULL);
		html_open(h, "progress", "aria-label", "Tiến độ", NULL);
		html_close(h);
		return;
	}
	if (v->rep->written)
		html_elem(h, "p", "Đã nhập xong.", "class", "flash ok",
		    "role", "status", NULL);
	else if (v->dry_run && v->rep->nissues == 0 && v->result == OK)
		html_elem(h, "p", "Tệp hợp lệ. Chưa có gì được ghi; bấm “Nhập "
		    "tệp này” để ghi.", "class", "flash ok", "role", "status",
		    NULL);
	else if (v->rep->nissues)
		html_elem(h, "p", v->dry_run ? "Tệp có lỗi. Chưa có gì được "
		    "ghi. Hãy sửa các dòng dưới đây rồi gửi lại." : "Tệp có lỗi "
		    "nên chưa có gì được ghi. Hãy sửa các dòng dưới đây rồi gửi "
		    "lại.", "class", "flash err", "role", "alert", NULL);
	else if (v->result != OK)
		html_elem(h, "p", "Không nhập được do lỗi hệ thống; chưa có gì "
		    "được ghi.", "class", "flash err", "role", "alert", NULL);
	summary(h, r, v);
	if (v->rep->nissues)
		issues_table(h, r, v->rep);
	if (v->dry_run && v->size > 0 && (v->result == OK ||
	    v->rep->valid > 0)) {
		html_open(h, "form", "method", "post", "action",
		    arena_printf(r->arena, "/import/jobs/%lld/commit",
		    (long long)v->id), "class", "inline", NULL);
		layout_csrf(r, h);
		if (v->result != OK)
			html_void(h, "input", "type", "hidden", "name",
			    "good_rows", "value", "1", NULL);
		html_elem(h, "button", v->result == OK ? "Nhập tệp này" :
		    arena_printf(r->arena, "Chỉ nhập %zu dòng đúng",
		    v->rep->valid), "type", "submit", "class", "primary", NULL);
		html_close(h);
	}
	html_open(h, "p", NULL);
	html_elem(h, "a", "Nhập tệp khác", "href", "/import", NULL);
	html_close(h);
}

/* 1 while the job runs. */
static void
running(const struct job_view *v, void *arg)
{
	*(int *)arg = v->state == 0;
}

void
page_import_job(struct req *r)
{
	struct html h;
	struct job_page c = { r, &h };
	int busy = 0;

	if (jobs_view(r->id, r->actor.user_id, running, &busy) != OK) {
		resp_error(r, ERR_NOTFOUND, "Không có việc nhập này (kết quả "
		    "chỉ được giữ trong một giờ)");
		return;
	}
	html_init(&h, &r->out);
	r->refresh = busy ? 1 : 0;
	layout_begin(r, &h, "Nhập từ Excel", NAV_IMPORT);
	jobs_view(r->id, r->actor.user_id, job_html, &c);
	layout_end(r, &h);
}

void
page_import_commit(struct req *r)
{
	int64_t id;
	enum err e;

	e = jobs_commit(r, r->id, form_tri(req_form(r, "good_rows")) == 1, &id);
	if (e != OK) {
		resp_error(r, e, e == ERR_CONFLICT ? "Tệp không còn được giữ; "
		    "hãy gửi lại" : e == ERR_BUSY ? "Đang có việc nhập khác "
		    "chạy; hãy thử lại sau ít phút" : NULL);
		return;
	}
	resp_redirect(r, arena_printf(r->arena, "/import/jobs/%lld",
	    (long long)id));
}

void
page_import_template(struct req *r)
{
	int kind = kind_of(r->segs[0]);
	struct buf out;
	enum err e;

	if (kind < 0) {
		resp_error(r, ERR_NOTFOUND, NULL);
		return;
	}
	buf_init(&out, (size_t)16 << 20);
	if ((e = import_template((enum import_kind)kind, &out)) != OK) {
		buf_free(&out);
		resp_error(r, e, NULL);
		return;
	}
	resp_file(r, "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet", kind == IMPORT_PEOPLE ? "mau-nguoi.xlsx" :
	    "mau-don-vi.xlsx", &out);
}
