/*
 * arena.h: a region allocator.  Everything allocated from an arena is freed
 * at once by arena_free() (each request owns one, as h2o's req->pool).
 */
#ifndef THIDUA_ARENA_H
#define THIDUA_ARENA_H

#include <stddef.h>

struct arena;

struct arena	*arena_new(void);
void		 arena_free(struct arena *);	/* NULL is fine */
/* Aborts on exhaustion, like xmalloc; memory is zeroed, aligned for any type. */
void		*arena_alloc(struct arena *, size_t);
void		*arena_calloc(struct arena *, size_t, size_t);
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_printf(struct arena *, const char *, ...)
	__attribute__((format(printf, 2, 3)));

#endif
