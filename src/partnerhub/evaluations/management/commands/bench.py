"""`partnerhub bench` (what `make bench` runs): time one quarterly evaluation of the reference programme
against the floor, one hand-written SQL query computing the same facts. See partnerhub.evaluations.bench."""

from __future__ import annotations

import statistics
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from partnerhub.deals.models import Registration
from partnerhub.evaluations import bench
from partnerhub.partners.models import Partner
from partnerhub.people.models import Certification


def create_database_if_missing() -> str | None:
    """On PostgreSQL, create the configured database when it does not exist yet; its name if created."""
    config = settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.postgresql":
        return None
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    options = {
        "dbname": "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
    }
    name = config["NAME"]
    conninfo = make_conninfo(**{key: str(value) for key, value in options.items() if value})
    with psycopg.connect(conninfo, autocommit=True) as server:
        if server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return None
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return str(name)


class Command(BaseCommand):
    help = (
        "Generate the reference programme (or reuse it) in the configured database and time one full quarterly "
        "evaluation against the floor query. Meant for a database of its own: it refuses one with real partners."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = bench.Scale()
        parser.add_argument("--partners", type=int, default=defaults.partners)
        parser.add_argument("--registrations", type=int, default=defaults.registrations)
        parser.add_argument("--certifications", type=int, default=defaults.certifications)
        parser.add_argument("--period", default="2019Q2", help="the quarter evaluated (default 2019Q2)")
        parser.add_argument("--repeat", type=int, default=3, help="timed rounds; the best of them is reported")

    def handle(self, *args: Any, **options: Any) -> None:
        scale = bench.Scale(options["partners"], options["registrations"], options["certifications"])
        created = create_database_if_missing()
        if created:
            self.stdout.write(f"created database {created}")
        call_command("migrate", verbosity=0)
        call_command("load_policy", verbosity=0)
        try:
            generated = bench.ensure_programme(scale, log=self.stdout.write)
        except bench.NotABenchDatabase as error:
            raise CommandError(str(error)) from error
        if not generated:
            self.stdout.write(f"reusing the programme generated with {scale}")
        partners = Partner.objects.count()
        registrations = Registration.objects.count()
        certifications = Certification.objects.count()
        self.stdout.write(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")

        timings = []
        for round_number in range(1, max(1, options["repeat"]) + 1):
            timing = bench.time_evaluation(options["period"])
            timings.append(timing)
            self.stdout.write(
                f"round {round_number}: evaluation {timing.seconds:.2f}s (gather {timing.gather:.2f}s, "
                f"score {timing.score:.2f}s, write {timing.write:.2f}s; {timing.partners} partners evaluated), "
                f"floor {timing.floor_seconds:.2f}s (ratio {timing.ratio:.2f}), "
                f"minimal aggregate {timing.aggregate_seconds:.2f}s (ratio {timing.aggregate_ratio:.2f})"
            )
        seconds = min(timing.seconds for timing in timings)
        floor = min(timing.floor_seconds for timing in timings)
        aggregate = min(timing.aggregate_seconds for timing in timings)
        median = statistics.median(timing.ratio for timing in timings)
        self.stdout.write(f"median ratio of the rounds: {median:.2f}")
        self.stdout.write(f"bench memory: peak_rss_mib={bench.peak_memory_mib():.0f}")
        self.stdout.write(
            f"bench floors: floor_seconds={floor:.2f} aggregate_seconds={aggregate:.2f} "
            f"floor_ratio={seconds / floor:.2f} (target <= 1.5) aggregate_ratio={seconds / aggregate:.2f} (target <= 8)"
        )
        self.stdout.write(
            f"bench evaluation: partners={partners} registrations={registrations} certifications={certifications} "
            f"seconds={seconds:.2f} floor_seconds={floor:.2f} ratio={seconds / floor:.2f}"
        )
