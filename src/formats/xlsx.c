/*
 * xlsx.c: reading the first worksheet of an Office Open XML workbook, and
 * writing one (libxlsxwriter).
 *
 * The reader trusts nothing in the file.  The archive is opened from
 * memory with libzip; each XML part is inflated in chunks and fed to expat
 * as it comes, so memory stays bounded whatever the part's size: a part
 * whose declared size is over max_xml is refused before it is read, and
 * reading stops as soon as max_xml bytes have actually come out, whatever
 * the archive claimed.  A document type declaration is refused (no
 * entities, no entity expansion).  Names from the file (relationship
 * targets) are normalised inside a fixed buffer and only ever used to look
 * up an entry of the same archive.  Shared strings are kept (at most
 * LIM_XLSX_STRINGS, and no more bytes than their part), a row is kept
 * cell by cell in LIM_IMPORT_COLS buffers of LIM_CELL_BYTES.
 *
 * The writer trusts its caller for the shape of rows, not for their text:
 * text is made valid UTF-8, cut at Excel's 32767-character cell limit,
 * and literal "_xHHHH_" is escaped so Excel shows it as typed.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <expat.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "../base/limits.h"
#include "table.h"

#define XLSX_CHUNK	(64 * 1024)	/* inflated bytes per read */
#define XLSX_TEXT_MAX	(8 * LIM_CELL_BYTES) /* raw text before "_xHHHH_" */
#define XLSX_MAX_SHEETS	256		/* <sheet>s looked at in workbook.xml */
#define XLSX_MAX_RELS	256		/* relationships looked at */
#define XLSX_ID_MAX	64		/* a relationship id */
#define XLSX_PATH_MAX	512		/* a part name */
#define XLSX_COL_MAX	16384		/* column XFD */
#define XLSX_ROW_MAX	1048576
/* Never in XML text: expat gives names as URI, XLSX_NSSEP, local. */
#define XLSX_NSSEP	'\x01'

static const char xlsx_corrupt[] =
    "Tệp XLSX hỏng hoặc không phải bảng tính Excel";

struct xlsx_sheet {
	char	 rid[XLSX_ID_MAX];
	int	 hidden;
};

struct xlsx_rel {
	char	 id[XLSX_ID_MAX];
	char	 target[XLSX_PATH_MAX];	/* resolved part name, or "" */
	int	 worksheet;		/* Type is .../worksheet */
};

enum xlsx_type {
	XLSX_T_NUM,		/* n, d, e and unknown: the text of <v> */
	XLSX_T_SST,		/* s: index into the shared strings */
	XLSX_T_STR,		/* inlineStr, str: text with _xHHHH_ escapes */
	XLSX_T_BOOL,		/* b */
};

struct xlsx {
	zip_t		*za;
	size_t		 max_xml;
	struct buf	*errmsg;
	table_row_fn	 fn;
	void		*arg;
	XML_Parser	 parser;	/* the parser of the current part */
	enum err	 err;		/* first error met in a handler */
	char		*chunk;		/* XLSX_CHUNK bytes */

	/* workbook.xml and its relationships */
	struct xlsx_sheet *sheets;
	size_t		 nsheets;
	struct xlsx_rel	*rels;
	size_t		 nrels;

	/* Shared strings: NUL-terminated in sst, sst_off[i] is where the
	 * i-th starts, sst_long[i] set when it is over LIM_CELL_BYTES. */
	struct buf	 sst;
	size_t		*sst_off;
	unsigned char	*sst_long;
	size_t		 sst_n, sst_cap;

	/* Text being collected from <t> or <v>. */
	struct buf	 text;
	int		 text_long;	/* more than XLSX_TEXT_MAX came */
	int		 collect;	/* inside a <t> or <v> we want */
	int		 in_si, in_sd, in_row, in_c, in_is, rph;

	/* The row being read. */
	size_t		 rownum;	/* from <row r>, or the last + 1 */
	size_t		 col;		/* column of the current cell */
	size_t		 nextcol;	/* for a <c> without r */
	enum xlsx_type	 type;
	struct buf	 cell[LIM_IMPORT_COLS];
	size_t		 nonblank;	/* 1 + last non-blank column */
	size_t		 used;		/* 1 + last column written */
};

/* The local part of a name expat gives as URI\1local. */
static const char *
xlsx_local(const XML_Char *name)
{
	const char *p = strrchr(name, XLSX_NSSEP);

	return p ? p + 1 : name;
}

/* The value of the attribute with the given local name, or NULL.  With
 * ns set, only an attribute in some namespace matches (r:id). */
static const char *
xlsx_attr(const XML_Char **atts, const char *local, int ns)
{
	const char *sep;
	size_t i;

	for (i = 0; atts[i] != NULL && atts[i + 1] != NULL; i += 2) {
		sep = strrchr(atts[i], XLSX_NSSEP);
		if ((sep != NULL) != (ns != 0))
			continue;
		if (strcmp(sep ? sep + 1 : atts[i], local) == 0)
			return atts[i + 1];
	}
	return NULL;
}

