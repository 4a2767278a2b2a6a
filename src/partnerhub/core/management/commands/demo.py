import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from partnerhub.core.demodata import build_demo


class Command(BaseCommand):
    help = "Create or refresh the demo programme and print each demo sign-in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="the demo's today (YYYY-MM-DD); default: today")

    def handle(self, *args: Any, **options: Any) -> None:
        text = options["as_of"]
        try:
            as_of = dt.date.fromisoformat(text) if text else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--as-of: {text!r} is not a date (YYYY-MM-DD)") from error
        context = build_demo(as_of)
        for login in context.logins:
            self.stdout.write(f"demo login: {login.role} {login.username} / {login.password}")
