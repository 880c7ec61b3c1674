/*
 * token.c: `thidua token USER`: a bearer token for the JSON API.
 */
#include <getopt.h>
#include <stdio.h>

#include "../domain/domain.h"
#include "cli.h"

int
cmd_token(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "pg", required_argument, NULL, 'P' },
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *name = "";
	struct store *st;
	char tok[80];
	enum err e;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'P': db = cli_pg(optarg); break;
		case 'n': name = optarg; break;
		default: return cli_usage("token", 1);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("token", 1);
	if ((st = cli_open(cli_db(db), 0)) == NULL)
		return 1;
	e = auth_token_new(st, argv[optind], name, tok);
	store_close(st);
	if (e != OK) {
		fprintf(stderr, "thidua token: %s\n", e == ERR_NOTFOUND ?
		    "no such user" : err_code(e));
		return 1;
	}
	printf("%s\n", tok);
	return 0;
}
