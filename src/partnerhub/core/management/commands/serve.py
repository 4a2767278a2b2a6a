import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Serve Partnerhub with gunicorn, the production server (configured by the environment: BIND or PORT, "
        "WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_TIMEOUT; see docs/operations.md)."
    )
    requires_system_checks: list[str] = []  # noqa: RUF012 - Django's own attribute, read only

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("gunicorn_args", nargs="*", help="more gunicorn options, after --")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = [sys.executable, "-m", "gunicorn", "--config", "python:partnerhub.config.gunicorn"]
        # exec, not a child process: the supervisor's signals (HUP to reload, TERM to stop) reach gunicorn.
        os.execv(sys.executable, [*argv, *options["gunicorn_args"]])
