# thidua: build, run, test.  `make run` and `make test` are the two commands
# a newcomer needs; both install what is missing first (scripts/setup.sh).

CC	?= cc
PKGS	 = sqlite3 libpq icu-uc icu-i18n libmicrohttpd libsodium jansson libzip expat xlsxwriter
PKGCFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKGLIBS	  := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

B	?= build
OPT	?= -O2
SAN	?=
CFLAGS	+= -std=c11 -D_GNU_SOURCE $(OPT) -g -Wall -Wextra -Wno-unused-parameter \
	   -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-format-truncation \
	   -fno-strict-aliasing \
	   $(SAN) $(PKGCFLAGS)
LDLIBS	+= $(SAN) $(PKGLIBS) -lpthread -lm

DB	?= var/thidua.db
LISTEN	?= 127.0.0.1:8080

LIBSRC	:= $(sort $(filter-out src/cli/main.c,$(wildcard src/*/*.c)))
LIBOBJ	:= $(LIBSRC:%.c=$(B)/%.o) $(B)/gen/embed.o
EMBED	:= $(sort $(wildcard src/store/migrations/*.sql assets/*))
UNITSRC	:= $(sort $(wildcard tests/unit/*_test.c))
UNITBIN	:= $(UNITSRC:tests/unit/%.c=$(B)/tests/%)

.PHONY: all run test check unit http e2e asan fuzz bench clean setup setup-test format

all: $(B)/thidua

setup:
	@scripts/setup.sh build

setup-test:
	@scripts/setup.sh test

$(B)/%.o: %.c $(wildcard src/*/*.h)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

$(B)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	@$(CC) -O2 -Wall -o $@ $<

$(B)/gen/embed.c: $(B)/tools/embed $(EMBED)
	@mkdir -p $(@D)
	@$(B)/tools/embed $(EMBED) > $@.tmp && mv $@.tmp $@

$(B)/gen/embed.o: $(B)/gen/embed.c
	@$(CC) $(CFLAGS) -Isrc -c -o $@ $<

$(B)/libthidua.a: $(LIBOBJ)
	@rm -f $@
	@ar rcs $@ $^

$(B)/thidua: $(B)/src/cli/main.o $(B)/libthidua.a
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: tests/unit/%.c tests/unit/test.h $(B)/libthidua.a
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	@$(CC) $(CFLAGS) -Isrc -o $@ $< $(B)/libthidua.a $(LDLIBS)

run: setup
	@$(MAKE) --no-print-directory all
	@mkdir -p $(dir $(DB))
	@if [ ! -f $(DB) ]; then $(B)/thidua demo --db $(DB); fi
	@echo "thidua: open http://$(LISTEN)/ and log in as admin, password thidua-demo"
	@echo "        (other demo accounts: canbo, chutich, chutich2, xem; Ctrl-C stops)"
	@$(B)/thidua serve --db $(DB) --listen $(LISTEN)

# The whole suite: static checks, unit tests, HTTP tests against the real
# binary, browser tests, then the same unit and HTTP tests under ASan+UBSan,
# then each fuzz harness for a short while.
test: setup-test
	@$(MAKE) --no-print-directory all $(UNITBIN)
	@scripts/run-tests

check:
	@scripts/check-src

unit: all $(UNITBIN)
	@scripts/run-tests unit

http: all
	@scripts/run-tests http

e2e: setup-test all
	@scripts/run-tests e2e

asan:
	@$(MAKE) --no-print-directory B=build-asan OPT=-O1 \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	    all $(UNITSRC:tests/unit/%.c=build-asan/tests/%)

fuzz:
	@scripts/run-fuzz

bench: setup-test all
	@bench/run

format:
	clang-format -i src/*/*.c src/*/*.h tests/unit/*.c fuzz/*.c tools/*.c

clean:
	rm -rf build build-asan build-fuzz
