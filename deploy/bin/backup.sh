#!/bin/sh
# Daily: one archive of the database and the uploaded files, archives older than BACKUP_KEEP_DAYS removed.
# Copy BACKUP_DIR off the machine as well (docs/operations.md).
set -eu
cd "$(dirname "$0")/../.."
dir="${BACKUP_DIR:-/srv/backups}"
mkdir -p "$dir"
.venv/bin/python manage.py backup --output "$dir/an_sinh_$(date +%Y%m%d_%H%M).tar.gz"
find "$dir" -name 'an_sinh_*.tar.gz' -mtime +"${BACKUP_KEEP_DAYS:-30}" -delete
