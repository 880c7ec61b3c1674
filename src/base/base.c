/*
 * base.c: errors, allocation and logging shared by every layer.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base.h"

static const char *const errs[ERR__MAX] = {
	"ok", "invalid", "not_found", "forbidden", "unauthorized",
	"conflict", "too_large", "database", "io", "busy",
};

static int quiet;

const char *
err_code(enum err e)
{
	return (e >= 0 && e < ERR__MAX) ? errs[e] : "unknown";
}

static void
oom(void)
{
	fputs("thidua: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		oom();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t sz)
{
	if (sz && n > SIZE_MAX / sz)
		oom();
	return xrealloc(p, n * sz);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

size_t
str_copy(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);

	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
	return len;
}

void
utf8_trim(char *s)
{
	size_t n = strlen(s), i, need;
	unsigned char c;

	if (n == 0)
		return;
	/* the start of the last character */
	for (i = n - 1; i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80; i--)
		;
	c = (unsigned char)s[i];
	need = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (i + need > n)
		s[i] = '\0';
}

void
log_quiet(int q)
{
	quiet = q;
}

static void
logv(const char *lvl, const char *fmt, va_list ap)
{
	char msg[2048], out[4096], ts[32];
	size_t i, j = 0;
	time_t now = time(NULL);
	struct tm tm;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	for (i = 0; msg[i] != '\0' && j + 5 < sizeof(out); i++) {
		unsigned char c = (unsigned char)msg[i];

		if (c < 0x20 || c == 0x7f)
			j += (size_t)snprintf(out + j, sizeof(out) - j, "\\x%02x", c);
		else
			out[j++] = (char)c;
	}
	out[j] = '\0';
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stderr, "%s thidua %s: %s\n", ts, lvl, out);
}

#define LOGFN(name, lvl, always)                   \
	void name(const char *fmt, ...)            \
	{                                          \
		va_list ap;                        \
		if (quiet && !(always))            \
			return;                    \
		va_start(ap, fmt);                 \
		logv(lvl, fmt, ap);                \
		va_end(ap);                        \
	}
LOGFN(log_info, "info", 0)
LOGFN(log_warn, "warn", 0)
LOGFN(log_err, "error", 1)
