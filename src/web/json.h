/*
 * json.h: the JSON writer for the API.  Strings are escaped, '/' and
 * U+2028/U+2029 included, so JSON can sit inside HTML.  Keys are
 * constants; NULL key inside arrays.
 */
#ifndef THIDUA_JSON_H
#define THIDUA_JSON_H

#include <stdint.h>

#include "../base/buf.h"

struct json {
	struct buf	*b;
	int		 first[32];
	int		 isarr[32];
	int		 depth;
};

void	json_init(struct json *, struct buf *);
void	json_obj(struct json *, const char *key);	/* { */
void	json_arr(struct json *, const char *key);	/* [ */
void	json_end(struct json *);			/* } or ] */
void	json_str(struct json *, const char *key, const char *val); /* NULL: null */
void	json_int(struct json *, const char *key, int64_t);
void	json_bool(struct json *, const char *key, int);
void	json_dbl(struct json *, const char *key, double);
/* A date "YYYY-MM-DD", or null when empty. */
void	json_date(struct json *, const char *key, const char *iso);
void	json_escape(struct buf *, const char *);

#endif
