/*
 * store_test.c: a database of every earlier schema (as the releases that
 * made it wrote it) upgrades: its people stay searchable, its figures and
 * the counts of children are right, and the version is the newest.  Runs
 * on the backend of the test run (test_db()).
 */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/domain.h"
#include "test.h"

#define LATEST 10	/* the newest schema version */

static char db[256];

/* Run SQL on the test database behind the store's back. */
static void
exec_sql(const char *sql)
{
	sqlite3 *h = NULL;
	PGconn *c;
	PGresult *r;
	char *em = NULL;
	int rc;

	if (strcmp(test_backend(), "pg") == 0) {
		c = PQconnectdb(db);
		r = PQexec(c, sql);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			fprintf(stderr, "fill: %s\n", PQerrorMessage(c));
		CHECK_INT(PQresultStatus(r), PGRES_COMMAND_OK);
		PQclear(r);
		PQfinish(c);
		return;
	}
	CHECK_INT(sqlite3_open(db, &h), SQLITE_OK);
	rc = sqlite3_exec(h, sql, NULL, NULL, &em);
	if (rc != SQLITE_OK)
		fprintf(stderr, "fill: %s\n", em);
	CHECK_INT(rc, SQLITE_OK);
	sqlite3_free(em);
	sqlite3_close(h);
}

/* Fill a database of a version the way the release that made it wrote
 * it. */
static void
fill(int version)
{
	exec_sql(
	    "INSERT INTO units VALUES (1, NULL, '/1/', 0, 'ROOT', "
	    "'Công đoàn Viên chức tỉnh', '', 'province', 'hc', 1, "
	    "'cong doan vien chuc tinh', '00', 't', 't');"
	    "INSERT INTO units VALUES (2, 1, '/1/2/', 1, 'A', "
	    "'Công đoàn Sở Y tế', '', 'grassroots', 'sn', 1, "
	    "'cong doan so y te', '01', 't', 't');"
	    "INSERT INTO unit_stats (unit_id, units, grassroots, people,"
	    " members, women, women_members, leaders) VALUES"
	    " (1, 2, 1, 1, 1, 1, 1, 0), (2, 1, 1, 1, 1, 1, 1, 0);"
	    "INSERT INTO people (id, code, unit_id, unit_path, family_name,"
	    " middle_name, given_name, full_name, name_fold, name_lower,"
	    " sort_key, gender, birth_date, position, is_leader, is_member,"
	    " joined_union, active, created_at, updated_at) VALUES (1, 'X1',"
	    " 2, '/1/2/', 'Đặng', 'Thị', 'Ánh', 'Đặng Thị Ánh',"
	    " 'dang thi anh', 'đặng thị ánh', 'ff', 'F', '1980-01-01', '', 0,"
	    " 1, NULL, 1, 't', 't');");
	if (version >= 5)	/* counted since */
		exec_sql("UPDATE unit_stats SET children = 1 WHERE unit_id = 1");
}

static enum err
count(const struct person *p, void *arg)
{
	(*(int *)arg)++;
	CHECK_STR(p->full_name, "Đặng Thị Ánh");
	return OK;
}

static void
upgrade_from(int version)
{
	struct store *st = NULL;
	struct buf em;
	struct actor a;
	struct unit u;
	struct people_filter f;
	int n = 0, more, filled;

	if (test_db(db, sizeof(db), "store") != 0) {
		CHECK(!"a test database");
		return;
	}
	buf_init(&em, 1024);
	/* from 6 on, writers rank the people they write for the search
	 * index: such a store is a filled 5 upgraded to its version */
	filled = version < 6 ? version : 5;
	CHECK_INT(store_open_upto(db, 1, filled, &st, &em), OK);
	CHECK_INT(store_schema_version(st), filled);
	store_close(st);
	fill(filled);
	if (version > filled) {
		CHECK_INT(store_open_upto(db, 0, version, &st, &em), OK);
		CHECK_INT(store_schema_version(st), version);
		store_close(st);
	}
	CHECK_INT(store_open(db, 0, &st, &em), OK);
	if (st == NULL) {
		fprintf(stderr, "open: %s\n", buf_str(&em));
		buf_free(&em);
		test_db_drop(db);
		return;
	}
	CHECK_INT(store_schema_version(st), LATEST);
	auth_system_actor(&a);
	CHECK_INT(units_get(st, &a, 1, &u), OK);
	CHECK_INT(u.nchildren, 1);
	CHECK_INT(u.fig.people, 1);
	memset(&f, 0, sizeof(f));
	f.member = f.leader = -1;
	f.active = 1;
	f.limit = 10;
	f.q = "dang thi a";
	CHECK_INT(people_list(st, &a, &f, count, &n, &more), OK);
	CHECK_INT(n, 1);
	store_close(st);
	buf_free(&em);
	test_db_drop(db);
}

TEST(upgrade_from_every_earlier_schema)
{
	int v;

	for (v = 1; v < LATEST; v++)
		upgrade_from(v);
}

int
main(void)
{

	log_quiet(1);
	RUN(upgrade_from_every_earlier_schema);
	return test_done("store");
}
