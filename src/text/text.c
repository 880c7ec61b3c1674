/*
 * text.c: Vietnamese text on ICU: NFC cleaning, folding for search, lower
 * case, sort keys under the "vi" collation, name splitting and slugs.
 *
 * Trusts nothing in its input: every string is checked as strict UTF-8
 * (text_valid_utf8) before ICU sees it, and ERR_INVAL is returned, with
 * nothing appended, when it is not.  Lengths are checked against the
 * int32_t that ICU counts in.  Work is done in UTF-16 buffers that live on
 * the stack for short strings and on the heap otherwise.
 *
 * Threads: the UNormalizer2 instances from unorm2_get*Instance() are owned
 * by ICU, shared and thread-safe.  A UCollator is not, so each thread opens
 * its own on first use; it is closed by a pthread key destructor when the
 * thread exits.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucol.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "text.h"

/*
 * The largest input, in bytes, we hand to ICU.  Normalisation and case
 * mapping can expand a string a few times over and ICU counts in int32_t;
 * anything near this is far beyond every field limit anyway.
 */
#define TEXT_MAX_IN	((size_t)64 << 20)

#define UBUF_SMALL	256

/*
 * A UTF-16 string with room for UBUF_SMALL units inline.  Never copy one
 * by value: p may point into small.
 */
struct ubuf {
	UChar	*p;
	int32_t	 len;
	int32_t	 cap;
	UChar	 small[UBUF_SMALL];
};

static void
ubuf_init(struct ubuf *u)
{
	u->p = u->small;
	u->len = 0;
	u->cap = UBUF_SMALL;
}

static void
ubuf_free(struct ubuf *u)
{
	if (u->p != u->small)
		free(u->p);
	ubuf_init(u);
}

/* Make room for cap units, dropping the contents. */
static void
ubuf_room(struct ubuf *u, int32_t cap)
{
	if (cap <= u->cap)
		return;
	ubuf_free(u);
	u->p = xreallocarray(NULL, (size_t)cap, sizeof(UChar));
	u->cap = cap;
}

/*
 * ICU's error for an output that did not fit even after preflighting, or
 * that is longer than an int32_t can count, is a limit; any other failure
 * means the input was something ICU would not take.
 */
static enum err
icu_err(UErrorCode st)
{
	if (st == U_BUFFER_OVERFLOW_ERROR || st == U_INDEX_OUTOFBOUNDS_ERROR ||
	    st == U_MEMORY_ALLOCATION_ERROR)
		return ERR_LIMIT;
	return ERR_INVAL;
}

int
text_valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	unsigned char c, lo, hi;
	size_t n;

	while (p < end) {
		c = *p++;
		if (c >= 0x01 && c <= 0x7f)
			continue;
		lo = 0x80;
		hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			if (c == 0xe0)
				lo = 0xa0;	/* overlong */
			else if (c == 0xed)
				hi = 0x9f;	/* surrogates */
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			if (c == 0xf0)
				lo = 0x90;	/* overlong */
			else if (c == 0xf4)
				hi = 0x8f;	/* above U+10FFFF */
		} else
			return 0;	/* NUL, continuation, C0, C1, F5.. */
		if ((size_t)(end - p) < n)
			return 0;
		if (*p < lo || *p > hi)
			return 0;
		p++;
		while (--n > 0) {
			if (*p < 0x80 || *p > 0xbf)
				return 0;
			p++;
		}
	}
	return 1;
}

/* Check s and convert it to UTF-16 in u. */
static enum err
u16_from_utf8(const char *s, struct ubuf *u)
{
	UErrorCode st = U_ZERO_ERROR;
	size_t len;

	if (s == NULL)
		return ERR_INVAL;
	len = strlen(s);
	if (!text_valid_utf8(s, len))
		return ERR_INVAL;
	if (len > TEXT_MAX_IN)
		return ERR_LIMIT;
	/* UTF-16 never needs more units than UTF-8 has bytes. */
	ubuf_room(u, (int32_t)len + 1);
	u->len = 0;
	u_strFromUTF8(u->p, u->cap, &u->len, s, (int32_t)len, &st);
	if (U_FAILURE(st))
		return icu_err(st);
	return OK;
}

/* Append the UTF-16 [p, p+len) to out as UTF-8. */
static enum err
u16_to_buf(const UChar *p, int32_t len, struct buf *out)
{
	UErrorCode st = U_ZERO_ERROR;
	char small[UBUF_SMALL * 3], *d = small;
	int32_t need;
	enum err e;

	if (out->err != OK)
		return out->err;
	need = 0;
	u_strToUTF8(d, (int32_t)sizeof(small), &need, p, len, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR) {
		st = U_ZERO_ERROR;
		d = xmalloc((size_t)need + 1);
		u_strToUTF8(d, need + 1, &need, p, len, &st);
	}
	if (U_FAILURE(st))
		e = icu_err(st);
	else
		e = buf_add(out, d, (size_t)need);
	if (d != small)
		free(d);
	return e;
}

