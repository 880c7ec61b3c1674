/*
 * table.c: the front of the table formats.  It tells CSV from XLSX by the
 * first bytes, hands reading to csv.c or xlsx.c, and dispatches the
 * writers.  It also holds the few helpers both halves share: messages,
 * column letters, a strict UTF-8 check.
 * Trusts nothing about the bytes it is given; trusts its callers to pass
 * a table_col array of ncols entries and rows of ncols strings.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../base/limits.h"
#include "table.h"

struct table_writer {
	enum table_format	 format;
	struct csv_writer	*csv;
	struct xlsx_writer	*xlsx;
};

enum table_format
table_sniff(const char *data, size_t len)
{
	/* A local file header, or the end record of an empty archive. */
	if (data != NULL && len >= 4 && data[0] == 'P' && data[1] == 'K' &&
	    ((data[2] == 3 && data[3] == 4) || (data[2] == 5 && data[3] == 6)))
		return TABLE_XLSX;
	return TABLE_CSV;
}

/* An OLE2 compound file: a legacy .xls, or an .xlsx with a password. */
static int
table_is_ole(const char *data, size_t len)
{
	static const unsigned char sig[8] = {
		0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1
	};

	return len >= sizeof(sig) && memcmp(data, sig, sizeof(sig)) == 0;
}

enum err
table_read_limit(const char *data, size_t len, table_row_fn fn, void *arg,
    struct buf *errmsg, size_t max_xml)
{
	if (data == NULL) {
		if (len != 0)
			return ERR_INVAL;
		data = "";
	}
	if (table_sniff(data, len) == TABLE_XLSX)
		return xlsx_read(data, len, fn, arg, errmsg, max_xml);
	if (table_is_ole(data, len))
		return table_errf(errmsg, ERR_INVAL, "Tệp là bảng tính Excel "
		    "cũ (.xls) hoặc có mật khẩu; hãy lưu lại thành .xlsx "
		    "không mật khẩu hoặc .csv");
	return csv_read(data, len, fn, arg, errmsg);
}

enum err
table_read(const char *data, size_t len, table_row_fn fn, void *arg,
    struct buf *errmsg)
{
	return table_read_limit(data, len, fn, arg, errmsg, LIM_XLSX_XML);
}

struct table_writer *
table_writer_new(enum table_format format, const char *sheetname,
    const struct table_col *cols, size_t ncols, struct buf *errmsg)
{
	struct table_writer *w;

	if (cols == NULL || ncols == 0) {
		table_errf(errmsg, ERR_INVAL, "Bảng không có cột nào");
		return NULL;
	}
	w = xcalloc(1, sizeof(*w));
	w->format = format;
	if (format == TABLE_CSV)
		w->csv = csv_writer_new(cols, ncols, errmsg);
	else
		w->xlsx = xlsx_writer_new(sheetname, cols, ncols, errmsg);
	if (w->csv == NULL && w->xlsx == NULL) {
		free(w);
		return NULL;
	}
	return w;
}

enum err
table_writer_row(struct table_writer *w, const char *const *cells)
{
	if (w->format == TABLE_CSV)
		return csv_writer_row(w->csv, cells);
	return xlsx_writer_row(w->xlsx, cells);
}

enum err
table_writer_finish(struct table_writer *w, struct buf *out)
{
	enum err e;

	if (w->format == TABLE_CSV)
		e = csv_writer_finish(w->csv, out);
	else
		e = xlsx_writer_finish(w->xlsx, out);
	free(w);
	return e;
}

void
table_writer_free(struct table_writer *w)
{
	if (w == NULL)
		return;
	csv_writer_free(w->csv);
	xlsx_writer_free(w->xlsx);
	free(w);
}

enum err
table_errf(struct buf *errmsg, enum err e, const char *fmt, ...)
{
	va_list ap;

	if (errmsg == NULL)
		return e;
	va_start(ap, fmt);
	buf_vaddf(errmsg, fmt, ap);
	va_end(ap);
	return e;
}

void
table_colname(size_t col, char out[8])
{
	char tmp[8];
	size_t n = 0, i;

	/* Bijective base 26; 7 letters reach far past any real column. */
	col++;
	while (col > 0 && n < sizeof(tmp) - 1) {
		col--;
		tmp[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

size_t
table_utf8_prefix(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, need;
	unsigned int cp, min;

	while (i < n) {
		if (p[i] == 0)
			return i;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (p[i] >= 0xc2 && p[i] <= 0xdf) {
			need = 1;
			cp = p[i] & 0x1f;
			min = 0x80;
		} else if (p[i] >= 0xe0 && p[i] <= 0xef) {
			need = 2;
			cp = p[i] & 0x0f;
			min = 0x800;
		} else if (p[i] >= 0xf0 && p[i] <= 0xf4) {
			need = 3;
			cp = p[i] & 0x07;
			min = 0x10000;
		} else
			return i;
		if (n - i <= need)
			return i;
		for (k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates, beyond U+10FFFF. */
		if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return i;
		i += need + 1;
	}
	return i;
}

enum err
table_buf_move(struct buf *dst, struct buf *src)
{
	enum err e;

	if (src->err != OK)
		e = src->err;
	else if (dst->len == 0 && dst->err == OK && src->len <= dst->max) {
		/* Hand the memory over instead of copying a large file. */
		free(dst->p);
		dst->p = src->p;
		dst->len = src->len;
		dst->cap = src->cap;
		src->p = NULL;
		src->len = src->cap = 0;
		return OK;
	} else
		e = buf_add(dst, src->p, src->len);
	buf_free(src);
	return e;
}
