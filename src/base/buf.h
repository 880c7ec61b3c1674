/*
 * buf.h: a growable byte buffer with a maximum and a sticky first error
 * (in the manner of curl's dynbuf).  Append freely, check once: after the
 * first failure every append is a no-op and buf_err() says why.
 * The contents are always NUL-terminated.
 */
#ifndef THIDUA_BUF_H
#define THIDUA_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "base.h"

struct buf {
	char	*p;	/* owned; NULL until the first append */
	size_t	 len;
	size_t	 cap;
	size_t	 max;	/* hard limit on len */
	enum err err;	/* first error, or OK */
};

#define BUF_MAX_DEFAULT ((size_t)64 << 20)

void	 buf_init(struct buf *, size_t max);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);	/* len = 0, error cleared */
enum err buf_add(struct buf *, const void *, size_t);
enum err buf_adds(struct buf *, const char *);
enum err buf_addc(struct buf *, char);
enum err buf_addf(struct buf *, const char *, ...)
	__attribute__((format(printf, 2, 3)));
enum err buf_vaddf(struct buf *, const char *, va_list);
/* The contents as a C string ("" when empty); owned by the buffer. */
const char *buf_str(const struct buf *);
/* Hand the contents to the caller (free() it) and empty the buffer. */
char	*buf_take(struct buf *, size_t * /* OUT, may be NULL */);

#endif
