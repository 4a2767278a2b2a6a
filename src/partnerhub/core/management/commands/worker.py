import os
import sys
import tempfile
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnerhub.config.celery import OWN_METRICS_DIR


class Command(BaseCommand):
    help = (
        "Run a job worker (Celery) whose metrics add up over its processes: PROMETHEUS_MULTIPROC_DIR (a fresh "
        "directory unless set), served on WORKER_METRICS_PORT when set; celery worker options after --, "
        "e.g. -- --concurrency 4 (docs/operations.md)."
    )
    requires_system_checks: list[str] = []  # noqa: RUF012 - Django's own attribute, read only

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("celery_args", nargs="*", help="more celery worker options, after --")

    def handle(self, *args: Any, **options: Any) -> None:
        # Prometheus' client chooses per-process files when it is imported: the directory must be in the
        # environment before the worker starts, and its pool processes inherit it.
        if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="partnerhub-worker-metrics-")
            os.environ[OWN_METRICS_DIR] = "1"
        argv = [sys.executable, "-m", "celery", "-A", "partnerhub.config.celery", "worker"]
        # exec, not a child process: the supervisor's TERM (warm shutdown) reaches the worker.
        os.execv(sys.executable, [*argv, *options["celery_args"]])
