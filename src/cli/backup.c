/*
 * backup.c: `thidua backup FILE`: an online, consistent copy.
 */
#include <getopt.h>
#include <stdio.h>

#include "../base/buf.h"
#include "cli.h"

int
cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "pg", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	struct store *st;
	struct buf em;
	enum err e;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'P': db = cli_pg(optarg); break;
		default: return cli_usage("backup", 1);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("backup", 1);
	if ((st = cli_open(cli_db(db), 0)) == NULL)
		return 1;
	buf_init(&em, 4096);
	e = store_backup(st, argv[optind], &em);
	store_close(st);
	if (e != OK)
		fprintf(stderr, "thidua backup: %s\n", buf_str(&em));
	else
		printf("backed up %s to %s\n", cli_shown(cli_db(db)),
		    argv[optind]);
	buf_free(&em);
	return e == OK ? 0 : 1;
}
