/*
 * http.h: a request as handlers see it, and what they answer.  server.c
 * fills struct req from libmicrohttpd within the limits of limits.h; the
 * route table (route.c) decides who may call a handler; handlers read
 * validated values only (form.c) and write through html.c or json.c.
 * Everything a request allocates lives in its arena.
 */
#ifndef THIDUA_HTTP_H
#define THIDUA_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../domain/domain.h"

enum method { METHOD_GET, METHOD_POST, METHOD_PUT, METHOD_PATCH,
	METHOD_DELETE, METHOD_HEAD, METHOD__MAX };

struct kv {
	const char	*key;
	const char	*val;
	size_t		 len;	/* of val (files may hold NULs) */
	const char	*filename;	/* multipart files only */
};

struct req {
	struct arena	*arena;
	enum method	 method;
	const char	*path;		/* decoded, no query */
	const char	*ip;
	const char	*host, *origin, *ctype, *accept;
	const char	*cookie_sid;	/* session cookie, or NULL */
	const char	*bearer;	/* API token, or NULL */
	const char	*csrf_header;	/* X-CSRF-Token, or NULL */
	struct kv	*query;	size_t nquery;
	struct kv	*form;	size_t nform;	/* urlencoded or multipart */
	const char	*body;	size_t bodylen;	/* raw body */
	const char	*segs[8];	/* path segments matched by {…} */
	int64_t		 id;		/* the first numeric {id}, or 0 */
	struct store	*st;		/* a pooled connection */
	struct actor	 actor;
	int		 logged_in;
	int		 is_api;
	int		 secure;	/* served through TLS: Secure cookies */
	const char	*db_target;

	/* the response */
	int		 status;
	struct buf	 out;
	const char	*out_type;
	const char	*location;
	const char	*set_cookie;
	int		 fresh;		/* a change: read from the primary */
	const char	*disposition;	/* Content-Disposition */
	int		 cacheable;	/* static assets */
	int		 refresh;	/* seconds, for pages that follow a job */
};

/* route.c */
void	 route_dispatch(struct req *);
int	 route_body_limit(const char *path, enum method, int logged_in);

/* Query and form values (form.c): the first value of key, or NULL. */
const char *req_query(const struct req *, const char *key);
const char *req_form(const struct req *, const char *key);
const struct kv *req_file(const struct req *, const char *key);
/* Parse an urlencoded string into kv pairs in the arena; ERR_LIMIT past
 * LIM_FIELDS pairs or LIM_FIELD_BYTES per value, ERR_INVAL when the text
 * is not UTF-8. */
enum err form_urlencoded(struct arena *, const char *s, size_t len,
	    struct kv ** /* OUT */, size_t * /* OUT */);
/* Parse a multipart/form-data body (boundary from content_type). */
enum err form_multipart(struct arena *, const char *ctype, const char *body,
	    size_t len, struct kv ** /* OUT */, size_t * /* OUT */);
/* Validators: parse a value of a field into a typed value; they return
 * OK, or ERR_INVAL for a value that is present and wrong. */
enum err form_int(const char *s, int64_t min, int64_t max, int64_t *out);
int	 form_tri(const char *s);	/* "1"/"0"/"" -> 1/0/-1 */

/* Append s percent-encoded for a query string. */
void	 form_urlencode_to(struct buf *, const char *s);
/* The people filter of a query string, shared by pages and API (query.c);
 * ERR_INVAL with a reason in msg for a bad value. */
enum err query_people_filter(struct req *, struct people_filter *,
	    const char **msg);
/* The same filter as a query string ("q=…&unit=…"), for links. */
const char *query_people_string(struct req *, const struct people_filter *);

/* Responses (respond.c). */
void	 resp_status(struct req *, int status);
void	 resp_redirect(struct req *, const char *location);
/* An error page or JSON error, by the request's kind. */
void	 resp_error(struct req *, enum err, const char *message);
void	 resp_problems(struct req *, const struct problems *);
void	 resp_file(struct req *, const char *ctype, const char *filename,
	    struct buf *data);
/* The session cookie, with its flags set here only (HttpOnly, SameSite,
 * Secure under TLS); NULL value clears it. */
void	 resp_session_cookie(struct req *, const char *token);

#endif
