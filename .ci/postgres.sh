# Sourced by .ci/run: makes sure the PostgreSQL suites have a database, because under CI=true a test that
# needs PostgreSQL fails when it is missing (e2e/require-service.ts) instead of skipping.
#   DATABASE_URL set          it must answer, or CI stops here with that message
#   else 127.0.0.1:5432/test  used when it answers (a developer's or the image's server)
#   else                      a throwaway cluster of Debian's postgresql on 127.0.0.1:${CI_PG_PORT:-54329}
#                             (trust auth, database test), stopped when .ci/run exits
# Afterwards DATABASE_URL names the database the tests use.

# postgresql's server binaries refuse to run as root; as root they run as the package's postgres user
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_answers() {
  psql "$1" -Atqc 'SELECT 1' >/dev/null 2>&1
}

# the URL without a password, for messages
pg_printable() {
  sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"
}

ci_pgdata=''
stop_own_postgres() {
  if [ -n "${ci_pgdata}" ] && [ -f "${ci_pgdata}/postmaster.pid" ]; then
    as_postgres "${ci_pg_bin}/pg_ctl" -D "${ci_pgdata}" -m fast -w stop >/dev/null || true
  fi
  if [ -n "${ci_pgdata}" ]; then rm -rf "${ci_pgdata}"; fi
  ci_pgdata=''
}

start_own_postgres() {
  local port=${CI_PG_PORT:-54329}
  ci_pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "${ci_pg_bin}" ] || [ ! -x "${ci_pg_bin}/initdb" ]; then
    echo "::: no PostgreSQL server in /usr/lib/postgresql (apt-get install postgresql)" >&2
    return 1
  fi
  ci_pgdata=$(mktemp -d "${TMPDIR:-/tmp}/tillpoint-ci-pg.XXXXXX")
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "${ci_pgdata}"; fi
  trap stop_own_postgres EXIT
  as_postgres "${ci_pg_bin}/initdb" -D "${ci_pgdata}" -A trust -U postgres --no-sync >/dev/null
  # its own socket folder: /run/postgresql may not exist or belong to the distro's cluster
  as_postgres "${ci_pg_bin}/pg_ctl" -D "${ci_pgdata}" -l "${ci_pgdata}/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p ${port} -k ${ci_pgdata} -c fsync=off" start >/dev/null
  as_postgres "${ci_pg_bin}/createdb" -h 127.0.0.1 -p "${port}" -U postgres test
  export DATABASE_URL="postgres://postgres@127.0.0.1:${port}/test"
  echo "::: started PostgreSQL for the tests at ${DATABASE_URL} (data in ${ci_pgdata}, removed at exit)"
}

ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then
    if ! pg_answers "${DATABASE_URL}"; then
      echo "::: DATABASE_URL ($(pg_printable "${DATABASE_URL}")) does not answer; the PostgreSQL tests need it" >&2
      return 1
    fi
    echo "::: PostgreSQL at DATABASE_URL ($(pg_printable "${DATABASE_URL}")) answers"
    return 0
  fi
  local local_url='postgres://postgres@127.0.0.1:5432/test'
  if pg_answers "${local_url}"; then
    export DATABASE_URL="${local_url}"
    echo "::: PostgreSQL at ${local_url} answers"
    return 0
  fi
  start_own_postgres
}
