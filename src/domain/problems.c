/*
 * problems.c: collecting validation problems per field, and the clock.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain.h"

void
problems_add(struct problems *p, const char *field, const char *fmt, ...)
{
	struct problem *it;
	va_list ap;
	int n;

	if (p->n == NELEM(p->items)) {
		p->dropped++;
		return;
	}
	it = &p->items[p->n++];
	str_copy(it->field, sizeof(it->field), field);
	va_start(ap, fmt);
	n = vsnprintf(it->msg, sizeof(it->msg), fmt, ap);
	va_end(ap);
	/* a cut message ends on a whole character */
	if (n >= (int)sizeof(it->msg))
		utf8_trim(it->msg);
}

const char *
problems_for(const struct problems *p, const char *field)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->items[i].field, field) == 0)
			return p->items[i].msg;
	return NULL;
}

void
domain_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
domain_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}
