/*
 * test.h: the unit-test harness.  A test file defines TEST(name) functions
 * and a main() that calls RUN(name) for each and returns test_done("file").
 * A test fails if any CHECK in it fails; each failed CHECK prints where and
 * what was expected.  test_done() prints "NAME: N passed, N failed".
 */
#ifndef THIDUA_TEST_H
#define THIDUA_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int test_failed_checks, test_pass, test_fail;

#define TEST(name) static void name(void)

#define RUN(name)                                                     \
	do {                                                          \
		int before_ = test_failed_checks;                     \
		name();                                               \
		if (test_failed_checks == before_)                    \
			test_pass++;                                  \
		else {                                                \
			test_fail++;                                  \
			fprintf(stderr, "FAIL %s\n", #name);          \
		}                                                     \
	} while (0)

#define CHECK(cond)                                                   \
	do {                                                          \
		if (!(cond)) {                                        \
			test_failed_checks++;                         \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n",  \
			    __FILE__, __LINE__, #cond);               \
		}                                                     \
	} while (0)

#define CHECK_INT(got, want)                                          \
	do {                                                          \
		long long g_ = (long long)(got), w_ = (long long)(want); \
		if (g_ != w_) {                                       \
			test_failed_checks++;                         \
			fprintf(stderr, "%s:%d: %s = %lld, want %lld\n", \
			    __FILE__, __LINE__, #got, g_, w_);         \
		}                                                     \
	} while (0)

#define CHECK_STR(got, want)                                          \
	do {                                                          \
		const char *g_ = (got), *w_ = (want);                 \
		if (g_ == NULL || strcmp(g_, w_) != 0) {              \
			test_failed_checks++;                         \
			fprintf(stderr, "%s:%d: %s = \"%s\", want \"%s\"\n", \
			    __FILE__, __LINE__, #got, g_ ? g_ : "(null)", w_); \
		}                                                     \
	} while (0)

/* A fresh path for a test database: /tmp/thidua-NAME-XXXXXX, not yet
 * created (the store creates it).  0 on success. */
static inline int
test_tmppath(char *out, size_t n, const char *name)
{
	int fd;

	snprintf(out, n, "/tmp/thidua-%s-XXXXXX", name);
	if ((fd = mkstemp(out)) < 0)
		return -1;
	close(fd);
	unlink(out);
	return 0;
}

/*
 * A fresh database for a test: a SQLite path from test_tmppath(), or, when
 * $THIDUA_TEST_PG holds a connection string without a dbname (the test
 * run's PostgreSQL server), a new database on that server, named by a
 * connection string.  test_db_drop() removes either.  0 on success.
 */
static inline int
test_db(char *out, size_t n, const char *name)
{
	const char *pg = getenv("THIDUA_TEST_PG");
	char cmd[1024];
	static int serial;

	if (pg == NULL || *pg == '\0')
		return test_tmppath(out, n, name);
	snprintf(out, n, "%s dbname=thidua_%s_%d_%d", pg, name, (int)getpid(),
	    ++serial);
	snprintf(cmd, sizeof(cmd), "psql -X -q -d '%s dbname=postgres' -c "
	    "'CREATE DATABASE thidua_%s_%d_%d'", pg, name, (int)getpid(),
	    serial);
	return system(cmd) == 0 ? 0 : -1;
}

static inline void
test_db_drop(const char *db)
{
	const char *pg = getenv("THIDUA_TEST_PG"), *name;
	char cmd[1024];

	if (pg == NULL || *pg == '\0') {
		unlink(db);
		return;
	}
	if ((name = strstr(db, "dbname=")) == NULL)
		return;
	snprintf(cmd, sizeof(cmd), "psql -X -q -d '%s dbname=postgres' -c "
	    "'DROP DATABASE IF EXISTS %s WITH (FORCE)'", pg, name + 7);
	if (system(cmd) != 0)
		fprintf(stderr, "could not drop %s\n", name + 7);
}

/* "sqlite" or "pg": the backend the tests run on. */
static inline const char *
test_backend(void)
{
	const char *pg = getenv("THIDUA_TEST_PG");

	return pg && *pg ? "pg" : "sqlite";
}

static inline int
test_done(const char *suite)
{
	printf("%s: %d passed, %d failed\n", suite, test_pass, test_fail);
	return test_fail ? 1 : 0;
}

#endif
