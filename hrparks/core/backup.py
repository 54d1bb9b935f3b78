"""Backup and restore of the whole platform: the database and the uploaded files, in one archive.

The archive is a plain tar file holding `manifest.json`, the database (`database.dump` from
pg_dump's custom format on PostgreSQL, `database.sqlite3` on SQLite) and `media/`. Restoring
replaces the database and the uploaded files; the audit chain is verified afterwards.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

from hrparks.audit.chain import verify_chain

MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _pg_env_and_args() -> tuple[dict, list[str]]:
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    return env, args


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]}: {result.stderr.strip()}")


def _dump_database(target: Path) -> str:
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args()
        _run(
            [
                "pg_dump",
                *args,
                "-Fc",
                "--no-owner",
                "-f",
                str(target / "database.dump"),
                connection.settings_dict["NAME"],
            ],
            env,
        )
        return "database.dump"
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target / "database.sqlite3") as copy:
            connection.connection.backup(copy)
        return "database.sqlite3"
    raise BackupError(f"unsupported database: {connection.vendor}")


def _load_database(source: Path, name: str) -> None:
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args()
        connection.close()
        _run(
            [
                "pg_restore",
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "-d",
                connection.settings_dict["NAME"],
                str(source / name),
            ],
            env,
        )
        return
    connection.ensure_connection()
    with sqlite3.connect(source / name) as copy:
        copy.backup(connection.connection)


def create_backup(archive: Path) -> dict:
    """Write a backup archive; returns its manifest."""
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        database_file = _dump_database(work)
        manifest = {
            "created_at": datetime.now(UTC).isoformat(),
            "database": connection.vendor,
            "database_file": database_file,
            "media_files": sum(1 for p in media.rglob("*") if p.is_file()) if media.exists() else 0,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        archive.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "w") as tar:
            tar.add(work / MANIFEST, arcname=MANIFEST)
            tar.add(work / database_file, arcname=database_file)
            if media.exists():
                tar.add(media, arcname="media")
    return manifest


def restore_backup(archive: Path) -> dict:
    """Replace the database and uploaded files with an archive's; returns the manifest and the audit check."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        try:
            with tarfile.open(archive) as tar:
                tar.extractall(work, filter="data")
            manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, tarfile.TarError, json.JSONDecodeError) as exc:
            raise BackupError(f"not a hrparks backup archive: {exc}") from exc
        if manifest["database"] != connection.vendor:
            raise BackupError(
                f"the archive holds a {manifest['database']} database, this server runs {connection.vendor}"
            )
        _load_database(work, manifest["database_file"])
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.rmtree(media)
        if (work / "media").exists():
            shutil.copytree(work / "media", media)
    return {"manifest": manifest, "audit": verify_chain()}
