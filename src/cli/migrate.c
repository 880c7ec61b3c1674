/*
 * migrate.c: `thidua migrate-store --from DB --to DB`: every row of one
 * database copied into a new, empty one, of either backend (a province's
 * SQLite file into the national PostgreSQL, or back), with the rows of
 * each table counted on both sides.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../base/buf.h"
#include "cli.h"

static void
progress(const char *table, int64_t rows, void *arg)
{
	(void)arg;
	fprintf(stderr, "  %s: %lld %s\n", table, (long long)rows,
	    strcmp(table, "indexes") == 0 || strcmp(table, "checks") == 0 ?
	    "done" : "rows");
}

int
cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *to = NULL;
	struct store *src = NULL, *dst = NULL;
	int64_t n[STORE_TABLES];
	struct buf em;
	enum err e = ERR_DB;
	int c, quiet = 0, i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'q': quiet = 1; break;
		default: return cli_usage("migrate-store", 1);
		}
	}
	if (optind != argc || from == NULL || to == NULL)
		return cli_usage("migrate-store", 1);
	buf_init(&em, 4096);
	/* the source must exist; a SQLite destination is a new file */
	if ((src = cli_open(from, 0)) == NULL || (dst = cli_open(to, 1)) ==
	    NULL)
		goto out;
	e = store_copy(src, dst, n, quiet ? NULL : progress, NULL, &em);
	if (e != OK) {
		fprintf(stderr, "thidua migrate-store: %s\n", buf_str(&em));
		goto out;
	}
	printf("copied %s to %s; rows, counted on both sides:\n", cli_shown(from),
	    cli_shown(to));
	for (i = 0; i < STORE_TABLES; i++)
		printf("  %-13s %lld\n", store_table_names[i], (long long)n[i]);
out:
	store_close(src);
	store_close(dst);
	buf_free(&em);
	return e == OK ? 0 : 1;
}
