/*
 * csv.c: reading and writing CSV as Vietnamese offices make it: UTF-8 with
 * or without a byte order mark, ',' or ';' between fields (Excel in the
 * vi-VN locale writes ';'), RFC 4180 quoting, CRLF, LF or CR lines.
 * The reader trusts nothing in the bytes: it walks a pointer from data to
 * data + len, never past it, copies each field into a bounded buffer
 * (LIM_CELL_BYTES) and refuses text that is not strict UTF-8.  Memory is
 * bounded by one row: LIM_IMPORT_COLS cells of LIM_CELL_BYTES.
 * The writer trusts its caller to give ncols strings per row.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/limits.h"
#include "table.h"

/* The largest CSV file we build in memory before it is handed over. */
#define CSV_OUT_MAX	((size_t)1 << 30)

struct csv {
	const char	*p;		/* next byte to read */
	const char	*end;		/* one past the last byte */
	char		 delim;
	size_t		 rownum;
	struct buf	 field;		/* the field being read */
	struct buf	 row;		/* the row's cells, NUL-terminated */
	size_t		 off[LIM_IMPORT_COLS];
	size_t		 ncol;		/* cells stored in row */
	size_t		 nonblank;	/* 1 + last non-blank column */
	struct buf	*errmsg;
};

/*
 * ';' if the first non-empty line has more semicolons than commas outside
 * quotes, else ','.
 */
static char
csv_delim(const char *p, const char *end)
{
	size_t semi = 0, comma = 0;
	int inq = 0;

	while (p < end && (*p == '\r' || *p == '\n'))
		p++;
	for (; p < end; p++) {
		if (*p == '"')
			inq = !inq;
		else if (inq)
			continue;
		else if (*p == '\r' || *p == '\n')
			break;
		else if (*p == ';')
			semi++;
		else if (*p == ',')
			comma++;
	}
	return semi > comma ? ';' : ',';
}

/* The field in c->field is complete: check it and store it as column col. */
static enum err
csv_field_end(struct csv *c, size_t col)
{
	char name[8];
	size_t n = c->field.len;

	if (n == 0 && col >= LIM_IMPORT_COLS)
		return OK;		/* trailing empty fields: ignore */
	table_colname(col, name);
	if (col >= LIM_IMPORT_COLS)
		return table_errf(c->errmsg, ERR_LIMIT, "Dòng %zu: có hơn %d "
		    "cột (ô %s)", c->rownum, LIM_IMPORT_COLS, name);
	if (table_utf8_prefix(buf_str(&c->field), n) != n)
		return table_errf(c->errmsg, ERR_INVAL, "Dòng %zu, cột %s: "
		    "không phải văn bản UTF-8", c->rownum, name);
	c->off[col] = c->row.len;
	buf_add(&c->row, buf_str(&c->field), n + 1);
	if (c->row.err != OK)
		return table_errf(c->errmsg, ERR_LIMIT, "Dòng %zu: dòng quá "
		    "dài", c->rownum);
	c->ncol = col + 1;
	if (n > 0)
		c->nonblank = col + 1;
	return OK;
}

static enum err
csv_too_long(struct csv *c, size_t col)
{
	char name[8];

	table_colname(col, name);
	return table_errf(c->errmsg, ERR_LIMIT, "Dòng %zu, cột %s: ô dài quá "
	    "%d byte", c->rownum, name, LIM_CELL_BYTES);
}

/*
 * Read one field at c->p into c->field, leaving c->p on the delimiter, the
 * line end, or the end of the data.
 */
static enum err
csv_field(struct csv *c, size_t col)
{
	const char *q;

	buf_reset(&c->field);
	if (c->p < c->end && *c->p == '"') {
		c->p++;
		for (;;) {
			q = memchr(c->p, '"', (size_t)(c->end - c->p));
			if (q == NULL)
				return table_errf(c->errmsg, ERR_INVAL,
				    "Dòng %zu: dấu ngoặc kép không đóng",
				    c->rownum);
			if (buf_add(&c->field, c->p, (size_t)(q - c->p)) != OK)
				return csv_too_long(c, col);
			c->p = q + 1;
			if (c->p < c->end && *c->p == '"') {
				if (buf_addc(&c->field, '"') != OK)
					return csv_too_long(c, col);
				c->p++;
				continue;
			}
			break;
		}
	}
	/* Unquoted text, or text after a closing quote (kept, like Excel). */
	for (q = c->p; q < c->end && *q != c->delim && *q != '\r' &&
	    *q != '\n'; q++)
		continue;
	if (buf_add(&c->field, c->p, (size_t)(q - c->p)) != OK)
		return csv_too_long(c, col);
	c->p = q;
	return OK;
}

static enum err
csv_emit(struct csv *c, table_row_fn fn, void *arg)
{
	const char *cells[LIM_IMPORT_COLS];
	struct table_row r;
	size_t i;

	if (c->nonblank == 0)
		return OK;
	if (c->rownum > LIM_IMPORT_ROWS)
		return table_errf(c->errmsg, ERR_LIMIT, "Tệp có hơn %d dòng",
		    LIM_IMPORT_ROWS);
	for (i = 0; i < c->nonblank; i++)
		cells[i] = c->row.p + c->off[i];
	r.rownum = c->rownum;
	r.ncells = c->nonblank;
	r.cells = cells;
	return fn(&r, arg);
}

