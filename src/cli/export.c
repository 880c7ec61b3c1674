/*
 * export.c: `thidua export units|people`.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../domain/domain.h"
#include "cli.h"

int
cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "pg", required_argument, NULL, 'P' },
		{ "format", required_argument, NULL, 'f' },
		{ "unit", required_argument, NULL, 'u' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *fmt = "xlsx", *unit = NULL, *outpath = NULL;
	struct people_filter f;
	struct actor a;
	struct store *st;
	struct unit u;
	struct buf out;
	FILE *fp;
	int c, rc = 1;
	enum err e;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'P': db = cli_pg(optarg); break;
		case 'f': fmt = optarg; break;
		case 'u': unit = optarg; break;
		case 'o': outpath = optarg; break;
		default: return cli_usage("export", 1);
		}
	}
	if (optind + 1 != argc || (strcmp(fmt, "xlsx") && strcmp(fmt, "csv")) ||
	    (strcmp(argv[optind], "people") && strcmp(argv[optind], "units")))
		return cli_usage("export", 1);
	if ((st = cli_open(cli_db(db), 0)) == NULL)
		return 1;
	auth_system_actor(&a);
	memset(&u, 0, sizeof(u));
	if (unit && units_get_by_code(st, &a, unit, &u) != OK) {
		fprintf(stderr, "thidua export: no unit with code %s\n", unit);
		store_close(st);
		return 1;
	}
	buf_init(&out, (size_t)4 << 30);
	if (strcmp(argv[optind], "people") == 0) {
		memset(&f, 0, sizeof(f));
		f.unit_id = u.id;
		f.member = f.leader = f.active = -1;
		e = export_people(st, &a, &f, strcmp(fmt, "csv") ? EXPORT_XLSX :
		    EXPORT_CSV, &out);
	} else
		e = export_units(st, &a, u.id, strcmp(fmt, "csv") ? EXPORT_XLSX :
		    EXPORT_CSV, &out);
	store_close(st);
	if (e != OK) {
		fprintf(stderr, "thidua export: %s\n", err_code(e));
		goto done;
	}
	fp = outpath ? fopen(outpath, "wb") : stdout;
	if (fp == NULL) {
		perror(outpath);
		goto done;
	}
	if (fwrite(out.p ? out.p : "", 1, out.len, fp) == out.len &&
	    fflush(fp) == 0)
		rc = 0;
	else
		perror(outpath ? outpath : "stdout");
	if (outpath && fclose(fp) != 0)
		rc = 1;
done:
	buf_free(&out);
	return rc;
}
