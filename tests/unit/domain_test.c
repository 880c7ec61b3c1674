/*
 * domain_test.c: units, people, figures, scope and rules, against a real
 * SQLite store in a temporary file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/domain.h"
#include "test.h"

static struct store *st;
static struct actor sys;
static char dbpath[256];

static int64_t
mkunit(int64_t parent, const char *code, const char *name, const char *kind)
{
	struct unit_in in = { code, name, "", kind, "hc", parent, NULL };
	struct problems p = {0};
	int64_t id = 0;

	CHECK_INT(units_create(st, &sys, &in, &id, &p), OK);
	return id;
}

static int64_t
mkperson(int64_t unit, const char *name, const char *gender, const char *member)
{
	struct person_in in;
	struct problems p = {0};
	int64_t id = 0;

	memset(&in, 0, sizeof(in));
	in.full_name = name;
	in.gender = gender;
	in.is_member = member;
	in.birth_date = "01/02/1985";
	in.unit_id = unit;
	CHECK_INT(people_create(st, &sys, &in, &id, &p), OK);
	return id;
}

static struct figures
fig(int64_t id)
{
	struct unit u;

	memset(&u, 0, sizeof(u));
	units_get(st, &sys, id, &u);
	return u.fig;
}

static int64_t root, prov, a, b, grp;

TEST(tree_and_figures)
{
	struct figures f;

	root = mkunit(0, "ROOT", "Công đoàn Viên chức tỉnh", "province");
	a = mkunit(root, "A", "Công đoàn Sở Tư pháp", "grassroots");
	b = mkunit(root, "B", "Công đoàn Sở Y tế", "grassroots");
	grp = mkunit(a, "A-T1", "Tổ công đoàn Văn phòng", "group");
	mkperson(a, "Nguyễn Thị Lan", "Nữ", "Có");
	mkperson(grp, "Trần Văn Minh", "Nam", "có");
	mkperson(b, "Lê Thị Hoa", "nu", "Không");
	f = fig(root);
	CHECK_INT(f.units, 4);
	CHECK_INT(f.grassroots, 2);
	CHECK_INT(f.people, 3);
	CHECK_INT(f.members, 2);
	CHECK_INT(f.women, 2);
	CHECK_INT(f.women_members, 1);
	f = fig(a);
	CHECK_INT(f.people, 2);
	CHECK_INT(f.units, 2);
	{
		struct unit u;

		units_get(st, &sys, root, &u);
		CHECK_INT(u.nchildren, 2);
	}
}

TEST(kind_rules)
{
	struct unit_in in = { "X", "Tổ lạc", "", "group", "hc", root, NULL };
	struct problems p = {0};
	int64_t id = 0;

	/* a union group must stand under a CĐCS */
	CHECK_INT(units_create(st, &sys, &in, &id, &p), ERR_INVAL);
	CHECK(problems_for(&p, "parent") != NULL);
	/* a duplicate code */
	memset(&p, 0, sizeof(p));
	in.code = "A";
	in.kind = "grassroots";
	CHECK_INT(units_create(st, &sys, &in, &id, &p), ERR_INVAL);
	CHECK_STR(problems_for(&p, "code"), "Mã đơn vị “A” đã có");
}

TEST(move_subtree)
{
	struct problems p = {0};
	struct figures f;
	struct unit g;

	prov = mkunit(root, "P2", "Công đoàn ngành Giáo dục", "province");
	/* A (with its group and 2 people) moves under P2 */
	CHECK_INT(units_move(st, &sys, a, prov, &p), OK);
	f = fig(prov);
	CHECK_INT(f.people, 2);
	CHECK_INT(f.units, 3);
	CHECK_INT(fig(root).people, 3);
	units_get(st, &sys, grp, &g);
	CHECK_STR(g.path, "/1/5/2/4/");
	CHECK_INT(g.depth, 3);
	units_get(st, &sys, prov, &g);
	CHECK_INT(g.nchildren, 1);
	units_get(st, &sys, root, &g);
	CHECK_INT(g.nchildren, 2);	/* B and P2; A moved away */
	/* not under its own subtree */
	memset(&p, 0, sizeof(p));
	CHECK_INT(units_move(st, &sys, prov, a, &p), ERR_INVAL);
}

