/*
 * people.c: people (CBCCVC-LĐ) and their union membership: validation of
 * what users type, create, edit, transfer with history, leaving, and
 * listing with filters, Vietnamese order and diacritic-blind search.
 * Names are stored in parts, with a folded form for search, a lower-case
 * form for "exact match first", and the Vietnamese sort key (text.c).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../formats/table.h"
#include "../text/text.h"
#include "domain.h"

const char *const sort_names[SORT__MAX] = { "name", "name_desc", "birth" };

int
people_parse_yesno(const char *s)
{
	static const char *const yes[] = { "co", "x", "1", "yes", "y", "true",
	    "dung", "phai" };
	static const char *const no[] = { "khong", "", "0", "no", "n", "false",
	    "sai" };
	struct buf f;
	size_t i;
	int r = -1;

	if (s == NULL)
		return 0;
	buf_init(&f, 256);
	if (text_fold(s, &f) == OK) {
		for (i = 0; i < NELEM(yes) && r < 0; i++)
			if (strcmp(buf_str(&f), yes[i]) == 0)
				r = 1;
		for (i = 0; i < NELEM(no) && r < 0; i++)
			if (strcmp(buf_str(&f), no[i]) == 0)
				r = 0;
	}
	buf_free(&f);
	return r;
}

char
people_parse_gender(const char *s)
{
	struct buf f;
	char g = 0;

	if (s == NULL)
		return 0;
	buf_init(&f, 256);
	if (text_fold(s, &f) == OK) {
		const char *v = buf_str(&f);

		if (!strcmp(v, "nam") || !strcmp(v, "m") || !strcmp(v, "male"))
			g = 'M';
		else if (!strcmp(v, "nu") || !strcmp(v, "f") ||
		    !strcmp(v, "female"))
			g = 'F';
	}
	buf_free(&f);
	return g;
}

static void
copy(char *dst, size_t n, const char *s)
{
	str_copy(dst, n, s ? s : "");
}

static void
person_from_row(const struct srow *r, struct person *p)
{
	memset(p, 0, sizeof(*p));
	p->id = srow_int(r, 0);
	copy(p->code, sizeof(p->code), srow_text(r, 1));
	p->unit_id = srow_int(r, 2);
	copy(p->unit_path, sizeof(p->unit_path), srow_text(r, 3));
	copy(p->family, sizeof(p->family), srow_text(r, 4));
	copy(p->middle, sizeof(p->middle), srow_text(r, 5));
	copy(p->given, sizeof(p->given), srow_text(r, 6));
	copy(p->full_name, sizeof(p->full_name), srow_text(r, 7));
	p->gender = srow_text(r, 8)[0] == 'F' ? 'F' : 'M';
	copy(p->birth_date, sizeof(p->birth_date), srow_text(r, 9));
	copy(p->position, sizeof(p->position), srow_text(r, 10));
	p->is_leader = (int)srow_int(r, 11);
	p->is_member = (int)srow_int(r, 12);
	copy(p->joined_union, sizeof(p->joined_union), srow_text(r, 13));
	p->active = (int)srow_int(r, 14);
	copy(p->left_date, sizeof(p->left_date), srow_text(r, 15));
	copy(p->unit_name, sizeof(p->unit_name), srow_text(r, 16));
	copy(p->unit_code, sizeof(p->unit_code), srow_text(r, 17));
}

static enum err
one_person(const struct srow *r, void *arg)
{
	person_from_row(r, arg);
	return OK;
}

static enum err
person_load(struct store *st, enum stmt id, const struct sval *args,
    size_t n, struct person *p)
{
	enum err e;

	p->id = 0;
	if ((e = store_query(st, id, args, n, one_person, p)) != OK)
		return e;
	return p->id ? OK : ERR_NOTFOUND;
}

enum err
people_get(struct store *st, const struct actor *a, int64_t id,
    struct person *p)
{
	enum err e = person_load(st, STMT_PERSON_GET, ARGS(SV_INT(id)), p);

	if (e != OK)
		return e;
	/* a member sees their own record only */
	if (!auth_can(a, CAP_READ, p->unit_path) &&
	    !(a->person_id && a->person_id == p->id))
		return ERR_NOTFOUND;
	return OK;
}

enum err
people_get_by_code(struct store *st, const struct actor *a, const char *code,
    struct person *p)
{
	enum err e = person_load(st, STMT_PERSON_GET_BY_CODE,
	    ARGS(SV_TEXT(code)), p);

	if (e == OK)
		e = people_get(st, a, p->id, p);
	return e;
}

static char *
person_json(const struct person *p)
{
	json_t *o = json_pack("{s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,"
	    "s:s,s:b,s:s}",
	    "code", p->code, "unit_id", (json_int_t)p->unit_id,
	    "family_name", p->family, "middle_name", p->middle,
	    "given_name", p->given, "full_name", p->full_name,
	    "gender", p->gender == 'F' ? "F" : "M",
	    "birth_date", p->birth_date, "position", p->position,
	    "is_leader", p->is_leader, "is_member", p->is_member,
	    "joined_union", p->joined_union, "active", p->active,
	    "left_date", p->left_date);
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	json_decref(o);
	return s;
}

/* Clean a name part or text field into dst. */
static int
clean_into(const char *in, char *dst, size_t n, const char *field,
    const char *label, struct problems *pr)
{
	struct buf b;
	int ok = 1;

	dst[0] = '\0';
	if (in == NULL)
		return 1;
	buf_init(&b, 4 * LIM_NAME);
	if (text_clean(in, &b) != OK) {
		problems_add(pr, field, "%s không phải văn bản hợp lệ", label);
		ok = 0;
	} else if (b.len >= n) {
		problems_add(pr, field, "%s dài quá %zu ký tự", label, n - 1);
		ok = 0;
	} else
		copy(dst, n, buf_str(&b));
	buf_free(&b);
	return ok;
}

static void
check_name(const char *name, struct problems *pr)
{
	const char *s;

	for (s = name; *s; s++)
		if ((*s >= '0' && *s <= '9') || *s == '@' || *s == '/') {
			problems_add(pr, PF_FULL_NAME, "Họ tên không được chứa "
			    "chữ số hay ký hiệu: “%s”", name);
			return;
		}
}

/* 1 if s has the shape of a date (d/m/yyyy, yyyy-mm-dd), whatever the
 * numbers: then a refusal means the day does not exist. */
