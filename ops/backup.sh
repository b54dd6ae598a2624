#!/usr/bin/env bash
# Backs up a Yiwang installation: the database and the local file store, with a SHA-256 manifest.
#
#   ops/backup.sh OUT_DIR            (reads the platform's own environment: DATABASE_URL, DATA_DIR, FILES_DIR)
#
# PostgreSQL (DATABASE_URL set): a pg_dump in custom format, consistent as of one snapshot, taken while the
# platform runs. Embedded PGlite (no DATABASE_URL): a copy of DATA_DIR/pglite — stop the platform first, a
# running PGlite holds the directory. The local file store (FILES_DIR, default DATA_DIR/files) is archived;
# files are content-addressed and never changed in place, so a copy taken after the dump holds every file
# the dump refers to. With FILE_STORE=s3 the bucket is not copied: use the store's own versioning or
# replication (MinIO/S3 bucket replication) and keep it as long as the dumps.
# Restore with ops/restore.sh; `yiwang audit verify` afterwards proves the audit log came back whole.
set -euo pipefail

out_root=${1:?usage: ops/backup.sh OUT_DIR}
data_dir=${DATA_DIR:-.data}
files_dir=${FILES_DIR:-$data_dir/files}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$out_root/yiwang-backup-$stamp"
mkdir -p "$out"

if [[ -n "${DATABASE_URL:-}" ]]; then
  pg_dump --format=custom --no-owner --no-privileges --file="$out/db.dump" --dbname="$DATABASE_URL"
  psql --no-psqlrc --quiet --tuples-only --no-align --dbname="$DATABASE_URL" \
    --command="select name from schema_migrations order by name" >"$out/migrations.txt"
else
  [[ -d "$data_dir/pglite" ]] || { echo "no database: neither DATABASE_URL nor $data_dir/pglite" >&2; exit 2; }
  tar --create --file="$out/pglite.tar" --directory="$data_dir" pglite
fi

if [[ "${FILE_STORE:-local}" == "local" && -d "$files_dir" ]]; then
  tar --create --file="$out/files.tar" --directory="$files_dir" .
fi

{
  echo "created_at=$stamp"
  echo "driver=$([[ -n "${DATABASE_URL:-}" ]] && echo postgres || echo pglite)"
  echo "file_store=${FILE_STORE:-local}"
} >"$out/backup-info"
(cd "$out" && sha256sum -- * >MANIFEST.sha256)
echo "$out"
