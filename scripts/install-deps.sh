#!/bin/sh
# Installs what Skyway needs on Debian 12, and nothing that is already there.
# Run as root (make demo / make check call it).  Idempotent and quiet when done.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)

PKGS="build-essential cmake pkg-config git ca-certificates
 libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev libsodium-dev
 libxlsxwriter-dev libzip-dev libexpat1-dev libqrencode-dev zlib1g-dev
 libutf8proc-dev libinih-dev libcmocka-dev libicu-dev
 postgresql postgresql-contrib
 chromium fonts-noto-cjk
 wrk curl"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
# Node.js: the machine may bring its own; otherwise take Debian's (18, with npm, which
# fetches a newer Node below when needed).
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

# The test suites need Node 20.11 or later (node:test's runner features,
# import.meta.dirname).  When the Node found is older (Debian 12's own is 18), npm installs
# the official Node 24 binaries, published on the npm registry as node-linux-<arch>, into
# .tools/node (no root needed; nothing outside the project changes).  The Makefile and
# scripts/check.sh put .tools/node/bin first in PATH.
node_ok() { # $1: a node binary; true when it is 20.11 or later
	"$1" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 11) ? 0 : 1)' 2>/dev/null
}
newer_node() { # installs Node 24 from npm into $TOOLS
	case $(uname -m) in
	x86_64) arch=x64 ;;
	aarch64) arch=arm64 ;;
	*)
		echo "install-deps: Node $(node --version) is older than 20.11 and npm has no Node for $(uname -m): install Node 20.11 or later" >&2
		exit 1
		;;
	esac
	echo "install-deps: Node $(node --version) is older than 20.11; installing Node 24 from npm (node-linux-$arch) into .tools/node"
	rm -rf "$TOOLS"
	mkdir -p "$TOOLS/bin"
	npm install --prefix "$TOOLS" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-linux-$arch@24"
	ln -s "../node_modules/node-linux-$arch/bin/node" "$TOOLS/bin/node"
	node_ok "$TOOLS/bin/node" || {
		echo "install-deps: the Node installed in .tools/node does not run" >&2
		exit 1
	}
}
TOOLS=$ROOT/.tools/node
if ! { [ -x "$TOOLS/bin/node" ] && node_ok "$TOOLS/bin/node"; } && ! node_ok node; then
	newer_node
fi