static int
date_shaped(const char *s)
{
	size_t n[3] = {0, 0, 0}, k = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			n[k]++;
		else if ((*s == '/' || *s == '-' || *s == '.') && k < 2 &&
		    n[k] > 0)
			k++;
		else
			return 0;
	}
	return k == 2 && ((n[0] <= 2 && n[1] <= 2 && n[2] == 4) ||
	    (n[0] == 4 && n[1] == 2 && n[2] == 2));
}

static void
check_date(const char *in, char out[11], const char *field,
    const char *label, struct problems *pr)
{
	out[0] = '\0';
	if (in == NULL || *in == '\0')
		return;
	if (date_parse(in, out) != OK) {
		out[0] = '\0';
		if (date_shaped(in))
			problems_add(pr, field, "%s “%s” không có thật trên "
			    "lịch (hoặc ngoài khoảng 1900–2100)", label, in);
		else
			problems_add(pr, field, "%s “%s” không đúng dạng ngày "
			    "dd/mm/yyyy", label, in);
	}
}

/* Everything but the unit. */
static enum err
validate_fields(const struct person_in *in, struct person *p,
    struct problems *pr)
{
	struct name_parts np;
	char today[11];
	int yn;
	enum err e;

	memset(p, 0, sizeof(*p));
	p->active = 1;
	domain_today(today);

	/* code */
	clean_into(in->code, p->code, sizeof(p->code), PF_CODE, "Mã", pr);
	if (p->code[0]) {
		const char *s;

		for (s = p->code; *s; s++)
			if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' &&
			    *s <= 'z') || (*s >= '0' && *s <= '9') ||
			    *s == '-' || *s == '_' || *s == '.')) {
				problems_add(pr, PF_CODE, "Mã “%s” chỉ gồm chữ "
				    "không dấu, số, dấu chấm, gạch ngang",
				    p->code);
				break;
			}
	}

	/* name: parts when given, else split the full name */
	if (in->given != NULL && *in->given != '\0') {
		clean_into(in->family, p->family, sizeof(p->family),
		    PF_FULL_NAME, "Họ", pr);
		clean_into(in->middle, p->middle, sizeof(p->middle),
		    PF_FULL_NAME, "Tên đệm", pr);
		clean_into(in->given, p->given, sizeof(p->given),
		    PF_FULL_NAME, "Tên", pr);
		if (strlen(p->family) + strlen(p->middle) + strlen(p->given) +
		    2 >= sizeof(p->full_name))
			problems_add(pr, PF_FULL_NAME, "Họ tên dài quá %zu ký tự",
			    sizeof(p->full_name) - 1);
		else
			snprintf(p->full_name, sizeof(p->full_name),
			    "%s%s%s%s%s", p->family, p->family[0] ? " " : "",
			    p->middle, p->middle[0] ? " " : "", p->given);
	} else if (clean_into(in->full_name, p->full_name,
	    sizeof(p->full_name), PF_FULL_NAME, "Họ tên", pr)) {
		if (p->full_name[0] == '\0')
			problems_add(pr, PF_FULL_NAME, "Thiếu họ tên");
		else if ((e = text_split_name(p->full_name, &np)) != OK)
			problems_add(pr, PF_FULL_NAME, "Họ tên quá dài");
		else {
			copy(p->family, sizeof(p->family), np.family);
			copy(p->middle, sizeof(p->middle), np.middle);
			copy(p->given, sizeof(p->given), np.given);
		}
	}
	if (p->full_name[0])
		check_name(p->full_name, pr);

	/* gender */
	if (in->gender == NULL || *in->gender == '\0')
		problems_add(pr, PF_GENDER, "Thiếu giới tính (Nam hoặc Nữ)");
	else if ((p->gender = people_parse_gender(in->gender)) == 0)
		problems_add(pr, PF_GENDER, "Giới tính “%s” phải là Nam hoặc "
		    "Nữ", in->gender);

	/* dates */
	check_date(in->birth_date, p->birth_date, PF_BIRTH, "Ngày sinh", pr);
	if (p->birth_date[0]) {
		char adult[11];

		snprintf(adult, sizeof(adult), "%04d%s",
		    (int)strtol(today, NULL, 10) - 15, today + 4);
		if (strcmp(p->birth_date, today) > 0)
			problems_add(pr, PF_BIRTH, "Ngày sinh ở tương lai");
		else if (strcmp(p->birth_date, adult) > 0)
			problems_add(pr, PF_BIRTH, "Ngày sinh cho thấy chưa đủ "
			    "15 tuổi");
	}
	check_date(in->joined_union, p->joined_union, PF_JOINED,
	    "Ngày vào công đoàn", pr);
	if (p->joined_union[0] && strcmp(p->joined_union, today) > 0)
		problems_add(pr, PF_JOINED, "Ngày vào công đoàn ở tương lai");
	else if (p->joined_union[0] && p->birth_date[0] &&
	    strcmp(p->joined_union, p->birth_date) <= 0)
		problems_add(pr, PF_JOINED, "Ngày vào công đoàn trước ngày "
		    "sinh");

	clean_into(in->position, p->position, sizeof(p->position),
	    PF_POSITION, "Chức vụ", pr);
	if ((yn = people_parse_yesno(in->is_leader)) < 0)
		problems_add(pr, PF_LEADER, "Giữ chức vụ lãnh đạo: “%s” phải "
		    "là Có hoặc Không", in->is_leader);
	else
		p->is_leader = yn;
	if ((yn = people_parse_yesno(in->is_member)) < 0)
		problems_add(pr, PF_MEMBER, "Đoàn viên: “%s” phải là Có hoặc "
		    "Không", in->is_member);
	else
		p->is_member = yn;
	return OK;
}

/* The unit of a person: active, writable by the actor. */
static void
check_unit(const struct actor *a, const struct unit *u, struct person *p,
    struct problems *pr)
{
	if (!auth_can(a, CAP_PEOPLE, u->path))
		problems_add(pr, PF_UNIT, "Bạn không có quyền sửa người của "
		    "đơn vị “%s”", u->name);
	else if (!u->active)
		problems_add(pr, PF_UNIT, "Đơn vị “%s” đã ngừng hoạt động",
		    u->name);
	else {
		p->unit_id = u->id;
		copy(p->unit_path, sizeof(p->unit_path), u->path);
		copy(p->unit_name, sizeof(p->unit_name), u->name);
		copy(p->unit_code, sizeof(p->unit_code), u->code);
	}
}

enum err
people_validate_in(const struct actor *a, const struct person_in *in,
    const struct unit *u, struct person *p, struct problems *pr)
{
	validate_fields(in, p, pr);
	if (u != NULL)
		check_unit(a, u, p, pr);
	return pr->n ? ERR_INVAL : OK;
}

