"""The job queue's Celery application: `partnerhub worker` runs a worker of it (docs/operations.md).

Its configuration is Django's settings prefixed CELERY_. Without a broker (neither REDIS_URL nor
CELERY_BROKER_URL set) every job runs in-process at the moment it is enqueued.

Metrics: a worker's pool processes count jobs, webhook deliveries and ticks in files of their own under
PROMETHEUS_MULTIPROC_DIR (`partnerhub worker` sets one); the worker's main process serves their sum on
WORKER_METRICS_PORT when it is set.
"""

import os
import shutil
from typing import Any

from celery import Celery
from celery.signals import worker_init, worker_process_shutdown, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.config.settings")

# Set by `partnerhub worker` when it made the metrics directory itself (and so removes it at the end).
OWN_METRICS_DIR = "PARTNERHUB_OWN_METRICS_DIR"

app = Celery("partnerhub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def metrics_registry() -> Any:
    """The sum of every process's metrics in PROMETHEUS_MULTIPROC_DIR, as one registry to serve."""
    from prometheus_client import CollectorRegistry, multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


@worker_init.connect
def serve_metrics(**_: Any) -> None:
    port = os.environ.get("WORKER_METRICS_PORT")
    if port and os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import start_http_server

        start_http_server(
            int(port), addr=os.environ.get("WORKER_METRICS_ADDR", "127.0.0.1"), registry=metrics_registry()
        )


@worker_process_shutdown.connect
def forget_live_values(pid: int | None = None, **_: Any) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory and pid is not None:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid, directory)


@worker_shutdown.connect
def remove_own_metrics(**_: Any) -> None:
    if os.environ.get(OWN_METRICS_DIR):
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
