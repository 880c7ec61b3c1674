/*
 * units.c: the tree of units.  Each unit stores its path of ids from the
 * root ("/1/5/23/"), so a subtree is one index range [path, path_hi) and
 * a move rewrites the paths of the subtree in two statements.  Figures of
 * subtrees are counters maintained through stats.c.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/text.h"
#include "domain.h"

const char *const kind_names[KIND__MAX] = {
	"confed", "province", "grassroots", "group",
};
const char *const kind_labels[KIND__MAX] = {
	"Liên đoàn / Công đoàn ngành", "Công đoàn cấp trên cơ sở",
	"Công đoàn cơ sở", "Tổ công đoàn",
};
/* Short forms people type in files, folded. */
static const char *const kind_alias[KIND__MAX] = {
	"ldld", "cdct", "cdcs", "to cd",
};
const char *const block_names[BLOCK__MAX] = { "hc", "sn", "dn" };
const char *const block_labels[BLOCK__MAX] = {
	"Hành chính", "Sự nghiệp", "Doanh nghiệp",
};

/* Which kinds may stand under which: [child] = bit set of parent kinds. */
static const unsigned parent_ok[KIND__MAX] = {
	[KIND_CONFED] = 0,
	[KIND_PROVINCE] = 1u << KIND_CONFED | 1u << KIND_PROVINCE,
	[KIND_GRASSROOTS] = 1u << KIND_CONFED | 1u << KIND_PROVINCE,
	[KIND_GROUP] = 1u << KIND_GRASSROOTS,
};

static int
parse_enum(const char *s, const char *const *names, const char *const *labels,
    const char *const *alias, size_t n)
{
	struct buf f, lf;
	size_t i;
	int r = -1;

	if (s == NULL || *s == '\0')
		return -1;
	/* the stored form, as every row from the database has it */
	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	buf_init(&f, 1024);
	buf_init(&lf, 1024);
	if (text_fold(s, &f) != OK)
		goto out;
	for (i = 0; i < n && r < 0; i++) {
		buf_reset(&lf);
		text_fold(labels[i], &lf);
		if (strcmp(buf_str(&f), names[i]) == 0 ||
		    strcmp(buf_str(&f), buf_str(&lf)) == 0 ||
		    (alias && strcmp(buf_str(&f), alias[i]) == 0))
			r = (int)i;
	}
out:
	buf_free(&f);
	buf_free(&lf);
	return r;
}

int
kind_parse(const char *s)
{
	return parse_enum(s, kind_names, kind_labels, kind_alias, KIND__MAX);
}

int
block_parse(const char *s)
{
	return parse_enum(s, block_names, block_labels, NULL, BLOCK__MAX);
}

void
unit_path_hi(const char *path, char out[PATH_MAX_LEN])
{
	size_t n = strlen(path);

	str_copy(out, PATH_MAX_LEN, path);
	/* '/' + 1 == '0': every path below sorts before this */
	if (n > 0 && n < PATH_MAX_LEN)
		out[n - 1] = '0';
}

static void
unit_from_row(const struct srow *r, struct unit *u)
{
	int k, b;

	memset(u, 0, sizeof(*u));
	u->id = srow_int(r, 0);
	u->parent_id = srow_int(r, 1);
	str_copy(u->path, sizeof(u->path), srow_text(r, 2));
	u->depth = (int)srow_int(r, 3);
	str_copy(u->code, sizeof(u->code), srow_text(r, 4));
	str_copy(u->name, sizeof(u->name), srow_text(r, 5));
	str_copy(u->short_name, sizeof(u->short_name), srow_text(r, 6));
	k = kind_parse(srow_text(r, 7));
	b = block_parse(srow_text(r, 8));
	u->kind = k < 0 ? KIND_GRASSROOTS : (enum unit_kind)k;
	u->block = b < 0 ? BLOCK_HC : (enum unit_block)b;
	u->active = (int)srow_int(r, 9);
	u->fig.units = srow_int(r, 10);
	u->fig.grassroots = srow_int(r, 11);
	u->fig.people = srow_int(r, 12);
	u->fig.members = srow_int(r, 13);
	u->fig.women = srow_int(r, 14);
	u->fig.women_members = srow_int(r, 15);
	u->fig.leaders = srow_int(r, 16);
	u->nchildren = srow_int(r, 17);
}

