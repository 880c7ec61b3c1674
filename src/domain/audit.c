/*
 * audit.c: the audit log: who changed what, when, before and after.
 * Rows are written inside the caller's transaction, so a change and its
 * record stand or fall together.
 */
#include <stdio.h>

#include "domain.h"

enum err
audit_log(struct store *st, const struct actor *a, const char *action,
    const char *entity, int64_t entity_id, const char *path,
    const char *summary, const char *before, const char *after)
{
	char now[32];

	if (a->no_audit)
		return OK;
	domain_now(now);
	return store_query(st, STMT_AUDIT_INSERT, ARGS(SV_TEXT(now),
	    a->user_id ? SV_INT(a->user_id) : SV_NULL, SV_TEXT(a->username),
	    SV_TEXT(action), SV_TEXT(entity), SV_INT(entity_id),
	    SV_TEXT(path ? path : ""), SV_TEXT(summary ? summary : ""),
	    SV_TEXT(before), SV_TEXT(after)), NULL, NULL);
}

struct audit_ctx {
	audit_fn	 fn;
	void		*arg;
};

static enum err
audit_row(const struct srow *r, void *arg)
{
	struct audit_ctx *c = arg;
	struct audit_entry e;

	e.id = srow_int(r, 0);
	e.at = srow_text(r, 1);
	e.username = srow_text(r, 2);
	e.action = srow_text(r, 3);
	e.entity = srow_text(r, 4);
	e.entity_id = srow_int(r, 5);
	e.summary = srow_text(r, 6);
	e.before = srow_null(r, 7) ? NULL : srow_text(r, 7);
	e.after = srow_null(r, 8) ? NULL : srow_text(r, 8);
	return c->fn(&e, c->arg);
}

enum err
audit_list(struct store *st, const struct actor *a, int64_t before_id,
    const char *entity, size_t limit, audit_fn fn, void *arg)
{
	struct audit_ctx c = {fn, arg};
	const char *lo = "", *hi = "\x7f";
	char h[PATH_MAX_LEN];
	size_t i;

	if (!a->system) {
		/* the subtree of the first role allowed to read the log */
		for (i = 0; i < a->nroles; i++)
			if (auth_can(a, CAP_AUDIT, a->roles[i].path))
				break;
		if (i == a->nroles)
			return ERR_DENIED;
		lo = a->roles[i].path;
		unit_path_hi(lo, h);
		hi = h;
	}
	return store_query(st, STMT_AUDIT_LIST, ARGS(SV_TEXT(lo), SV_TEXT(hi),
	    SV_INT(before_id > 0 ? before_id : INT64_MAX), SV_OPT(entity),
	    SV_INT((int64_t)limit)), audit_row, &c);
}