/* Stop the parser with e (the first error wins). */
static void
xlsx_fail(struct xlsx *x, enum err e)
{
	if (x->err == OK)
		x->err = e;
	XML_StopParser(x->parser, XML_FALSE);
}

static void
xlsx_failf(struct xlsx *x, enum err e, const char *what)
{
	if (x->err == OK)
		table_errf(x->errmsg, e, "%s", what);
	xlsx_fail(x, e);
}

static void
xlsx_copy(char *dst, size_t sz, const char *src)
{
	size_t n = strlen(src);

	if (n >= sz)
		n = sz - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Resolve a relationship target of xl/workbook.xml: relative to "xl/", or
 * absolute from the package root when it starts with '/'.  "." and ".."
 * segments are folded; a target escaping the root or too long -> "".
 */
static void
xlsx_target(const char *t, char out[XLSX_PATH_MAX])
{
	char path[XLSX_PATH_MAX];
	size_t n, seg, len = 0;
	const char *p;

	out[0] = '\0';
	if (*t == '/') {
		t++;
		n = 0;
	} else {
		memcpy(path, "xl/", 3);
		n = 3;
	}
	if (strlen(t) >= sizeof(path) - n)
		return;
	memcpy(path + n, t, strlen(t) + 1);

	/* Fold segments into out. */
	for (p = path; *p != '\0'; p += seg + (p[seg] == '/')) {
		seg = strcspn(p, "/");
		if (seg == 0 || (seg == 1 && p[0] == '.'))
			continue;
		if (seg == 2 && p[0] == '.' && p[1] == '.') {
			if (len == 0) {
				out[0] = '\0';
				return;
			}
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;	/* the '/' before the dropped segment */
			out[len] = '\0';
			continue;
		}
		if (len + (len > 0) + seg >= XLSX_PATH_MAX) {
			out[0] = '\0';
			return;
		}
		if (len > 0)
			out[len++] = '/';
		memcpy(out + len, p, seg);
		len += seg;
		out[len] = '\0';
	}
}

/* workbook.xml: the <sheet>s in order. */
static void XMLCALL
xlsx_wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *rid, *state;

	if (x->err != OK || strcmp(xlsx_local(name), "sheet") != 0 ||
	    x->nsheets == XLSX_MAX_SHEETS)
		return;
	if ((rid = xlsx_attr(atts, "id", 1)) == NULL)
		return;
	state = xlsx_attr(atts, "state", 0);
	xlsx_copy(x->sheets[x->nsheets].rid, XLSX_ID_MAX, rid);
	x->sheets[x->nsheets].hidden = state != NULL &&
	    strcmp(state, "visible") != 0;
	x->nsheets++;
}

/* xl/_rels/workbook.xml.rels: the <Relationship>s. */
static void XMLCALL
xlsx_rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *id, *type, *target, *mode;
	struct xlsx_rel *r;
	size_t n;

	if (x->err != OK || strcmp(xlsx_local(name), "Relationship") != 0 ||
	    x->nrels == XLSX_MAX_RELS)
		return;
	id = xlsx_attr(atts, "Id", 0);
	type = xlsx_attr(atts, "Type", 0);
	target = xlsx_attr(atts, "Target", 0);
	mode = xlsx_attr(atts, "TargetMode", 0);
	if (id == NULL || target == NULL ||
	    (mode != NULL && strcmp(mode, "Internal") != 0))
		return;
	r = &x->rels[x->nrels++];
	xlsx_copy(r->id, sizeof(r->id), id);
	xlsx_target(target, r->target);
	n = type ? strlen(type) : 0;
	r->worksheet = n >= 10 && strcmp(type + n - 10, "/worksheet") == 0;
}

static void XMLCALL
xlsx_end_none(void *ud, const XML_Char *name)
{
}

static void XMLCALL
xlsx_text(void *ud, const XML_Char *s, int len)
{
	struct xlsx *x = ud;

	if (x->err != OK || !x->collect || x->text_long || len <= 0)
		return;
	if (buf_add(&x->text, s, (size_t)len) != OK)
		x->text_long = 1;
}

static void
xlsx_text_begin(struct xlsx *x)
{
	buf_reset(&x->text);
	x->text_long = 0;
}

