#!/bin/sh
# Installs what Skyway needs on Debian 12, and nothing that is already there.
# Run as root (make demo / make check call it).  Idempotent and quiet when done.
set -eu

PKGS="build-essential cmake pkg-config git ca-certificates
 libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev libsodium-dev
 libxlsxwriter-dev libzip-dev libexpat1-dev libqrencode-dev
 libutf8proc-dev libinih-dev libcmocka-dev libicu-dev
 postgresql postgresql-contrib
 chromium fonts-noto-cjk
 wrk curl"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
# Node.js: the machine may bring its own (>= 18); otherwise take Debian's.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	missing="$missing nodejs npm"
fi

if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "install-deps: missing packages:$missing (run as root)" >&2
		exit 1
	fi
	echo "install-deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
