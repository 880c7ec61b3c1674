/*
 * demo.c: `thidua demo`: a new database with realistic demo data.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../domain/domain.h"
#include "cli.h"

static int
size_arg(const char *s, size_t max, size_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (*s == '\0' || *end || v > max || s[0] == '-')
		return -1;
	*out = (size_t)v;
	return 0;
}

int
cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "pg", required_argument, NULL, 'P' },
		{ "people", required_argument, NULL, 'p' },
		{ "units", required_argument, NULL, 'u' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct demo_opts o = { 2959, 58, 2019 };
	const char *db = NULL;
	char pw[32];
	size_t seed;
	struct store *st;
	struct buf em;
	enum err e;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'P': db = cli_pg(optarg); break;
		case 'p':
			if (size_arg(optarg, 50000000, &o.people) != 0) {
				fprintf(stderr, "thidua demo: --people wants a "
				    "number up to 50000000\n");
				return EXIT_USAGE;
			}
			break;
		case 'u':
			if (size_arg(optarg, 1000000, &o.units) != 0 ||
			    o.units == 0) {
				fprintf(stderr, "thidua demo: --units wants a "
				    "number from 1 to 1000000\n");
				return EXIT_USAGE;
			}
			break;
		case 's':
			if (size_arg(optarg, (size_t)-1, &seed) != 0) {
				fprintf(stderr, "thidua demo: --seed wants a "
				    "number\n");
				return EXIT_USAGE;
			}
			o.seed = seed;
			break;
		default: return cli_usage("demo", 1);
		}
	}
	if (optind != argc)
		return cli_usage("demo", 1);
	db = cli_db(db);
	if (!store_is_pg(db) && access(db, F_OK) == 0) {
		fprintf(stderr, "thidua demo: %s already exists\n", db);
		return 1;
	}
	if ((st = cli_open(db, 1)) == NULL)
		return 1;
	buf_init(&em, 4096);
	if ((e = demo_generate(st, &o, pw, &em)) != OK) {
		fprintf(stderr, "thidua demo: %s\n", em.len ? buf_str(&em) :
		    err_code(e));
		buf_free(&em);
		store_close(st);
		if (!store_is_pg(db))
			unlink(db);	/* a PostgreSQL database stays, empty */
		return 1;
	}
	buf_free(&em);
	store_close(st);
	printf("created %s: %zu grassroots unions, %zu people\n"
	    "demo accounts (password \"%s\"): admin (administrator), canbo "
	    "(officer),\n  chutich and chutich2 (chairs of two CĐCS), xem "
	    "(viewer)\n", cli_shown(db), o.units, o.people, pw);
	return 0;
}