enum err
csv_read(const char *data, size_t len, table_row_fn fn, void *arg,
    struct buf *errmsg)
{
	struct csv c;
	enum err e = OK;
	size_t col;

	memset(&c, 0, sizeof(c));
	c.p = data;
	c.end = data + len;
	c.errmsg = errmsg;
	buf_init(&c.field, LIM_CELL_BYTES);
	buf_init(&c.row, (size_t)LIM_IMPORT_COLS * (LIM_CELL_BYTES + 1));

	if (len >= 3 && memcmp(c.p, "\xef\xbb\xbf", 3) == 0)
		c.p += 3;
	c.delim = csv_delim(c.p, c.end);

	while (c.p < c.end) {
		c.rownum++;
		/* An empty line: counted, not reported. */
		if (*c.p == '\n') {
			c.p++;
			continue;
		}
		if (*c.p == '\r') {
			c.p++;
			if (c.p < c.end && *c.p == '\n')
				c.p++;
			continue;
		}
		buf_reset(&c.row);
		c.ncol = c.nonblank = 0;
		for (col = 0;; col++) {
			if ((e = csv_field(&c, col)) != OK ||
			    (e = csv_field_end(&c, col)) != OK)
				goto out;
			if (c.p < c.end && *c.p == c.delim) {
				c.p++;
				continue;
			}
			break;
		}
		/* Now at a line end or the end of the data. */
		if (c.p < c.end && *c.p == '\r') {
			c.p++;
			if (c.p < c.end && *c.p == '\n')
				c.p++;
		} else if (c.p < c.end)
			c.p++;
		if ((e = csv_emit(&c, fn, arg)) != OK)
			goto out;
	}
out:
	buf_free(&c.field);
	buf_free(&c.row);
	return e;
}

/* Writer. */

struct csv_writer {
	struct buf	 out;
	size_t		 ncols;
	int		*is_date;
	size_t		 nrows;
};

/*
 * One field.  Quoted when it holds a delimiter (',' or ';', so that the
 * file also reads right where ';' is the list separator), a quote, a line
 * break or a tab, or starts or ends with a space.
 * A field starting with = + - @ (or a tab or CR, which Excel skips before
 * them) is written with a leading apostrophe: Excel would otherwise run it
 * as a formula when the file is opened (CSV formula injection, e.g.
 * "=HYPERLINK(...)").  Such values read back with the apostrophe; a
 * negative number such as "-5" is written "'-5".
 */
static void
csv_put(struct buf *b, const char *s)
{
	size_t n = strlen(s), i;
	int quote, guard;

	guard = n > 0 && strchr("=+-@\t\r", s[0]) != NULL;
	quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ' ||
	    strpbrk(s, ",;\"\r\n\t") != NULL);
	if (quote)
		buf_addc(b, '"');
	if (guard)
		buf_addc(b, '\'');
	if (!quote) {
		buf_add(b, s, n);
		return;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, s[i]);
	}
	buf_addc(b, '"');
}

struct csv_writer *
csv_writer_new(const struct table_col *cols, size_t ncols,
    struct buf *errmsg)
{
	struct csv_writer *w;
	size_t i;

	w = xcalloc(1, sizeof(*w));
	buf_init(&w->out, CSV_OUT_MAX);
	w->ncols = ncols;
	w->is_date = xreallocarray(NULL, ncols, sizeof(int));
	buf_add(&w->out, "\xef\xbb\xbf", 3);
	for (i = 0; i < ncols; i++) {
		w->is_date[i] = cols[i].is_date;
		if (i > 0)
			buf_addc(&w->out, ',');
		csv_put(&w->out, cols[i].header ? cols[i].header : "");
	}
	buf_add(&w->out, "\r\n", 2);
	return w;
}

enum err
csv_writer_row(struct csv_writer *w, const char *const *cells)
{
	char vn[11];
	const char *s;
	size_t i;

	if (w->out.err != OK)
		return w->out.err;
	if (w->nrows >= LIM_EXPORT_ROWS)
		return ERR_LIMIT;
	w->nrows++;
	for (i = 0; i < w->ncols; i++) {
		s = cells[i] ? cells[i] : "";
		if (i > 0)
			buf_addc(&w->out, ',');
		if (w->is_date[i] && *s != '\0') {
			date_format_vn(s, vn);
			if (vn[0] != '\0')
				s = vn;		/* else not a date: as is */
		}
		csv_put(&w->out, s);
	}
	buf_add(&w->out, "\r\n", 2);
	return w->out.err;
}

enum err
csv_writer_finish(struct csv_writer *w, struct buf *out)
{
	enum err e;

	e = table_buf_move(out, &w->out);
	csv_writer_free(w);
	return e;
}

void
csv_writer_free(struct csv_writer *w)
{
	if (w == NULL)
		return;
	buf_free(&w->out);
	free(w->is_date);
	free(w);
}
