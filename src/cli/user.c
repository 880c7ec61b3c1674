/*
 * user.c: `thidua user add|passwd|list`.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../domain/domain.h"
#include "cli.h"

static int
report(const char *what, enum err e, const struct problems *p)
{
	if (e == OK)
		return 0;
	fprintf(stderr, "thidua user %s: %s\n", what, p->n ? p->items[0].msg :
	    e == ERR_NOTFOUND ? "no such user" : err_code(e));
	return 1;
}

static enum err
list_row(const struct srow *r, void *arg)
{
	(void)arg;
	printf("%-20s %-8s %-9s %s\n", srow_text(r, 1), srow_int(r, 3) ?
	    "active" : "disabled", srow_null(r, 4) ? "-" : srow_text(r, 4),
	    srow_null(r, 6) ? "" : srow_text(r, 6));
	return OK;
}

int
cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "pg", required_argument, NULL, 'P' },
		{ "role", required_argument, NULL, 'r' },
		{ "unit", required_argument, NULL, 'u' },
		{ "name", required_argument, NULL, 'n' },
		{ "person", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *role = NULL, *unit = NULL, *name = "", *sub,
	    *person = NULL;
	struct actor a;
	struct store *st;
	struct problems p = {0};
	struct unit u;
	struct person who;
	char pw[256];
	int64_t id;
	int c, rc = 1, ro;
	enum err e;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'P': db = cli_pg(optarg); break;
		case 'r': role = optarg; break;
		case 'u': unit = optarg; break;
		case 'n': name = optarg; break;
		case 'p': person = optarg; break;
		default: return cli_usage("user", 1);
		}
	}
	if (optind >= argc)
		return cli_usage("user", 1);
	sub = argv[optind];
	if (strcmp(sub, "list") == 0 ? optind + 1 != argc :
	    optind + 2 != argc)
		return cli_usage("user", 1);
	if (strcmp(sub, "add") == 0 && (role == NULL || unit == NULL))
		return cli_usage("user", 1);
	if (strcmp(sub, "add") && strcmp(sub, "passwd") && strcmp(sub, "list"))
		return cli_usage("user", 1);
	if (role && (ro = role_parse(role)) < 0) {
		fprintf(stderr, "thidua user: unknown role %s (admin, officer, "
		    "chair, member, viewer)\n", role);
		return EXIT_USAGE;
	}
	if ((st = cli_open(cli_db(db), 0)) == NULL)
		return 1;
	auth_system_actor(&a);
	if (strcmp(sub, "list") == 0) {
		rc = auth_user_list(st, list_row, NULL) == OK ? 0 : 1;
		goto out;
	}
	if (cli_password(pw, sizeof(pw)) != 0) {
		fprintf(stderr, "thidua user: give the password in "
		    "$THIDUA_PASSWORD or on stdin\n");
		goto out;
	}
	if (strcmp(sub, "passwd") == 0) {
		rc = report("passwd", auth_user_passwd(st, &a, argv[optind + 1],
		    pw, &p), &p);
		goto out;
	}
	if (units_get_by_code(st, &a, unit, &u) != OK) {
		fprintf(stderr, "thidua user add: no unit with code %s\n", unit);
		goto out;
	}
	if (person && people_get_by_code(st, &a, person, &who) != OK) {
		fprintf(stderr, "thidua user add: no person with code %s\n",
		    person);
		goto out;
	}
	ro = role_parse(role);
	e = auth_user_add(st, &a, argv[optind + 1], name, pw, (enum role)ro,
	    u.id, &id, &p);
	if (e == OK && person)
		e = auth_user_person(st, &a, argv[optind + 1], who.id);
	if ((rc = report("add", e, &p)) == 0)
		printf("added %s (%s of %s%s%s)\n", argv[optind + 1], role,
		    u.name, person ? ", who is " : "", person ? who.full_name :
		    "");
out:
	store_close(st);
	return rc;
}
