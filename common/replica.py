"""Reads that may go to a PostgreSQL streaming replica: the dashboard, the indicators and their reports.

``DATABASE_REPLICA_URL`` adds a ``replica`` database (unset: there is none, and everything reads the
primary). Nothing is routed there by model: the same tables serve a registration form, which must read
what it just wrote, and the province dashboard, which may read figures a second old. A view says so
itself (``reads_replica`` on a page, ``ReplicaReadsMixin`` on an API view); inside it, the router sends
reads to the replica and every write to the primary. The session and the user are read before, on the
primary (a login a moment old may not have reached the replica). A replica that cannot be reached is
not an outage: the view runs again on the primary.
"""

import contextlib
import functools
import logging
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from common.outage import database_unavailable

REPLICA = "replica"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
logger = logging.getLogger(__name__)
_reading = ContextVar("reading_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextlib.contextmanager
def replica_reads():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def _run(request, call):
    """``call()`` with its reads on the replica, or on the primary when there is none or it is away."""
    if not replica_configured() or request.method not in SAFE_METHODS:
        return call()
    try:
        with replica_reads():
            return call()
    except DatabaseError as exc:
        if not database_unavailable(exc):
            raise
        logger.warning("replica unreachable (%s): read from the primary", str(exc).strip().splitlines()[0][:200])
        connections[REPLICA].close()
        return call()


def reads_replica(view):
    """A page whose reads may come from the replica (it writes nothing but the read log)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        getattr(request.user, "pk", None)  # the session and the user, from the primary
        return _run(request, lambda: view(request, *args, **kwargs))

    return wrapper


class ReplicaReadsMixin:
    """A DRF view whose handlers read from the replica, after authentication and permissions (primary)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        method = request.method.lower()
        handler = getattr(self, method, None)
        if handler is not None:
            setattr(self, method, functools.partial(self._on_replica, handler))

    def _on_replica(self, handler, request, *args, **kwargs):
        return _run(request, lambda: handler(request, *args, **kwargs))


class ReplicaRouter:
    """Reads inside ``replica_reads`` go to the replica when one is configured; the rest to the primary."""

    def db_for_read(self, model, **hints):
        if _reading.get() and replica_configured() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # a replica follows the primary's schema by itself
