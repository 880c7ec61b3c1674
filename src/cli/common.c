/*
 * common.c: what the subcommands share: the database location, opening
 * the store, reading a password without echoing it in the shell history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "cli.h"

const char *
cli_db(const char *opt)
{
	const char *pg = getenv("THIDUA_PG"), *env = getenv("THIDUA_DB");

	if (opt && *opt)
		return opt;
	if (pg && *pg)
		return cli_pg(pg);
	return env && *env ? env : "var/thidua.db";
}

const char *
cli_shown(const char *db)
{
	static char bufs[2][1024];
	static int next;

	next = !next;
	return store_redact(db, bufs[next], sizeof(bufs[next]));
}

const char *
cli_pg(const char *conninfo)
{
	static char buf[1024];

	if (store_is_pg(conninfo))
		return conninfo;
	/* a bare name is a database on the default server */
	snprintf(buf, sizeof(buf), "dbname=%s", conninfo);
	return buf;
}

struct store *
cli_open(const char *db, int create)
{
	struct store *st = NULL;
	struct buf em;

	buf_init(&em, 4096);
	if (store_open(db, create, &st, &em) != OK)
		fprintf(stderr, "thidua: %s\n", buf_str(&em));
	buf_free(&em);
	return st;
}

/* $THIDUA_PASSWORD, else one line of stdin (without its newline). */
int
cli_password(char *out, size_t n)
{
	const char *env = getenv("THIDUA_PASSWORD");
	size_t len;

	if (env && *env) {
		snprintf(out, n, "%s", env);
		return 0;
	}
	if (fgets(out, (int)n, stdin) == NULL)
		return -1;
	len = strlen(out);
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	return len ? 0 : -1;
}
