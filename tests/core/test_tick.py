"""The tick: jobs found per app without a shared list, run in INSTALLED_APPS order."""

import datetime as dt
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from partnerhub.core import tick as tick_module
from partnerhub.core.tick import Job, discover_jobs, run_jobs


@pytest.fixture
def fake_apps(tmp_path: Path, monkeypatch) -> list[str]:
    """Three packages: two with a jobs module, one without."""
    for name, body in [
        ("tickfake_first", "def run(as_of):\n    return [f'first {as_of.isoformat()}']\n"),
        ("tickfake_plain", None),
        ("tickfake_second", "def run(as_of):\n    return ['second a', 'second b']\n"),
    ]:
        package = tmp_path / name
        package.mkdir()
        (package / "__init__.py").write_text("")
        if body is not None:
            (package / "jobs.py").write_text(textwrap.dedent(body))
    monkeypatch.syspath_prepend(str(tmp_path))
    return ["tickfake_second", "tickfake_plain", "tickfake_first"]


def test_jobs_are_discovered_per_app_in_the_given_order(fake_apps):
    found = discover_jobs(fake_apps)

    assert [job.app for job in found] == ["tickfake_second", "tickfake_first"]
    assert run_jobs(dt.date(2019, 1, 1), found) == [
        "tickfake_second: second a",
        "tickfake_second: second b",
        "tickfake_first: first 2019-01-01",
    ]


def test_installed_partnerhub_apps_are_searched_in_installed_apps_order(settings):
    found = [job.app for job in discover_jobs()]

    installed = [name for name in settings.INSTALLED_APPS if name.startswith("partnerhub.")]
    assert found == [name for name in installed if name in found]
    assert all(name.startswith("partnerhub.") for name in found)


@pytest.mark.django_db
def test_tick_prints_what_the_jobs_did_and_a_summary(monkeypatch):
    seen = []

    def run(as_of: dt.date) -> list[str]:
        seen.append(as_of)
        return ["did one thing"]

    monkeypatch.setattr(tick_module, "discover_jobs", lambda: [Job("partnerhub.fake", run)])
    out = StringIO()
    call_command("tick", "--as-of", "2019-12-03", stdout=out)

    assert seen == [dt.date(2019, 12, 3)]
    assert out.getvalue().splitlines() == ["fake: did one thing", "tick 2019-12-03: 1 change(s)"]


def test_tick_refuses_a_bad_date():
    with pytest.raises(CommandError, match="--as-of"):
        call_command("tick", "--as-of", "tomorrow")


@pytest.mark.django_db(transaction=True)
def test_a_tick_while_another_holds_the_lock_skips_and_says_so():
    from partnerhub.core.locks import exclusive
    from partnerhub.core.tick import TICK_LOCK, run_tick

    counted = {outcome: _ticks_counted(outcome) for outcome in ("skipped", "done")}
    with exclusive(TICK_LOCK, ttl=dt.timedelta(minutes=5)) as held:
        assert held
        with _other_connection():
            skipped = run_tick(dt.date(2019, 1, 1))
            out = StringIO()
            call_command("tick", "--as-of", "2019-01-01", stdout=out)
    assert not skipped.ran
    assert out.getvalue() == "tick 2019-01-01: skipped, another tick is running (it holds the tick's lock)\n"
    assert _ticks_counted("skipped") - counted["skipped"] == 2
    assert run_tick(dt.date(2019, 1, 1)).ran  # released: the next tick runs
    assert _ticks_counted("done") - counted["done"] == 1


def _ticks_counted(outcome: str) -> float:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value("partnerhub_tick_runs_total", {"outcome": outcome}) or 0.0


@pytest.mark.django_db(transaction=True)
def test_a_lock_row_left_by_a_killed_tick_expires():
    from django.db import connection
    from django.utils import timezone

    from partnerhub.core.locks import exclusive
    from partnerhub.core.models import Lock
    from partnerhub.core.tick import TICK_LOCK

    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL's advisory lock ends with its connection; the row is SQLite's")
    Lock.objects.create(name=TICK_LOCK, holder="gone:1", expires_at=timezone.now() - dt.timedelta(seconds=1))

    with exclusive(TICK_LOCK, ttl=dt.timedelta(minutes=5)) as held:
        assert held


@contextmanager
def _other_connection() -> Iterator[None]:
    """The code inside runs as another host would: on PostgreSQL through a second database session."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        yield
        return
    original = connections["default"]
    other = original.copy()
    connections["default"] = other
    try:
        yield
    finally:
        other.close()
        connections["default"] = original
