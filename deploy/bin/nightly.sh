#!/bin/sh
# Nightly: yesterday's indicator figures recomputed over the whole day and kept as its snapshot (the
# figures timer refreshes today's every 5 minutes); the read log past its retention removed.
set -eu
cd "$(dirname "$0")/../.."
.venv/bin/python manage.py snapshot_indicators --yesterday
.venv/bin/python manage.py purge_read_log