enum err
people_validate(struct store *st, const struct actor *a,
    const struct person_in *in, struct person *p, struct problems *pr)
{
	struct unit u;
	enum err e;

	validate_fields(in, p, pr);
	e = ERR_NOTFOUND;
	if (in->unit_id)
		e = units_get(st, a, in->unit_id, &u);
	else if (in->unit_code && *in->unit_code)
		e = units_get_by_code(st, a, in->unit_code, &u);
	if (e == ERR_DB)
		return e;
	if (!in->unit_id && !(in->unit_code && *in->unit_code))
		problems_add(pr, PF_UNIT, "Thiếu đơn vị");
	else if (e != OK)
		problems_add(pr, PF_UNIT, "Không có đơn vị “%s” trong phạm vi "
		    "của bạn", in->unit_code && *in->unit_code ? in->unit_code :
		    "đã chọn");
	else
		check_unit(a, &u, p, pr);
	return pr->n ? ERR_INVAL : OK;
}

/* Derived name forms: folded, lower case, sort key. */
struct name_forms {
	struct buf fold, lower, key;
};

static enum err
forms_of(const struct person *p, struct name_forms *f)
{
	enum err e;

	buf_init(&f->fold, 4096);
	buf_init(&f->lower, 4096);
	buf_init(&f->key, 8192);
	if ((e = text_fold(p->full_name, &f->fold)) != OK ||
	    (e = text_lower(p->full_name, &f->lower)) != OK ||
	    (e = text_person_sortkey(p->family, p->middle, p->given,
	    &f->key)) != OK)
		return e;
	return OK;
}

static void
forms_free(struct name_forms *f)
{
	buf_free(&f->fold);
	buf_free(&f->lower);
	buf_free(&f->key);
}

/* Insert a person; audit == 0 leaves the audit (and the search index) to
 * a caller that creates many. */
static enum err
insert_tx(struct store *st, const struct actor *a, struct person *p,
    struct stats_acc *acc, int audit)
{
	struct name_forms f;
	char now[32], today[11];
	struct figures fig;
	char *js;
	enum err e;

	domain_now(now);
	domain_today(today);
	if ((e = forms_of(p, &f)) != OK)
		goto out;
	if ((e = store_int(st, STMT_PERSON_INSERT, ARGS(SV_OPT(p->code),
	    SV_INT(p->unit_id), SV_TEXT(p->unit_path), SV_TEXT(p->family),
	    SV_TEXT(p->middle), SV_TEXT(p->given), SV_TEXT(p->full_name),
	    SV_TEXT(buf_str(&f.fold)), SV_TEXT(buf_str(&f.lower)),
	    SV_TEXT(buf_str(&f.key)), SV_TEXT(p->gender == 'F' ? "F" : "M"),
	    SV_OPT(p->birth_date), SV_TEXT(p->position),
	    SV_INT(p->is_leader), SV_INT(p->is_member),
	    SV_OPT(p->joined_union), SV_TEXT(now)), &p->id)) != OK)
		goto out;
	if ((e = store_query(st, STMT_PLACE_INSERT, ARGS(SV_INT(p->id),
	    SV_INT(p->unit_id), SV_TEXT(p->since[0] ? p->since : today),
	    SV_TEXT("")), NULL, NULL)) != OK)
		goto out;
	stats_of_person(p->gender, p->is_member, p->is_leader, 1, &fig);
	stats_acc_add(acc, p->unit_path, &fig);
	if (!audit)
		goto out;
	if ((e = store_people_index(st)) != OK)
		goto out;
	js = person_json(p);
	e = audit_log(st, a, "create", "person", p->id, p->unit_path,
	    p->full_name, NULL, js);
	free(js);
out:
	forms_free(&f);
	return e;
}

/* Write the editable fields of p over old (same id). */
static enum err
update_fields_tx(struct store *st, const struct actor *a,
    const struct person *old, const struct person *p, struct stats_acc *acc)
{
	struct name_forms f;
	char now[32];
	struct figures fig;
	char *before, *after;
	enum err e;

	domain_now(now);
	if ((e = forms_of(p, &f)) != OK)
		goto out;
	if ((e = store_query(st, STMT_PERSON_UPDATE, ARGS(SV_INT(old->id),
	    SV_OPT(p->code), SV_TEXT(p->family), SV_TEXT(p->middle),
	    SV_TEXT(p->given), SV_TEXT(p->full_name),
	    SV_TEXT(buf_str(&f.fold)), SV_TEXT(buf_str(&f.lower)),
	    SV_TEXT(buf_str(&f.key)), SV_TEXT(p->gender == 'F' ? "F" : "M"),
	    SV_OPT(p->birth_date), SV_TEXT(p->position),
	    SV_INT(p->is_leader), SV_INT(p->is_member),
	    SV_OPT(p->joined_union), SV_TEXT(now)), NULL, NULL)) != OK)
		goto out;
	/* a new name or code is searchable at once */
	if ((e = store_people_index(st)) != OK)
		goto out;
	if (old->active) {
		stats_of_person(old->gender, old->is_member, old->is_leader, -1,
		    &fig);
		stats_acc_add(acc, old->unit_path, &fig);
		stats_of_person(p->gender, p->is_member, p->is_leader, 1, &fig);
		stats_acc_add(acc, old->unit_path, &fig);
	}
	before = person_json(old);
	after = person_json(p);
	e = audit_log(st, a, "update", "person", old->id, old->unit_path,
	    p->full_name, before, after);
	free(before);
	free(after);
out:
	forms_free(&f);
	return e;
}

static enum err
move_tx(struct store *st, const struct actor *a, const struct person *old,
    const struct unit *to, const char *date, const char *note,
    struct stats_acc *acc)
{
	char now[32];
	struct figures fig;
	char *before, *after;
	struct person moved = *old;
	enum err e;

