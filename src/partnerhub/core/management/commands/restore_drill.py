"""`partnerhub restore_drill`: prove that a backup restores (docs/operations.md, "Backups").

Dumps the configured PostgreSQL database with pg_dump, restores the dump into a fresh database, and compares
every table of the two: its row count and an md5 checksum of all its rows. The uploaded documents
(MEDIA_ROOT) are archived and unpacked elsewhere, and every file's sha256 compared. Any difference fails.
"""

from __future__ import annotations

import hashlib
import subprocess
import tarfile
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from psycopg import sql


def _url(database: Mapping[str, Any], name: str) -> str:
    user = database.get("USER") or "postgres"
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgresql://{user}{password}@{host}:{port}/{name}"


def table_fingerprints(url: str) -> dict[str, tuple[int, str]]:
    """Every table of the public schema: (row count, md5 of its rows as text in a stable order)."""
    fingerprints = {}
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        for table in tables:
            query = sql.SQL("SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t")
            count, digest = conn.execute(query.format(sql.Identifier(table))).fetchone() or (0, "")
            fingerprints[table] = (int(count), str(digest))
    return fingerprints


def file_fingerprints(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database and the uploaded documents, restore both elsewhere, and compare "
        "row counts and checksums of every table and every file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--into", help="the database to restore into (default: <database>_restore_drill)")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("restore_drill needs PostgreSQL: set DATABASE_URL=postgres://…")
        database = settings.DATABASES["default"]
        source = _url(database, database["NAME"])
        target_name = options["into"] or f"{database['NAME']}_restore_drill"
        if target_name == database["NAME"]:
            raise CommandError("--into must name another database than the one backed up")
        target = _url(database, target_name)
        with tempfile.TemporaryDirectory(prefix="partnerhub-drill-") as work:
            dump = Path(work) / "partnerhub.dump"
            self._run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source])
            self.stdout.write(f"dumped {database['NAME']} ({dump.stat().st_size} bytes)")
            with psycopg.connect(_url(database, "postgres"), autocommit=True) as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target_name)))
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target_name)))
            self._run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={target}", str(dump)])
            self.stdout.write(f"restored into the fresh database {target_name}")
            problems = self._compare_tables(source, target)
            problems += self._compare_documents(Path(settings.MEDIA_ROOT), Path(work))
        if problems:
            raise CommandError("the restore differs from the original:\n" + "\n".join(problems))
        self.stdout.write(self.style.SUCCESS("restore drill passed: every table and every document is identical"))

    def _run(self, command: list[str]) -> None:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")

    def _compare_tables(self, source: str, target: str) -> list[str]:
        before, after = table_fingerprints(source), table_fingerprints(target)
        problems = [f"table {name}: missing after the restore" for name in sorted(set(before) - set(after))]
        for name, (count, digest) in sorted(before.items()):
            if name in after and after[name] != (count, digest):
                problems.append(
                    f"table {name}: {count} rows {digest} before, {after[name][0]} rows {after[name][1]} after"
                )
        rows = sum(count for count, _ in before.values())
        self.stdout.write(f"compared {len(before)} tables, {rows} rows: row counts and md5 checksums")
        return problems

    def _compare_documents(self, media: Path, work: Path) -> list[str]:
        archive = work / "media.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            if media.exists():
                tar.add(media, arcname="media")
        restored = work / "restored"
        with tarfile.open(archive) as tar:
            tar.extractall(restored, filter="data")
        before, after = file_fingerprints(media), file_fingerprints(restored / "media")
        self.stdout.write(f"compared {len(before)} uploaded documents: sha256 of each")
        return [
            f"document {name}: differs after the restore" for name in sorted(before) if after.get(name) != before[name]
        ] + [f"document {name}: appeared after the restore" for name in sorted(set(after) - set(before))]
