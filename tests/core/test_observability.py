"""Health, readiness, metrics and the access log: what a load balancer and an operator rely on."""

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from partnerhub.core import observability


@pytest.mark.django_db
def test_healthz_answers_without_sign_in_and_without_data(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_database_cache_and_broker(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok"}}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.django_db
def test_readyz_is_503_naming_the_unreachable_cache_and_nothing_more(client, caplog):
    broken = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    # A context, not the settings fixture: the cache is whole again before the fixtures' teardown uses it.
    with override_settings(CACHES=broken):
        response = client.get("/readyz")

    assert response.status_code == 503
    checks = {"database": "ok", "cache": "unavailable", "broker": "ok"}
    assert response.json() == {"status": "unavailable", "checks": checks}
    assert "Connection refused" not in response.content.decode()
    assert any("readyz: cache is not reachable" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_readyz_is_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from partnerhub.config.celery import app

    app.conf.update(broker_url=f"redis://127.0.0.1:{_closed_port()}/0")
    try:
        response = client.get("/readyz")
    finally:
        app.conf.update(broker_url=settings.CELERY_BROKER_URL or None)

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unavailable"


@pytest.mark.django_db
def test_metrics_are_for_allowed_addresses_or_the_token_only(client, settings):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    observability.TICK_RUNS.labels(outcome="skipped").inc()

    local = client.get("/metrics")
    stranger = client.get("/metrics", REMOTE_ADDR="203.0.113.9")
    wrong_token = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer nope")
    with_token = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-metrics-token")

    assert local.status_code == 200
    assert 'partnerhub_tick_runs_total{outcome="skipped"}' in local.content.decode()
    assert "django_http_requests_latency_seconds_by_view_method" in local.content.decode()
    assert stranger.status_code == 404
    assert wrong_token.status_code == 404
    assert with_token.status_code == 200


@pytest.mark.django_db
def test_every_request_has_an_access_line_with_its_request_id(client, caplog):
    caplog.set_level(logging.INFO, logger="partnerhub.access")
    request_id = "1b4e28ba2fa1411d9a3c5e8f2d7b6a90"

    response = client.get("/healthz", HTTP_CORRELATION_ID=request_id)

    assert response["Correlation-ID"] == request_id
    [line] = [record for record in caplog.records if record.name == "partnerhub.access"]
    assert line.request_id == request_id
    assert (line.method, line.path, line.status) == ("GET", "/healthz", 200)


def test_logs_are_one_json_object_per_line_with_the_request_id():
    from django.conf import settings

    record = logging.LogRecord("partnerhub.x", logging.INFO, __file__, 1, "hello %s", ("there",), None)
    record.request_id = "abc"
    logging_config: dict[str, Any] = settings.LOGGING
    config = logging_config["formatters"]["json"]
    from pythonjsonlogger.json import JsonFormatter

    line = JsonFormatter(config["format"], rename_fields=config["rename_fields"]).format(record)

    assert json.loads(line) | {"time": None} == {
        "time": None,
        "level": "INFO",
        "logger": "partnerhub.x",
        "message": "hello there",
        "request_id": "abc",
        "process": os.getpid(),
    }


def _free_port() -> int:
    return _closed_port()


def test_partnerhub_serve_runs_gunicorn_with_static_files_and_stops_gracefully(tmp_path: Path):
    port = _free_port()
    env = os.environ | {
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("partnerhub")), "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # Generous: on a loaded machine the first request waits for the worker to import the whole project.
        deadline = time.monotonic() + 240
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as response:
                    assert response.status == 200
                    assert response.headers["Server"] == "gunicorn"
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "gunicorn did not answer within 240 s"
                time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/portal/portal.css", timeout=10) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/css")
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=60)

    assert server.returncode == 0
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert any(line["message"] == "Booting worker with pid: " + str(line["process"]) for line in lines)
    assert any(line["logger"] == "partnerhub.access" and line["path"] == "/healthz" for line in lines)
    assert "Shutting down: Master" in output


COUNT_IN_A_PROCESS = """
import django
django.setup()
from celery import shared_task
from partnerhub.core.observability import WEBHOOK_DELIVERIES
from partnerhub.core.tasks import Measured

@shared_task(base=Measured, name="partnerhub.example")
def example():
    return "ok"

example.apply()
example.apply()
WEBHOOK_DELIVERIES.labels(outcome="delivered").inc()
"""


def test_a_workers_processes_add_up_their_job_and_delivery_counts(tmp_path: Path, monkeypatch):
    from prometheus_client import generate_latest

    from partnerhub.config.celery import metrics_registry

    env = os.environ | {
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "partnerhub.config.settings",
    }
    for _ in range(2):  # two pool processes, one after the other
        subprocess.run([sys.executable, "-c", COUNT_IN_A_PROCESS], env=env, check=True, timeout=120)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

    exported = generate_latest(metrics_registry()).decode()

    assert 'partnerhub_jobs_total{job="partnerhub.example",outcome="ok"} 4.0' in exported
    assert 'partnerhub_job_duration_seconds_count{job="partnerhub.example"} 4.0' in exported
    assert 'partnerhub_webhook_deliveries_total{outcome="delivered"} 2.0' in exported
