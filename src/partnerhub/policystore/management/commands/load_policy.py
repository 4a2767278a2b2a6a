from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhub.policy.load import SHIPPED_POLICY, PolicyError
from partnerhub.policystore.services import policy_version_load


class Command(BaseCommand):
    help = "Publish a policy version from a YAML file (default: the shipped 2019 policy)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(SHIPPED_POLICY), help="policy file (YAML)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            version, created = policy_version_load(path=path)
        except PolicyError as error:
            raise CommandError(str(error)) from error
        if created:
            self.stdout.write(f"published {version.title}, version {version.version_date.isoformat()}")
        else:
            self.stdout.write(f"unchanged: version {version.version_date.isoformat()} is already published")
