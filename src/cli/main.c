/*
 * main.c: the thidua binary: one table of subcommands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "cli.h"

static const struct cmd cmds[] = {
	{ "serve", cmd_serve, "serve the web interface and the JSON API",
	  "usage: thidua serve [--db PATH] [--listen ADDR:PORT] [--threads N]\n"
	  "                    [--access-log FILE] [--secure-cookies]\n"
	  "  Serves http://ADDR:PORT/ (default 127.0.0.1:8080) until SIGTERM.\n"
	  "  --secure-cookies marks the session cookie Secure: use it when a\n"
	  "  TLS proxy (nginx, a load balancer) serves thidua over https.\n"
	  "  The access log (Combined Log Format) goes to stdout by default.\n" },
	{ "init", cmd_init, "create an empty database with a root unit and an administrator",
	  "usage: thidua init [--db PATH] [--root NAME] [--admin USER]\n"
	  "  Creates the database with one root unit and an administrator.\n"
	  "  The password is read from $THIDUA_PASSWORD or from stdin.\n" },
	{ "demo", cmd_demo, "create a database filled with realistic demo data",
	  "usage: thidua demo [--db PATH] [--people N] [--units M] [--seed S]\n"
	  "  A provincial civil servants' union with M grassroots unions\n"
	  "  (default 58) and N people (default 2959), deterministic for a\n"
	  "  seed; more than 200 units makes a national tree of 63 provinces.\n"
	  "  Demo accounts: admin, canbo, chutich, chutich2, xem.\n" },
	{ "user", cmd_user, "add users, change passwords, list users",
	  "usage: thidua user add USER --role ROLE --unit CODE [--name NAME]\n"
	  "                       [--person CODE] [--db PATH]\n"
	  "       thidua user passwd USER [--db PATH]\n"
	  "       thidua user list [--db PATH]\n"
	  "  ROLE is admin, officer, chair, member or viewer; the password is\n"
	  "  read from $THIDUA_PASSWORD or from stdin.  --person links the\n"
	  "  account to the person it is: a member sees that record.\n" },
	{ "token", cmd_token, "issue an API token for a user",
	  "usage: thidua token USER [--name LABEL] [--db PATH]\n"
	  "  Prints a new bearer token for the JSON API; it is shown once.\n" },
	{ "import", cmd_import, "import units or people from XLSX or CSV",
	  "usage: thidua import units|people FILE [--dry-run] [--good-rows]\n"
	  "                    [--unit CODE] [--db PATH]\n"
	  "  All or nothing: every problem is listed (row, column, value,\n"
	  "  reason) and nothing is written unless the file is clean, or\n"
	  "  unless --good-rows asks to write the rows without problems.\n"
	  "  --unit gives the unit of people rows without a unit code.\n" },
	{ "export", cmd_export, "export units or people to XLSX or CSV",
	  "usage: thidua export units|people [--format xlsx|csv] [--unit CODE]\n"
	  "                    [--output FILE] [--db PATH]\n"
	  "  Writes to FILE, or to stdout.\n" },
	{ "backup", cmd_backup, "copy the database to a file, online",
	  "usage: thidua backup FILE [--db PATH]\n"
	  "  A consistent copy into a new SQLite file, taken while the server\n"
	  "  runs (from PostgreSQL too; pg_dump is the server's own way).\n" },
	{ "migrate-store", cmd_migrate, "copy a database into a new one, SQLite or PostgreSQL",
	  "usage: thidua migrate-store --from DB --to DB [--quiet]\n"
	  "  Copies every row of one database into a new, empty one: a SQLite\n"
	  "  file (a path) or a PostgreSQL database (a connection string or\n"
	  "  URI), either way, then counts the rows of each table on both\n"
	  "  sides.  All or nothing: a failed copy leaves the destination\n"
	  "  empty.  Progress goes to stderr unless --quiet.\n" },
};

static const char db_help[] =
    "  The database: --db PATH (SQLite, default var/thidua.db or $THIDUA_DB)\n"
    "  or --pg CONNINFO (PostgreSQL, a libpq connection string or URI;\n"
    "  or $THIDUA_PG).\n";

static void
help(FILE *f)
{
	size_t i;

	fputs("usage: thidua COMMAND [OPTIONS]\n\n"
	    "thidua runs the emulation and commendation work of trade unions.\n\n"
	    "Commands:\n", f);
	for (i = 0; i < NELEM(cmds); i++)
		fprintf(f, "  %-8s %s\n", cmds[i].name, cmds[i].summary);
	fputs("\nRun 'thidua COMMAND --help' for a command's options.\n", f);
	fputs(db_help, f);
}

int
cli_usage(const char *name, int error)
{
	size_t i;

	for (i = 0; i < NELEM(cmds); i++)
		if (strcmp(cmds[i].name, name) == 0) {
			fputs(cmds[i].usage, error ? stderr : stdout);
			fputs(db_help, error ? stderr : stdout);
		}
	return error ? EXIT_USAGE : 0;
}

int
cli_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

int
main(int argc, char *argv[])
{
	size_t i;

	if (argc < 2) {
		help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		help(stdout);
		return 0;
	}
	for (i = 0; i < NELEM(cmds); i++)
		if (strcmp(cmds[i].name, argv[1]) == 0) {
			if (cli_wants_help(argc - 1, argv + 1))
				return cli_usage(cmds[i].name, 0);
			return cmds[i].fn(argc - 1, argv + 1);
		}
	fprintf(stderr, "thidua: unknown command '%s' (see 'thidua --help')\n",
	    argv[1]);
	return EXIT_USAGE;
}
