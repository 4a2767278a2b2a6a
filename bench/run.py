"""One run of the benchmark (`python -m bench`, what `make bench` runs): time one quarterly evaluation of the
reference programme against the floor, one hand-written SQL query computing the same facts (see
`bench.programme`)."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from bench import programme
from partnerhub.deals.models import Registration
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


@dataclass(frozen=True)
class Options:
    scale: programme.Scale
    period: str = "2019Q2"
    repeat: int = 3


class BenchRefused(Exception):
    """The configured database cannot hold the benchmark (it has partners the benchmark did not generate)."""


def run(options: Options, write: Callable[[str], None]) -> None:
    """Generate the reference programme (or reuse it) in the configured database and time `options.repeat`
    evaluations of `options.period` against the floor; the last line written is the bench line."""
    created = create_database_if_missing()
    if created:
        write(f"created database {created}")
    call_command("migrate", verbosity=0)
    call_command("load_policy", verbosity=0)
    try:
        generated = programme.ensure_programme(options.scale, log=write)
    except programme.NotABenchDatabase as error:
        raise BenchRefused(str(error)) from error
    if not generated:
        write(f"reusing the programme generated with {options.scale}")
    partners = Partner.objects.count()
    registrations = Registration.objects.count()
    certifications = Certification.objects.count()
    write(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")

    timings = []
    for round_number in range(1, max(1, options.repeat) + 1):
        timing = programme.time_evaluation(options.period)
        timings.append(timing)
        write(
            f"round {round_number}: evaluation {timing.seconds:.2f}s (gather {timing.gather:.2f}s, "
            f"score {timing.score:.2f}s, write {timing.write:.2f}s; {timing.partners} partners evaluated), "
            f"floor {timing.floor_seconds:.2f}s (ratio {timing.ratio:.2f}), "
            f"minimal aggregate {timing.aggregate_seconds:.2f}s (ratio {timing.aggregate_ratio:.2f})"
        )
    seconds = min(timing.seconds for timing in timings)
    floor = min(timing.floor_seconds for timing in timings)
    aggregate = min(timing.aggregate_seconds for timing in timings)
    median = statistics.median(timing.ratio for timing in timings)
    write(f"median ratio of the rounds: {median:.2f}")
    write(f"bench memory: peak_rss_mib={programme.peak_memory_mib():.0f}")
    write(
        f"bench floors: floor_seconds={floor:.2f} aggregate_seconds={aggregate:.2f} "
        f"floor_ratio={seconds / floor:.2f} (target <= 1.5) aggregate_ratio={seconds / aggregate:.2f} (target <= 8)"
    )
    write(
        f"bench evaluation: partners={partners} registrations={registrations} certifications={certifications} "
        f"seconds={seconds:.2f} floor_seconds={floor:.2f} ratio={seconds / floor:.2f}"
    )
