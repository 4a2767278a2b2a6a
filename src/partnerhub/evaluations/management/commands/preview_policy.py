"""`partnerhub preview_policy FILE --as-of DATE`: what a policy file would change if it were published (R1.4)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from partnerhub.evaluations.preview import preview_policy
from partnerhub.policy.load import PolicyError, load_policy_file
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force


class Command(BaseCommand):
    help = (
        "Validate a draft policy file and compare it with the version in force on --as-of: what changes in the "
        "policy, and which partners would change recommendation, standing or fee, and why. Publishes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the draft policy file (YAML)")
        parser.add_argument("--as-of", help="the date of the comparison (YYYY-MM-DD); default: today")
        parser.add_argument("--json", action="store_true", help="print the whole preview as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        text = options["as_of"]
        try:
            as_of = dt.date.fromisoformat(text) if text else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--as-of: {text!r} is not a date (YYYY-MM-DD)") from error
        try:
            draft = load_policy_file(Path(options["file"]))
        except PolicyError as error:
            raise CommandError(str(error)) from error
        try:
            current = policy_in_force(as_of)
        except NoPolicyInForce as error:
            raise CommandError(str(error)) from error
        preview = preview_policy(current, draft, as_of)
        if options["json"]:
            self.stdout.write(json.dumps(preview.as_dict(), indent=2))
            return
        write = self.stdout.write
        write(
            f"draft version {draft.version_date.isoformat()} against version {current.version_date.isoformat()}, "
            f"as of {as_of.isoformat()}"
        )
        write(f"policy changes ({len(preview.diff.changes)}):")
        for change in preview.diff.changes:
            write(f"  {change.text}")
        write(
            f"partners: {preview.partners_count} evaluated ({preview.period or 'no ended quarter'}), "
            f"{len(preview.partners)} would change"
            + "".join(f", {what} {count}" for what, count in preview.summary.items())
        )
        for partner in preview.partners:
            write(f"  {partner.name} (#{partner.partner_id}, {partner.classification}):")
            for difference in partner.differences:
                write(f"    {difference.what}: {difference.before} → {difference.after}")
                for reason in difference.why:
                    mark = "met" if reason.met else "not met"
                    write(f"      §{reason.section} {reason.code} ({mark}): {reason.message}")