static enum err
one_unit(const struct srow *r, void *arg)
{
	unit_from_row(r, arg);
	return OK;
}

/* Read a unit without a scope check (for this file and import). */
static enum err
unit_load(struct store *st, enum stmt id, struct sval key, struct unit *u)
{
	enum err e;

	u->id = 0;
	if ((e = store_query(st, id, &key, 1, one_unit, u)) != OK)
		return e;
	return u->id ? OK : ERR_NOTFOUND;
}

enum err
units_get(struct store *st, const struct actor *a, int64_t id, struct unit *u)
{
	enum err e = unit_load(st, STMT_UNIT_GET, SV_INT(id), u);

	if (e == OK && !auth_can(a, CAP_READ, u->path))
		e = ERR_NOTFOUND;
	return e;
}

enum err
units_get_by_code(struct store *st, const struct actor *a, const char *code,
    struct unit *u)
{
	enum err e = unit_load(st, STMT_UNIT_GET_BY_CODE, SV_TEXT(code), u);

	if (e == OK && !auth_can(a, CAP_READ, u->path))
		e = ERR_NOTFOUND;
	return e;
}

struct unit_cb {
	unit_fn			 fn;
	void			*arg;
	const struct actor	*a;
};

static enum err
unit_each(const struct srow *r, void *arg)
{
	struct unit_cb *c = arg;
	struct unit u;

	unit_from_row(r, &u);
	if (!auth_can(c->a, CAP_READ, u.path))
		return OK;
	return c->fn(&u, c->arg);
}

enum err
units_children(struct store *st, const struct actor *a, int64_t parent,
    unit_fn fn, void *arg)
{
	struct unit_cb c = {fn, arg, a};
	struct unit u;
	size_t i, j;
	enum err e;

	if (parent != 0)
		return store_query(st, STMT_UNIT_CHILDREN, ARGS(SV_INT(parent)),
		    unit_each, &c);
	if (a->system)
		return store_query(st, STMT_UNIT_ROOTS, NOARGS, unit_each, &c);
	/* the actor's own top units: those not inside another of its roles */
	for (i = 0; i < a->nroles; i++) {
		if (!auth_can(a, CAP_READ, a->roles[i].path))
			continue;
		for (j = 0; j < a->nroles; j++)
			if (j != i && strlen(a->roles[j].path) <
			    strlen(a->roles[i].path) && strncmp(a->roles[i].path,
			    a->roles[j].path, strlen(a->roles[j].path)) == 0)
				break;
		if (j < a->nroles)
			continue;
		if ((e = unit_load(st, STMT_UNIT_GET,
		    SV_INT(a->roles[i].unit_id), &u)) != OK)
			return e;
		if ((e = fn(&u, arg)) != OK)
			return e;
	}
	return OK;
}

/* Run a statement over the subtree of a unit the actor sees (a role
 * covers whole subtrees: below a visible unit, all is visible). */
static enum err
subtree_query(struct store *st, const struct actor *a, int64_t root,
    enum stmt id, size_t limit, srow_fn fn, void *arg)
{
	struct unit u;
	char hi[PATH_MAX_LEN];
	enum err e;

	if ((e = units_get(st, a, root, &u)) != OK)
		return e;
	unit_path_hi(u.path, hi);
	return store_query(st, id, ARGS(SV_TEXT(u.path), SV_TEXT(hi),
	    SV_INT((int64_t)limit)), fn, arg);
}

