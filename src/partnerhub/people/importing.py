"""Reading a CSV file of people and certifications for one partner, every bad row reported by line.

Columns (header row required, any order; docs/people.md#importing-people):

    name,email,region,roles,certification,product,earned_on,expires_on

`name`, `email`, `region` and `roles` are required; `roles` holds one or more role keys separated by
`;` (or `|`). Each row is one person, with at most one certification: a person with several
certifications takes one row per certification, repeating the same name, region and roles (or leaving
them empty on the later rows). `certification`, `product`, `earned_on` and `expires_on` are empty for a
person without one; `expires_on` empty means the policy's validity (one year).

This module only reads and judges; `services.people_import` writes, all rows or none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from partnerhub.people.checks import (
    Problem,
    check_certification,
    check_person,
    parse_date,
)
from partnerhub.policy.model import Policy
from partnerhub.policy.people import default_expiry

COLUMNS = ("name", "email", "region", "roles", "certification", "product", "earned_on", "expires_on")
REQUIRED_COLUMNS = ("name", "email", "region", "roles")
CERTIFICATION_COLUMNS = ("product", "earned_on", "expires_on")
MAX_ROWS = 10_000
PROGRESS_EVERY = 500
"""`plan_import` tells its `judged` callback once per this many rows judged."""
_ROLE_SEPARATORS = re.compile(r"[;|]")


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "message": self.message}


@dataclass(frozen=True, slots=True)
class CertificationPlan:
    line: int
    kind: str
    product: str
    earned_on: dt.date
    expires_on: dt.date


@dataclass(slots=True)
class PersonPlan:
    line: int
    name: str
    email: str
    region: str
    roles: tuple[str, ...]
    certifications: list[CertificationPlan] = field(default_factory=list)


@dataclass(slots=True)
class ImportPlan:
    """What a file would write, and what is wrong with it (empty `errors`: the file may be imported)."""

    rows: int = 0
    people: list[PersonPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def certification_count(self) -> int:
        return sum(len(person.certifications) for person in self.people)


def _message(problem: Problem) -> str:
    section = f" (§{problem.section})" if problem.section else ""
    return f"{problem.field}: {problem.message}{section}"


def split_roles(text: str) -> list[str]:
    return [role.strip() for role in _ROLE_SEPARATORS.split(text) if role.strip()]


def count_rows(text: str) -> int:
    """How many rows `plan_import` will judge in `text` (the non-empty records after the header, up to the first
    one that cannot be read and at most one beyond MAX_ROWS): the total a job's progress is told against."""
    rows = 0
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    try:
        next(reader, None)
        for values in reader:
            rows += any(value.strip() for value in values)
            if rows > MAX_ROWS:
                break
    except csv.Error:
        pass
    return rows


