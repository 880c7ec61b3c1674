/*
 * init.c: `thidua init`: a new database with a root unit and an
 * administrator.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../domain/domain.h"
#include "cli.h"

int
cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "pg", required_argument, NULL, 'P' },
		{ "root", required_argument, NULL, 'r' },
		{ "admin", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *root = "Công đoàn Viên chức tỉnh",
	    *admin = "admin";
	char pw[256];
	struct store *st;
	struct buf em;
	enum err e;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'P': db = cli_pg(optarg); break;
		case 'r': root = optarg; break;
		case 'a': admin = optarg; break;
		default: return cli_usage("init", 1);
		}
	}
	if (optind != argc)
		return cli_usage("init", 1);
	db = cli_db(db);
	if (!store_is_pg(db) && access(db, F_OK) == 0) {
		fprintf(stderr, "thidua init: %s already exists\n", db);
		return 1;
	}
	if (cli_password(pw, sizeof(pw)) != 0) {
		fprintf(stderr, "thidua init: give the administrator's password "
		    "in $THIDUA_PASSWORD or on stdin\n");
		return 1;
	}
	if ((st = cli_open(db, 1)) == NULL)
		return 1;
	buf_init(&em, 4096);
	if ((e = demo_init(st, root, admin, pw, &em)) != OK) {
		fprintf(stderr, "thidua init: %s\n", em.len ? buf_str(&em) :
		    err_code(e));
		buf_free(&em);
		store_close(st);
		if (!store_is_pg(db))
			unlink(db);	/* a PostgreSQL database stays, empty */
		return 1;
	}
	buf_free(&em);
	store_close(st);
	printf("created %s with root unit \"%s\" and administrator \"%s\"\n",
	    cli_shown(db), root, admin);
	return 0;
}