enum err
units_subtree(struct store *st, const struct actor *a, int64_t root,
    size_t limit, unit_fn fn, void *arg)
{
	struct unit_cb c = {fn, arg, a};

	return subtree_query(st, a, root, STMT_UNIT_SUBTREE, limit, unit_each,
	    &c);
}

struct outline_cb {
	unit_brief_fn	 fn;
	void		*arg;
};

static enum err
outline_row(const struct srow *r, void *arg)
{
	struct outline_cb *c = arg;
	struct unit_brief b;

	b.id = srow_int(r, 0);
	b.depth = (int)srow_int(r, 1);
	b.active = (int)srow_int(r, 2);
	b.path = srow_text(r, 3);
	b.name = srow_text(r, 4);
	return c->fn(&b, c->arg);
}

enum err
units_outline(struct store *st, const struct actor *a, int64_t root,
    size_t limit, unit_brief_fn fn, void *arg)
{
	struct outline_cb c = {fn, arg};

	return subtree_query(st, a, root, STMT_UNIT_OUTLINE, limit,
	    outline_row, &c);
}

enum err
units_find(struct store *st, const struct actor *a, const char *q,
    size_t limit, unit_fn fn, void *arg)
{
	struct unit_cb c = {fn, arg, a};
	const struct role_grant *home = auth_home(a);
	const char *lo = home ? home->path : "/";
	char hi[PATH_MAX_LEN];
	struct buf f, like, low;
	enum err e;

	if (!a->system && home == NULL)
		return OK;
	if (a->system)
		str_copy(hi, sizeof(hi), "0");
	else
		unit_path_hi(lo, hi);
	buf_init(&f, 1024);
	buf_init(&like, 1100);
	buf_init(&low, 1024);
	if ((e = text_fold(q, &f)) != OK)
		goto out;
	/* LIKE wildcards in the folded query cannot occur: fold keeps only
	 * letters, digits and spaces */
	buf_addf(&like, "%%%s%%", buf_str(&f));
	text_lower(q, &low);
	e = store_query(st, STMT_UNIT_FIND, ARGS(SV_TEXT(lo), SV_TEXT(hi),
	    SV_TEXT(buf_str(&like)), SV_TEXT(buf_str(&low)),
	    SV_INT((int64_t)limit)), unit_each, &c);
out:
	buf_free(&f);
	buf_free(&like);
	buf_free(&low);
	return e;
}

enum err
units_ancestors(struct store *st, const struct actor *a, const struct unit *u,
    unit_fn fn, void *arg)
{
	const char *p = u->path;
	char *end;
	long long id;
	struct unit anc;
	enum err e;

	while (*p == '/' && p[1] != '\0') {
		id = strtoll(p + 1, &end, 10);
		if (end == p + 1 || *end != '/')
			break;
		p = end;
		if (id == u->id)
			break;
		if (units_get(st, a, id, &anc) != OK)
			continue;	/* above the actor's scope */
		if ((e = fn(&anc, arg)) != OK)
			return e;
	}
	return OK;
}

static char *
unit_json(const struct unit *u)
{
	json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:b}",
	    "parent_id", (json_int_t)u->parent_id, "path", u->path,
	    "code", u->code, "name", u->name, "short_name", u->short_name,
	    "kind", kind_names[u->kind], "block", block_names[u->block],
	    "active", u->active);
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	json_decref(o);
	return s;
}

static int
valid_code(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > CODE_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' &&
		    s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-' || s[i] == '_' || s[i] == '.'))
			return 0;
	return 1;
}

/* Clean one text field into dst; problem when empty (if required) or
 * too long or not text. */
static void
clean_field(const char *in, char *dst, size_t dstlen, int required,
    const char *field, const char *label, struct problems *p)
{
	struct buf b;

	dst[0] = '\0';
	buf_init(&b, 4 * LIM_NAME);
	if (in != NULL && text_clean(in, &b) != OK)
		problems_add(p, field, "%s không phải văn bản hợp lệ", label);
	else if (b.len == 0 && required)
		problems_add(p, field, "Thiếu %s", label);
	else if (b.len >= dstlen)
		problems_add(p, field, "%s dài quá %zu ký tự", label,
		    dstlen - 1);
	else
		str_copy(dst, dstlen, buf_str(&b));
	buf_free(&b);
}

