#!/usr/bin/env bash
# The streaming replica's entrypoint (runs as the postgres user). On the first start, with an empty data
# folder, pg_basebackup copies the primary over the replication connection and writes standby.signal and
# primary_conninfo (-R), using the slot created by primary-init.sh (-S); from then on PostgreSQL starts as a
# hot standby that streams WAL from the primary. PGPASSWORD is the replicator role's password.
set -euo pipefail

: "${PGDATA:=/var/lib/postgresql/data}"
: "${PRIMARY_HOST:?}"
: "${REPLICATION_SLOT:=replica1}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "replica: copying ${PRIMARY_HOST} into ${PGDATA}"
  pg_basebackup --host="$PRIMARY_HOST" --username=replicator --pgdata="$PGDATA" \
    --wal-method=stream --slot="$REPLICATION_SLOT" --write-recovery-conf --checkpoint=fast --no-password
  chmod 0700 "$PGDATA"
fi

exec "$@"
