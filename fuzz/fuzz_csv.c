/*
 * fuzz_csv.c: libFuzzer harness for the CSV half of table_read().  Any
 * bytes that do not start with a ZIP signature go to the CSV reader; the
 * callback reads every byte of every cell so that a cell pointing outside
 * its buffer, or not NUL-terminated, shows up under ASan.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
	/* The last cell reported is never blank. */
	if (r->cells[r->ncells - 1][0] == '\0')
		__builtin_trap();
	return OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct buf msg;
	size_t sum = 0;

	buf_init(&msg, 0);
	(void)table_read((const char *)data, len, fuzz_row, &sum, &msg);
	buf_free(&msg);
	return 0;
}