/* Validate the fields of a unit (not its parent) into u. */
static void
unit_fields(const struct unit_in *in, struct unit *u, struct problems *p)
{
	int k, b;

	clean_field(in->code, u->code, sizeof(u->code), 1, "code",
	    "mã đơn vị", p);
	if (u->code[0] && !valid_code(u->code))
		problems_add(p, "code", "Mã đơn vị chỉ gồm chữ không dấu, số, "
		    "dấu chấm, gạch ngang, gạch dưới (tối đa %d ký tự)",
		    CODE_MAX);
	clean_field(in->name, u->name, sizeof(u->name), 1, "name",
	    "tên đơn vị", p);
	clean_field(in->short_name, u->short_name, sizeof(u->short_name), 0,
	    "short_name", "tên viết tắt", p);
	if ((k = kind_parse(in->kind)) < 0)
		problems_add(p, "kind", "Loại đơn vị phải là một trong: "
		    "%s; %s; %s; %s", kind_labels[0], kind_labels[1],
		    kind_labels[2], kind_labels[3]);
	else
		u->kind = (enum unit_kind)k;
	if ((b = block_parse(in->block)) < 0)
		problems_add(p, "block", "Khối phải là Hành chính, Sự nghiệp "
		    "hoặc Doanh nghiệp");
	else
		u->block = (enum unit_block)b;
}

static void
kind_under(enum unit_kind kind, const struct unit *parent, struct problems *p)
{
	if (parent == NULL) {
		if (kind != KIND_CONFED && kind != KIND_PROVINCE)
			problems_add(p, "parent", "%s phải thuộc một đơn vị cấp "
			    "trên", kind_labels[kind]);
		return;
	}
	if (!(parent_ok[kind] & (1u << parent->kind)))
		problems_add(p, "parent", "%s không thể trực thuộc %s",
		    kind_labels[kind], kind_labels[parent->kind]);
	if (!parent->active)
		problems_add(p, "parent", "Đơn vị cấp trên “%s” đã ngừng "
		    "hoạt động", parent->name);
}

static enum err
sortkey_of(const char *name, char *fold, size_t foldlen, struct buf *key)
{
	struct buf f;
	enum err e;

	buf_init(&f, 4096);
	if ((e = text_fold(name, &f)) == OK)
		str_copy(fold, foldlen, buf_str(&f));
	buf_free(&f);
	if (e == OK)
		e = text_sortkey(name, key);
	return e;
}