	domain_now(now);
	if ((e = store_query(st, STMT_PERSON_SET_UNIT, ARGS(SV_INT(old->id),
	    SV_INT(to->id), SV_TEXT(to->path), SV_TEXT(now)), NULL, NULL)) != OK)
		return e;
	if ((e = store_query(st, STMT_PLACE_CLOSE, ARGS(SV_INT(old->id),
	    SV_TEXT(date)), NULL, NULL)) != OK)
		return e;
	if ((e = store_query(st, STMT_PLACE_INSERT, ARGS(SV_INT(old->id),
	    SV_INT(to->id), SV_TEXT(date), SV_TEXT(note ? note : "")), NULL,
	    NULL)) != OK)
		return e;
	if (old->active) {
		stats_of_person(old->gender, old->is_member, old->is_leader, -1,
		    &fig);
		stats_acc_add(acc, old->unit_path, &fig);
		fig.people = -fig.people;
		fig.members = -fig.members;
		fig.women = -fig.women;
		fig.women_members = -fig.women_members;
		fig.leaders = -fig.leaders;
		stats_acc_add(acc, to->path, &fig);
	}
	moved.unit_id = to->id;
	before = person_json(old);
	after = person_json(&moved);
	e = audit_log(st, a, "transfer", "person", old->id, to->path,
	    old->full_name, before, after);
	free(before);
	free(after);
	return e;
}

/* 1 if the editable fields differ. */
static int
differs(const struct person *a, const struct person *b)
{
	return strcmp(a->code, b->code) || strcmp(a->family, b->family) ||
	    strcmp(a->middle, b->middle) || strcmp(a->given, b->given) ||
	    strcmp(a->full_name, b->full_name) || a->gender != b->gender ||
	    strcmp(a->birth_date, b->birth_date) ||
	    strcmp(a->position, b->position) || a->is_leader != b->is_leader ||
	    a->is_member != b->is_member ||
	    strcmp(a->joined_union, b->joined_union);
}

static enum err
apply_stats(struct store *st, struct stats_acc *acc, enum err e)
{
	if (e == OK)
		e = stats_acc_apply(acc, st);
	stats_acc_free(acc);
	return e;
}

static enum err
create_tx(struct store *st, const struct actor *a, const struct person_in *in,
    int64_t *id, struct problems *pr)
{
	struct person p, other;
	struct unit u;
	struct stats_acc *acc;
	enum err e;

	if ((in->unit_id && units_get(st, a, in->unit_id, &u) == OK) ||
	    (!in->unit_id && in->unit_code && units_get_by_code(st, a,
	    in->unit_code, &u) == OK))
		if (!auth_can(a, CAP_PEOPLE, u.path))
			return ERR_DENIED;
	if ((e = people_validate(st, a, in, &p, pr)) != OK)
		return e;
	if (p.code[0] && person_load(st, STMT_PERSON_GET_BY_CODE,
	    ARGS(SV_TEXT(p.code)), &other) == OK) {
		problems_add(pr, PF_CODE, "Mã “%s” đã dùng cho người khác",
		    p.code);
		return ERR_INVAL;
	}
	acc = stats_acc_new();
	if ((e = apply_stats(st, acc, insert_tx(st, a, &p, acc, 1))) == OK)
		*id = p.id;
	return e;
}

enum err
people_create(struct store *st, const struct actor *a,
    const struct person_in *in, int64_t *id, struct problems *pr)
{
	*id = 0;
	IN_TX(st, create_tx(st, a, in, id, pr));
}

static enum err
update_tx(struct store *st, const struct actor *a, int64_t id,
    const struct person_in *in, struct problems *pr)
{
	struct person old, p, other;
	struct person_in in2 = *in;
	struct stats_acc *acc;
	enum err e;

	if ((e = people_get(st, a, id, &old)) != OK)
		return e;
	if (!auth_can(a, CAP_PEOPLE, old.unit_path))
		return ERR_DENIED;
	/* the unit does not change here: see people_transfer */
	in2.unit_id = old.unit_id;
	in2.unit_code = NULL;
	if ((e = people_validate(st, a, &in2, &p, pr)) != OK)
		return e;
	if (!differs(&old, &p))
		return OK;
	if (p.code[0] && strcmp(p.code, old.code) != 0 &&
	    person_load(st, STMT_PERSON_GET_BY_CODE, ARGS(SV_TEXT(p.code)),
	    &other) == OK) {
		problems_add(pr, PF_CODE, "Mã “%s” đã dùng cho người khác",
		    p.code);
		return ERR_INVAL;
	}
	acc = stats_acc_new();
	return apply_stats(st, acc, update_fields_tx(st, a, &old, &p, acc));
}

enum err
people_update(struct store *st, const struct actor *a, int64_t id,
    const struct person_in *in, struct problems *pr)
{
	IN_TX(st, update_tx(st, a, id, in, pr));
}

static enum err
text_row(const struct srow *r, void *arg)
{
	copy(arg, 11, srow_text(r, 0));
	return OK;
}

/* The date of a transfer or of leaving: not in the future, and not
 * before the person came to the unit they are in (history stays in
 * order). */
static enum err
check_event_date(struct store *st, const char *in, char out[11],
    const struct person *p, struct problems *pr)
{
	char today[11], since[11] = "";
	enum err e;

	domain_today(today);
	if ((e = store_query(st, STMT_PLACE_OPEN, ARGS(SV_INT(p->id)),
	    text_row, since)) != OK)
		return e;
	if (in == NULL || *in == '\0') {
		copy(out, 11, today);
		return OK;
	}
	check_date(in, out, "date", "Ngày", pr);
	if (out[0] && strcmp(out, today) > 0)
		problems_add(pr, "date", "Ngày ở tương lai");
	else if (out[0] && p->birth_date[0] && strcmp(out, p->birth_date) < 0)
		problems_add(pr, "date", "Ngày trước ngày sinh");
	else if (out[0] && since[0] && strcmp(out, since) < 0)
		problems_add(pr, "date", "Ngày trước ngày bắt đầu sinh hoạt ở "
		    "đơn vị hiện tại (%.2s/%.2s/%.4s)", since + 8, since + 5,
		    since);
	return OK;
}

static enum err
transfer_tx(struct store *st, const struct actor *a, int64_t id,
    int64_t to_unit, const char *date, const char *note,
    struct problems *pr)
{
	struct person p;
	struct unit to;
	struct stats_acc *acc;
	char d[11] = "";
	enum err e;

	if ((e = people_get(st, a, id, &p)) != OK)
		return e;
	if (!auth_can(a, CAP_PEOPLE, p.unit_path))
		return ERR_DENIED;
	if ((e = check_event_date(st, date, d, &p, pr)) != OK)
		return e;
	if (!p.active)
		problems_add(pr, PF_UNIT, "Người này đã nghỉ; không chuyển được");
	if (units_get(st, a, to_unit, &to) != OK)
		problems_add(pr, PF_UNIT, "Không có đơn vị này trong phạm vi "
		    "của bạn");
	else if (!auth_can(a, CAP_PEOPLE, to.path))
		problems_add(pr, PF_UNIT, "Bạn không có quyền với đơn vị “%s”",
		    to.name);
	else if (!to.active)
		problems_add(pr, PF_UNIT, "Đơn vị “%s” đã ngừng hoạt động",
		    to.name);
	else if (to.id == p.unit_id)
		problems_add(pr, PF_UNIT, "Người này đã ở đơn vị “%s”",
		    to.name);
	if (note && strlen(note) > LIM_NAME)
		problems_add(pr, "note", "Ghi chú quá dài");
	if (pr->n)
		return ERR_INVAL;
	acc = stats_acc_new();
	return apply_stats(st, acc, move_tx(st, a, &p, &to, d, note, acc));
}

