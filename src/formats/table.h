/*
 * table.h: reading tabular files (CSV and XLSX) row by row, and writing
 * CSV and XLSX.  The readers take untrusted bytes already in memory and
 * never trust a length or an offset they did not check; every limit is in
 * base/limits.h.  Values come out as NFC-agnostic UTF-8 strings exactly as
 * stored in the file (the importer cleans them).
 */
#ifndef THIDUA_TABLE_H
#define THIDUA_TABLE_H

#include <stddef.h>

#include "../base/base.h"
#include "../base/buf.h"

enum table_format { TABLE_CSV, TABLE_XLSX };

/* One row handed to the callback.  cells[i] is the text of column i
 * (0 = column A), "" for a blank cell; ncells counts up to the last
 * non-blank cell.  Pointers are valid only during the callback. */
struct table_row {
	size_t		  rownum;	/* 1-based, as a spreadsheet shows it */
	size_t		  ncells;
	const char	**cells;
};

/* Return OK to go on; anything else stops the read and is returned. */
typedef enum err (*table_row_fn)(const struct table_row *, void *arg);

/* TABLE_XLSX when data starts with a ZIP signature, else TABLE_CSV. */
enum table_format table_sniff(const char *data, size_t len);

/*
 * Read every row of data (CSV: UTF-8 with or without BOM, delimiter ',' or
 * ';' chosen from the first line, RFC 4180 quoting, CRLF or LF; XLSX: the
 * first worksheet, shared and inline strings, numbers as written in the
 * file, booleans as "1"/"0", empty rows skipped but numbered).
 * On a malformed file returns ERR_INVAL with a Vietnamese message in
 * errmsg ("Tệp XLSX hỏng: ..."; "Dòng 12: dấu ngoặc kép không đóng").
 * Limits: LIM_CELL_BYTES per cell, LIM_IMPORT_COLS columns,
 * LIM_IMPORT_ROWS rows, LIM_XLSX_XML per inflated part -> ERR_LIMIT.
 */
enum err table_read(const char *data, size_t len, table_row_fn, void *arg,
	    struct buf *errmsg);

/* Dates.  Parse d/m/yyyy, dd/mm/yyyy (also '-' or '.' between), yyyy-mm-dd,
 * or an Excel serial day number (as text, "44927" or "44927.0", 1900 date
 * system, 1..2958465) into "YYYY-MM-DD" (11 bytes with NUL).  Checks the day
 * exists (leap years).  ERR_INVAL otherwise. */
enum err date_parse(const char *s, char out[11]);
/* "YYYY-MM-DD" -> "dd/mm/yyyy" (11 bytes with NUL); "" for "" . */
void	 date_format_vn(const char *iso, char out[11]);

/* Writers.  A sheet is described by its columns; rows are added as arrays
 * of strings.  For XLSX a column may have a list of allowed values (a
 * dropdown, data validation) and a width. */
struct table_col {
	const char	 *header;	/* Vietnamese header */
	double		  width;	/* XLSX column width in characters, 0 = default */
	const char *const *choices;	/* NULL-terminated list or NULL */
	int		  is_date;	/* values are "YYYY-MM-DD": written as dates */
};

struct table_writer;

/* format TABLE_CSV (UTF-8 with BOM, ',' separated, CRLF, quoted as
 * needed, dates written dd/mm/yyyy) or TABLE_XLSX (one sheet named
 * sheetname, bold frozen header row, dates as real dates dd/mm/yyyy).
 * Returns NULL and fills errmsg on failure. */
struct table_writer *table_writer_new(enum table_format, const char *sheetname,
	    const struct table_col *cols, size_t ncols, struct buf *errmsg);
enum err table_writer_row(struct table_writer *, const char *const *cells);
/* Finish: the whole file is appended to out; the writer is freed.
 * On failure the writer is freed too. */
enum err table_writer_finish(struct table_writer *, struct buf *out);
void	 table_writer_free(struct table_writer *);	/* abandon */

/*
 * Additions.  As table_read, but with the limit on one inflated XLSX part
 * given (tests and fuzzing use a small one; table_read passes
 * LIM_XLSX_XML).  errmsg may be NULL; a message is appended to it.  Rows
 * may already have been handed to the callback when an error is found
 * later in the file.  Rows whose cells are all blank are not reported
 * (CSV ",,," as well as an empty line), but they are counted.
 */
enum err table_read_limit(const char *data, size_t len, table_row_fn,
	    void *arg, struct buf *errmsg, size_t max_xml);

/* "YYYY-MM-DD" naming a real day in 1900..2100 -> 1 and its parts. */
int	 date_iso_parts(const char *iso, int *y, int *m, int *d);

/*
 * Inside src/formats only: the two halves behind table_read and
 * table_writer_*, and what they share (table.c).
 */
enum err csv_read(const char *, size_t, table_row_fn, void *, struct buf *);
enum err xlsx_read(const char *, size_t, table_row_fn, void *, struct buf *,
	    size_t max_xml);

struct csv_writer;
struct csv_writer *csv_writer_new(const struct table_col *, size_t,
	    struct buf *errmsg);
enum err csv_writer_row(struct csv_writer *, const char *const *);
enum err csv_writer_finish(struct csv_writer *, struct buf *);
void	 csv_writer_free(struct csv_writer *);

struct xlsx_writer;
struct xlsx_writer *xlsx_writer_new(const char *sheetname,
	    const struct table_col *, size_t, struct buf *errmsg);
enum err xlsx_writer_row(struct xlsx_writer *, const char *const *);
enum err xlsx_writer_finish(struct xlsx_writer *, struct buf *);
void	 xlsx_writer_free(struct xlsx_writer *);

/* Append a formatted message to errmsg (if not NULL); returns e. */
enum err table_errf(struct buf *errmsg, enum err e, const char *, ...)
	__attribute__((format(printf, 3, 4)));
/* Column letters for a 0-based column: 0 -> "A", 27 -> "AB". */
void	 table_colname(size_t col, char out[8]);
/* Length of the longest prefix of p[0..n) that is strict UTF-8 without
 * NUL bytes (n when all of it is). */
size_t	 table_utf8_prefix(const char *p, size_t n);
/* Move src's contents to the end of dst (src is left empty). */
enum err table_buf_move(struct buf *dst, struct buf *src);

#endif
