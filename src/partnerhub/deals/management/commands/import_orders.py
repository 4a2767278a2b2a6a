from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhub.core.permissions import is_manager
from partnerhub.deals.imports import ImportRefused, orders_import


class Command(BaseCommand):
    help = (
        "Import orders from a CSV file (docs/deals.md#orders-from-csv), all or nothing; --dry-run decides everything "
        "and stores nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--as", dest="username", required=True, help="the vendor manager recording the orders")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        user = User.objects.filter(username=options["username"]).first()
        if user is None or not is_manager(user):
            raise CommandError(f"--as: {options['username']!r} is not a vendor manager")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: cannot be read as UTF-8 text: {error}") from error
        try:
            result = orders_import(text=text, acting_user=user, dry_run=options["dry_run"], source_name=path.name)
        except ImportRefused as refused:
            raise CommandError(
                "\n".join([*(problem.line(str(path)) for problem in refused.problems), "nothing was imported"])
            ) from refused
        verb = "would import" if options["dry_run"] else "imported"
        for order in result.orders:
            fee = getattr(order, "referral_fee", None)
            resale = getattr(order, "resale", None)
            outcome = ""
            if fee is not None:
                outcome = f"referral fee {fee.amount} {fee.currency}" + ("" if fee.eligible else " (not eligible)")
            elif resale is not None:
                outcome = f"resale price {resale.price} {resale.currency}"
            self.stdout.write(
                f"{verb}: {order.end_customer}: {order.title} on {order.ordered_on.isoformat()} {outcome}"
            )
        self.stdout.write(f"{path}: {verb} {len(result.orders)} order(s)")
