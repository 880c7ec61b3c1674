/*
 * server.h: serving thidua over HTTP with libmicrohttpd.
 */
#ifndef THIDUA_SERVER_H
#define THIDUA_SERVER_H

#include "../base/base.h"

struct server_opts {
	const char	*db;		/* SQLite file */
	const char	*listen;	/* "127.0.0.1:8080" */
	const char	*access_log;	/* file, "-" for stdout, NULL: stdout */
	unsigned	 threads;	/* 0: default */
	int		 secure;	/* behind a TLS proxy: Secure cookies */
};

/* Serve until SIGTERM or SIGINT; returns 0 after a clean stop, 1 when the
 * server could not start (the reason is on stderr). */
int	server_run(const struct server_opts *);

#endif