TEST(transfer_and_leave)
{
	struct problems p = {0};
	struct person x;
	int64_t id = mkperson(b, "Phạm Văn Đức", "Nam", "Có");

	CHECK_INT(fig(b).people, 2);
	CHECK_INT(people_transfer(st, &sys, id, a, NULL, "điều động",
	    &p), OK);
	CHECK_INT(fig(b).people, 1);
	CHECK_INT(fig(a).people, 3);
	CHECK_INT(fig(prov).members, 3);
	CHECK_INT(people_get(st, &sys, id, &x), OK);
	CHECK_INT(x.unit_id, a);
	CHECK_INT(people_leave(st, &sys, id, NULL, "nghỉ hưu", &p), OK);
	CHECK_INT(people_leave(st, &sys, id, NULL, NULL, &p), ERR_INVAL);
	CHECK_INT(fig(a).people, 2);
	CHECK_INT(fig(root).people, 3);
	CHECK_INT(people_get(st, &sys, id, &x), OK);
	CHECK_INT(x.active, 0);
	{
		char today[11];

		domain_today(today);
		CHECK_STR(x.left_date, today);
	}
}

TEST(validation_messages)
{
	struct person_in in;
	struct person p;
	struct problems pr = {0};

	memset(&in, 0, sizeof(in));
	in.full_name = "Nguyễn Văn 2";
	in.gender = "X";
	in.birth_date = "31/02/1990";
	in.is_member = "có lẽ";
	in.unit_code = "NOPE";
	CHECK_INT(people_validate(st, &sys, &in, &p, &pr), ERR_INVAL);
	CHECK_STR(problems_for(&pr, PF_GENDER),
	    "Giới tính “X” phải là Nam hoặc Nữ");
	CHECK_STR(problems_for(&pr, PF_BIRTH),
	    "Ngày sinh “31/02/1990” không có thật trên lịch (hoặc ngoài "
	    "khoảng 1900–2100)");
	memset(&pr, 0, sizeof(pr));
	in.birth_date = "1990/2/31x";
	CHECK_INT(people_validate(st, &sys, &in, &p, &pr), ERR_INVAL);
	CHECK_STR(problems_for(&pr, PF_BIRTH),
	    "Ngày sinh “1990/2/31x” không đúng dạng ngày dd/mm/yyyy");
	CHECK_STR(problems_for(&pr, PF_MEMBER),
	    "Đoàn viên: “có lẽ” phải là Có hoặc Không");
	CHECK_STR(problems_for(&pr, PF_UNIT),
	    "Không có đơn vị “NOPE” trong phạm vi của bạn");
	CHECK(problems_for(&pr, PF_FULL_NAME) != NULL);
	CHECK_INT(people_parse_yesno("KHÔNG"), 0);
	CHECK_INT(people_parse_yesno("Có"), 1);
	CHECK_INT(people_parse_gender("NỮ"), 'F');
}

TEST(scope)
{
	struct actor chair;
	struct person x;
	struct unit u;
	struct people_filter f;
	int64_t other = mkperson(b, "Hoàng Thị Mai", "Nữ", "Có");
	int64_t mine = mkperson(grp, "Vũ Văn Nam", "Nam", "Có");
	int more;

	memset(&chair, 0, sizeof(chair));
	chair.user_id = 99;
	chair.nroles = 1;
	chair.roles[0].role = ROLE_CHAIR;
	units_get(st, &sys, a, &u);
	chair.roles[0].unit_id = a;
	snprintf(chair.roles[0].path, sizeof(chair.roles[0].path), "%s", u.path);
	CHECK_INT(people_get(st, &chair, mine, &x), OK);
	CHECK_INT(people_get(st, &chair, other, &x), ERR_NOTFOUND);
	CHECK_INT(units_get(st, &chair, b, &u), ERR_NOTFOUND);
	memset(&f, 0, sizeof(f));
	f.unit_id = b;
	f.member = f.leader = f.active = -1;
	f.limit = 10;
	CHECK_INT(people_list(st, &chair, &f, NULL, NULL, &more), ERR_NOTFOUND);
	/* a chair cannot change units */
	CHECK(!auth_can(&chair, CAP_UNITS, u.path));
}

static enum err
collect(const struct person *p, void *arg)
{
	struct buf *b2 = arg;

	buf_addf(b2, "%s|", p->given);
	return OK;
}

TEST(vietnamese_order_and_search)
{
	int64_t u = mkunit(root, "S", "Công đoàn thử sắp xếp", "grassroots");
	struct people_filter f;
	struct buf got;
	int more;

	mkperson(u, "Trần Văn Đức", "Nam", "Có");
	mkperson(u, "Lê Thị Anh", "Nữ", "Có");
	mkperson(u, "Nguyễn Văn Dũng", "Nam", "Có");
	mkperson(u, "Phạm Thị Ánh", "Nữ", "Có");
	mkperson(u, "Đỗ An", "Nam", "Có");
	mkperson(u, "NGUYỄN VĂN DŨNG", "Nam", "Có");
	memset(&f, 0, sizeof(f));
	f.unit_id = u;
	f.member = f.leader = f.active = -1;
	f.limit = 50;
	buf_init(&got, 4096);
	CHECK_INT(people_list(st, &sys, &f, collect, &got, &more), OK);
	CHECK_STR(buf_str(&got), "An|Anh|Ánh|Dũng|DŨNG|Đức|");
	buf_reset(&got);
	f.q = "nguyen van dung";
	CHECK_INT(people_list(st, &sys, &f, collect, &got, &more), OK);
	CHECK_STR(buf_str(&got), "Dũng|DŨNG|");
	buf_reset(&got);
	f.q = "đức";
	CHECK_INT(people_list(st, &sys, &f, collect, &got, &more), OK);
	CHECK_STR(buf_str(&got), "Đức|");
	buf_free(&got);
}