enum err
people_transfer(struct store *st, const struct actor *a, int64_t id,
    int64_t to_unit, const char *date, const char *note,
    struct problems *pr)
{
	IN_TX(st, transfer_tx(st, a, id, to_unit, date, note, pr));
}

static enum err
leave_tx(struct store *st, const struct actor *a, int64_t id,
    const char *date, const char *note, struct problems *pr)
{
	struct person p;
	struct figures fig;
	struct stats_acc *acc;
	char d[11] = "", now[32];
	enum err e;

	if ((e = people_get(st, a, id, &p)) != OK)
		return e;
	if (!auth_can(a, CAP_PEOPLE, p.unit_path))
		return ERR_DENIED;
	if (!p.active)
		problems_add(pr, "active", "Người này đã nghỉ từ %s",
		    p.left_date);
	if ((e = check_event_date(st, date, d, &p, pr)) != OK)
		return e;
	if (note && strlen(note) > LIM_NAME)
		problems_add(pr, "note", "Lý do quá dài");
	if (pr->n)
		return ERR_INVAL;
	domain_now(now);
	if ((e = store_query(st, STMT_PERSON_SET_ACTIVE, ARGS(SV_INT(id),
	    SV_INT(0), SV_TEXT(d), SV_TEXT(now)), NULL, NULL)) != OK ||
	    (e = store_query(st, STMT_PLACE_CLOSE, ARGS(SV_INT(id), SV_TEXT(d)),
	    NULL, NULL)) != OK)
		return e;
	acc = stats_acc_new();
	stats_of_person(p.gender, p.is_member, p.is_leader, -1, &fig);
	stats_acc_add(acc, p.unit_path, &fig);
	if ((e = apply_stats(st, acc, OK)) != OK)
		return e;
	return audit_log(st, a, "leave", "person", id, p.unit_path,
	    note && *note ? note : p.full_name, NULL, NULL);
}

enum err
people_leave(struct store *st, const struct actor *a, int64_t id,
    const char *date, const char *note, struct problems *pr)
{
	IN_TX(st, leave_tx(st, a, id, date, note, pr));
}

/* ---- new people in bulk ---- */

#define BATCH_MAX	2000	/* people written at a time */

struct people_batch {
	struct person	*v;
	size_t		 n;
};

struct people_batch *
people_batch_new(void)
{
	struct people_batch *b = xcalloc(1, sizeof(*b));

	b->v = xcalloc(BATCH_MAX, sizeof(*b->v));
	return b;
}

void
people_batch_free(struct people_batch *b)
{
	if (b == NULL)
		return;
	free(b->v);
	free(b);
}

struct next_ids {
	struct people_batch	*b;
	size_t			 i;
};

static enum err
next_id_row(const struct srow *r, void *arg)
{
	struct next_ids *n = arg;

	if (n->i < n->b->n)
		n->b->v[n->i++].id = srow_int(r, 0);
	return OK;
}

/* The person's row as STMT_COPY_PEOPLE_WRITE lists it; v[] keeps
 * pointers into f and p. */
static void
person_row(const struct person *p, const struct name_forms *f,
    const char *now, struct sval v[21])
{
	v[0] = SV_INT(p->id);
	v[1] = SV_OPT(p->code);
	v[2] = SV_INT(p->unit_id);
	v[3] = SV_TEXT(p->unit_path);
	v[4] = SV_TEXT(p->family);
	v[5] = SV_TEXT(p->middle);
	v[6] = SV_TEXT(p->given);
	v[7] = SV_TEXT(p->full_name);
	v[8] = SV_TEXT(buf_str(&f->fold));
	v[9] = SV_TEXT(buf_str(&f->lower));
	v[10] = SV_TEXT(buf_str(&f->key));
	v[11] = SV_TEXT(p->gender == 'F' ? "F" : "M");
	v[12] = SV_OPT(p->birth_date);
	v[13] = SV_TEXT(p->position);
	v[14] = SV_INT(p->is_leader);
	v[15] = SV_INT(p->is_member);
	v[16] = SV_OPT(p->joined_union);
	v[17] = SV_INT(1);
	v[18] = SV_NULL;
	v[19] = SV_TEXT(now);
	v[20] = SV_TEXT(now);
}

enum err
people_batch_flush(struct store *st, struct people_batch *b)
{
	struct next_ids ids = {b, 0};
	struct store_bulk *people = NULL, *places = NULL;
	struct name_forms f;
	struct sval v[21];
	char now[32], today[11];
	size_t i;
	enum err e, e2;

	if (b == NULL || b->n == 0)
		return OK;
	domain_now(now);
	domain_today(today);
	if ((e = store_query(st, STMT_PEOPLE_NEXT_IDS,
	    ARGS(SV_INT((int64_t)b->n)), next_id_row, &ids)) != OK)
		return e;
	if (ids.i != b->n)
		return ERR_DB;
	if ((e = store_bulk_begin(st, STMT_COPY_PEOPLE_WRITE, &people)) != OK)
		return e;
	for (i = 0; i < b->n && e == OK; i++) {
		if ((e = forms_of(&b->v[i], &f)) == OK) {
			person_row(&b->v[i], &f, now, v);
			e = store_bulk_row(people, v, NELEM(v));
		}
		forms_free(&f);
	}
	e2 = store_bulk_end(people);
	if (e != OK || (e = e2) != OK)
		return e;
	if ((e = store_bulk_begin(st, STMT_PLACE_BULK, &places)) != OK)
		return e;
	for (i = 0; i < b->n && e == OK; i++)
		e = store_bulk_row(places, ARGS(SV_INT(b->v[i].id),
		    SV_INT(b->v[i].unit_id), SV_TEXT(b->v[i].since[0] ?
		    b->v[i].since : today), SV_TEXT("")));
	e2 = store_bulk_end(places);
	b->n = 0;
	return e != OK ? e : e2;
}

/* Keep a new person for the batch; its figures count at once. */
static enum err
batch_add(struct store *st, struct people_batch *b, const struct person *p,
    struct stats_acc *acc)
{
	struct figures fig;

