/*
 * text.h: Vietnamese text for thidua, on ICU.  Normalisation to NFC,
 * folding for search (case, diacritics, đ -> d), the Vietnamese sort key of
 * a person, name splitting and slugs.
 *
 * Input is untrusted UTF-8: every function checks it and returns ERR_INVAL
 * for malformed UTF-8 (nothing appended then beyond what was there).
 * Output is appended to a caller-owned struct buf.  Thread-safe: ICU
 * objects are per thread.
 */
#ifndef THIDUA_TEXT_H
#define THIDUA_TEXT_H

#include <stddef.h>

#include "../base/base.h"
#include "../base/buf.h"

#define LIM_NAME_PART 128

/* 1 if [s, s+len) is well-formed UTF-8 with no NUL, else 0. */
int	 text_valid_utf8(const char *s, size_t len);

/* NFC of s, with leading/trailing white space removed and inner runs of
 * white space (any Unicode space, tab, newline) collapsed to one ' '. */
enum err text_clean(const char *s, struct buf *out);

/* The search form of s: NFC, lower case, diacritics removed, đ/Đ -> d,
 * white space collapsed, punctuation other than letters/digits turned into
 * ' '.  "NGUYỄN Văn  Đũng" -> "nguyen van dung". */
enum err text_fold(const char *s, struct buf *out);

/* Lower case NFC (diacritics kept), for "exact match first" ranking. */
enum err text_lower(const char *s, struct buf *out);

/* 1 if s (valid UTF-8) holds a letter with a diacritic or đ/Đ. */
int	 text_has_diacritics(const char *s);

/* Sort key of one string under ICU's "vi" collation, as lower-case hex, so
 * that byte order of keys (strcmp, SQL BINARY / COLLATE "C") is Vietnamese
 * order.  The key has no terminator. */
enum err text_sortkey(const char *s, struct buf *out);

/* Sort key of a person: given name, then middle name, then family name,
 * each under "vi" collation, joined so that a shorter name sorts before a
 * longer one with the same beginning ("An" < "Anh").  Any part may be "". */
enum err text_person_sortkey(const char *family, const char *middle,
	    const char *given, struct buf *out);

/* Split a full name as typed into family name (first word), given name
 * (last word) and middle name (the rest); a one-word name is a given name.
 * Parts are cleaned (text_clean) and written into caller buffers of the
 * given size; ERR_LIMIT when a part does not fit. */
struct name_parts {
	char	family[LIM_NAME_PART];
	char	middle[LIM_NAME_PART];
	char	given[LIM_NAME_PART];
};
enum err text_split_name(const char *full, struct name_parts * /* OUT */);

/* A URL slug: folded, words joined by '-', at most max bytes (cut at a
 * word boundary when possible).  "Đẩy mạnh các phong trào" ->
 * "day-manh-cac-phong-trao". */
enum err text_slug(const char *s, size_t max, struct buf *out);

#endif