/* dst = normalisation of src by n. */
static enum err
u16_norm(const UNormalizer2 *n, const struct ubuf *src, struct ubuf *dst)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t need;

	need = unorm2_normalize(n, src->p, src->len, dst->p, dst->cap, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR) {
		st = U_ZERO_ERROR;
		if (need > INT32_MAX - 1)
			return ERR_LIMIT;
		ubuf_room(dst, need + 1);
		need = unorm2_normalize(n, src->p, src->len, dst->p,
		    dst->cap, &st);
	}
	if (U_FAILURE(st))
		return icu_err(st);
	dst->len = need;
	return OK;
}

/* dst = Vietnamese lower case of src. */
static enum err
u16_lower(const struct ubuf *src, struct ubuf *dst)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t need;

	need = u_strToLower(dst->p, dst->cap, src->p, src->len, "vi", &st);
	if (st == U_BUFFER_OVERFLOW_ERROR) {
		st = U_ZERO_ERROR;
		if (need > INT32_MAX - 1)
			return ERR_LIMIT;
		ubuf_room(dst, need + 1);
		need = u_strToLower(dst->p, dst->cap, src->p, src->len, "vi",
		    &st);
	}
	if (U_FAILURE(st))
		return icu_err(st);
	dst->len = need;
	return OK;
}

static const UNormalizer2 *
nfc(void)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *n = unorm2_getNFCInstance(&st);

	return U_FAILURE(st) ? NULL : n;
}

static const UNormalizer2 *
nfd(void)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *n = unorm2_getNFDInstance(&st);

	return U_FAILURE(st) ? NULL : n;
}

/* Check s and put its NFC, in UTF-16, into dst; tmp is scratch. */
static enum err
u16_nfc_utf8(const char *s, struct ubuf *tmp, struct ubuf *dst)
{
	const UNormalizer2 *n;
	enum err e;

	if ((e = u16_from_utf8(s, tmp)) != OK)
		return e;
	if ((n = nfc()) == NULL)
		return ERR_INVAL;
	return u16_norm(n, tmp, dst);
}

/* Marks that folding removes: after NFD, the accents and the horn. */
static int
is_mark(UChar32 c)
{
	int8_t t = u_charType(c);

	return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK;
}

static int
is_dd(UChar32 c)
{
	return c == 0x0110 || c == 0x0111;
}

static int
ascii_only(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/*
 * Compact [p, p+len) in place: white space runs become one ' ', none at
 * either end.  Returns the new length.
 */
static int32_t
u16_squeeze(UChar *p, int32_t len)
{
	int32_t i = 0, j = 0, k;
	UChar32 c;
	int sp = 0;

	while (i < len) {
		k = i;
		U16_NEXT(p, i, len, c);
		if (u_isUWhiteSpace(c)) {
			sp = j > 0;
			continue;
		}
		if (sp) {
			p[j++] = ' ';
			sp = 0;
		}
		while (k < i)
			p[j++] = p[k++];
	}
	return j;
}

enum err
text_clean(const char *s, struct buf *out)
{
	struct ubuf a, b;
	enum err e;

	ubuf_init(&a);
	ubuf_init(&b);
	if (out->err != OK) {
		e = out->err;
		goto out;
	}
	if ((e = u16_nfc_utf8(s, &a, &b)) != OK)
		goto out;
	b.len = u16_squeeze(b.p, b.len);
	e = u16_to_buf(b.p, b.len, out);
out:
	ubuf_free(&a);
	ubuf_free(&b);
	return e;
}

/* text_fold() for pure ASCII, without ICU: the same result, faster. */
static enum err
fold_ascii(const char *s, struct buf *out)
{
	size_t start = out->len;
	int sp = 0;
	char c;

	for (; *s != '\0'; s++) {
		c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
			sp = out->len > start;
			continue;
		}
		if (sp) {
			buf_addc(out, ' ');
			sp = 0;
		}
		buf_addc(out, c);
	}
	return out->err;
}

