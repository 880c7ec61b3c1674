/*
 * html.h: the only way thidua writes HTML.  Element and attribute names
 * are string constants by rule; text and attribute values pass through
 * escaping.  html_raw() is for trusted constants only (grep for it).
 */
#ifndef THIDUA_HTML_H
#define THIDUA_HTML_H

#include <stdint.h>

#include "../base/buf.h"

struct html {
	struct buf	*b;
	const char	*stack[48];
	int		 depth;
};

void	html_init(struct html *, struct buf *);
/* <tag a1="v1" ...>: name/value pairs, NULL-terminated.  A NULL value
 * leaves the attribute out; "" for a boolean attribute writes its name. */
void	html_open(struct html *, const char *tag, ...)
	    __attribute__((sentinel));
void	html_close(struct html *);		/* the innermost open element */
void	html_close_to(struct html *, int depth);
void	html_void(struct html *, const char *tag, ...)
	    __attribute__((sentinel));	/* <input ...> */
void	html_text(struct html *, const char *);
void	html_textf(struct html *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* <tag attrs>text</tag> */
void	html_elem(struct html *, const char *tag, const char *text, ...)
	    __attribute__((sentinel));
/* A number with Vietnamese thousands separators: 2925 -> "2.925". */
void	html_num(struct html *, int64_t);
void	html_raw(struct html *, const char *trusted);
/* Escape s into b (for attribute values built elsewhere). */
void	html_escape(struct buf *, const char *s);
/* Format a number the Vietnamese way into out. */
void	html_fmt_num(char out[32], int64_t);

#endif