	b->v[b->n++] = *p;
	stats_of_person(p->gender, p->is_member, p->is_leader, 1, &fig);
	stats_acc_add(acc, p->unit_path, &fig);
	return b->n == BATCH_MAX ? people_batch_flush(st, b) : OK;
}

/* An upsert of a person no row matched. */
static enum err
upsert_new(struct store *st, const struct actor *a, struct person *p,
    struct stats_acc *acc, struct people_batch *b, int *changed)
{
	*changed = 1;
	/* a code no row of the file repeats, no lookup can find before the
	 * batch is written: it can wait */
	if (b != NULL && p->code[0])
		return batch_add(st, b, p, acc);
	return insert_tx(st, a, p, acc, 0);
}

/* An upsert of a person matched to old. */
static enum err
upsert_found(struct store *st, const struct actor *a, struct person *p,
    struct person *old, struct stats_acc *acc, int *changed)
{
	struct unit to;
	char today[11];
	enum err e;

	*changed = 0;
	if (!auth_can(a, CAP_PEOPLE, old->unit_path))
		return ERR_DENIED;
	p->id = old->id;
	if (differs(old, p)) {
		*changed = 2;
		if ((e = update_fields_tx(st, a, old, p, acc)) != OK)
			return e;
	}
	if (old->unit_id != p->unit_id && old->active) {
		*changed = 2;
		memset(&to, 0, sizeof(to));
		to.id = p->unit_id;
		copy(to.path, sizeof(to.path), p->unit_path);
		domain_today(today);
		/* the fields were updated above: move the new figures */
		old->gender = p->gender;
		old->is_member = p->is_member;
		old->is_leader = p->is_leader;
		if ((e = move_tx(st, a, old, &to, today, "nhập từ tệp",
		    acc)) != OK)
			return e;
	}
	return OK;
}

enum err
people_upsert_tx(struct store *st, const struct actor *a, struct person *p,
    struct stats_acc *acc, struct people_batch *b, int *changed)
{
	struct person old;
	struct name_forms f;
	enum err e;

	*changed = 0;
	if (p->code[0])
		e = person_load(st, STMT_PERSON_GET_BY_CODE,
		    ARGS(SV_TEXT(p->code)), &old);
	else {
		/* without a code: the same name and birth date in the unit */
		if ((e = forms_of(p, &f)) == OK)
			e = person_load(st, STMT_PERSON_FIND_SAME,
			    ARGS(SV_INT(p->unit_id), SV_TEXT(buf_str(&f.lower)),
			    SV_TEXT(p->birth_date)), &old);
		forms_free(&f);
	}
	if (e == ERR_NOTFOUND)
		return upsert_new(st, a, p, acc, b, changed);
	if (e != OK)
		return e;
	return upsert_found(st, a, p, &old, acc, changed);
}

/* Rows kept aside: people found by code, or by a walk that may not fill
 * its page. */
struct kept {
	struct person	*v;
	size_t		 n, cap;
};

static enum err
keep_row(const struct srow *r, void *arg)
{
	struct kept *k = arg;

	if (k->n < k->cap)
		person_from_row(r, &k->v[k->n++]);
	return OK;
}

static int
by_code(const void *x, const void *y)
{
	return strcmp(((const struct person *)x)->code,
	    ((const struct person *)y)->code);
}

static int
code_is(const void *code, const void *p)
{
	return strcmp(code, ((const struct person *)p)->code);
}

enum err
people_upsert_coded_tx(struct store *st, const struct actor *a,
    struct person *v, size_t n, struct stats_acc *acc,
    struct people_batch *b, int *changed, enum err *res)
{
	struct kept f = {NULL, 0, n};
	struct person *old;
	struct buf codes;
	size_t i;
	enum err e;

	if (n == 0)
		return OK;
	if (n > PEOPLE_CODED_MAX)
		return ERR_LIMIT;
	/* codes are cleaned text: a line break never is one */
	buf_init(&codes, n * (CODE_MAX + 1) + 1);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&codes, '\n');
		buf_adds(&codes, v[i].code);
	}
	f.v = xcalloc(n, sizeof(*f.v));
	if ((e = codes.err) == OK)
		e = store_query(st, STMT_PEOPLE_BY_CODES,
		    ARGS(SV_TEXT(buf_str(&codes))), keep_row, &f);
	buf_free(&codes);
	if (e == OK)
		qsort(f.v, f.n, sizeof(*f.v), by_code);
	for (i = 0; i < n && e == OK; i++) {
		old = bsearch(v[i].code, f.v, f.n, sizeof(*f.v), code_is);
		res[i] = old ? upsert_found(st, a, &v[i], old, acc,
		    &changed[i]) : upsert_new(st, a, &v[i], acc, b, &changed[i]);
		if (res[i] != ERR_DENIED)
			e = res[i];
	}
	free(f.v);
	return e;
}

enum err
people_max_id(struct store *st, int64_t *id)
{
	*id = 0;
	return store_int(st, STMT_PEOPLE_MAX_ID, NOARGS, id);
}

enum err
people_index_tx(struct store *st)
{
	return store_people_index(st);
}

/* ---- listing ---- */

struct list_ctx {
	person_fn	 fn;
	void		*arg;
	size_t		 limit, seen;
	int		*more;
};

static enum err
list_row(const struct srow *r, void *arg)
{
	struct list_ctx *c = arg;
	struct person p;

	if (c->seen++ == c->limit) {
		*c->more = 1;
		return OK;
	}
	person_from_row(r, &p);
	return c->fn(&p, c->arg);
}

/*
 * How a list is read.  A subtree holding a large share of all people is
 * walked in name order and filtered, stopping at the page; a smaller one
 * is read through the path index and sorted.  A name query of a large
 * subtree goes through the search index when the store keeps it in name
 * order (the page is the first matches).  Any other query goes through
 * the search index when it matches fewer people than the other plan
 * would read; else a subtree holding a large share is walked in name
 * order for a while (a long while for a very large one, where the walk
 * reads the index alone), then read through the search index.  A large
 * subtree that is a small share is read through the path index, after a
 * walk when the matches are dense enough for one to reach a page soon.
 * Exact matches rank first.
 */
#define FTS_NARROW	20000	/* fewer matches than this: the search index */
#define WALK_SHARE	16	/* at least 1/16 of all people: walk */
#define PATH_SHARE	4	/* a match costs 4 path index entries */
/* ... 128 in a search index not in name order (PostgreSQL's GIN), which
 * holds no units either: each match of the whole country is a row read
 * (40-80 us against 0.25 us an entry) */
