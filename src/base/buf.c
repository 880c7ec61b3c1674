/*
 * buf.c: bounded growable buffer with a sticky error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max ? max : BUF_MAX_DEFAULT;
}

void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->err = OK;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->err = OK;
	if (b->p)
		b->p[0] = '\0';
}

static enum err
grow(struct buf *b, size_t add)
{
	size_t need, ncap;

	if (b->err != OK)
		return b->err;
	if (add > b->max || b->len > b->max - add)
		return b->err = ERR_LIMIT;
	need = b->len + add + 1;
	if (need <= b->cap)
		return OK;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	b->p = xrealloc(b->p, ncap);
	b->cap = ncap;
	return OK;
}

enum err
buf_add(struct buf *b, const void *p, size_t n)
{
	if (grow(b, n) != OK)
		return b->err;
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return OK;
}

enum err
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

enum err
buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

enum err
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (b->err != OK)
		return b->err;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return b->err = ERR_INVAL;
	if (grow(b, (size_t)n) != OK)
		return b->err;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return OK;
}

enum err
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	enum err e;

	va_start(ap, fmt);
	e = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return e;
}

const char *
buf_str(const struct buf *b)
{
	return b->p ? b->p : "";
}

char *
buf_take(struct buf *b, size_t *len)
{
	char *p = b->p ? b->p : xstrdup("");

	if (len)
		*len = b->len;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}