static int
xlsx_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The code unit of an "_xHHHH_" at p (7 bytes available), or -1. */
static long
xlsx_esc(const char *p)
{
	long v = 0;
	int i, h;

	if (p[0] != '_' || p[1] != 'x' || p[6] != '_')
		return -1;
	for (i = 2; i < 6; i++) {
		if ((h = xlsx_hex((unsigned char)p[i])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * Decode Excel's "_xHHHH_" escapes (ST_Xstring: control characters, and
 * "_x005F_" for a literal underscore) in place; the text only shrinks.
 * A lone surrogate stays as written; U+0000 is dropped.
 */
static void
xlsx_unescape(struct buf *b)
{
	char *s = b->p;
	size_t r = 0, w = 0, n = b->len;
	long cp, lo;

	if (s == NULL)
		return;
	while (r < n) {
		cp = n - r >= 7 ? xlsx_esc(s + r) : -1;
		if (cp < 0 || (cp >= 0xdc00 && cp <= 0xdfff)) {
			s[w++] = s[r++];
			continue;
		}
		if (cp >= 0xd800 && cp <= 0xdbff) {
			lo = n - r >= 14 ? xlsx_esc(s + r + 7) : -1;
			if (lo < 0xdc00 || lo > 0xdfff) {
				s[w++] = s[r++];
				continue;
			}
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			r += 14;
		} else
			r += 7;
		if (cp == 0)
			continue;
		if (cp < 0x80)
			s[w++] = (char)cp;
		else if (cp < 0x800) {
			s[w++] = (char)(0xc0 | (cp >> 6));
			s[w++] = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			s[w++] = (char)(0xe0 | (cp >> 12));
			s[w++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			s[w++] = (char)(0x80 | (cp & 0x3f));
		} else {
			s[w++] = (char)(0xf0 | (cp >> 18));
			s[w++] = (char)(0x80 | ((cp >> 12) & 0x3f));
			s[w++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			s[w++] = (char)(0x80 | (cp & 0x3f));
		}
	}
	b->len = w;
	s[w] = '\0';
}

/* sharedStrings.xml: <si> holds <t>, or <r><t> runs; <rPh> is skipped. */
static void XMLCALL
xlsx_sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *l = xlsx_local(name);

	if (x->err != OK)
		return;
	if (strcmp(l, "si") == 0) {
		x->in_si = 1;
		x->rph = 0;
		xlsx_text_begin(x);
	} else if (x->in_si && strcmp(l, "rPh") == 0)
		x->rph++;
	else if (x->in_si && x->rph == 0 && strcmp(l, "t") == 0)
		x->collect = 1;
}

static void XMLCALL
xlsx_sst_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	const char *l = xlsx_local(name);
	int toolong;

	if (x->err != OK)
		return;
	if (strcmp(l, "t") == 0)
		x->collect = 0;
	else if (strcmp(l, "rPh") == 0 && x->rph > 0)
		x->rph--;
	else if (strcmp(l, "si") == 0 && x->in_si) {
		x->in_si = 0;
		if (x->sst_n == LIM_XLSX_STRINGS) {
			table_errf(x->errmsg, ERR_LIMIT, "Tệp XLSX có hơn %d "
			    "chuỗi văn bản", LIM_XLSX_STRINGS);
			xlsx_fail(x, ERR_LIMIT);
			return;
		}
		xlsx_unescape(&x->text);
		toolong = x->text_long || x->text.len > LIM_CELL_BYTES;
		if (x->sst_n == x->sst_cap) {
			x->sst_cap = x->sst_cap ? x->sst_cap * 2 : 1024;
			x->sst_off = xreallocarray(x->sst_off, x->sst_cap,
			    sizeof(*x->sst_off));
			x->sst_long = xreallocarray(x->sst_long, x->sst_cap, 1);
		}
		x->sst_off[x->sst_n] = x->sst.len;
		x->sst_long[x->sst_n] = (unsigned char)toolong;
		if (toolong)
			buf_addc(&x->sst, '\0');
		else
			buf_add(&x->sst, buf_str(&x->text), x->text.len + 1);
		if (x->sst.err != OK) {
			xlsx_failf(x, ERR_LIMIT,
			    "Tệp XLSX quá lớn khi giải nén");
			return;
		}
		x->sst_n++;
	}
}

/* "B3" -> column 1.  Letters then digits; column A..XFD. */
static int
xlsx_cellref(const char *r, size_t *col)
{
	size_t c = 0, n = 0;

	for (; (*r >= 'A' && *r <= 'Z') || (*r >= 'a' && *r <= 'z'); r++) {
		if (++n > 3)
			return 0;
		c = c * 26 + (size_t)((*r & ~0x20) - 'A' + 1);
	}
	if (n == 0 || c > XLSX_COL_MAX)
		return 0;
	while (*r >= '0' && *r <= '9')
		r++;
	if (*r != '\0')
		return 0;
	*col = c - 1;
	return 1;
}

/* A row number 1..XLSX_ROW_MAX. */
static int
xlsx_rownum(const char *s, size_t *out)
{
	size_t v = 0;

	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (size_t)(*s - '0');
		if (v > XLSX_ROW_MAX)
			return 0;
	}
	if (v == 0)
		return 0;
	*out = v;
	return 1;
}

static void
xlsx_row_clear(struct xlsx *x)
{
	size_t i;

	for (i = 0; i < x->used; i++)
		buf_reset(&x->cell[i]);
	x->used = x->nonblank = 0;
	x->nextcol = 0;
}

static void XMLCALL
xlsx_sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *l = xlsx_local(name), *a;

	if (x->err != OK)
		return;
	if (strcmp(l, "sheetData") == 0)
		x->in_sd = 1;
	else if (x->in_sd && !x->in_row && strcmp(l, "row") == 0) {
		x->in_row = 1;
		xlsx_row_clear(x);
		if ((a = xlsx_attr(atts, "r", 0)) != NULL) {
			if (!xlsx_rownum(a, &x->rownum)) {
				xlsx_failf(x, ERR_INVAL, xlsx_corrupt);
				return;
			}
		} else
			x->rownum++;
	} else if (x->in_row && !x->in_c && strcmp(l, "c") == 0) {
		x->in_c = 1;
		x->in_is = x->rph = 0;
		xlsx_text_begin(x);
		if ((a = xlsx_attr(atts, "r", 0)) != NULL) {
			if (!xlsx_cellref(a, &x->col)) {
				xlsx_failf(x, ERR_INVAL, xlsx_corrupt);
				return;
			}
		} else if ((x->col = x->nextcol) >= XLSX_COL_MAX) {
			xlsx_failf(x, ERR_INVAL, xlsx_corrupt);
			return;
		}
		x->nextcol = x->col + 1;
		a = xlsx_attr(atts, "t", 0);
		if (a == NULL)
			x->type = XLSX_T_NUM;
		else if (strcmp(a, "s") == 0)
			x->type = XLSX_T_SST;
		else if (strcmp(a, "inlineStr") == 0 || strcmp(a, "str") == 0)
			x->type = XLSX_T_STR;
		else if (strcmp(a, "b") == 0)
			x->type = XLSX_T_BOOL;
		else
			x->type = XLSX_T_NUM;
	} else if (x->in_c && !x->in_is && strcmp(l, "v") == 0)
		x->collect = 1;
	else if (x->in_c && strcmp(l, "is") == 0)
		x->in_is = 1;
	else if (x->in_is && strcmp(l, "rPh") == 0)
		x->rph++;
	else if (x->in_is && x->rph == 0 && strcmp(l, "t") == 0)
		x->collect = 1;
}

/* </c>: turn the collected text into the cell's value and keep it. */
static void
xlsx_cell_end(struct xlsx *x)
{
	const char *v = NULL;
	char colname[8];
	size_t idx = 0, n;
	const char *s;

	switch (x->type) {
	case XLSX_T_SST:
		s = buf_str(&x->text);
		if (*s == '\0') {
			v = "";
			break;
		}
		for (; *s >= '0' && *s <= '9' && idx < x->sst_n; s++)
			idx = idx * 10 + (size_t)(*s - '0');
		if (*s != '\0' || idx >= x->sst_n) {
			xlsx_failf(x, ERR_INVAL, "Tệp XLSX hỏng: ô tham chiếu "
			    "chuỗi không có");
			return;
		}
		if (x->sst_long[idx])
			x->text_long = 1;
		else
			v = x->sst.p + x->sst_off[idx];
		break;
	case XLSX_T_STR:
		xlsx_unescape(&x->text);
		v = buf_str(&x->text);
		break;
	case XLSX_T_BOOL:
		s = buf_str(&x->text);
		v = *s == '\0' ? "" : (strcmp(s, "0") == 0 ||
		    strcmp(s, "false") == 0) ? "0" : "1";
		break;
	case XLSX_T_NUM:
		v = buf_str(&x->text);
		break;
	}
	table_colname(x->col, colname);
	if (x->text_long || (v != NULL && strlen(v) > LIM_CELL_BYTES)) {
		if (x->err == OK)
			table_errf(x->errmsg, ERR_LIMIT, "Dòng %zu, cột %s: ô "
			    "dài quá %d byte", x->rownum, colname,
			    LIM_CELL_BYTES);
		xlsx_fail(x, ERR_LIMIT);
		return;
	}
	if ((n = strlen(v)) == 0) {
		/* A blank cell (or a styled empty one) clears the column. */
		if (x->col < x->used)
			buf_reset(&x->cell[x->col]);
		return;
	}
	if (x->col >= LIM_IMPORT_COLS) {
		if (x->err == OK)
			table_errf(x->errmsg, ERR_LIMIT, "Dòng %zu: ô %s nằm "
			    "ngoài giới hạn %d cột", x->rownum, colname,
			    LIM_IMPORT_COLS);
		xlsx_fail(x, ERR_LIMIT);
		return;
	}
	while (x->used <= x->col)
		buf_reset(&x->cell[x->used++]);
	buf_reset(&x->cell[x->col]);
	buf_add(&x->cell[x->col], v, n);
}

static void
xlsx_row_end(struct xlsx *x)
{
	const char *cells[LIM_IMPORT_COLS];
	struct table_row r;
	size_t i, n = 0;
	enum err e;

	for (i = 0; i < x->used; i++)
		if (x->cell[i].len > 0)
			n = i + 1;
	if (n == 0)
		return;
	if (x->rownum > LIM_IMPORT_ROWS) {
		if (x->err == OK)
			table_errf(x->errmsg, ERR_LIMIT, "Tệp có hơn %d dòng",
			    LIM_IMPORT_ROWS);
		xlsx_fail(x, ERR_LIMIT);
		return;
	}
	for (i = 0; i < n; i++)
		cells[i] = buf_str(&x->cell[i]);
	r.rownum = x->rownum;
	r.ncells = n;
	r.cells = cells;
	if ((e = x->fn(&r, x->arg)) != OK)
		xlsx_fail(x, e);
}

static void XMLCALL
xlsx_sheet_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	const char *l = xlsx_local(name);

	if (x->err != OK)
		return;
	if (strcmp(l, "v") == 0 || strcmp(l, "t") == 0)
		x->collect = 0;
	else if (strcmp(l, "rPh") == 0 && x->rph > 0)
		x->rph--;
	else if (strcmp(l, "is") == 0)
		x->in_is = 0;
	else if (strcmp(l, "c") == 0 && x->in_c) {
		x->in_c = x->in_is = x->collect = 0;
		xlsx_cell_end(x);
	} else if (strcmp(l, "row") == 0 && x->in_row) {
		x->in_row = 0;
		xlsx_row_end(x);
	} else if (strcmp(l, "sheetData") == 0)
		x->in_sd = 0;
}

