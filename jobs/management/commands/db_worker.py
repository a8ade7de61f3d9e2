"""``manage.py db_worker``: django-tasks' database worker, made to outlive a PostgreSQL restart.

The worker of django_tasks_db exits on the first error that is not a lock timeout, so a restart of the
database would stop every worker. This one waits instead (1, 2, 4… up to 30 seconds between tries) and
carries on when the server is back. A job that was running when the connection went is rolled back; its
lease runs out and ``jobs_reap`` marks it interrupted (or runs it again where that is safe): docs/jobs.md.
"""

import logging
import os
import time

from django.core.management.base import CommandError
from django.db import DatabaseError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from common.outage import database_unavailable

logger = logging.getLogger("jobs")
LONGEST_WAIT = 30


class Worker(db_worker.Worker):
    def run(self) -> None:
        wait = 1
        while self.running:
            started = time.monotonic()
            try:
                return super().run()
            except DatabaseError as exc:
                if not database_unavailable(exc):
                    raise
                connections.close_all()  # dead connections: the next use opens new ones
                if time.monotonic() - started > 2 * LONGEST_WAIT:  # it had been working: a new outage
                    wait = 1
                logger.warning("Không kết nối được cơ sở dữ liệu (%s); thử lại sau %s giây.",
                               str(exc).strip().splitlines()[0][:200], wait)
                time.sleep(wait)
                wait = min(2 * wait, LONGEST_WAIT)


class Command(db_worker.Command):
    help = "Run a database background worker that waits out a database restart"

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
                        startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
                        excluded_queue_names=excluded)
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":  # the reloader's child runs the worker
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
