#!/bin/sh
# One-shot set-up of the blob store (the minio-init service): the bucket, and an access key for the app
# nodes with read/write access instead of MinIO's root account. Safe to run again.
set -eu

mc alias set store http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"
mc mb --ignore-existing "store/$S3_BUCKET"
mc admin user add store "$S3_ACCESS_KEY_ID" "$S3_SECRET_ACCESS_KEY"
# Attaching a policy that is already attached is an error; the user then has it, which is what we want.
mc admin policy attach store readwrite --user "$S3_ACCESS_KEY_ID" || true
echo "minio-init: bucket $S3_BUCKET ready"
