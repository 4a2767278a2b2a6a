"""`partnerhub import_people FILE --partner ID [--dry-run] [--as-of DATE]`: people and certifications from CSV."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from partnerhub.core.errors import PolicyViolation
from partnerhub.partners.models import Partner
from partnerhub.people.importing import COLUMNS
from partnerhub.people.services.bulk_import import people_import
from partnerhub.policystore.selectors import NoPolicyInForce


class Command(BaseCommand):
    help = (
        f"Import a partner's resource persons and certifications from a CSV file with the columns "
        f"{','.join(COLUMNS)} (docs/people.md#importing-people). A file with any bad row imports nothing; every "
        "bad row is printed as FILE:LINE: reason."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the CSV file (UTF-8)")
        parser.add_argument("--partner", type=int, required=True, help="the partner's id")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--as-of", help="the day of the import (YYYY-MM-DD); default: today")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        text = options["as_of"]
        try:
            as_of = dt.date.fromisoformat(text) if text else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--as-of: {text!r} is not a date (YYYY-MM-DD)") from error
        partner = Partner.objects.filter(pk=options["partner"]).first()
        if partner is None:
            raise CommandError(f"--partner: no partner {options['partner']}")
        try:
            content = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: cannot be read as UTF-8 text: {error}") from error
        try:
            report = people_import(
                partner=partner, text=content, dry_run=options["dry_run"], acting_user=None, as_of=as_of
            )
        except PolicyViolation as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except NoPolicyInForce as error:
            raise CommandError(str(error)) from error
        if report.errors:
            for row_error in report.errors:
                self.stderr.write(f"{path}:{row_error.line}: {row_error.message}")
            raise CommandError(f"{len(report.errors)} problem(s) in {path}: nothing imported")
        verb = "would import" if report.dry_run else "imported"
        self.stdout.write(
            f"{partner.name}: {verb} {report.people} people and {report.certifications} certifications "
            f"from {report.rows} rows of {path}"
        )