/* No part of a workbook has a DTD; refusing one shuts out entities. */
static void XMLCALL
xlsx_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal_subset)
{
	xlsx_failf(ud, ERR_INVAL, xlsx_corrupt);
}

/* The entry index of a part: exact name (hashed), else any case (a scan). */
static zip_int64_t
xlsx_locate(zip_t *za, const char *name)
{
	zip_int64_t i;

	if ((i = zip_name_locate(za, name, 0)) >= 0)
		return i;
	return zip_name_locate(za, name, ZIP_FL_NOCASE);
}

/*
 * Inflate the part called name and feed it to expat with the given
 * handlers.  *found is cleared when the archive has no such part (not an
 * error here).
 */
static enum err
xlsx_part(struct xlsx *x, const char *name, XML_StartElementHandler start,
    XML_EndElementHandler end, int *found)
{
	zip_stat_t st;
	zip_file_t *zf = NULL;
	zip_int64_t idx, n;
	size_t total = 0;
	enum err e = OK;

	*found = 0;
	if ((idx = xlsx_locate(x->za, name)) < 0)
		return OK;
	*found = 1;
	zip_stat_init(&st);
	if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) != 0)
		return table_errf(x->errmsg, ERR_INVAL, "%s", xlsx_corrupt);
	if ((st.valid & ZIP_STAT_SIZE) && st.size > x->max_xml)
		return table_errf(x->errmsg, ERR_LIMIT,
		    "Tệp XLSX quá lớn khi giải nén");
	if ((zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0)) == NULL)
		return table_errf(x->errmsg, ERR_INVAL, "%s", xlsx_corrupt);

	x->parser = XML_ParserCreateNS(NULL, XLSX_NSSEP);
	if (x->parser == NULL) {
		zip_fclose(zf);
		return table_errf(x->errmsg, ERR_IO, "Hết bộ nhớ khi đọc XLSX");
	}
	XML_SetUserData(x->parser, x);
	XML_SetElementHandler(x->parser, start, end);
	XML_SetCharacterDataHandler(x->parser, xlsx_text);
	XML_SetStartDoctypeDeclHandler(x->parser, xlsx_doctype);
	x->collect = x->in_si = x->in_sd = x->in_row = x->in_c = 0;
	x->in_is = x->rph = 0;

	for (;;) {
		n = zip_fread(zf, x->chunk, XLSX_CHUNK);
		if (n < 0) {
			e = table_errf(x->errmsg, ERR_INVAL, "%s",
			    xlsx_corrupt);
			break;
		}
		if ((size_t)n > x->max_xml - total) {
			e = table_errf(x->errmsg, ERR_LIMIT,
			    "Tệp XLSX quá lớn khi giải nén");
			break;
		}
		total += (size_t)n;
		if (XML_Parse(x->parser, x->chunk, (int)n, n == 0) !=
		    XML_STATUS_OK) {
			if ((e = x->err) == OK)
				e = table_errf(x->errmsg, ERR_INVAL,
				    "Tệp XLSX hỏng: lỗi XML ở dòng %lu",
				    (unsigned long)XML_GetCurrentLineNumber(
				    x->parser));
			break;
		}
		if (x->err != OK) {
			e = x->err;
			break;
		}
		if (n == 0)
			break;
	}
	XML_ParserFree(x->parser);
	x->parser = NULL;
	zip_fclose(zf);
	return e;
}