enum err
units_create_tx(struct store *st, const struct actor *a,
    const struct unit_in *in, int64_t *id, struct problems *p)
{
	struct unit u = {0}, parent;
	int64_t next = 0;
	char now[32], fold[4 * TEXT_MAX];
	struct buf key;
	struct figures f = {0};
	struct stats_acc *acc = NULL;
	enum err e;
	int have_parent = 0;

	*id = 0;
	unit_fields(in, &u, p);
	if (in->parent_id) {
		if (units_get(st, a, in->parent_id, &parent) != OK)
			problems_add(p, "parent", "Không có đơn vị cấp trên này");
		else
			have_parent = 1;
	} else if (in->parent_code && *in->parent_code) {
		if (units_get_by_code(st, a, in->parent_code, &parent) != OK)
			problems_add(p, "parent", "Không có đơn vị cấp trên mã "
			    "“%s”", in->parent_code);
		else
			have_parent = 1;
	} else if (!a->system)
		problems_add(p, "parent", "Thiếu đơn vị cấp trên");
	/* where a kind may stand, once the kind itself is right */
	if (problems_for(p, "kind") == NULL && (have_parent ||
	    (!in->parent_id && !(in->parent_code && *in->parent_code) &&
	    a->system)))
		kind_under(u.kind, have_parent ? &parent : NULL, p);
	if (p->n)
		return ERR_INVAL;
	if (have_parent && !auth_can(a, CAP_UNITS, parent.path))
		return ERR_DENIED;
	if ((e = store_int(st, STMT_UNIT_NEXT_ID, NOARGS, &next)) != OK)
		return e;
	u.id = next;
	u.parent_id = have_parent ? parent.id : 0;
	u.depth = have_parent ? parent.depth + 1 : 0;
	if (have_parent && strlen(parent.path) + 22 >= PATH_MAX_LEN) {
		problems_add(p, "parent", "Cây đơn vị quá sâu");
		return ERR_INVAL;
	}
	snprintf(u.path, sizeof(u.path), "%s%lld/", have_parent ? parent.path :
	    "/", (long long)u.id);
	u.active = 1;
	buf_init(&key, 4096);
	if ((e = sortkey_of(u.name, fold, sizeof(fold), &key)) != OK)
		goto out;
	domain_now(now);
	e = store_query(st, STMT_UNIT_INSERT, ARGS(SV_INT(u.id),
	    have_parent ? SV_INT(u.parent_id) : SV_NULL, SV_TEXT(u.path),
	    SV_INT(u.depth), SV_TEXT(u.code), SV_TEXT(u.name),
	    SV_TEXT(u.short_name), SV_TEXT(kind_names[u.kind]),
	    SV_TEXT(block_names[u.block]), SV_TEXT(fold),
	    SV_TEXT(buf_str(&key)), SV_TEXT(now)), NULL, NULL);
	if (e == ERR_CONFLICT) {
		problems_add(p, "code", "Mã đơn vị “%s” đã có", u.code);
		e = ERR_INVAL;
	}
	if (e != OK)
		goto out;
	if ((e = store_query(st, STMT_STATS_INSERT, ARGS(SV_INT(u.id)), NULL,
	    NULL)) != OK)
		goto out;
	if (have_parent && (e = store_query(st, STMT_STATS_CHILDREN,
	    ARGS(SV_INT(parent.id), SV_INT(1)), NULL, NULL)) != OK)
		goto out;
	f.units = 1;
	f.grassroots = u.kind == KIND_GRASSROOTS;
	acc = stats_acc_new();
	stats_acc_add(acc, u.path, &f);
	if ((e = stats_acc_apply(acc, st)) != OK)
		goto out;
	{
		char *js = unit_json(&u);

		e = audit_log(st, a, "create", "unit", u.id, u.path, u.name,
		    NULL, js);
		free(js);
	}
	if (e == OK)
		*id = u.id;
out:
	stats_acc_free(acc);
	buf_free(&key);
	return e;
}

enum err
units_create(struct store *st, const struct actor *a, const struct unit_in *in,
    int64_t *id, struct problems *p)
{
	IN_TX(st, units_create_tx(st, a, in, id, p));
}

