/*
 * base.h: what every layer of thidua shares: the one error enum, allocation
 * that aborts on exhaustion, and logging.  Trusts nothing; depends on libc.
 */
#ifndef THIDUA_BASE_H
#define THIDUA_BASE_H

#include <stddef.h>
#include <stdint.h>

/* The one error enum.  Keep errs[] in base.c in the same order. */
enum err {
	OK = 0,
	ERR_INVAL,	/* bad input from a user */
	ERR_NOTFOUND,	/* no such thing (or not visible to this user) */
	ERR_DENIED,	/* authenticated, but not allowed */
	ERR_AUTH,	/* not authenticated */
	ERR_CONFLICT,	/* duplicate or stale */
	ERR_LIMIT,	/* a hard limit was reached */
	ERR_DB,		/* the database failed */
	ERR_IO,		/* a file or socket failed */
	ERR_BUSY,	/* try again later (rate limit, lock) */
	ERR__MAX
};

/* A stable machine-readable code ("invalid", "not_found", ...). */
const char	*err_code(enum err);

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* Copy src into dst of size n (n > 0), always terminated; a cut falls on
 * a UTF-8 character boundary.  Returns the length copied. */
size_t	 str_copy(char *dst, size_t n, const char *src);
/* Drop an incomplete UTF-8 sequence at the end of s (after a cut). */
void	 utf8_trim(char *s);

/* Logging to stderr with a level and a timestamp; control characters in the
 * formatted text are escaped, so user data cannot forge log lines. */
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_err(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_quiet(int);

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#endif