#define PATH_SHARE_ROW	128
/* ... and where such an index would read and sort this many matches or
 * more of a subtree that is a large share (a second for common words), a
 * walk of name order goes first, for up to WALK_TRY entries (0.1 s):
 * enough when the matches do not cluster late in the order */
#define WALK_DENSE	2000
#define WALK_TRY	300000
/* people a filtered walk reads at most: a small window first, then
 * larger ones; the last only for a subtree of FTS_NARROW people or more,
 * where the walk reads the index alone (3 to 4 million entries a
 * second) and a query of several words may first match millions of
 * entries in (by given name, then middle name) */
static const int64_t walk_budget[] = { 2000, 20000, 4000000 };

/* The arguments shared by list and count: the subtree and filters, the
 * folded query and the lower-case exact text. */
struct list_args {
	char		lo[PATH_MAX_LEN], hi[PATH_MAX_LEN];
	char		gender[2];
	struct buf	fold, lower;
	int		has_q, use_fts, walk;
	int		count_fts;	/* count through the search index */
	int		big;		/* FTS_NARROW people or more */
	int		words;		/* in the query */
	int64_t		walk_cap;	/* the most a walk reads: a subtree
					 * that is a small share, its people */
};

static enum err
list_args(struct store *st, const struct actor *a,
    const struct people_filter *f, struct list_args *la)
{
	struct unit u;
	const struct role_grant *home;
	const char *s, *w;
	int64_t sub = -1, total = 0, n = 0, cap;
	int estimate;
	enum err e;

	memset(la, 0, sizeof(*la));
	buf_init(&la->fold, 4096);
	buf_init(&la->lower, 4096);
	if (f->unit_id) {
		if ((e = units_get(st, a, f->unit_id, &u)) != OK)
			return e;
		copy(la->lo, sizeof(la->lo), u.path);
		sub = u.fig.people;
	} else if (a->system)
		copy(la->lo, sizeof(la->lo), "/");
	else if ((home = auth_home(a)) != NULL) {
		if ((e = units_get(st, a, home->unit_id, &u)) != OK)
			return e;
		copy(la->lo, sizeof(la->lo), home->path);
		sub = u.fig.people;
	} else
		return ERR_DENIED;
	if (strcmp(la->lo, "/") == 0)
		copy(la->hi, sizeof(la->hi), "0");
	else
		unit_path_hi(la->lo, la->hi);
	if (f->gender)
		la->gender[0] = f->gender;
	if ((e = people_max_id(st, &total)) != OK)
		return e;
	la->walk = sub < 0 || sub * WALK_SHARE >= total;
	if (sub < 0)
		sub = total;
	if (f->q == NULL || *f->q == '\0')
		return OK;
	if ((e = text_fold(f->q, &la->fold)) != OK)
		return ERR_INVAL;
	/* every word must match; the last may be the start of a word */
	for (s = buf_str(&la->fold); *s; s = *w ? w + 1 : w) {
		for (w = s; *w && *w != ' '; w++)
			;
		la->words++;
	}
	la->has_q = la->words > 0;
	if (!la->has_q)
		return OK;
	if (text_has_diacritics(f->q))
		text_lower(f->q, &la->lower);
	/* a search index in name order answers a page of a large subtree
	 * with its first matches, however many there are */
	la->big = sub >= FTS_NARROW;
	if (f->sort != SORT_BIRTH && la->big && store_search_ordered(st)) {
		la->use_fts = 1;
		return OK;
	}
	/* else the search index when it has fewer matches (about as many,
	 * in a store that estimates them) than the other plan reads: a
	 * walk, about FTS_NARROW; the path index, the subtree, whose
	 * entries cost less to read than a match */
	cap = la->walk || sub < FTS_NARROW ? FTS_NARROW : sub /
	    (store_search_ordered(st) ? PATH_SHARE : PATH_SHARE_ROW);
	/* a store that estimates may as well estimate them all, for the
	 * walk below */
	estimate = la->big && !la->walk && !store_search_ordered(st);
	if ((e = store_int(st, STMT_PEOPLE_FTS_ABOUT,
	    ARGS(SV_TEXT(buf_str(&la->fold)), SV_INT(estimate ? total : cap)),
	    &n)) != OK)
		return e;
	la->use_fts = la->count_fts = n < cap;
	if (la->use_fts && la->walk && n >= WALK_DENSE &&
	    !store_search_ordered(st)) {
		la->use_fts = 0;
		la->walk_cap = WALK_TRY;
	}
	/* a large subtree that is a small share: a walk of name order
	 * filtered to it reaches a page after about page / share / density
	 * entries; it goes first when that is fewer than the subtree's (a
	 * page that clusters late stops it there: then the path index) */
	if (estimate && !la->use_fts && (double)(f->limit + 1) *
	    ((double)total / (double)sub) * ((double)total / (double)n) <
	    (double)sub)
		la->walk_cap = sub;
	return OK;
}

static void
list_args_free(struct list_args *la)
{
	buf_free(&la->fold);
	buf_free(&la->lower);
}

#define TRI(v) ((v) < 0 ? SV_NULL : SV_INT(v))

static const enum stmt path_stmt[SORT__MAX] = { STMT_PEOPLE_LIST_NAME,
	STMT_PEOPLE_LIST_NAME_DESC, STMT_PEOPLE_LIST_BIRTH };
static const enum stmt walk_stmt[SORT__MAX] = { STMT_PEOPLE_WALK_NAME,
	STMT_PEOPLE_WALK_NAME_DESC, STMT_PEOPLE_WALK_BIRTH };
static const enum stmt find_stmt[SORT__MAX] = { STMT_PEOPLE_FIND_NAME,
	STMT_PEOPLE_FIND_NAME_DESC, STMT_PEOPLE_FIND_BIRTH };

static enum err
run_stmt_budget(struct store *st, enum stmt id, const struct people_filter *f,
    const struct list_args *la, int64_t budget, srow_fn fn,
    void *arg)
{
	return store_query(st, id, ARGS(SV_TEXT(la->lo), SV_TEXT(la->hi),
	    SV_OPT(la->gender), TRI(f->member), TRI(f->leader),
	    TRI(f->active), SV_INT((int64_t)f->limit + 1),
	    SV_INT((int64_t)f->offset), SV_OPT(buf_str(&la->fold)), SV_OPT(buf_str(&la->lower)),
	    SV_INT(budget)), fn, arg);
}

