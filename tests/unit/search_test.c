/*
 * search_test.c: people lists and searches give the same pages whichever
 * plan reads them (search index, path index and sort, name-order walk),
 * checked against a brute-force answer on 60,000 demo people, where
 * "nguyen" matches more than the search index's narrow limit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/domain.h"
#include "text/text.h"
#include "test.h"

static struct store *st;
static struct actor sys;

struct row {
	int64_t	id;
	char	fold[256], code[40], lower[256];
};

struct rows {
	struct row	*v;
	size_t		 n, cap;
};

static enum err
keep(const struct person *p, void *arg)
{
	struct rows *r = arg;
	struct buf f;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 1024;
		r->v = realloc(r->v, r->cap * sizeof(*r->v));
	}
	buf_init(&f, 1024);
	text_fold(p->full_name, &f);
	r->v[r->n].id = p->id;
	snprintf(r->v[r->n].fold, sizeof(r->v[0].fold), "%s", buf_str(&f));
	buf_reset(&f);
	text_lower(p->full_name, &f);
	snprintf(r->v[r->n].lower, sizeof(r->v[0].lower), "%s", buf_str(&f));
	snprintf(r->v[r->n].code, sizeof(r->v[0].code), "%s", p->code);
	r->n++;
	buf_free(&f);
	return OK;
}

/* word (or, for the last, word start) match, as the product defines it */
static int
matches(const struct row *r, const char *q)
{
	char words[512], tok[64];
	const char *t, *e;
	size_t i;

	snprintf(words, sizeof(words), " %s %s ", r->fold, r->code);
	for (i = 0; words[i]; i++)
		if (words[i] >= 'A' && words[i] <= 'Z')
			words[i] += 32;
	for (t = q; *t; t = *e ? e + 1 : e) {
		for (e = t; *e && *e != ' '; e++)
			;
		snprintf(tok, sizeof(tok), " %.*s%s", (int)(e - t), t,
		    *e ? " " : "");
		if (strstr(words, tok) == NULL)
			return 0;
	}
	return 1;
}

static void
compare(int64_t unit, const char *q, enum people_sort sort)
{
	struct people_filter f;
	struct rows all = {0}, got = {0};
	size_t i, n = 0;
	int more;

	memset(&f, 0, sizeof(f));
	f.unit_id = unit;
	f.member = f.leader = -1;
	f.active = 1;
	f.sort = sort;
	f.limit = 100000;
	CHECK_INT(people_list(st, &sys, &f, keep, &all, &more), OK);
	f.q = q;
	f.limit = 50;
	f.offset = 50;	/* the second page */
	CHECK_INT(people_list(st, &sys, &f, keep, &got, &more), OK);
	for (i = 0; i < all.n && n < 100; i++) {
		if (!matches(&all.v[i], q))
			continue;
		if (n >= 50 && got.n > n - 50 && got.v[n - 50].id != all.v[i].id) {
			fprintf(stderr, "unit %lld q \"%s\" sort %d: row %zu is "
			    "%lld, want %lld\n", (long long)unit, q, (int)sort,
			    n, (long long)got.v[n - 50].id,
			    (long long)all.v[i].id);
			CHECK(0);
			break;
		}
		n++;
	}
	CHECK_INT(got.n, n > 50 ? n - 50 : 0);
	free(all.v);
	free(got.v);
}

TEST(plans_agree)
{
	static const char *const qs[] = { "nguyen", "nguyen thi", "tran van h",
	    "le", "pham minh", "cb0001", "ho" };
	size_t i;
	struct unit cdcs;

	CHECK_INT(units_get_by_code(st, &sys, "CDCS-002", &cdcs), OK);
	for (i = 0; i < NELEM(qs); i++) {
		compare(1, qs[i], SORT_NAME);		/* the root: walk */
		compare(1, qs[i], SORT_NAME_DESC);
		compare(cdcs.id, qs[i], SORT_NAME);	/* a CĐCS: path */
		compare(1, qs[i], SORT_BIRTH);
	}
}

TEST(exact_first_when_narrow)
{
	struct people_filter f;
	struct rows got = {0};
	int more;

	memset(&f, 0, sizeof(f));
	f.member = f.leader = -1;
	f.active = 1;
	f.limit = 5;
	f.q = "Đặng";
	CHECK_INT(people_list(st, &sys, &f, keep, &got, &more), OK);
	CHECK(got.n > 0);
	CHECK(got.n > 0 && strncmp(got.v[0].fold, "dang ", 5) == 0);
	free(got.v);
}

/* A broad query with diacritics over the whole tree: the people whose
 * name holds it as typed first, then the others, each in name order; a
 * page across the boundary between the two is right. */
TEST(exact_first_when_broad)
{
	static const char q[] = "Hà", fold[] = "ha", lower[] = "hà";
	struct people_filter f;
	struct rows all = {0}, got = {0};
	int64_t *want;
	size_t i, n = 0, exact = 0, off;
	int more, page;

	memset(&f, 0, sizeof(f));
	f.unit_id = 1;
	f.member = f.leader = -1;
	f.active = 1;
	f.limit = 100000;
	CHECK_INT(people_list(st, &sys, &f, keep, &all, &more), OK);
	want = calloc(all.n + 1, sizeof(*want));
	for (i = 0; i < all.n; i++)
		if (matches(&all.v[i], fold) && strstr(all.v[i].lower, lower))
			want[n++] = all.v[i].id;
	exact = n;
	for (i = 0; i < all.n; i++)
		if (matches(&all.v[i], fold) && !strstr(all.v[i].lower, lower))
			want[n++] = all.v[i].id;
	if (!(exact > 20 && n > exact + 100))
		fprintf(stderr, "exact %zu of %zu\n", exact, n);
	CHECK(exact > 20 && n > exact + 100);	/* the data shows the case */
	f.q = q;
	f.limit = 50;
	for (page = 0; page < 3; page++) {
		off = page == 0 ? 0 : page == 1 ? exact - 20 : n - 30;
		got.n = 0;
		f.offset = off;
		CHECK_INT(people_list(st, &sys, &f, keep, &got, &more), OK);
		CHECK_INT(got.n, off + 50 <= n ? 50 : n - off);
		for (i = 0; i < got.n && off + i < n; i++)
			if (got.v[i].id != want[off + i]) {
				fprintf(stderr, "offset %zu row %zu: %lld, want "
				    "%lld\n", off, i, (long long)got.v[i].id,
				    (long long)want[off + i]);
				CHECK(0);
				break;
			}
	}
	free(want);
	free(all.v);
	free(got.v);
}

int
main(void)
{
	struct demo_opts o = { 60000, 40, 11 };
	struct buf em;
	char db[256], pw[32];

	if (test_db(db, sizeof(db), "search") != 0)
		return 1;
	buf_init(&em, 1024);
	log_quiet(1);
	if (store_open(db, 1, &st, &em) != OK ||
	    demo_generate(st, &o, pw, &em) != OK) {
		fprintf(stderr, "setup: %s\n", buf_str(&em));
		return 1;
	}
	auth_system_actor(&sys);
	RUN(plans_agree);
	RUN(exact_first_when_narrow);
	RUN(exact_first_when_broad);
	store_close(st);
	test_db_drop(db);
	buf_free(&em);
	return test_done("search");
}