/* The part name of the first worksheet (visible ones first), or the
 * usual name when workbook.xml and its relationships do not say. */
static const char *
xlsx_pick(struct xlsx *x)
{
	const char *visible = NULL, *hidden = NULL;
	size_t i, j;

	for (i = 0; i < x->nsheets && visible == NULL; i++)
		for (j = 0; j < x->nrels; j++) {
			if (strcmp(x->sheets[i].rid, x->rels[j].id) != 0)
				continue;
			if (!x->rels[j].worksheet ||
			    x->rels[j].target[0] == '\0')
				break;
			if (!x->sheets[i].hidden)
				visible = x->rels[j].target;
			else if (hidden == NULL)
				hidden = x->rels[j].target;
			break;
		}
	if (visible != NULL && xlsx_locate(x->za, visible) >= 0)
		return visible;
	if (hidden != NULL && xlsx_locate(x->za, hidden) >= 0)
		return hidden;
	return "xl/worksheets/sheet1.xml";
}

enum err
xlsx_read(const char *data, size_t len, table_row_fn fn, void *arg,
    struct buf *errmsg, size_t max_xml)
{
	struct xlsx x;
	zip_source_t *src;
	zip_error_t zerr;
	const char *sheet;
	enum err e = OK;
	size_t i;
	int found;