static enum err
run_stmt(struct store *st, enum stmt id, const struct people_filter *f,
    const struct list_args *la, srow_fn fn, void *arg)
{
	return run_stmt_budget(st, id, f, la, 0, fn, arg);
}

static enum err
run_list(struct store *st, const struct people_filter *f,
    struct list_args *la, person_fn fn, void *arg, int *more)
{
	struct list_ctx c = {fn, arg, f->limit, 0, more};
	enum people_sort so = f->sort < SORT__MAX ? f->sort : SORT_NAME;
	struct kept k;
	size_t i;
	enum err e;

	*more = 0;
	if (la->use_fts)
		return run_stmt(st, find_stmt[so], f, la, list_row, &c);
	if (so == SORT_BIRTH || (la->walk && !la->has_q))
		return run_stmt(st, la->walk ? walk_stmt[so] : path_stmt[so], f,
		    la, list_row, &c);
	/* a whole list at once (an export) reads without a window */
	if (f->limit > LIM_PAGE_SIZE)
		return run_stmt(st, la->walk && la->has_q ? find_stmt[so] :
		    path_stmt[so], f, la, list_row, &c);
	/* walk a bounded stretch of name order: enough for a page unless
	 * the subtree is small or the matches cluster late in the order;
	 * then the search index (a large subtree, where the walk was
	 * chosen) or the path index (a smaller one, cheaper than the
	 * matches).  A query of several words names a middle or given name,
	 * whose matches cluster in an order that is by given name, then
	 * middle name: only the long walk of a large subtree may find it. */
	if (la->words > 1 && !la->big)
		return run_stmt(st, la->walk ? find_stmt[so] : path_stmt[so], f,
		    la, list_row, &c);
	if (la->big && !la->walk && !la->walk_cap)
		return run_stmt(st, path_stmt[so], f, la, list_row, &c);
	k.cap = f->limit + 1;
	k.v = xcalloc(k.cap, sizeof(*k.v));
	for (i = 0, e = OK, k.n = 0; i < NELEM(walk_budget) - !la->big &&
	    e == OK && k.n < k.cap; i++) {
		k.n = 0;
		e = run_stmt_budget(st, so == SORT_NAME ?
		    STMT_PEOPLE_WALK_MATCH : STMT_PEOPLE_WALK_MATCH_DESC, f, la,
		    la->walk_cap && walk_budget[i] > la->walk_cap ?
		    la->walk_cap : walk_budget[i], keep_row, &k);
	}
	if (e == OK && k.n == k.cap) {
		for (i = 0; i < f->limit && e == OK; i++)
			e = fn(&k.v[i], arg);
		*more = 1;
	} else if (e == OK && la->walk) {
		/* few matches early in name order: the search index, which
		 * counts them too */
		la->use_fts = 1;
		e = run_stmt(st, find_stmt[so], f, la, list_row, &c);
	}
	else if (e == OK)
		e = run_stmt(st, path_stmt[so], f, la, list_row, &c);
	free(k.v);
	return e;
}

/* Count up to cap; an unfiltered list of active people of a subtree is
 * the maintained figure. */
static enum err
run_count(struct store *st, const struct actor *a,
    const struct people_filter *f, const struct list_args *la, int64_t cap,
    int64_t *n)
{
	struct unit u;
	const struct role_grant *home;
	int64_t id = f->unit_id;
	enum err e;

	*n = 0;
	if (!la->has_q && !f->gender && f->member < 0 && f->leader < 0 &&
	    f->active == 1) {
		if (id == 0 && (home = auth_home(a)) != NULL)
			id = home->unit_id;
		if (id != 0) {
			if ((e = units_get(st, a, id, &u)) != OK)
				return e;
			*n = u.fig.people < cap ? u.fig.people : cap;
			return OK;
		}
	}
	return store_int(st, la->use_fts || la->count_fts ?
	    STMT_PEOPLE_COUNT_FIND :
	    STMT_PEOPLE_COUNT, ARGS(SV_TEXT(la->lo), SV_TEXT(la->hi),
	    SV_OPT(la->gender), TRI(f->member), TRI(f->leader),
	    TRI(f->active), SV_INT(cap), SV_INT(0), SV_OPT(buf_str(&la->fold))), n);
}

enum err
people_list(struct store *st, const struct actor *a,
    const struct people_filter *f, person_fn fn, void *arg, int *more)
{
	struct list_args la;
	enum err e;

	*more = 0;
	if ((e = list_args(st, a, f, &la)) == OK)
		e = run_list(st, f, &la, fn, arg, more);
	list_args_free(&la);
	return e;
}

enum err
people_count(struct store *st, const struct actor *a,
    const struct people_filter *f, int64_t cap, int64_t *n)
{
	struct list_args la;
	enum err e;

	*n = 0;
	if ((e = list_args(st, a, f, &la)) == OK)
		e = run_count(st, a, f, &la, cap, n);
	list_args_free(&la);
	return e;
}

enum err
people_page(struct store *st, const struct actor *a,
    const struct people_filter *f, int64_t cap, int64_t *n, person_fn fn,
    void *arg, int *more)
{
	struct list_args la;
	enum err e;

	*n = 0;
	*more = 0;
	/* the list first: the plan that found the page counts best */
	if ((e = list_args(st, a, f, &la)) == OK &&
	    (e = run_list(st, f, &la, fn, arg, more)) == OK)
		e = run_count(st, a, f, &la, cap, n);
	list_args_free(&la);
	return e;
}

struct hist_ctx {
	place_fn	 fn;
	void		*arg;
};

static enum err
hist_row(const struct srow *r, void *arg)
{
	struct hist_ctx *c = arg;
	struct place pl;

	memset(&pl, 0, sizeof(pl));
	pl.unit_id = srow_int(r, 0);
	copy(pl.unit_name, sizeof(pl.unit_name), srow_text(r, 1));
	copy(pl.unit_code, sizeof(pl.unit_code), srow_text(r, 2));
	copy(pl.from, sizeof(pl.from), srow_text(r, 3));
	copy(pl.to, sizeof(pl.to), srow_text(r, 4));
	copy(pl.note, sizeof(pl.note), srow_text(r, 5));
	return c->fn(&pl, c->arg);
}

enum err
people_history(struct store *st, const struct actor *a, int64_t id,
    place_fn fn, void *arg)
{
	struct person p;
	struct hist_ctx c = {fn, arg};
	enum err e;

	if ((e = people_get(st, a, id, &p)) != OK)
		return e;
	return store_query(st, STMT_PLACE_LIST, ARGS(SV_INT(id)), hist_row, &c);
}