enum err
text_fold(const char *s, struct buf *out)
{
	const UNormalizer2 *n;
	struct ubuf a, b;
	int32_t i, j;
	UChar32 c;
	int sp, wide;
	enum err e;

	ubuf_init(&a);
	ubuf_init(&b);
	if (out->err != OK) {
		e = out->err;
		goto out;
	}
	if (s != NULL && ascii_only(s)) {
		e = fold_ascii(s, out);
		goto out;
	}
	/* NFC, lower case, NFD. */
	if ((e = u16_nfc_utf8(s, &a, &b)) != OK ||
	    (e = u16_lower(&b, &a)) != OK)
		goto out;
	if ((n = nfd()) == NULL) {
		e = ERR_INVAL;
		goto out;
	}
	if ((e = u16_norm(n, &a, &b)) != OK)
		goto out;

	/*
	 * Drop the marks, đ -> d, anything but a letter or digit is a
	 * separator; written back over b, which only shrinks.
	 */
	sp = wide = 0;
	for (i = j = 0; i < b.len; ) {
		U16_NEXT(b.p, i, b.len, c);
		if (is_mark(c))
			continue;
		if (is_dd(c))
			c = 'd';
		else if (!u_isalnum(c)) {
			sp = j > 0;
			continue;
		}
		if (sp) {
			b.p[j++] = ' ';
			sp = 0;
		}
		if (c >= 0x80)
			wide = 1;
		U16_APPEND_UNSAFE(b.p, j, c);
	}
	b.len = j;

	/*
	 * Outside Vietnamese, NFD can leave letters decomposed (Hangul
	 * into jamo); put them back together.
	 */
	if (wide) {
		if ((n = nfc()) == NULL) {
			e = ERR_INVAL;
			goto out;
		}
		if ((e = u16_norm(n, &b, &a)) != OK)
			goto out;
		e = u16_to_buf(a.p, a.len, out);
	} else
		e = u16_to_buf(b.p, b.len, out);
out:
	ubuf_free(&a);
	ubuf_free(&b);
	return e;
}

enum err
text_lower(const char *s, struct buf *out)
{
	const UNormalizer2 *n;
	struct ubuf a, b;
	enum err e;

	ubuf_init(&a);
	ubuf_init(&b);
	if (out->err != OK) {
		e = out->err;
		goto out;
	}
	if ((e = u16_nfc_utf8(s, &a, &b)) != OK ||
	    (e = u16_lower(&b, &a)) != OK)
		goto out;
	/* Lower-casing can leave a string that is not NFC. */
	if ((n = nfc()) == NULL) {
		e = ERR_INVAL;
		goto out;
	}
	if ((e = u16_norm(n, &a, &b)) != OK)
		goto out;
	e = u16_to_buf(b.p, b.len, out);
out:
	ubuf_free(&a);
	ubuf_free(&b);
	return e;
}

int
text_has_diacritics(const char *s)
{
	const UNormalizer2 *n;
	struct ubuf a, b;
	int32_t i;
	UChar32 c;
	int r = 0;

	if (s == NULL || ascii_only(s))
		return 0;
	ubuf_init(&a);
	ubuf_init(&b);
	if (u16_from_utf8(s, &a) != OK || (n = nfd()) == NULL ||
	    u16_norm(n, &a, &b) != OK)
		goto out;
	for (i = 0; i < b.len && !r; ) {
		U16_NEXT(b.p, i, b.len, c);
		r = is_mark(c) || is_dd(c);
	}
out:
	ubuf_free(&a);
	ubuf_free(&b);
	return r;
}

/*
 * The calling thread's "vi" collator, opened on first use, or NULL if ICU
 * could not open one.  Closed when the thread exits.
 */
static pthread_key_t	coll_key;
static pthread_once_t	coll_once = PTHREAD_ONCE_INIT;
static int		coll_keyok;
static _Thread_local UCollator *coll_mine;

static void
coll_dtor(void *p)
{
	ucol_close(p);
}

static void
coll_keyinit(void)
{
	coll_keyok = pthread_key_create(&coll_key, coll_dtor) == 0;
}

static UCollator *
coll_get(void)
{
	UErrorCode st = U_ZERO_ERROR;
	UCollator *c;

	if (coll_mine != NULL)
		return coll_mine;
	if (pthread_once(&coll_once, coll_keyinit) != 0 || !coll_keyok)
		return NULL;
	c = ucol_open("vi", &st);
	if (U_FAILURE(st)) {
		ucol_close(c);
		return NULL;
	}
	if (pthread_setspecific(coll_key, c) != 0) {
		ucol_close(c);
		return NULL;
	}
	return coll_mine = c;
}