	memset(&x, 0, sizeof(x));
	x.max_xml = max_xml;
	x.errmsg = errmsg;
	x.fn = fn;
	x.arg = arg;
	buf_init(&x.sst, max_xml);
	buf_init(&x.text, XLSX_TEXT_MAX);
	for (i = 0; i < LIM_IMPORT_COLS; i++)
		buf_init(&x.cell[i], LIM_CELL_BYTES);

	zip_error_init(&zerr);
	if ((src = zip_source_buffer_create(data, len, 0, &zerr)) == NULL) {
		e = table_errf(errmsg, ERR_INVAL, "%s", xlsx_corrupt);
		goto out;
	}
	if ((x.za = zip_open_from_source(src, ZIP_RDONLY, &zerr)) == NULL) {
		zip_source_free(src);
		e = table_errf(errmsg, ERR_INVAL, "%s", xlsx_corrupt);
		goto out;
	}
	x.chunk = xmalloc(XLSX_CHUNK);
	x.sheets = xcalloc(XLSX_MAX_SHEETS, sizeof(*x.sheets));
	x.rels = xcalloc(XLSX_MAX_RELS, sizeof(*x.rels));

	if ((e = xlsx_part(&x, "xl/workbook.xml", xlsx_wb_start,
	    xlsx_end_none, &found)) != OK)
		goto out;
	if ((e = xlsx_part(&x, "xl/_rels/workbook.xml.rels", xlsx_rels_start,
	    xlsx_end_none, &found)) != OK)
		goto out;
	sheet = xlsx_pick(&x);
	if ((e = xlsx_part(&x, "xl/sharedStrings.xml", xlsx_sst_start,
	    xlsx_sst_end, &found)) != OK)
		goto out;
	if ((e = xlsx_part(&x, sheet, xlsx_sheet_start, xlsx_sheet_end,
	    &found)) != OK)
		goto out;
	if (!found)
		e = table_errf(errmsg, ERR_INVAL, "%s", xlsx_corrupt);
out:
	if (x.za != NULL)
		zip_discard(x.za);
	zip_error_fini(&zerr);
	free(x.chunk);
	free(x.sheets);
	free(x.rels);
	buf_free(&x.sst);
	free(x.sst_off);
	free(x.sst_long);
	buf_free(&x.text);
	for (i = 0; i < LIM_IMPORT_COLS; i++)
		buf_free(&x.cell[i]);
	return e;
}

/* Writer. */

#define XLSX_STR_MAX	32767		/* Excel's limit on a cell's text */
#define XLSX_LIST_MAX	255		/* Excel's limit on an inline list */
#define XLSX_DV_ROWS	1000		/* rows with a dropdown, at least */
#define XLSX_LISTS	"_lists"	/* hidden sheet with long lists */

struct xlsx_writer {
	char		 path[PATH_MAX];
	int		 fd;
	char		*tmpdir;
	lxw_workbook	*wb;
	lxw_worksheet	*ws;
	lxw_format	*bold;
	lxw_format	*date;
	size_t		 ncols;
	int		*is_date;
	char	      ***lists;		/* per column: inline list, or NULL */
	char	       **formulas;	/* per column: list range, or NULL */
	size_t		 nrows;
	struct buf	 text;		/* scratch for one cell */
};

/*
 * Make s safe for a cell: valid UTF-8 (bad bytes become U+FFFD), a
 * literal "_xHHHH_" escaped as "_x005F_xHHHH_" so Excel does not decode
 * it, at most XLSX_STR_MAX bytes, cut on a character boundary.
 * libxlsxwriter itself writes control characters as _xHHHH_.
 */
static const char *
xlsx_clean(struct xlsx_writer *w, const char *s)
{
	size_t n = strlen(s), i = 0, ok, k;

	buf_reset(&w->text);
	while (i < n && w->text.len <= XLSX_STR_MAX) {
		ok = table_utf8_prefix(s + i, n - i);
		for (k = i; k < i + ok && w->text.len <= XLSX_STR_MAX; k++) {
			if (n - k >= 7 && xlsx_esc(s + k) >= 0)
				buf_add(&w->text, "_x005F", 6);
			buf_addc(&w->text, s[k]);
		}
		if (k < i + ok)
			break;
		i += ok;
		if (i < n) {
			buf_add(&w->text, "\xef\xbf\xbd", 3);
			i++;
		}
	}
	/* Cut back to XLSX_STR_MAX on a character boundary. */
	if (w->text.len > XLSX_STR_MAX) {
		k = XLSX_STR_MAX;
		while (k > 0 && (w->text.p[k] & 0xc0) == 0x80)
			k--;
		w->text.len = k;
		w->text.p[k] = '\0';
	}
	return buf_str(&w->text);
}

/* Can the choices go inline in the validation?  Excel allows 255
 * characters; libxlsxwriter 1.1.4 counts characters but copies into a
 * 258-byte buffer (a heap overflow, caught by _FORTIFY_SOURCE, with
 * Vietnamese text), so count bytes.  No ',' or '"' inside a choice, and
 * only clean text: the list goes into the XML as it is. */