static enum err
update_tx(struct store *st, const struct actor *a, int64_t id,
    const struct unit_in *in, struct problems *p)
{
	struct unit old, u, parent;
	char now[32], fold[4 * TEXT_MAX];
	struct buf key;
	struct figures f = {0};
	struct stats_acc *acc;
	char *before, *after;
	enum err e;

	if ((e = units_get(st, a, id, &old)) != OK)
		return e;
	if (!auth_can(a, CAP_UNITS, old.path))
		return ERR_DENIED;
	u = old;
	unit_fields(in, &u, p);
	if (u.kind != old.kind && problems_for(p, "kind") == NULL) {
		if (old.parent_id && unit_load(st, STMT_UNIT_GET,
		    SV_INT(old.parent_id), &parent) == OK)
			kind_under(u.kind, &parent, p);
		else if (!old.parent_id)
			kind_under(u.kind, NULL, p);
		if (old.nchildren > 0)
			problems_add(p, "kind", "Không đổi loại đơn vị khi "
			    "đơn vị còn đơn vị trực thuộc");
	}
	if (p->n)
		return ERR_INVAL;
	buf_init(&key, 4096);
	if ((e = sortkey_of(u.name, fold, sizeof(fold), &key)) != OK)
		goto out;
	domain_now(now);
	e = store_query(st, STMT_UNIT_UPDATE, ARGS(SV_INT(id), SV_TEXT(u.code),
	    SV_TEXT(u.name), SV_TEXT(u.short_name), SV_TEXT(kind_names[u.kind]),
	    SV_TEXT(block_names[u.block]), SV_TEXT(fold),
	    SV_TEXT(buf_str(&key)), SV_TEXT(now)), NULL, NULL);
	if (e == ERR_CONFLICT) {
		problems_add(p, "code", "Mã đơn vị “%s” đã có", u.code);
		e = ERR_INVAL;
	}
	if (e != OK)
		goto out;
	if (u.active && (u.kind == KIND_GRASSROOTS) !=
	    (old.kind == KIND_GRASSROOTS)) {
		f.grassroots = u.kind == KIND_GRASSROOTS ? 1 : -1;
		acc = stats_acc_new();
		stats_acc_add(acc, u.path, &f);
		e = stats_acc_apply(acc, st);
		stats_acc_free(acc);
		if (e != OK)
			goto out;
	}
	before = unit_json(&old);
	after = unit_json(&u);
	e = audit_log(st, a, "update", "unit", id, u.path, u.name, before,
	    after);
	free(before);
	free(after);
out:
	buf_free(&key);
	return e;
}

enum err
units_update(struct store *st, const struct actor *a, int64_t id,
    const struct unit_in *in, struct problems *p)
{
	IN_TX(st, update_tx(st, a, id, in, p));
}

static enum err active_tx(struct store *, const struct actor *, int64_t, int,
    struct problems *);

static enum err
patch_tx(struct store *st, const struct actor *a, int64_t id,
    const struct unit_in *in, int active, struct problems *p)
{
	enum err e = update_tx(st, a, id, in, p);

	if (e == OK && active >= 0)
		e = active_tx(st, a, id, active, p);
	return e;
}

enum err
units_patch(struct store *st, const struct actor *a, int64_t id,
    const struct unit_in *in, int active, struct problems *p)
{
	IN_TX(st, patch_tx(st, a, id, in, active, p));
}

static enum err
move_tx(struct store *st, const struct actor *a, int64_t id, int64_t to,
    struct problems *p)
{
	struct unit u, parent, moved;
	char newpath[PATH_MAX_LEN], hi[PATH_MAX_LEN];
	struct figures neg;
	struct stats_acc *acc;
	char *before, *after;
	enum err e;
	size_t oldlen;
	int64_t deepest = 0;

