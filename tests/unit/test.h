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

static inline int
test_done(const char *suite)
{
	printf("%s: %d passed, %d failed\n", suite, test_pass, test_fail);
	return test_fail ? 1 : 0;
}

#endif
