#!/usr/bin/env bash
# Run once by the postgres image's entrypoint when the primary's data folder is first created
# (/docker-entrypoint-initdb.d): the role the replica streams WAL as, a physical replication slot so the
# primary keeps the WAL the replica has not received yet, and the pg_hba line that lets that role connect
# for replication (the image's default "host all all all" line does not cover replication connections).
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v replication_password="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'replication_password';
SELECT pg_create_physical_replication_slot('replica1');
SQL

echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"
