#!/bin/sh
# setup.sh: install what thidua needs to build, run and test on Debian 12.
# Idempotent: installs only the packages that are missing and says which.
# Usage: scripts/setup.sh [build|test]   (build: enough to build and run)
set -eu
mode=${1:-build}

build_pkgs="gcc make pkg-config libsqlite3-dev libpq-dev libicu-dev libmicrohttpd-dev
libsodium-dev libjansson-dev libzip-dev libexpat1-dev libxlsxwriter-dev"
test_pkgs="postgresql clang libclang-rt-14-dev chromium wrk unzip curl
poppler-utils"

pkgs=$build_pkgs
[ "$mode" = test ] && pkgs="$build_pkgs $test_pkgs"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done

# Node.js and npm may come from elsewhere than Debian (npm is bundled then).
if [ "$mode" = test ]; then
	command -v node >/dev/null 2>&1 || missing="$missing nodejs"
	command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi

if [ -n "$missing" ]; then
	echo "setup: installing:$missing"
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ "$mode" = test ] && [ -f tests/e2e/package.json ] &&
    [ ! -d tests/e2e/node_modules/playwright-core ]; then
	echo "setup: installing playwright-core (npm) for the browser tests"
	(cd tests/e2e && npm ci --no-audit --no-fund --silent)
fi
exit 0