	if ((e = units_get(st, a, id, &u)) != OK)
		return e;
	if (units_get(st, a, to, &parent) != OK) {
		problems_add(p, "parent", "Không có đơn vị cấp trên này");
		return ERR_INVAL;
	}
	if (!auth_can(a, CAP_UNITS, u.path) ||
	    !auth_can(a, CAP_UNITS, parent.path))
		return ERR_DENIED;
	if (!u.parent_id) {
		problems_add(p, "parent", "Không chuyển được đơn vị gốc");
		return ERR_INVAL;
	}
	if (strncmp(parent.path, u.path, strlen(u.path)) == 0)
		problems_add(p, "parent", "Không chuyển đơn vị vào chính nó "
		    "hoặc đơn vị trực thuộc nó");
	else
		kind_under(u.kind, &parent, p);
	if (parent.id == u.parent_id)
		return OK;
	if (p->n)
		return ERR_INVAL;
	snprintf(newpath, sizeof(newpath), "%s%lld/", parent.path,
	    (long long)u.id);
	oldlen = strlen(u.path);
	unit_path_hi(u.path, hi);
	/* the deepest path of the subtree must still fit */
	if ((e = store_int(st, STMT_UNIT_MAX_PATH, ARGS(SV_TEXT(u.path),
	    SV_TEXT(hi)), &deepest)) != OK)
		return e;
	if (strlen(parent.path) + 21 >= PATH_MAX_LEN ||
	    (size_t)deepest - oldlen + strlen(newpath) >= PATH_MAX_LEN) {
		problems_add(p, "parent", "Cây đơn vị sẽ quá sâu nếu chuyển vào "
		    "đây");
		return ERR_INVAL;
	}
	/* figures leave every old ancestor and reach every new one */
	acc = stats_acc_new();
	neg = u.fig;
	neg.units = -neg.units;
	neg.grassroots = -neg.grassroots;
	neg.people = -neg.people;
	neg.members = -neg.members;
	neg.women = -neg.women;
	neg.women_members = -neg.women_members;
	neg.leaders = -neg.leaders;
	stats_acc_add(acc, u.path, &neg);
	stats_acc_add(acc, newpath, &u.fig);
	/* net zero for the unit itself and its subtree */
	e = stats_acc_apply(acc, st);
	stats_acc_free(acc);
	if (e != OK)
		return e;
	if ((e = store_query(st, STMT_UNIT_REPATH, ARGS(SV_TEXT(newpath),
	    SV_INT((int64_t)oldlen + 1), SV_INT(parent.depth + 1 - u.depth),
	    SV_TEXT(u.path), SV_TEXT(hi)), NULL, NULL)) != OK)
		return e;
	if ((e = store_query(st, STMT_PEOPLE_REPATH, ARGS(SV_TEXT(newpath),
	    SV_INT((int64_t)oldlen + 1), SV_TEXT(u.path), SV_TEXT(hi)), NULL,
	    NULL)) != OK)
		return e;
	/* parent_id of the unit itself */
	moved = u;
	moved.parent_id = parent.id;
	str_copy(moved.path, sizeof(moved.path), newpath);
	{
		char now[32];

		domain_now(now);
		if ((e = store_query(st, STMT_UNIT_SET_PARENT, ARGS(SV_INT(u.id),
		    SV_INT(parent.id), SV_TEXT(now)), NULL, NULL)) != OK ||
		    (e = store_query(st, STMT_STATS_CHILDREN,
		    ARGS(SV_INT(u.parent_id), SV_INT(-1)), NULL, NULL)) != OK ||
		    (e = store_query(st, STMT_STATS_CHILDREN,
		    ARGS(SV_INT(parent.id), SV_INT(1)), NULL, NULL)) != OK)
			return e;
	}
	before = unit_json(&u);
	after = unit_json(&moved);
	e = audit_log(st, a, "move", "unit", u.id, newpath, u.name, before,
	    after);
	free(before);
	free(after);
	return e;
}

enum err
units_move(struct store *st, const struct actor *a, int64_t id,
    int64_t new_parent, struct problems *p)
{
	IN_TX(st, move_tx(st, a, id, new_parent, p));
}

static enum err
active_tx(struct store *st, const struct actor *a, int64_t id, int active,
    struct problems *p)
{
	struct unit u, parent;
	struct figures f = {0};
	struct stats_acc *acc;
	char now[32];
	enum err e;