static enum err
collect_ids(const struct person *p, void *arg)
{
	struct buf *b2 = arg;

	buf_addf(b2, "%lld|", (long long)p->id);
	return OK;
}

/* Fifty people of one name, created one after another, each sort right
 * after the one before: the room between two neighbours runs out (it
 * halves each time) and the backend ranks the neighbourhood again.
 * Searches keep name order, then id. */
TEST(search_order_when_ranks_run_out)
{
	int64_t u = mkunit(root, "R", "Công đoàn thử thứ hạng", "grassroots");
	struct people_filter f;
	struct buf want, got, tail;
	int more, i;

	buf_init(&want, 8192);
	buf_init(&got, 8192);
	buf_init(&tail, 8192);
	buf_addf(&want, "%lld|", (long long)mkperson(u, "Lê Văn An", "Nam",
	    "Có"));
	buf_addf(&tail, "%lld|", (long long)mkperson(u, "Lê Văn Cường", "Nam",
	    "Có"));
	for (i = 0; i < 50; i++)
		buf_addf(&want, "%lld|", (long long)mkperson(u, "Lê Văn Bình",
		    "Nam", "Có"));
	buf_adds(&want, buf_str(&tail));
	memset(&f, 0, sizeof(f));
	f.member = f.leader = f.active = -1;
	f.limit = 100;
	f.q = "le van";
	CHECK_INT(people_list(st, &sys, &f, collect_ids, &got, &more), OK);
	CHECK_STR(buf_str(&got), buf_str(&want));
	buf_reset(&got);
	f.unit_id = u;	/* the same through the unit's own list */
	f.q = NULL;
	CHECK_INT(people_list(st, &sys, &f, collect_ids, &got, &more), OK);
	CHECK_STR(buf_str(&got), buf_str(&want));
	buf_free(&want);
	buf_free(&got);
	buf_free(&tail);
}

static int
found(int64_t unit, const char *q)
{
	struct people_filter f;
	struct buf got;
	int more, n;

	memset(&f, 0, sizeof(f));
	f.member = f.leader = f.active = -1;
	f.limit = 10;
	f.unit_id = unit;
	f.q = q;
	buf_init(&got, 1024);
	CHECK_INT(people_list(st, &sys, &f, collect_ids, &got, &more), OK);
	n = (int)got.len;
	buf_free(&got);
	return n > 0;
}

/* The search index knows a person's units: after a transfer, a search
 * within the new unit finds the person and one within the old does not;
 * the same after the unit itself moves. */
TEST(search_follows_moves)
{
	int64_t ua = mkunit(root, "MA", "Công đoàn chuyển A", "grassroots");
	int64_t ub = mkunit(root, "MB", "Công đoàn chuyển B", "grassroots");
	int64_t g = mkunit(ua, "MA-T1", "Tổ chuyển", "group");
	int64_t id = mkperson(g, "Trịnh Công Sơn", "Nam", "Có");
	struct problems p = {0};

	CHECK(found(ua, "trinh cong son") && found(g, "trinh cong son"));
	CHECK(!found(ub, "trinh cong son"));
	CHECK_INT(units_move(st, &sys, g, ub, &p), OK);
	CHECK(found(ub, "trinh cong son") && !found(ua, "trinh cong son"));
	CHECK_INT(people_transfer(st, &sys, id, ua, NULL, "", &p), OK);
	CHECK(found(ua, "trinh cong son") && !found(ub, "trinh cong son"));
	CHECK(found(root, "trinh cong son"));
}

int
main(void)
{
	struct buf em;

	if (test_db(dbpath, sizeof(dbpath), "domain") != 0)
		return 1;
	buf_init(&em, 1024);
	log_quiet(1);
	if (store_open(dbpath, 1, &st, &em) != OK) {
		fprintf(stderr, "store: %s\n", buf_str(&em));
		return 1;
	}
	auth_system_actor(&sys);
	RUN(tree_and_figures);
	RUN(kind_rules);
	RUN(move_subtree);
	RUN(transfer_and_leave);
	RUN(validation_messages);
	RUN(scope);
	RUN(vietnamese_order_and_search);
	RUN(search_order_when_ranks_run_out);
	RUN(search_follows_moves);
	store_close(st);
	test_db_drop(dbpath);
	buf_free(&em);
	return test_done("domain");
}
