"""What the rules know about one partner on one date: plain, immutable, cheap to build in bulk.

The Django side gathers these with a fixed number of set-based queries (docs/architecture.md#rule-5) and hands them to
the pure rules of `requirements`, `standing` and `scoring`. Nothing here validates or queries anything;
dates are `datetime.date`, keys are the policy's keys (region "EMEA", product "1rpa", role "sales" …).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

REGISTERED = "registered"
"""The partner status of a Registered Partner (§2.0). Other statuses of the lifecycle: "approved"
(prospective, inside its qualification window), "deactivated", "terminated"."""

NOT_YET_APPLIED = "not yet applied"
"""The status of a partner on a date before its history begins: it was not in the program yet."""


@dataclass(frozen=True, slots=True)
class CertificationFact:
    """A certification held by a person; valid from `earned_on` through `expires_on`, both included."""

    kind: str
    product: str | None
    earned_on: dt.date
    expires_on: dt.date

    def valid_on(self, day: dt.date) -> bool:
        return self.earned_on <= day <= self.expires_on


@dataclass(frozen=True, slots=True)
class TrainingFact:
    kind: Literal["online", "advanced"]
    completed_on: dt.date


@dataclass(frozen=True, slots=True)
class PersonFact:
    """A resource person of the partner, working in one of its regions."""

    person_id: int
    name: str
    region: str
    roles: frozenset[str]
    certifications: tuple[CertificationFact, ...] = ()
    trainings: tuple[TrainingFact, ...] = ()


@dataclass(frozen=True, slots=True)
class RecordFact:
    """A governance record: business_plan, pipeline_review, governance_meeting, logo_on_website,
    go_to_market_strategy. `valid_until` None: on file until replaced."""

    kind: str
    on: dt.date
    valid_until: dt.date | None = None

    def on_file(self, day: dt.date) -> bool:
        return self.on <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True, slots=True)
class ExceptionFact:
    """An exception approved by a designated leader (§5.2) to one named qualification: a requirement key
    ("certified_cie") or a standing condition ("compliance_verification"), in force from `starts_on`
    through `ends_on`."""

    exception_id: int
    qualification: str
    starts_on: dt.date
    ends_on: dt.date
    reason: str
    approved_by: str

    def in_force(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True, slots=True)
class ActivityFact:
    """The partner's deal activity in one fiscal quarter (`period` like "2019Q2")."""

    period: str
    orders: int = 0
    orders_registered_in_time: int = 0
    registrations_approved: int = 0
    outcomes_won: int = 0
    outcomes_lost: int = 0


@dataclass(frozen=True, slots=True)
class PeopleCounts:
    """What the requirement rows count of a partner's people on one day (`on`), counted by the database
    rather than listed person by person (the quarterly evaluation of every partner): the people holding each
    role in each region, and the distinct people holding each valid certification kind in each region per
    product line, and on any product line (product None)."""

    on: dt.date
    roles: Mapping[tuple[str, str], int]
    certifications: Mapping[tuple[str, str, str | None], int]


@dataclass(frozen=True, slots=True)
class PartnerFacts:
    """One partner as the rules see it.

    `overdue_invoices` and `overdue_timelines` are human-readable ids of what is overdue on the day the
    facts were gathered ("INV-2019-0042, due 2019-05-15"); `program_fee_paid` means the program fee
    invoice is fully paid (or waived on rejoining, §2.0).

    `counted` set: the facts a scorecard needs and no more (the quarterly evaluation): the people counted
    instead of listed (`people` is empty, so no trainings either), and no invoices or compliance timelines.
    The standing rules refuse such facts (`require_listed`).
    """

    partner_id: int
    name: str
    classification: str
    status: str
    approved_on: dt.date | None
    regions: tuple[str, ...]
    products: tuple[str, ...]
    qualification_deadline: dt.date | None = None
    reseller_agreement: bool = False
    people: tuple[PersonFact, ...] = ()
    records: tuple[RecordFact, ...] = ()
    exceptions: tuple[ExceptionFact, ...] = ()
    order_form_signed: bool = False
    program_fee_paid: bool = False
    overdue_invoices: tuple[str, ...] = ()
    compliance_verified_on: dt.date | None = None
    financial_standing_flagged: bool = False
    overdue_timelines: tuple[str, ...] = ()
    activity: ActivityFact | None = None
    counted: PeopleCounts | None = None

    @property
    def registered(self) -> bool:
        return self.status == REGISTERED


def require_listed(facts: PartnerFacts, rule: str) -> None:
    """Refuse facts gathered for scorecards only (`counted`): `rule` needs the people, invoices and timelines."""
    if facts.counted is not None:
        raise ValueError(
            f"{rule} needs the facts of partner {facts.partner_id} with its people listed; "
            "these were gathered for a scorecard (people counted, no invoices or timelines)"
        )
