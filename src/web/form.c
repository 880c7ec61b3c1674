/*
 * form.c: request values.  Parsers for application/x-www-form-urlencoded
 * and multipart/form-data advance through bounded input and copy what
 * they keep into the request's arena; ordinary fields must be UTF-8 text
 * of at most LIM_FIELD_BYTES, files may be as large as the body limit the
 * server already enforced.  libmicrohttpd's own POST processor is not
 * used (CVE-2023-27371 in the version Debian 12 ships); these parsers are
 * fuzzed (fuzz/fuzz_form.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/limits.h"
#include "../text/text.h"
#include "http.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode [s, s+n) into the arena; NULL if too long. */
static char *
decode(struct arena *a, const char *s, size_t n, size_t max, size_t *outlen)
{
	char *o = arena_alloc(a, n + 1);
	size_t i, j = 0;
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			o[j++] = ' ';
		else if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			o[j++] = (char)(hi << 4 | lo);
			i += 2;
		} else
			o[j++] = s[i];
		if (j > max)
			return NULL;
	}
	o[j] = '\0';
	*outlen = j;
	return o;
}

static void
kv_push(struct arena *a, struct kv **v, size_t *n, size_t *cap,
    const struct kv *item)
{
	struct kv *nv;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		nv = arena_calloc(a, *cap, sizeof(**v));
		if (*n)
			memcpy(nv, *v, *n * sizeof(**v));
		*v = nv;
	}
	(*v)[(*n)++] = *item;
}

enum err
form_urlencoded(struct arena *a, const char *s, size_t len, struct kv **out,
    size_t *nout)
{
	const char *p = s, *end = s + len, *amp, *eq;
	size_t cap = 0, kl, vl;
	struct kv item;

	*out = NULL;
	*nout = 0;
	while (p < end) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		if (amp > p) {
			if (*nout == LIM_FIELDS)
				return ERR_LIMIT;
			eq = memchr(p, '=', (size_t)(amp - p));
			memset(&item, 0, sizeof(item));
			item.key = decode(a, p, (size_t)((eq ? eq : amp) - p),
			    64, &kl);
			item.val = eq ? decode(a, eq + 1, (size_t)(amp - eq - 1),
			    LIM_FIELD_BYTES, &vl) : "";
			if (item.key == NULL || item.val == NULL)
				return ERR_LIMIT;
			item.len = eq ? vl : 0;
			if (!text_valid_utf8(item.key, kl) ||
			    !text_valid_utf8(item.val, item.len))
				return ERR_INVAL;
			kv_push(a, out, nout, &cap, &item);
		}
		p = amp + 1;
	}
	return OK;
}

/* The value of a parameter (boundary=, name=, filename=) in a header,
 * unquoted, into the arena; NULL if absent. */
static const char *
header_param(struct arena *a, const char *h, size_t hl, const char *name)
{
	size_t nl = strlen(name), i;
	const char *v, *e;

	for (i = 0; i + nl + 1 <= hl; i++) {
		if (strncasecmp(h + i, name, nl) != 0 || h[i + nl] != '=')
			continue;
		if (i > 0 && h[i - 1] != ' ' && h[i - 1] != ';' &&
		    h[i - 1] != '\t')
			continue;
		v = h + i + nl + 1;
		if (v < h + hl && *v == '"') {
			v++;
			e = memchr(v, '"', (size_t)(h + hl - v));
			if (e == NULL)
				return NULL;
		} else {
			for (e = v; e < h + hl && *e != ';' && *e != ' ' &&
			    *e != '\r' && *e != '\n'; e++)
				;
		}
		return arena_strndup(a, v, (size_t)(e - v));
	}
	return NULL;
}

enum err
form_multipart(struct arena *a, const char *ctype, const char *body,
    size_t len, struct kv **out, size_t *nout)
{
	const char *b, *p, *end = body + len, *hend, *next, *disp;
	char *delim;
	size_t bl, dl, cap = 0;
	struct kv item;

	*out = NULL;
	*nout = 0;
	if (ctype == NULL || (b = header_param(a, ctype, strlen(ctype),
	    "boundary")) == NULL || (bl = strlen(b)) == 0 || bl > 200)
		return ERR_INVAL;
	/* "\r\n--boundary" separates parts; the first has no CRLF before */
	dl = bl + 4;
	delim = arena_alloc(a, dl + 1);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, b, bl);
	if (len < dl - 2 || memcmp(body, delim + 2, dl - 2) != 0)
		return ERR_INVAL;
	p = body + dl - 2;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return OK;	/* closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return ERR_INVAL;
		p += 2;
		hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (hend == NULL || hend - p > 2048)
			return ERR_INVAL;
		next = memmem(hend + 4, (size_t)(end - hend - 4), delim, dl);
		if (next == NULL)
			return ERR_INVAL;
		if (*nout == LIM_FIELDS)
			return ERR_LIMIT;
		memset(&item, 0, sizeof(item));
		/* Content-Disposition: form-data; name="x"; filename="y" */
		disp = NULL;
		{
			const char *l = p;

			while (l < hend) {
				const char *le = memmem(l, (size_t)(hend + 2 - l),
				    "\r\n", 2);

				if (le == NULL)
					le = hend;
				if ((size_t)(le - l) > 20 && strncasecmp(l,
				    "content-disposition:", 20) == 0) {
					disp = l;
					item.key = header_param(a, l,
					    (size_t)(le - l), "name");
					item.filename = header_param(a, l,
					    (size_t)(le - l), "filename");
				}
				l = le + 2;
			}
		}
		if (disp == NULL || item.key == NULL ||
		    !text_valid_utf8(item.key, strlen(item.key)))
			return ERR_INVAL;
		item.len = (size_t)(next - hend - 4);
		if (item.filename == NULL) {
			if (item.len > LIM_FIELD_BYTES)
				return ERR_LIMIT;
			if (!text_valid_utf8(hend + 4, item.len))
				return ERR_INVAL;
		} else if (!text_valid_utf8(item.filename,
		    strlen(item.filename)))
			return ERR_INVAL;
		item.val = arena_strndup(a, hend + 4, item.len);
		kv_push(a, out, nout, &cap, &item);
		p = next + dl;
	}
}

static const char *
kv_get(const struct kv *v, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0 && v[i].filename == NULL)
			return v[i].val;
	return NULL;
}

const char *
req_query(const struct req *r, const char *key)
{
	return kv_get(r->query, r->nquery, key);
}

const char *
req_form(const struct req *r, const char *key)
{
	return kv_get(r->form, r->nform, key);
}

const struct kv *
req_file(const struct req *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nform; i++)
		if (strcmp(r->form[i].key, key) == 0 && r->form[i].filename)
			return &r->form[i];
	return NULL;
}

enum err
form_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return ERR_NOTFOUND;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end != '\0' || end == s || v < min || v > max)
		return ERR_INVAL;
	*out = v;
	return OK;
}

int
form_tri(const char *s)
{
	if (s == NULL || *s == '\0')
		return -1;
	if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0)
		return 1;
	if (strcmp(s, "0") == 0 || strcmp(s, "false") == 0)
		return 0;
	return -1;
}

void
form_urlencode_to(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '~')
			buf_addc(b, (char)*p);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[*p >> 4]);
			buf_addc(b, hex[*p & 15]);
		}
	}
}