static int
xlsx_inline_ok(const char *const *choices)
{
	size_t i, k, n, total = 0;

	for (i = 0; choices[i] != NULL; i++) {
		n = strlen(choices[i]);
		if (n == 0 || strpbrk(choices[i], ",\"") != NULL ||
		    table_utf8_prefix(choices[i], n) != n)
			return 0;
		for (k = 0; k < n; k++)
			if ((unsigned char)choices[i][k] < 0x20 ||
			    (n - k >= 7 && xlsx_esc(choices[i] + k) >= 0))
				return 0;
		total += n + (i > 0);
		if (total > XLSX_LIST_MAX)
			return 0;
	}
	return 1;
}

static const char *
xlsx_tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	return t != NULL && t[0] == '/' ? t : "/tmp";
}

/* Put the long lists in a hidden sheet, column i for table column i,
 * row by row (constant memory mode writes rows in order only). */
static int
xlsx_lists(struct xlsx_writer *w, const struct table_col *cols)
{
	lxw_worksheet *ls = NULL;
	char name[8], f[64];
	size_t i, r, n, maxn = 0, *count;
	int ok = 0;

	count = xcalloc(w->ncols, sizeof(*count));
	for (i = 0; i < w->ncols; i++) {
		if (cols[i].choices == NULL || cols[i].choices[0] == NULL ||
		    w->lists[i] != NULL)
			continue;
		for (n = 0; cols[i].choices[n] != NULL && n < LXW_ROW_MAX; n++)
			continue;
		count[i] = n;
		if (n > maxn)
			maxn = n;
		if (ls == NULL) {
			if ((ls = workbook_add_worksheet(w->wb, XLSX_LISTS)) ==
			    NULL)
				goto out;
			worksheet_hide(ls);
		}
		table_colname(i, name);
		snprintf(f, sizeof(f), "='%s'!$%s$1:$%s$%zu", XLSX_LISTS,
		    name, name, n);
		w->formulas[i] = xstrdup(f);
	}
	for (r = 0; r < maxn; r++)
		for (i = 0; i < w->ncols; i++)
			if (r < count[i] && worksheet_write_string(ls,
			    (lxw_row_t)r, (lxw_col_t)i,
			    xlsx_clean(w, cols[i].choices[r]), NULL) !=
			    LXW_NO_ERROR)
				goto out;
	ok = 1;
out:
	free(count);
	return ok;
}

struct xlsx_writer *
xlsx_writer_new(const char *sheetname, const struct table_col *cols,
    size_t ncols, struct buf *errmsg)
{
	struct xlsx_writer *w;
	lxw_workbook_options opt;
	const char *h;
	size_t i, n;
	double width;
	int needlists = 0;

	if (ncols > XLSX_COL_MAX) {
		table_errf(errmsg, ERR_LIMIT, "Bảng có quá nhiều cột");
		return NULL;
	}
	w = xcalloc(1, sizeof(*w));
	w->fd = -1;
	w->ncols = ncols;
	buf_init(&w->text, XLSX_STR_MAX + 16);
	w->is_date = xreallocarray(NULL, ncols, sizeof(int));
	w->lists = xcalloc(ncols, sizeof(*w->lists));
	w->formulas = xcalloc(ncols, sizeof(*w->formulas));
	w->tmpdir = xstrdup(xlsx_tmpdir());

	n = (size_t)snprintf(w->path, sizeof(w->path), "%s/thidua-xlsx-XXXXXX",
	    w->tmpdir);
	if (n >= sizeof(w->path) || (w->fd = mkstemp(w->path)) == -1) {
		w->path[0] = '\0';
		table_errf(errmsg, ERR_IO, "Không tạo được tệp tạm để ghi "
		    "XLSX");
		goto fail;
	}
	memset(&opt, 0, sizeof(opt));
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = w->tmpdir;
	if ((w->wb = workbook_new_opt(w->path, &opt)) == NULL) {
		table_errf(errmsg, ERR_IO, "Không tạo được tệp XLSX");
		goto fail;
	}
	if (sheetname != NULL &&
	    workbook_validate_sheet_name(w->wb, sheetname) != LXW_NO_ERROR) {
		table_errf(errmsg, ERR_INVAL, "Tên trang tính không hợp lệ "
		    "(tối đa 31 ký tự, không có []:*?/\\)");
		goto fail;
	}
	if ((w->ws = workbook_add_worksheet(w->wb, sheetname)) == NULL) {
		table_errf(errmsg, ERR_INVAL, "Không tạo được trang tính");
		goto fail;
	}
	w->bold = workbook_add_format(w->wb);
	format_set_bold(w->bold);
	w->date = workbook_add_format(w->wb);
	format_set_num_format(w->date, "dd/mm/yyyy");

	for (i = 0; i < ncols; i++) {
		w->is_date[i] = cols[i].is_date;
		h = cols[i].header ? cols[i].header : "";
		if (*h != '\0' && worksheet_write_string(w->ws, 0,
		    (lxw_col_t)i, xlsx_clean(w, h), w->bold) != LXW_NO_ERROR) {
			table_errf(errmsg, ERR_IO, "Không ghi được tiêu đề");
			goto fail;
		}
		width = cols[i].width > 0 && cols[i].width <= 255 ?
		    cols[i].width : LXW_DEF_COL_WIDTH;
		if (cols[i].width > 0 || cols[i].is_date)
			worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i,
			    width, cols[i].is_date ? w->date : NULL);
		if (cols[i].choices == NULL || cols[i].choices[0] == NULL)
			continue;
		if (!xlsx_inline_ok(cols[i].choices)) {
			needlists = 1;
			continue;
		}
		for (n = 0; cols[i].choices[n] != NULL; n++)
			continue;
		w->lists[i] = xcalloc(n + 1, sizeof(char *));
		for (n = 0; cols[i].choices[n] != NULL; n++)
			w->lists[i][n] = xstrdup(cols[i].choices[n]);
	}
	worksheet_freeze_panes(w->ws, 1, 0);
	if (needlists && !xlsx_lists(w, cols)) {
		table_errf(errmsg, ERR_IO, "Không ghi được danh sách chọn");
		goto fail;
	}
	return w;
