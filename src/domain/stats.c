/*
 * stats.c: the figures of every unit's subtree, kept as counters.  A
 * change adds a delta to the unit it touches; stats_acc_apply() rolls the
 * deltas up every ancestor on the unit's path and writes one UPDATE per
 * unit touched, inside the caller's transaction.  Bulk imports add many
 * deltas and apply once.
 */
#include <stdlib.h>
#include <string.h>

#include "domain.h"

struct stats_ent {
	int64_t		id;	/* 0: empty slot */
	struct figures	f;
};

struct stats_acc {
	struct stats_ent	*ents;
	size_t			 n, cap;
};

struct stats_acc *
stats_acc_new(void)
{
	struct stats_acc *a = xcalloc(1, sizeof(*a));

	a->cap = 64;
	a->ents = xcalloc(a->cap, sizeof(*a->ents));
	return a;
}

void
stats_acc_free(struct stats_acc *a)
{
	if (a == NULL)
		return;
	free(a->ents);
	free(a);
}

static void
fig_add(struct figures *to, const struct figures *d)
{
	to->units += d->units;
	to->grassroots += d->grassroots;
	to->people += d->people;
	to->members += d->members;
	to->women += d->women;
	to->women_members += d->women_members;
	to->leaders += d->leaders;
}

static struct stats_ent *
slot(struct stats_acc *a, int64_t id)
{
	size_t i = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ull) & (a->cap - 1);

	while (a->ents[i].id != 0 && a->ents[i].id != id)
		i = (i + 1) & (a->cap - 1);
	return &a->ents[i];
}

static void
add_id(struct stats_acc *a, int64_t id, const struct figures *d)
{
	struct stats_ent *e;
	size_t i, oldcap;
	struct stats_ent *old;

	if ((a->n + 1) * 2 > a->cap) {
		old = a->ents;
		oldcap = a->cap;
		a->cap *= 2;
		a->ents = xcalloc(a->cap, sizeof(*a->ents));
		for (i = 0; i < oldcap; i++)
			if (old[i].id != 0)
				*slot(a, old[i].id) = old[i];
		free(old);
	}
	e = slot(a, id);
	if (e->id == 0) {
		e->id = id;
		a->n++;
	}
	fig_add(&e->f, d);
}

void
stats_acc_add(struct stats_acc *a, const char *path, const struct figures *d)
{
	const char *p = path;
	char *end;
	long long id;

	/* every id on the path "/1/5/23/" */
	while (*p == '/' && p[1] != '\0') {
		id = strtoll(p + 1, &end, 10);
		if (end == p + 1 || *end != '/' || id <= 0)
			break;
		add_id(a, id, d);
		p = end;
	}
}

enum err
stats_acc_apply(struct stats_acc *a, struct store *st)
{
	size_t i;
	enum err e;
	const struct figures *f;

	for (i = 0; i < a->cap; i++) {
		if (a->ents[i].id == 0)
			continue;
		f = &a->ents[i].f;
		if (!f->units && !f->grassroots && !f->people && !f->members &&
		    !f->women && !f->women_members && !f->leaders)
			continue;
		if ((e = store_query(st, STMT_STATS_ADD, ARGS(
		    SV_INT(a->ents[i].id), SV_INT(f->units),
		    SV_INT(f->grassroots), SV_INT(f->people),
		    SV_INT(f->members), SV_INT(f->women),
		    SV_INT(f->women_members), SV_INT(f->leaders)),
		    NULL, NULL)) != OK)
			return e;
	}
	memset(a->ents, 0, a->cap * sizeof(*a->ents));
	a->n = 0;
	return OK;
}

void
stats_of_person(char gender, int member, int leader, int sign,
    struct figures *f)
{
	memset(f, 0, sizeof(*f));
	f->people = sign;
	f->members = member ? sign : 0;
	f->women = gender == 'F' ? sign : 0;
	f->women_members = gender == 'F' && member ? sign : 0;
	f->leaders = leader ? sign : 0;
}
