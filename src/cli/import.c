/*
 * import.c: `thidua import units|people FILE`: the same import as the web
 * page, with its report on stderr (row, column, value, reason).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/limits.h"
#include "../domain/domain.h"
#include "cli.h"

/* Read a whole file, at most max bytes; NULL with a message on failure. */
static char *
slurp(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	char *p;

	if (f == NULL || fstat(fileno(f), &sb) != 0) {
		perror(path);
		if (f)
			fclose(f);
		return NULL;
	}
	if (!S_ISREG(sb.st_mode) || (size_t)sb.st_size > max) {
		fprintf(stderr, "thidua import: %s: not a regular file of at "
		    "most %zu bytes\n", path, max);
		fclose(f);
		return NULL;
	}
	p = xmalloc((size_t)sb.st_size + 1);
	*len = fread(p, 1, (size_t)sb.st_size, f);
	fclose(f);
	return p;
}

int
cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "pg", required_argument, NULL, 'P' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "good-rows", no_argument, NULL, 'g' },
		{ "unit", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	struct import_opts o;
	struct import_report rep;
	struct actor a;
	struct store *st;
	struct unit u;
	const char *db = NULL, *unit = NULL;
	char *data;
	size_t len, i;
	int c, kind, rc;
	enum err e;

	memset(&o, 0, sizeof(o));
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'P': db = cli_pg(optarg); break;
		case 'n': o.dry_run = 1; break;
		case 'g': o.good_rows = 1; break;
		case 'u': unit = optarg; break;
		default: return cli_usage("import", 1);
		}
	}
	if (optind + 2 != argc)
		return cli_usage("import", 1);
	if (strcmp(argv[optind], "people") == 0)
		kind = IMPORT_PEOPLE;
	else if (strcmp(argv[optind], "units") == 0)
		kind = IMPORT_UNITS;
	else
		return cli_usage("import", 1);
	if ((data = slurp(argv[optind + 1], LIM_UPLOAD * 4, &len)) == NULL)
		return 1;
	if ((st = cli_open(cli_db(db), 0)) == NULL) {
		free(data);
		return 1;
	}
	auth_system_actor(&a);
	if (unit) {
		if (units_get_by_code(st, &a, unit, &u) != OK) {
			fprintf(stderr, "thidua import: no unit with code %s\n",
			    unit);
			free(data);
			store_close(st);
			return 1;
		}
		o.default_unit = u.id;
	}
	e = import_run(st, &a, (enum import_kind)kind, data, len, &o, &rep);
	free(data);
	store_close(st);
	for (i = 0; i < rep.nissues && i < LIM_REPORT_ERRORS; i++) {
		const struct import_issue *is = &rep.issues[i];

		if (is->row)
			fprintf(stderr, "dòng %zu", is->row);
		else
			fprintf(stderr, "tệp");
		if (is->col[0])
			fprintf(stderr, ", cột %s%s%s%s", is->col,
			    is->column[0] ? " (" : "", is->column,
			    is->column[0] ? ")" : "");
		if (is->value[0])
			fprintf(stderr, ", giá trị “%s”", is->value);
		fprintf(stderr, ": %s\n", is->msg);
	}
	if (rep.nissues > LIM_REPORT_ERRORS)
		fprintf(stderr, "… và %zu lỗi khác\n",
		    rep.nissues - LIM_REPORT_ERRORS);
	printf("%zu rows, %zu valid, %zu problems; %s: %zu created, %zu "
	    "updated, %zu unchanged\n", rep.rows, rep.valid, rep.nissues,
	    rep.written ? "written" : o.dry_run ? "dry run, nothing written" :
	    "nothing written", rep.created, rep.updated, rep.unchanged);
	rc = e == OK || (rep.written && o.good_rows) ? 0 : 1;
	if (e != OK && e != ERR_INVAL)
		fprintf(stderr, "thidua import: %s\n", err_code(e));
	import_report_free(&rep);
	return rc;
}
