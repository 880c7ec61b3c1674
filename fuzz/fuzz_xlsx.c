/*
 * fuzz_xlsx.c: libFuzzer harness for the XLSX half of table_read().
 *
 * Mutating a compressed archive mostly breaks its checksums, so the
 * mutator would rarely reach the XML.  Two ways in, then:
 *  - input starting with "PK" is read as it is (the archive layer);
 *  - other input is split at 0xFF bytes (never in UTF-8 XML) into the
 *    parts xl/worksheets/sheet1.xml, xl/sharedStrings.xml,
 *    xl/workbook.xml and xl/_rels/workbook.xml.rels, which are stored
 *    (not deflated) in an archive built here, and that is read.
 * The callback reads every byte of every cell.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "base/buf.h"
#include "formats/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static enum err
fuzz_row(const struct table_row *r, void *arg)
{
	size_t *sum = arg, i;

	if (r->rownum == 0 || r->ncells == 0)
		__builtin_trap();
	for (i = 0; i < r->ncells; i++)
		*sum += strlen(r->cells[i]);
	if (r->cells[r->ncells - 1][0] == '\0')
		__builtin_trap();
	return OK;
}

static void
fuzz_read(const char *data, size_t len)
{
	struct buf msg;
	size_t sum = 0;

	buf_init(&msg, 0);
	/* A small limit on inflated parts keeps each run fast. */
	(void)table_read_limit(data, len, fuzz_row, &sum, &msg, 4 << 20);
	buf_free(&msg);
}

/* Store the parts in a new archive in memory and read that. */
static void
fuzz_parts(const uint8_t *data, size_t len)
{
	static const char *const names[] = {
		"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
		"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
	};
	const uint8_t *p = data, *end = data + len, *q;
	zip_source_t *src, *zs;
	zip_error_t ze;
	zip_stat_t st;
	zip_int64_t idx;
	zip_t *za;
	char *out;
	size_t i;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
		return;
	if ((za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
		zip_source_free(src);
		return;
	}
	zip_source_keep(src);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		q = memchr(p, 0xff, (size_t)(end - p));
		if (q == NULL)
			q = end;
		zs = zip_source_buffer(za, p, (zip_uint64_t)(q - p), 0);
		if (zs != NULL) {
			idx = zip_file_add(za, names[i], zs, 0);
			if (idx < 0)
				zip_source_free(zs);
			else
				zip_set_file_compression(za,
				    (zip_uint64_t)idx, ZIP_CM_STORE, 0);
		}
		if (q == end)
			break;
		p = q + 1;
	}
	if (zip_close(za) != 0) {
		zip_discard(za);
		zip_source_free(src);
		return;
	}
	zip_stat_init(&st);
	if (zip_source_open(src) == 0) {
		if (zip_source_stat(src, &st) == 0 &&
		    (out = malloc(st.size + 1)) != NULL) {
			if (zip_source_read(src, out, st.size) ==
			    (zip_int64_t)st.size)
				fuzz_read(out, st.size);
			free(out);
		}
		zip_source_close(src);
	}
	zip_source_free(src);
	zip_error_fini(&ze);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len >= 2 && data[0] == 'P' && data[1] == 'K')
		fuzz_read((const char *)data, len);
	else
		fuzz_parts(data, len);
	return 0;
}
