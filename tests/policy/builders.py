"""Small builders of partner facts for the rule tests; every default is spelled out here."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from partnerhub.policy.facts import (
    ActivityFact,
    CertificationFact,
    ExceptionFact,
    PartnerFacts,
    PersonFact,
    RecordFact,
    TrainingFact,
)

D = dt.date
EMEA = "Europe, Middle East and Africa"
EARNED = D(2019, 1, 15)
YEAR_START = D(2019, 1, 1)
YEAR_END = D(2019, 12, 31)


def cert(
    kind: str, product: str | None = None, earned: dt.date = EARNED, expires: dt.date | None = None
) -> CertificationFact:
    """A certification valid for a year: earned 2019-01-15 -> valid through 2020-01-14."""
    if expires is None:
        expires = D(earned.year + 1, earned.month, earned.day) - dt.timedelta(days=1)
    return CertificationFact(kind, product, earned, expires)


def person(
    person_id: int,
    *roles: str,
    region: str = "EMEA",
    certs: tuple[CertificationFact, ...] = (),
    trainings: tuple[TrainingFact, ...] = (),
    name: str | None = None,
) -> PersonFact:
    return PersonFact(person_id, name or f"Person {person_id}", region, frozenset(roles), certs, trainings)


def exception(
    qualification: str,
    starts: dt.date = YEAR_START,
    ends: dt.date = YEAR_END,
    exception_id: int = 7,
) -> ExceptionFact:
    return ExceptionFact(exception_id, qualification, starts, ends, "hiring in progress", "Dana Leader")


def partner(classification: str = "alliance", **changes: Any) -> PartnerFacts:
    """A registered partner in EMEA with paperwork in order and nobody on staff; change what a test needs."""
    facts = PartnerFacts(
        partner_id=1,
        name="Acme",
        classification=classification,
        status="registered",
        approved_on=D(2018, 11, 5),
        regions=("EMEA",),
        products=(),
        order_form_signed=True,
        program_fee_paid=True,
        compliance_verified_on=D(2019, 2, 1),
    )
    return replace(facts, **changes)


def alliance_staff(region: str = "EMEA", first_id: int = 1) -> tuple[PersonFact, ...]:
    """A partner manager, two certified sales people and one certified presales person."""
    return (
        person(first_id, "partner_manager", region=region, name="Mia Manager"),
        person(first_id + 1, "sales", region=region, certs=(cert("sales"),), name="Sam Sales"),
        person(first_id + 2, "sales", region=region, certs=(cert("sales"),), name="Sue Sales"),
        person(first_id + 3, "presales", region=region, certs=(cert("presales"),), name="Pat Presales"),
    )


def implementation_staff(products: tuple[str, ...] = ("1rpa",), region: str = "EMEA") -> tuple[PersonFact, ...]:
    """Exactly what an Implementation partner needs in one region: 6 people for one product line."""
    technical = tuple(
        c for product in products for c in (cert("ctl", product), cert("cie", product), cert("ced", product))
    )
    designer = tuple(c for product in products for c in (cert("experience_designer", product), cert("cie", product)))
    return (
        person(1, "partner_manager", "sales", region=region, certs=(cert("sales"),)),
        person(2, "sales", region=region, certs=(cert("sales"),)),
        person(3, "sales", "presales", region=region, certs=(cert("sales"), cert("presales"))),
        person(4, "technical", region=region, certs=technical),
        person(5, "technical", region=region, certs=designer),
        person(6, "support", region=region),
    )


def governance_records(year: int = 2019, quarter: int = 2) -> tuple[RecordFact, ...]:
    """A business plan, logo and go-to-market strategy on file, and a full quarter of governance."""
    first = 3 * quarter - 2
    return (
        RecordFact("business_plan", D(year, 1, 20)),
        RecordFact("logo_on_website", D(year, 1, 20)),
        RecordFact("go_to_market_strategy", D(year, 1, 20)),
        *(RecordFact("pipeline_review", D(year, month, 3)) for month in range(first, first + 3)),
        RecordFact("governance_meeting", D(year, first + 1, 20)),
    )


def activity(
    period: str = "2019Q2",
    orders: int = 10,
    in_time: int = 10,
    approved: int = 10,
    won: int = 2,
    lost: int = 3,
) -> ActivityFact:
    return ActivityFact(period, orders, in_time, approved, won, lost)
