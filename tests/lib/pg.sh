#!/bin/sh
# Throwaway PostgreSQL 15 server for the API tests.
#
#   tests/lib/pg.sh start DIR PORT   initialise DIR, start a server on 127.0.0.1:PORT
#                                    (unix socket in DIR), wait until it accepts
#                                    connections, print the base URL to stdout
#   tests/lib/pg.sh stop DIR         stop it (fast) and remove DIR
#
# The server runs as the `postgres` OS user when invoked as root (PostgreSQL refuses to
# run as root), with trust authentication, fsync off and no network listener other than
# loopback. Debian's auto-created cluster is not touched. Base URL:
#   postgres://postgres@127.0.0.1:PORT
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

die() { echo "pg.sh: $*" >&2; exit 1; }

usage() { die "usage: $0 start DIR PORT | stop DIR"; }

# Runs a command as the server's owner: `postgres` when we are root, else ourselves.
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

absdir() {
	case "$1" in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$(pwd)" "$1" ;;
	esac
}

start() {
	dir=$(absdir "$1")
	port=$2
	case "$port" in '' | *[!0-9]*) die "PORT must be a number, got '$port'" ;; esac
	[ -x "$PGBIN/initdb" ] || die "$PGBIN/initdb not found (install package postgresql)"
	if [ -e "$dir/data/postmaster.pid" ]; then
		die "$dir already holds a running (or crashed) server; stop it first"
	fi
	# The unix socket path must fit in sun_path (107 bytes).
	[ "$(printf '%s/.s.PGSQL.%s' "$dir" "$port" | wc -c)" -le 107 ] ||
		die "DIR path too long for a unix socket: $dir"
	mkdir -p "$dir"
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || die "OS user postgres missing (install package postgresql)"
		chown postgres: "$dir"
		# Every parent must be traversable by postgres.
		runuser -u postgres -- test -w "$dir" ||
			die "user postgres cannot write $dir (a parent directory is not traversable?)"
	fi
	chmod 700 "$dir"
	cd "$dir" # initdb/pg_ctl as postgres must be able to stat the working directory
	as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale \
		--no-sync >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; die "initdb failed"; }
	as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -s -w -t 60 \
		-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start || { cat "$dir/server.log" >&2 2>/dev/null; die "pg_ctl start failed"; }
	i=0
	until "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; do
		i=$((i + 1))
		[ "$i" -le 100 ] || { cat "$dir/server.log" >&2; die "server did not become ready"; }
		sleep 0.1
	done
	echo "postgres://postgres@127.0.0.1:$port"
}

stop() {
	dir=$(absdir "$1")
	[ -d "$dir" ] || return 0
	if [ -f "$dir/data/postmaster.pid" ]; then
		cd "$dir"
		as_owner "$PGBIN/pg_ctl" -D "$dir/data" -s -w -t 60 stop -m fast ||
			echo "pg.sh: pg_ctl stop failed" >&2
		cd /
	fi
	rm -rf "$dir"
}

[ $# -ge 2 ] || usage
case "$1" in
start) [ $# -eq 3 ] || usage; start "$2" "$3" ;;
stop) [ $# -eq 2 ] || usage; stop "$2" ;;
*) usage ;;
esac
