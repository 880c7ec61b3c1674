/*
 * respond.c: status pages, redirects, errors and file downloads, as HTML
 * for pages and as JSON for the API.  Errors in JSON have a stable code
 * (err_code()) and a Vietnamese message.
 */
#include <stdio.h>
#include <string.h>

#include "handlers.h"

static int
status_of(enum err e)
{
	switch (e) {
	case OK: return 200;
	case ERR_INVAL: return 422;
	case ERR_NOTFOUND: return 404;
	case ERR_DENIED: return 403;
	case ERR_AUTH: return 401;
	case ERR_CONFLICT: return 409;
	case ERR_LIMIT: return 413;
	case ERR_BUSY: return 429;
	default: return 500;
	}
}

void
resp_status(struct req *r, int status)
{
	r->status = status;
}

void
resp_redirect(struct req *r, const char *location)
{
	r->status = 303;
	r->location = arena_strdup(r->arena, location);
	buf_reset(&r->out);
}

static const char *
default_message(enum err e)
{
	switch (e) {
	case ERR_NOTFOUND: return "Không tìm thấy";
	case ERR_DENIED: return "Bạn không có quyền làm việc này";
	case ERR_AUTH: return "Cần đăng nhập";
	case ERR_LIMIT: return "Dữ liệu quá lớn";
	case ERR_BUSY: return "Hệ thống đang bận, hãy thử lại sau ít phút";
	case ERR_DB: return "Lỗi cơ sở dữ liệu; thao tác chưa được ghi";
	case ERR_IO: return "Lỗi đọc ghi tệp; thao tác chưa được ghi";
	default: return "Dữ liệu không hợp lệ";
	}
}

static void
json_error(struct req *r, enum err e, const char *msg,
    const struct problems *p)
{
	struct json j;
	size_t i;

	buf_reset(&r->out);
	r->out_type = "application/json; charset=utf-8";
	json_init(&j, &r->out);
	json_obj(&j, NULL);
	json_obj(&j, "error");
	json_str(&j, "code", err_code(e));
	json_str(&j, "message", msg);
	if (p && p->n) {
		json_arr(&j, "fields");
		for (i = 0; i < p->n; i++) {
			json_obj(&j, NULL);
			json_str(&j, "field", p->items[i].field);
			json_str(&j, "message", p->items[i].msg);
			json_end(&j);
		}
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
	buf_addc(&r->out, '\n');
}

void
resp_error(struct req *r, enum err e, const char *msg)
{
	struct html h;

	r->status = status_of(e);
	if (msg == NULL)
		msg = default_message(e);
	if (r->is_api) {
		json_error(r, e, msg, NULL);
		return;
	}
	buf_reset(&r->out);
	r->out_type = "text/html; charset=utf-8";
	html_init(&h, &r->out);
	layout_begin(r, &h, r->status == 404 ? "Không tìm thấy" : "Có lỗi",
	    NAV_NONE);
	html_open(&h, "section", "class", "error", NULL);
	html_elem(&h, "h1", r->status == 404 ? "Không tìm thấy" : "Có lỗi",
	    NULL);
	html_elem(&h, "p", msg, NULL);
	html_open(&h, "p", NULL);
	html_elem(&h, "a", "Về trang chủ", "href", "/", NULL);
	html_close(&h);
	html_close(&h);
	layout_end(r, &h);
}

void
resp_problems(struct req *r, const struct problems *p)
{
	r->status = 422;
	json_error(r, ERR_INVAL, p->n ? p->items[0].msg : "Dữ liệu không hợp lệ",
	    p);
}

void
resp_file(struct req *r, const char *ctype, const char *filename,
    struct buf *data)
{
	buf_free(&r->out);
	r->out = *data;
	buf_init(data, 1);
	r->status = 200;
	r->out_type = ctype;
	r->disposition = arena_printf(r->arena,
	    "attachment; filename=\"%s\"", filename);
}

void
resp_session_cookie(struct req *r, const char *token)
{
	r->set_cookie = arena_printf(r->arena, "thidua_sid=%s; Path=/; "
	    "HttpOnly; SameSite=Lax%s%s", token ? token : "",
	    r->secure ? "; Secure" : "", token ? "" : "; Max-Age=0");
}
