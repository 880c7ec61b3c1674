/*
 * json.c: a streaming JSON writer with escaping by construction.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"

static const char *const closers = "}]";

void
json_init(struct json *j, struct buf *b)
{
	memset(j, 0, sizeof(*j));
	j->b = b;
	j->first[0] = 1;
}

void
json_escape(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;

	buf_addc(b, '"');
	for (run = p; *p; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\' && *p != '/' &&
		    *p != 0xe2)
			continue;
		buf_add(b, run, (size_t)(p - run));
		run = p + 1;
		switch (*p) {
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '/': buf_adds(b, "\\/"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		case 0xe2:
			/* U+2028 and U+2029 end lines in JavaScript */
			if (p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
				buf_adds(b, p[2] == 0xa8 ? "\\u2028" :
				    "\\u2029");
				p += 2;
				run = p + 1;
			} else
				buf_addc(b, (char)*p);
			break;
		default:
			buf_addf(b, "\\u%04x", *p);
		}
	}
	buf_add(b, run, (size_t)(p - run));
	buf_addc(b, '"');
}

static void
key(struct json *j, const char *k)
{
	if (j->depth > 0 && !j->first[j->depth])
		buf_addc(j->b, ',');
	j->first[j->depth] = 0;
	if (k != NULL) {
		json_escape(j->b, k);
		buf_addc(j->b, ':');
	}
}

static void
open_(struct json *j, const char *k, char c)
{
	key(j, k);
	buf_addc(j->b, c);
	if (j->depth < 31)
		j->depth++;
	j->first[j->depth] = 1;
	j->isarr[j->depth] = c == '[';
}

void
json_obj(struct json *j, const char *k)
{
	open_(j, k, '{');
}

void
json_arr(struct json *j, const char *k)
{
	open_(j, k, '[');
}

void
json_end(struct json *j)
{
	buf_addc(j->b, closers[j->isarr[j->depth]]);
	if (j->depth > 0)
		j->depth--;
}

void
json_str(struct json *j, const char *k, const char *v)
{
	key(j, k);
	if (v == NULL)
		buf_adds(j->b, "null");
	else
		json_escape(j->b, v);
}

void
json_int(struct json *j, const char *k, int64_t v)
{
	key(j, k);
	buf_addf(j->b, "%lld", (long long)v);
}

void
json_bool(struct json *j, const char *k, int v)
{
	key(j, k);
	buf_adds(j->b, v ? "true" : "false");
}

void
json_dbl(struct json *j, const char *k, double v)
{
	key(j, k);
	buf_addf(j->b, "%.4g", v);
}

void
json_date(struct json *j, const char *k, const char *iso)
{
	json_str(j, k, iso && *iso ? iso : NULL);
}