def plan_import(
    policy: Policy,
    *,
    text: str,
    partner_name: str,
    authorized_regions: Collection[str],
    authorized_products: Collection[str],
    existing_emails: Collection[str],
    as_of: dt.date,
    judged: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Read `text` (the CSV file) and judge every row; line numbers are the file's, the header is line 1.

    `existing_emails` are the partner's people already recorded (lower case): naming one again is a
    duplicate person. `judged`, if given, hears the number of rows judged so far every PROGRESS_EVERY rows.
    """
    plan = ImportPlan()
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        plan.errors.append(RowError(1, "the file is empty: the first line must name the columns"))
        return plan
    except csv.Error as error:
        plan.errors.append(RowError(1, f"not a CSV file: {error}"))
        return plan
    columns = [name.strip().lower() for name in header]
    unknown = [name for name in columns if name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    if unknown or missing or repeated:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(unknown)}")
        if repeated:
            parts.append(f"column(s) named twice: {', '.join(repeated)}")
        plan.errors.append(RowError(1, "; ".join(parts) + f"; the columns are {', '.join(COLUMNS)}"))
        return plan

    existing = {email.lower() for email in existing_emails}
    by_email: dict[str, PersonPlan] = {}
    certifications_seen: dict[tuple[str, str, str, dt.date], int] = {}
    last_line = 1
    while True:
        start = last_line + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            plan.errors.append(RowError(start, f"not readable as CSV: {error}"))
            break
        last_line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        plan.rows += 1
        if plan.rows > MAX_ROWS:
            plan.errors.append(RowError(start, f"more than {MAX_ROWS} rows: split the file"))
            break
        if len(values) != len(columns):
            plan.errors.append(RowError(start, f"expected {len(columns)} values, found {len(values)}"))
            continue
        row = {name: value.strip() for name, value in zip(columns, values, strict=True)}
        messages = _judge_row(
            policy,
            row,
            line=start,
            plan=plan,
            by_email=by_email,
            certifications_seen=certifications_seen,
            partner_name=partner_name,
            authorized_regions=authorized_regions,
            authorized_products=authorized_products,
            existing=existing,
            as_of=as_of,
        )
        plan.errors.extend(RowError(start, message) for message in messages)
        if judged is not None and plan.rows % PROGRESS_EVERY == 0:
            judged(plan.rows)
    if plan.rows == 0 and not plan.errors:
        plan.errors.append(RowError(2, "no rows to import after the header"))
    return plan


def _judge_row(
    policy: Policy,
    row: dict[str, str],
    *,
    line: int,
    plan: ImportPlan,
    by_email: dict[str, PersonPlan],
    certifications_seen: dict[tuple[str, str, str, dt.date], int],
    partner_name: str,
    authorized_regions: Collection[str],
    authorized_products: Collection[str],
    existing: set[str],
    as_of: dt.date,
) -> list[str]:
    messages: list[str] = []
    email = row.get("email", "")
    key = email.lower()
    roles = split_roles(row.get("roles", ""))
    kind = row.get("certification", "")
    earlier = by_email.get(key)

    if earlier is None:
        messages += [
            _message(problem)
            for problem in check_person(
                policy,
                authorized_regions=authorized_regions,
                name=row.get("name", ""),
                email=email,
                region=row.get("region", ""),
                roles=roles,
            )
        ]
        if key and key in existing:
            messages.append(f"duplicate person: {email} is already a person of {partner_name}")
    else:
        differs = [
            name
            for name, given, known in (
                ("name", row.get("name", ""), earlier.name),
                ("region", row.get("region", ""), earlier.region),
                ("roles", ";".join(roles), ";".join(earlier.roles)),
            )
            if given and given != known
        ]
        if differs:
            messages.append(
                f"duplicate person: {email} is given on line {earlier.line} with another {', '.join(differs)}"
            )
        elif not kind:
            messages.append(f"duplicate person: {email} is already given on line {earlier.line}")

    certification: CertificationPlan | None = None
    if kind:
        earned_text = row.get("earned_on", "")
        expires_text = row.get("expires_on", "")
        earned_on = parse_date(earned_text)
        expires_on = parse_date(expires_text) if expires_text else None
        if not earned_text:
            messages.append("earned_on: required with a certification")
        elif earned_on is None:
            messages.append(f"earned_on: {earned_text!r} is not a date (YYYY-MM-DD)")
        if expires_text and expires_on is None:
            messages.append(f"expires_on: {expires_text!r} is not a date (YYYY-MM-DD)")
        if earned_on is not None:
            product = row.get("product", "")
            messages += [
                _message(problem)
                for problem in check_certification(
                    policy,
                    authorized_products=authorized_products,
                    kind=kind,
                    product=product,
                    earned_on=earned_on,
                    expires_on=expires_on,
                    as_of=as_of,
                )
            ]
            seen_key = (key, kind, product, earned_on)
            if seen_key in certifications_seen:
                messages.append(f"duplicate certification: the same as line {certifications_seen[seen_key]}")
            else:
                certifications_seen[seen_key] = line
            certification = CertificationPlan(
                line, kind, product, earned_on, expires_on or default_expiry(policy, earned_on)
            )
    else:
        given = [name for name in CERTIFICATION_COLUMNS if row.get(name)]
        if given:
            messages.append(f"{', '.join(given)} given without a certification")

    if messages:
        return messages
    if earlier is None:
        earlier = by_email[key] = PersonPlan(line, row["name"], email, row["region"], tuple(roles))
        plan.people.append(earlier)
    if certification is not None:
        earlier.certifications.append(certification)
    return []


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The answer to an import: what was (or, in a dry run, would be) written, or every bad row."""

    dry_run: bool
    imported: bool
    rows: int
    people: int
    certifications: int
    errors: tuple[RowError, ...] = ()

    def field_errors(self) -> dict[str, list[str]]:
        """Errors keyed `line N`, for the API's problem details."""
        errors: dict[str, list[str]] = {}
        for error in self.errors:
            errors.setdefault(f"line {error.line}", []).append(error.message)
        return errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "imported": self.imported,
            "rows": self.rows,
            "people": self.people,
            "certifications": self.certifications,
            "errors": [error.as_dict() for error in self.errors],
        }
