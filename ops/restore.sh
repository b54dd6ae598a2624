#!/usr/bin/env bash
# Restores a backup made by ops/backup.sh into an EMPTY database and an empty file store.
#
#   ops/restore.sh BACKUP_DIR        (DATABASE_URL of an empty database, or DATA_DIR for PGlite; FILES_DIR)
#
# Checks the manifest first and refuses a target that already holds data, so it never mixes two
# installations. Afterwards: `yiwang audit verify` (every entry against its leaf hash, every signed tree
# head) and `yiwang migrate` (applies what is newer than the backup) before starting the nodes.
set -euo pipefail

src=${1:?usage: ops/restore.sh BACKUP_DIR}
data_dir=${DATA_DIR:-.data}
files_dir=${FILES_DIR:-$data_dir/files}

(cd "$src" && sha256sum --check --quiet MANIFEST.sha256) || { echo "backup damaged: manifest does not match" >&2; exit 3; }

if [[ -f "$src/db.dump" ]]; then
  [[ -n "${DATABASE_URL:-}" ]] || { echo "this is a PostgreSQL backup: set DATABASE_URL to an empty database" >&2; exit 2; }
  tables=$(psql --no-psqlrc --quiet --tuples-only --no-align --dbname="$DATABASE_URL" \
    --command="select count(*) from information_schema.tables where table_schema = 'public'")
  [[ "$tables" == "0" ]] || { echo "target database is not empty ($tables tables): refusing" >&2; exit 4; }
  pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$src/db.dump"
else
  [[ -f "$src/pglite.tar" ]] || { echo "no database in $src" >&2; exit 2; }
  [[ ! -e "$data_dir/pglite" ]] || { echo "$data_dir/pglite exists: refusing" >&2; exit 4; }
  mkdir -p "$data_dir"
  tar --extract --file="$src/pglite.tar" --directory="$data_dir"
fi

if [[ -f "$src/files.tar" ]]; then
  if [[ -d "$files_dir" && -n "$(ls -A "$files_dir")" ]]; then
    echo "$files_dir is not empty: refusing" >&2
    exit 4
  fi
  mkdir -p "$files_dir"
  tar --extract --file="$src/files.tar" --directory="$files_dir"
fi
echo "restored from $src"