	if ((e = units_get(st, a, id, &u)) != OK)
		return e;
	if (!auth_can(a, CAP_UNITS, u.path))
		return ERR_DENIED;
	if (u.active == active)
		return OK;
	if (!active) {
		if (u.fig.units > 1)
			problems_add(p, "active", "Đơn vị còn %lld đơn vị trực "
			    "thuộc đang hoạt động", (long long)(u.fig.units - 1));
		if (u.fig.people > 0)
			problems_add(p, "active", "Đơn vị còn %lld người đang "
			    "sinh hoạt; hãy chuyển họ trước",
			    (long long)u.fig.people);
		if (!u.parent_id)
			problems_add(p, "active", "Không ngừng hoạt động đơn "
			    "vị gốc");
	} else if (u.parent_id && unit_load(st, STMT_UNIT_GET,
	    SV_INT(u.parent_id), &parent) == OK && !parent.active)
		problems_add(p, "active", "Đơn vị cấp trên đã ngừng hoạt động");
	if (p->n)
		return ERR_INVAL;
	domain_now(now);
	if ((e = store_query(st, STMT_UNIT_SET_ACTIVE, ARGS(SV_INT(id),
	    SV_INT(active), SV_TEXT(now)), NULL, NULL)) != OK)
		return e;
	f.units = active ? 1 : -1;
	f.grassroots = u.kind == KIND_GRASSROOTS ? f.units : 0;
	acc = stats_acc_new();
	stats_acc_add(acc, u.path, &f);
	e = stats_acc_apply(acc, st);
	stats_acc_free(acc);
	if (e != OK)
		return e;
	return audit_log(st, a, active ? "activate" : "deactivate", "unit", id,
	    u.path, u.name, NULL, NULL);
}

enum err
units_set_active(struct store *st, const struct actor *a, int64_t id,
    int active, struct problems *p)
{
	IN_TX(st, active_tx(st, a, id, active, p));
}

enum err
units_import_tx(struct store *st, const struct actor *a,
    const struct unit_in *in, int *changed, struct problems *p)
{
	struct unit old, parent, probe = {0};
	struct problems scratch = {0};
	int64_t id;
	enum err e;

	*changed = 0;
	e = unit_load(st, STMT_UNIT_GET_BY_CODE, SV_TEXT(in->code ? in->code :
	    ""), &old);
	if (e == ERR_NOTFOUND) {
		*changed = 1;
		return units_create_tx(st, a, in, &id, p);
	}
	if (e != OK)
		return e;
	if (!auth_can(a, CAP_UNITS, old.path)) {
		problems_add(p, "code", "Mã đơn vị “%s” thuộc đơn vị ngoài "
		    "phạm vi của bạn", old.code);
		return ERR_INVAL;
	}
	/* compare what the row says with what is stored */
	probe = old;
	unit_fields(in, &probe, &scratch);
	/* a new parent is checked before anything is written, so that a
	 * refused row changes nothing */
	if (scratch.n == 0 && in->parent_code && *in->parent_code) {
		if (unit_load(st, STMT_UNIT_GET_BY_CODE,
		    SV_TEXT(in->parent_code), &parent) != OK ||
		    !auth_can(a, CAP_UNITS, parent.path)) {
			problems_add(p, "parent", "Không có đơn vị cấp trên mã "
			    "“%s” trong phạm vi của bạn", in->parent_code);
			return ERR_INVAL;
		}
		if (parent.id != old.parent_id) {
			if (strncmp(parent.path, old.path, strlen(old.path)) ==
			    0)
				problems_add(p, "parent", "Không chuyển đơn vị "
				    "vào chính nó hoặc đơn vị trực thuộc nó");
			else
				kind_under(probe.kind, &parent, p);
			if (p->n)
				return ERR_INVAL;
		}
	}
	if (scratch.n == 0 && (strcmp(probe.name, old.name) ||
	    strcmp(probe.short_name, old.short_name) ||
	    probe.kind != old.kind || probe.block != old.block)) {
		*changed = 1;
		if ((e = update_tx(st, a, old.id, in, p)) != OK)
			return e;
	} else if (scratch.n) {
		*p = scratch;
		return ERR_INVAL;
	}
	if (in->parent_code && *in->parent_code) {
		if (parent.id != old.parent_id) {
			*changed = 1;
			return move_tx(st, a, old.id, parent.id, p);
		}
	}
	return OK;
}
