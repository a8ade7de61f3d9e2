#!/bin/sh
# Weekly: the integrity check (non-zero exit on any finding: the unit fails and shows in `systemctl --failed`),
# then pruning of old task results and of search keys no person bears.
set -eu
cd "$(dirname "$0")/../.."
status=0
.venv/bin/python manage.py check_integrity || status=$?
.venv/bin/python manage.py prune_db_task_results --min-age-days 30
.venv/bin/python manage.py prune_person_names
exit "$status"
