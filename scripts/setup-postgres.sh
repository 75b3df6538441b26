#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 cluster (installed but stopped here) and
# makes sure a role the tests can use exists. Idempotent.
set -euo pipefail

# Only the connection string goes to standard output, which callers capture:
# pg_ctlcluster prints notes there ("Removed stale pid file." after an unclean
# stop), and a note in front of the URL makes it a relative URL whose host
# pg-connection-string resolves to "base".
exec 3>&1 1>&2

PG_ROLE=${SANDBOXES_PG_ROLE:-sandboxes}
PG_PASSWORD=${SANDBOXES_PG_PASSWORD:-sandboxes}

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  else
    echo "PostgreSQL 15 is not installed and we are not root: install postgresql-15" >&2
    exit 1
  fi
fi

if ! pg_lsclusters -h 2>/dev/null | awk '$1=="15" && $2=="main"' | grep -q online; then
  # 3>&- : the server must not hold the caller's capture open.
  if ! pg_ctlcluster 15 main start 3>&-; then
    # A postmaster killed without a shutdown leaves its socket lock behind;
    # with no postgres process alive it is stale, and the start can go on.
    if ! pgrep -x postgres >/dev/null; then
      rm -f /var/run/postgresql/.s.PGSQL.5432.lock
      pg_ctlcluster 15 main start 3>&-
    else
      exit 1
    fi
  fi
fi

for _ in $(seq 1 30); do
  if su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done

su postgres -c "psql -qtA" <<SQL >/dev/null
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PG_ROLE}') THEN
    CREATE ROLE ${PG_ROLE} LOGIN CREATEDB PASSWORD '${PG_PASSWORD}';
  ELSE
    ALTER ROLE ${PG_ROLE} LOGIN CREATEDB PASSWORD '${PG_PASSWORD}';
  END IF;
END
\$\$;
SQL

echo "postgresql://${PG_ROLE}:${PG_PASSWORD}@127.0.0.1:5432" >&3
