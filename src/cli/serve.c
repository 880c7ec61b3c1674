/*
 * serve.c: `thidua serve`.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "../web/server.h"
#include "cli.h"

int
cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "pg", required_argument, NULL, 'P' },
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "access-log", required_argument, NULL, 'a' },
		{ "secure-cookies", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct server_opts o = { NULL, "127.0.0.1:8080", NULL, 0, 0 };
	const char *db = NULL;
	char *end;
	long t;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'P': db = cli_pg(optarg); break;
		case 'l': o.listen = optarg; break;
		case 'a': o.access_log = optarg; break;
		case 's': o.secure = 1; break;
		case 't':
			t = strtol(optarg, &end, 10);
			if (*end || t < 1 || t > 64) {
				fprintf(stderr, "thidua serve: --threads wants "
				    "1 to 64\n");
				return EXIT_USAGE;
			}
			o.threads = (unsigned)t;
			break;
		default: return cli_usage("serve", 1);
		}
	}
	if (optind != argc)
		return cli_usage("serve", 1);
	o.db = cli_db(db);
	return server_run(&o);
}
