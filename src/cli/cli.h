/*
 * cli.h: the subcommands of the thidua binary.  Each returns the exit
 * status: 0 success, 1 failure (one line on stderr says why), 2 bad usage.
 */
#ifndef THIDUA_CLI_H
#define THIDUA_CLI_H

#include "../store/store.h"

#define EXIT_USAGE 2

struct cmd {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*summary;
	const char	*usage;		/* full help text */
};

int	cmd_serve(int, char **);
int	cmd_init(int, char **);
int	cmd_demo(int, char **);
int	cmd_user(int, char **);
int	cmd_token(int, char **);
int	cmd_import(int, char **);
int	cmd_export(int, char **);
int	cmd_backup(int, char **);
int	cmd_migrate(int, char **);

/* The database: --db PATH or --pg CONNINFO, else $THIDUA_PG, else
 * $THIDUA_DB, else var/thidua.db. */
const char *cli_db(const char *opt);
/* A database target fit to print: no password (two at a time). */
const char *cli_shown(const char *db);
/* A --pg value as a PostgreSQL target: a bare name is "dbname=NAME". */
const char *cli_pg(const char *conninfo);
/* Open the store or say why on stderr. */
struct store *cli_open(const char *db, int create);
/* Print a command's usage to stdout (help) or stderr (error). */
int	 cli_usage(const char *name, int error);
/* 1 if argv holds --help or -h */
int	 cli_wants_help(int argc, char **argv);
/* The password from $THIDUA_PASSWORD or a line of stdin; -1 if none. */
int	 cli_password(char *out, size_t n);

#endif
