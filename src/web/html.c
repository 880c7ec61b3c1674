/*
 * html.c: the escaping HTML writer.  Every byte of user data passes
 * through html_escape(); the writer keeps a stack of open elements so
 * that pages close what they open.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "html.h"

void
html_init(struct html *h, struct buf *b)
{
	memset(h, 0, sizeof(*h));
	h->b = b;
}

void
html_escape(struct buf *b, const char *s)
{
	const char *p, *run = s;

	for (p = s; *p; p++) {
		const char *rep;

		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, run, (size_t)(p - run));
		buf_adds(b, rep);
		run = p + 1;
	}
	buf_add(b, run, (size_t)(p - run));
}

static void
attrs(struct html *h, va_list ap)
{
	const char *name, *val;

	while ((name = va_arg(ap, const char *)) != NULL) {
		val = va_arg(ap, const char *);
		if (val == NULL)
			continue;
		buf_addc(h->b, ' ');
		buf_adds(h->b, name);
		if (*val == '\0' && (!strcmp(name, "selected") ||
		    !strcmp(name, "checked") || !strcmp(name, "required") ||
		    !strcmp(name, "disabled") || !strcmp(name, "open") ||
		    !strcmp(name, "autofocus") || !strcmp(name, "multiple")))
			continue;
		buf_adds(h->b, "=\"");
		html_escape(h->b, val);
		buf_addc(h->b, '"');
	}
}

void
html_open(struct html *h, const char *tag, ...)
{
	va_list ap;

	buf_addc(h->b, '<');
	buf_adds(h->b, tag);
	va_start(ap, tag);
	attrs(h, ap);
	va_end(ap);
	buf_addc(h->b, '>');
	if (h->depth < (int)(sizeof(h->stack) / sizeof(h->stack[0])))
		h->stack[h->depth] = tag;
	h->depth++;
}

void
html_close(struct html *h)
{
	if (h->depth == 0)
		return;
	h->depth--;
	if (h->depth < (int)(sizeof(h->stack) / sizeof(h->stack[0]))) {
		buf_adds(h->b, "</");
		buf_adds(h->b, h->stack[h->depth]);
		buf_addc(h->b, '>');
	}
}

void
html_close_to(struct html *h, int depth)
{
	while (h->depth > depth)
		html_close(h);
}

void
html_void(struct html *h, const char *tag, ...)
{
	va_list ap;

	buf_addc(h->b, '<');
	buf_adds(h->b, tag);
	va_start(ap, tag);
	attrs(h, ap);
	va_end(ap);
	buf_addc(h->b, '>');
}

void
html_text(struct html *h, const char *s)
{
	html_escape(h->b, s ? s : "");
}

void
html_textf(struct html *h, const char *fmt, ...)
{
	struct buf tmp;
	va_list ap;

	buf_init(&tmp, 1 << 20);
	va_start(ap, fmt);
	buf_vaddf(&tmp, fmt, ap);
	va_end(ap);
	html_escape(h->b, buf_str(&tmp));
	buf_free(&tmp);
}

void
html_elem(struct html *h, const char *tag, const char *text, ...)
{
	va_list ap;

	buf_addc(h->b, '<');
	buf_adds(h->b, tag);
	va_start(ap, text);
	attrs(h, ap);
	va_end(ap);
	buf_addc(h->b, '>');
	html_text(h, text);
	buf_adds(h->b, "</");
	buf_adds(h->b, tag);
	buf_addc(h->b, '>');
}

void
html_fmt_num(char out[32], int64_t v)
{
	char digits[24];
	int n, i, j = 0, neg = v < 0;
	uint64_t u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)u);
	if (neg)
		out[j++] = '-';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[j++] = '.';
		out[j++] = digits[i];
	}
	out[j] = '\0';
}

void
html_num(struct html *h, int64_t v)
{
	char s[32];

	html_fmt_num(s, v);
	buf_adds(h->b, s);
}

void
html_raw(struct html *h, const char *trusted)
{
	buf_adds(h->b, trusted);
}
