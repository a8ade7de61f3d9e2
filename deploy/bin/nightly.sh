#!/bin/sh
# Nightly: today's indicator figures kept as snapshots; the read log past its retention removed.
set -eu
cd "$(dirname "$0")/../.."
.venv/bin/python manage.py snapshot_indicators
.venv/bin/python manage.py purge_read_log
