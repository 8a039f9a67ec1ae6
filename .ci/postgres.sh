#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers and prints the connection string of
# a database "test" on it, for the tests of store/pgstore:
#
#	export CONTACTKIT_POSTGRES_URL=$(.ci/postgres.sh)
#
# It uses, in order: a server already answering on 127.0.0.1:5432 (user
# postgres, trust authentication); one this script started before on
# 127.0.0.1:55432; else a new throwaway cluster, initialised with trust
# authentication in a temporary directory and started on 127.0.0.1:55432,
# after installing PostgreSQL from the Debian packages if it is missing
# (which needs root). Everything but the URL goes to stderr.
set -euo pipefail

log() { printf 'postgres.sh: %s\n' "$*" >&2; }

url() { printf 'postgres://postgres@127.0.0.1:%s/test?sslmode=disable\n' "$1"; }

# ensure_db PORT: creates the database test if it is missing.
ensure_db() {
	if ! psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1; then
		psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -qc 'CREATE DATABASE test' >&2
	fi
}

# PostgreSQL's binaries (initdb, pg_ctl) are not on the PATH on Debian.
bindir() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -n "$d" ] && echo "$d"
}

if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
	log "using the server on 127.0.0.1:5432"
	ensure_db 5432
	url 5432
	exit 0
fi

port=55432
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p "$port"; then
	log "using the server on 127.0.0.1:$port"
	ensure_db "$port"
	url "$port"
	exit 0
fi

if [ -z "$(bindir)" ]; then
	log "installing PostgreSQL from the Debian packages"
	if [ "$(id -u)" -ne 0 ]; then
		log "PostgreSQL is not installed and this is not root: install postgresql and postgresql-contrib"
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update >&2
	apt-get install -y --no-install-recommends postgresql postgresql-contrib >&2
fi
bin=$(bindir)

dir=$(mktemp -d /tmp/contactkit-pg.XXXXXX)
run() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
	# initdb refuses to run as root: the cluster belongs to postgres.
	chown postgres: "$dir"
	run() { runuser -u postgres -- "$@"; }
fi
log "initialising a cluster in $dir"
run "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2
log "starting it on 127.0.0.1:$port"
run "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
	-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >&2
ensure_db "$port"
url "$port"
