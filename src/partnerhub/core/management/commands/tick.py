import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from partnerhub.core.tick import run_tick


class Command(BaseCommand):
    help = (
        "Run everything due on a date (renewals, reminders, ended qualification windows …), idempotently: "
        "running it again for the same date changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="the date to run for (YYYY-MM-DD); default: today in TIME_ZONE")

    def handle(self, *args: Any, **options: Any) -> None:
        text = options["as_of"]
        try:
            as_of = dt.date.fromisoformat(text) if text else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--as-of: {text!r} is not a date (YYYY-MM-DD)") from error
        result = run_tick(as_of)
        if not result.ran:
            self.stdout.write(f"tick {as_of.isoformat()}: skipped, another tick is running (it holds the tick's lock)")
            return
        for line in result.lines:
            self.stdout.write(line)
        self.stdout.write(f"tick {as_of.isoformat()}: {len(result.lines)} change(s)")
