"""The columns of each list's CSV export (`portal.exports`) and how one row is written: dates as ISO dates, money
as the Decimal with its currency in the next column, choices as the portal shows them. The cells are written
through `core.downloads`, which neutralises a text a spreadsheet would read as a formula."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from partnerhub.billing.models import Invoice, InvoiceStatus
from partnerhub.compensation.models import ReferralFee
from partnerhub.deals.models import Registration
from partnerhub.evaluations.models import Scorecard
from partnerhub.people.models import Certification, Person
from partnerhub.portal import panels


@dataclass(frozen=True)
class Context:
    """What every row of one export is written against: the day it was asked on, the policy's names."""

    as_of: dt.date
    regions: dict[str, str]

    @classmethod
    def on(cls, as_of: dt.date) -> Context:
        return cls(as_of=as_of, regions=panels.region_names(panels.policy_or_none(as_of)))


def _yes(value: bool) -> str:
    return "yes" if value else "no"


DEAL_HEADER = [
    "id",
    "partner",
    "status",
    "end customer",
    "opportunity",
    "country",
    "estimated value",
    "currency",
    "contact name",
    "contact email",
    "contact phone",
    "submitted on",
    "decided on",
    "decision reason",
    "closed on",
]


def deal(row: Registration, context: Context) -> list[Any]:
    return [
        row.pk,
        row.partner.name,
        row.get_status_display(),
        row.end_customer,
        row.title,
        row.country,
        row.estimated_value,
        row.currency,
        row.contact_name,
        row.contact_email,
        row.contact_phone,
        row.submitted_on,
        row.decided_on,
        row.decision_reason,
        row.closed_on,
    ]


INVOICE_HEADER = [
    "id",
    "partner",
    "origin",
    "program year",
    "classification",
    "issued on",
    "due on",
    "amount",
    "currency",
    "status",
    "overdue",
    "paid on",
    "payment reference",
]


def invoice(row: Invoice, context: Context) -> list[Any]:
    overdue = row.status == InvoiceStatus.OPEN and row.due_on is not None and row.due_on < context.as_of
    return [
        row.pk,
        row.partner.name,
        row.get_origin_display(),
        row.program_year,
        row.classification,
        row.issued_on,
        row.due_on,
        row.amount,
        row.currency,
        row.get_status_display(),
        _yes(overdue),
        row.paid_on,
        row.payment_reference,
    ]


PERSON_HEADER = ["id", "name", "email", "region", "roles", "joined on", "left on", "certifications valid today"]


def person(row: Person, context: Context) -> list[Any]:
    valid = [
        f"{c.get_kind_display()}{f' ({c.product})' if c.product else ''} until {c.expires_on.isoformat()}"
        + ("" if c.status == "verified" else f" [{c.get_status_display().lower()}]")
        for c in row.certifications.all()  # prefetched by `people.selectors.partner_people`
        if c.earned_on <= context.as_of <= c.expires_on
    ]
    return [
        row.pk,
        row.name,
        row.email,
        context.regions.get(row.region, row.region),
        " ".join(row.roles),
        row.joined_on,
        row.left_on,
        "; ".join(valid),
    ]


CERTIFICATION_HEADER = [
    "id",
    "partner",
    "person",
    "kind",
    "product",
    "earned on",
    "expires on",
    "status",
    "decided on",
    "rejection reason",
    "entered on",
]


def certification(row: Certification, context: Context) -> list[Any]:
    return [
        row.pk,
        row.person.partner.name,
        row.person.name,
        row.get_kind_display(),
        row.product,
        row.earned_on,
        row.expires_on,
        row.get_status_display(),
        row.decided_on,
        row.rejection_reason,
        row.created_at.date(),
    ]


PARTNER_SCORECARD_HEADER = [
    "quarter",
    "evaluated on",
    "classification",
    "requirements",
    "proposal",
    "proposed classification",
    "recommendation",
    "sections",
]


def own_scorecard(row: Scorecard, context: Context) -> list[Any]:
    """A partner's own scorecard: what its page shows (the decision stays the managers' until its notice)."""
    return [
        row.run.period,
        row.run.as_of,
        row.get_classification_display(),
        "all met" if row.met else "some short",
        row.get_outcome_display(),
        row.target,
        row.message,
        row.sections,
    ]


RUN_SCORECARD_HEADER = [
    "partner",
    *PARTNER_SCORECARD_HEADER,
    "decision",
    "decided classification",
    "decided on",
    "decision reason",
]


def run_scorecard(row: Scorecard, context: Context) -> list[Any]:
    decision = getattr(row, "decision", None)
    decided = (
        [decision.get_outcome_display(), decision.target, decision.decided_on, decision.reason]
        if decision is not None
        else ["", "", None, ""]
    )
    return [row.partner.name, *own_scorecard(row, context), *decided]


REFERRAL_FEE_HEADER = [
    "fee",
    "partner",
    "order",
    "ordered on",
    "end customer",
    "opportunity",
    "first-year net revenue",
    "percent",
    "eligible",
    "amount",
    "currency",
    "status",
    "approved on",
    "paid on",
    "payment reference",
    "policy version",
    "conditions not met",
]


def referral_fee(row: ReferralFee, context: Context) -> list[Any]:
    return [
        row.pk,
        row.partner.name,
        row.order_id,
        row.order.ordered_on,
        row.order.end_customer,
        row.order.title,
        row.first_year_net_revenue,
        row.percent,
        _yes(row.eligible),
        row.amount,
        row.currency,
        row.get_status_display(),
        row.approved_on,
        row.paid_on,
        row.payment_reference,
        row.policy_version,
        "; ".join(f"{r['message']} (§{r['section']})" for r in row.reasons if not r["met"]),
    ]