/* Append the sort key of the UTF-16 [p, p+len) as hex, no terminator. */
static enum err
sortkey_u16(const UChar *p, int32_t len, struct buf *out)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t small[UBUF_SMALL], *k = small;
	char pair[2];
	UCollator *coll;
	int32_t need, i;
	enum err e = OK;

	if ((coll = coll_get()) == NULL)
		return ERR_INVAL;
	need = ucol_getSortKey(coll, p, len, k, (int32_t)sizeof(small));
	if (need <= 0)
		return ERR_INVAL;
	if ((size_t)need > sizeof(small)) {
		k = xmalloc((size_t)need);
		if (ucol_getSortKey(coll, p, len, k, need) != need) {
			e = ERR_INVAL;
			goto out;
		}
	}
	/* The last byte is the 0x00 terminator. */
	if ((size_t)need - 1 > (SIZE_MAX - 1) / 2) {
		e = ERR_LIMIT;
		goto out;
	}
	for (i = 0; i < need - 1; i++) {
		pair[0] = hex[k[i] >> 4];
		pair[1] = hex[k[i] & 0xf];
		if ((e = buf_add(out, pair, 2)) != OK)
			break;
	}
out:
	if (k != small)
		free(k);
	return e;
}

enum err
text_sortkey(const char *s, struct buf *out)
{
	struct ubuf a, b;
	enum err e;

	ubuf_init(&a);
	ubuf_init(&b);
	if (out->err != OK) {
		e = out->err;
		goto out;
	}
	if ((e = u16_nfc_utf8(s, &a, &b)) != OK)
		goto out;
	e = sortkey_u16(b.p, b.len, out);
out:
	ubuf_free(&a);
	ubuf_free(&b);
	return e;
}

/*
 * The keys of the parts are joined by "00": ICU sort keys hold no 0x00
 * byte before their terminator, so when one part's key is a prefix of
 * another's the shorter ends first, and the next part decides only when
 * the keys are equal.
 */
enum err
text_person_sortkey(const char *family, const char *middle,
    const char *given, struct buf *out)
{
	enum err e;

	if (out->err != OK)
		return out->err;
	if (family == NULL || middle == NULL || given == NULL ||
	    !text_valid_utf8(family, strlen(family)) ||
	    !text_valid_utf8(middle, strlen(middle)) ||
	    !text_valid_utf8(given, strlen(given)))
		return ERR_INVAL;
	if ((e = text_sortkey(given, out)) != OK ||
	    (e = buf_adds(out, "00")) != OK ||
	    (e = text_sortkey(middle, out)) != OK ||
	    (e = buf_adds(out, "00")) != OK)
		return e;
	return text_sortkey(family, out);
}

/* Copy [p, p+n) into a name part of LIM_NAME_PART bytes. */
static enum err
part_set(char *dst, const char *p, size_t n)
{
	if (n > LIM_NAME_PART - 1)
		return ERR_LIMIT;
	memcpy(dst, p, n);
	dst[n] = '\0';
	return OK;
}

enum err
text_split_name(const char *full, struct name_parts *np)
{
	struct buf b;
	const char *s, *first, *last;
	enum err e;

	memset(np, 0, sizeof(*np));
	buf_init(&b, 0);
	if ((e = text_clean(full, &b)) != OK)
		goto out;
	s = buf_str(&b);
	if (*s == '\0')
		goto out;
	/* Cleaned: words are separated by exactly one ' '. */
	first = strchr(s, ' ');
	last = strrchr(s, ' ');
	if (first == NULL) {
		e = part_set(np->given, s, b.len);
		goto out;
	}
	if ((e = part_set(np->family, s, (size_t)(first - s))) != OK ||
	    (e = part_set(np->given, last + 1, strlen(last + 1))) != OK)
		goto out;
	if (first != last)
		e = part_set(np->middle, first + 1, (size_t)(last - first - 1));
out:
	if (e != OK)
		memset(np, 0, sizeof(*np));
	buf_free(&b);
	return e;
}

/* Length of the longest prefix of the UTF-8 [p, p+n) that fits in max
 * bytes without cutting a character. */
static size_t
utf8_cut(const char *p, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)p[max] & 0xc0) == 0x80)
		max--;
	return max;
}

enum err
text_slug(const char *s, size_t max, struct buf *out)
{
	struct buf f;
	const char *p, *w;
	size_t n, used = 0;
	enum err e;

	if (out->err != OK)
		return out->err;
	buf_init(&f, 0);
	if ((e = text_fold(s, &f)) != OK)
		goto out;
	/* Folded: words are separated by exactly one ' '. */
	for (p = buf_str(&f); *p != '\0'; p = w + n) {
		if (*p == ' ')
			p++;
		w = p;
		n = strcspn(w, " ");
		if (used == 0) {
			/* A first word longer than max is cut inside. */
			if ((used = utf8_cut(w, n, max)) == 0)
				break;
			e = buf_add(out, w, used);
			if (used < n)
				break;
		} else {
			if (n + 1 > max - used)
				break;
			if ((e = buf_addc(out, '-')) == OK)
				e = buf_add(out, w, n);
			used += n + 1;
		}
		if (e != OK)
			break;
	}
out:
	buf_free(&f);
	return e;
}
