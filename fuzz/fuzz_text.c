/*
 * fuzz_text.c: libFuzzer harness for src/text/text.c.  The input, as an
 * untrusted C string, goes through every function: the ones that take
 * UTF-8 must reject malformed input with ERR_INVAL and append nothing,
 * and accept well-formed input; what they produce must itself be valid
 * UTF-8, and folding must be idempotent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(int ok)
{
	if (!ok)
		abort();
}

static void
check_out(const struct buf *b)
{
	check(b->err == OK);
	check(text_valid_utf8(buf_str(b), b->len));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct name_parts np;
	struct buf b, f;
	char *s;
	int valid;
	enum err e, want;

	/* Bytes up to the first NUL are the string, as from a C caller. */
	s = xstrndup((const char *)data, size);
	valid = text_valid_utf8(s, strlen(s));
	want = valid ? OK : ERR_INVAL;
	buf_init(&b, 0);
	buf_init(&f, 0);

	check(text_clean(s, &b) == want);
	if (!valid)
		check(b.len == 0);
	check_out(&b);
	buf_reset(&b);

	check(text_fold(s, &f) == want);
	check_out(&f);
	/* Folding what is folded changes nothing. */
	if (valid) {
		check(text_fold(buf_str(&f), &b) == OK);
		check(strcmp(buf_str(&b), buf_str(&f)) == 0);
		buf_reset(&b);
	}

	check(text_lower(s, &b) == want);
	check_out(&b);
	buf_reset(&b);

	e = text_sortkey(s, &b);
	check(e == want);
	check(b.len % 2 == 0);
	buf_reset(&b);

	e = text_person_sortkey(s, s, s, &b);
	check(e == want);
	buf_reset(&b);

	e = text_split_name(s, &np);
	check(e == want || (valid && e == ERR_LIMIT));
	if (e == OK) {
		check(text_valid_utf8(np.family, strlen(np.family)));
		check(text_valid_utf8(np.middle, strlen(np.middle)));
		check(text_valid_utf8(np.given, strlen(np.given)));
		check(np.given[0] != '\0' || np.family[0] == '\0');
	}

	check(text_slug(s, 40, &b) == want);
	check_out(&b);
	check(b.len <= 40);
	buf_reset(&b);

	(void)text_has_diacritics(s);

	buf_free(&b);
	buf_free(&f);
	free(s);
	return 0;
}