fail:
	xlsx_writer_free(w);
	return NULL;
}

enum err
xlsx_writer_row(struct xlsx_writer *w, const char *const *cells)
{
	lxw_datetime dt;
	lxw_row_t row;
	lxw_error le;
	const char *s;
	size_t i;

	if (w->nrows + 1 >= LXW_ROW_MAX || w->nrows >= LIM_EXPORT_ROWS)
		return ERR_LIMIT;
	row = (lxw_row_t)++w->nrows;
	for (i = 0; i < w->ncols; i++) {
		s = cells[i] ? cells[i] : "";
		if (*s == '\0')
			continue;
		memset(&dt, 0, sizeof(dt));
		if (w->is_date[i] &&
		    date_iso_parts(s, &dt.year, &dt.month, &dt.day))
			le = worksheet_write_datetime(w->ws, row, (lxw_col_t)i,
			    &dt, w->date);
		else
			le = worksheet_write_string(w->ws, row, (lxw_col_t)i,
			    xlsx_clean(w, s), NULL);
		if (le != LXW_NO_ERROR)
			return ERR_IO;
	}
	return OK;
}

enum err
xlsx_writer_finish(struct xlsx_writer *w, struct buf *out)
{
	lxw_data_validation dv;
	lxw_row_t last;
	struct stat st;
	char chunk[16384];
	enum err e = OK;
	lxw_error le;
	ssize_t n;
	size_t i;

	last = (lxw_row_t)(w->nrows + 1 > XLSX_DV_ROWS ? w->nrows + 1 :
	    XLSX_DV_ROWS) - 1;
	for (i = 0; i < w->ncols; i++) {
		if (w->lists[i] == NULL && w->formulas[i] == NULL)
			continue;
		memset(&dv, 0, sizeof(dv));
		if (w->lists[i] != NULL) {
			dv.validate = LXW_VALIDATION_TYPE_LIST;
			dv.value_list = w->lists[i];
		} else {
			/* libxlsxwriter 1.1.4 leaks one copy of the formula
			 * here (it duplicates it twice); a few bytes. */
			dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
			dv.value_formula = w->formulas[i];
		}
		dv.error_title = "Giá trị không hợp lệ";
		dv.error_message = "Hãy chọn một giá trị trong danh sách.";
		if (worksheet_data_validation_range(w->ws, 1, (lxw_col_t)i,
		    last, (lxw_col_t)i, &dv) != LXW_NO_ERROR) {
			e = ERR_IO;
			goto out;
		}
	}
	/* workbook_close() frees the workbook whatever happens. */
	le = workbook_close(w->wb);
	w->wb = NULL;
	if (le != LXW_NO_ERROR) {
		e = ERR_IO;
		goto out;
	}
	/* The file was rewritten by name; w->fd is still the same inode. */
	if (fstat(w->fd, &st) == -1 || lseek(w->fd, 0, SEEK_SET) == -1) {
		e = ERR_IO;
		goto out;
	}
	if ((uintmax_t)st.st_size > out->max - out->len) {
		e = ERR_LIMIT;
		goto out;
	}
	for (;;) {
		n = read(w->fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			e = ERR_IO;
			break;
		}
		if (n == 0)
			break;
		if ((e = buf_add(out, chunk, (size_t)n)) != OK)
			break;
	}
out:
	xlsx_writer_free(w);
	return e;
}

void
xlsx_writer_free(struct xlsx_writer *w)
{
	size_t i, j;

	if (w == NULL)
		return;
	if (w->wb != NULL)
		lxw_workbook_free(w->wb);
	if (w->fd != -1)
		close(w->fd);
	if (w->path[0] != '\0')
		unlink(w->path);
	for (i = 0; i < w->ncols; i++) {
		if (w->lists[i] != NULL)
			for (j = 0; w->lists[i][j] != NULL; j++)
				free(w->lists[i][j]);
		free(w->lists[i]);
		free(w->formulas[i]);
	}
	free(w->lists);
	free(w->formulas);
	free(w->is_date);
	free(w->tmpdir);
	buf_free(&w->text);
	free(w);
}
