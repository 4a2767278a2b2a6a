"""Orders imported from CSV: every row checked and recorded through `services.order_record`, all or nothing.

Columns (header row required, any order; extra columns refused):

    end_customer, opportunity, ordered_on, first_year_net_revenue, channel, net_new, country
    and optionally currency, partner (a partner id), list_price (resale rows)

A file with any bad row is refused whole, one problem per row and field, and nothing is stored; a dry run
does everything (including the referral-fee decisions and resale prices) and then stores nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from partnerhub.core.errors import Conflict, PolicyViolation, Violation
from partnerhub.deals import services
from partnerhub.deals.inputs import OrderCreateSerializer
from partnerhub.deals.models import Order, OrderSource

REQUIRED_COLUMNS = (
    "end_customer",
    "opportunity",
    "ordered_on",
    "first_year_net_revenue",
    "channel",
    "net_new",
    "country",
)
OPTIONAL_COLUMNS = ("currency", "partner", "list_price")
PROGRESS_EVERY = 100
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS


@dataclass(frozen=True)
class Problem:
    row: int
    """The line of the file (the header is line 1); 0 for the file as a whole."""
    field: str
    message: str

    def line(self, source: str) -> str:
        where = f"row {self.row}" if self.row else "header"
        return f"{source}: {where}: {self.field + ': ' if self.field else ''}{self.message}"


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem], violations: list[Violation], *, policy: bool) -> None:
        self.problems = problems
        self.violations = violations
        self.status = 422 if policy else 400
        super().__init__("; ".join(problem.line("file") for problem in problems))

    def errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        for problem in self.problems:
            key = (f"row {problem.row}" if problem.row else "header") + (f".{problem.field}" if problem.field else "")
            errors.setdefault(key, []).append(problem.message)
        return errors


@dataclass
class ImportResult:
    dry_run: bool
    orders: list[Order] = field(default_factory=list)


class _Rollback(Exception):
    pass


def _read(text: str) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in (reader.fieldnames or [])]
    problems = [Problem(0, name, "is missing from the header") for name in REQUIRED_COLUMNS if name not in header]
    problems += [
        Problem(0, name, f"is not a column (use {', '.join(COLUMNS)})") for name in header if name not in COLUMNS
    ]
    if problems:
        return [], problems
    reader.fieldnames = header
    rows = []
    for record in reader:
        values = {key: (value or "").strip() for key, value in record.items() if key is not None}
        if any(values.values()):
            rows.append((reader.line_num, values))
    if not rows:
        problems.append(Problem(0, "", "the file has no orders"))
    return rows, problems


def orders_import(
    *,
    text: str,
    acting_user: User,
    dry_run: bool,
    source_name: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Record every order of the CSV `text`, or none. Raises ImportRefused with every problem found.
    `progress(done, total)` is told every PROGRESS_EVERY rows recorded (for the console's job page)."""
    rows, problems = _read(text)
    if problems:
        raise ImportRefused(problems, [], policy=False)
    parsed = []
    for line, values in rows:
        data = {key: value for key, value in values.items() if value or key in REQUIRED_COLUMNS}
        serializer = OrderCreateSerializer(data=data)
        if serializer.is_valid():
            parsed.append((line, serializer.validated_data))
        else:
            for name, messages in serializer.errors.items():
                problems += [Problem(line, name, str(message)) for message in messages]
    if problems:
        raise ImportRefused(problems, [], policy=False)

    violations: list[Violation] = []
    result = ImportResult(dry_run=dry_run)
    policy = False
    try:
        with transaction.atomic():
            for done, (line, data) in enumerate(parsed, start=1):
                if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(parsed)):
                    progress(done, len(parsed))
                try:
                    with transaction.atomic():
                        order = services.order_record(
                            end_customer=data["end_customer"],
                            title=data["opportunity"],
                            ordered_on=data["ordered_on"],
                            first_year_net_revenue=data["first_year_net_revenue"],
                            channel=data["channel"],
                            net_new=data["net_new"],
                            country=data["country"],
                            acting_user=acting_user,
                            partner=data.get("partner"),
                            currency=data.get("currency"),
                            list_price=data.get("list_price"),
                            source=OrderSource.CSV,
                        )
                    # Read back with what the order decided (its fee or price, written by the reactions to
                    # it), while the transaction still holds them: a dry run rolls them back.
                    result.orders.append(_with_decisions(order))
                except ValidationError as error:
                    problems += [Problem(line, name, " ".join(texts)) for name, texts in error.message_dict.items()]
                except PolicyViolation as error:
                    policy = True
                    for violation in error.violations:
                        problems.append(Problem(line, "", f"{violation.message} (§{violation.section})"))
                        violations.append(
                            Violation(violation.code, violation.section, f"row {line}: {violation.message}")
                        )
                except Conflict as error:
                    policy = True
                    problems.append(Problem(line, "", error.detail))
            if problems or dry_run:
                raise _Rollback
    except _Rollback:
        if problems:
            raise ImportRefused(problems, violations, policy=policy and not _format_problems(problems)) from None
    return result


def _with_decisions(order: Order) -> Order:
    return Order.objects.select_related("partner", "recorded_by", "referral_fee", "resale").get(pk=order.pk)


def _format_problems(problems: list[Problem]) -> bool:
    return any(problem.field for problem in problems)
