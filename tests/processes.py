"""Helpers for the tests that run the product's own processes (gunicorn, db_worker) against a database."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import requests
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def database_url() -> str:
    """The test database, for another process (the embedded server listens on a Unix socket only)."""
    db = connection.settings_dict
    if (db["HOST"] or "").startswith("/"):
        return f"postgres://{db['USER']}@/{db['NAME']}?host={quote(db['HOST'])}&port={db['PORT'] or 5432}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_ports(count: int) -> list[int]:
    """``count`` distinct free ports (held open together while chosen, so none is picked twice)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def free_port() -> int:
    return free_ports(1)[0]


def product_env(database_url: str, media: Path, **extra) -> dict:
    """The environment of a production process of the product against ``database_url``."""
    return {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "false",
            "DJANGO_SECURE_SSL_REDIRECT": "false", "DJANGO_SESSION_COOKIE_SECURE": "false",
            "DJANGO_CSRF_COOKIE_SECURE": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_LOG_LEVEL": "WARNING", "TASKS_BACKEND": "database", "DJANGO_MEDIA_ROOT": str(media),
            "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "DJANGO_CONN_MAX_AGE": "600", **extra}


class Web:
    """gunicorn serving the product (one worker process, so the same connection is reused across requests)."""

    def __init__(self, env: dict, port: int | None = None):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([GUNICORN, "config.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
                                         "--log-level", "warning"], cwd=BASE_DIR, env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(self.base + "/dang-nhap/", timeout=10)
                return
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        raise AssertionError("gunicorn did not start")

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.base + path, timeout=30, allow_redirects=False, **kwargs)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    return None
