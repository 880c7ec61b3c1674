/*
 * fuzz_form.c: libFuzzer harness for the request body parsers
 * (urlencoded and multipart/form-data) of src/web/form.c.  The first byte
 * picks the parser; multipart uses a fixed boundary.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "web/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct arena *a;
	struct kv *kv = NULL;
	size_t n = 0, i, sum = 0;

	if (len < 1)
		return 0;
	a = arena_new();
	if (data[0] & 1)
		form_multipart(a, "multipart/form-data; boundary=XyZ",
		    (const char *)data + 1, len - 1, &kv, &n);
	else
		form_urlencoded(a, (const char *)data + 1, len - 1, &kv, &n);
	for (i = 0; i < n; i++) {
		sum += strlen(kv[i].key) + kv[i].len;
		if (kv[i].filename)
			sum += strlen(kv[i].filename);
	}
	arena_free(a);
	return sum == (size_t)-1;
}
