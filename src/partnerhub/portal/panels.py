"""What the dashboard and the partner pages show, gathered from the apps' selectors and rules.

Nothing here decides anything: each function asks the app that owns the answer (billing for invoices,
the standing rules for good standing …) and hands the `Decision`s and rows to the templates as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.urls import reverse

from partnerhub.billing.models import Invoice, InvoiceStatus
from partnerhub.billing.selectors import visible_invoices
from partnerhub.partners.models import Partner, PartnerEvent
from partnerhub.partners.selectors import partner_events
from partnerhub.policy.model import Policy
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force

UserLike = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Membership:
    """The partner's place in the programme: classification, status, and the dates that matter."""

    classification: str
    status: str
    status_label: str
    status_since: dt.date | None
    approved_on: dt.date | None
    qualification_deadline: dt.date | None
    registered_on: dt.date | None
    days_left: int | None
    regions: list[str]
    territories: list[str]
    products: list[str]


def policy_or_none(as_of: dt.date) -> Policy | None:
    try:
        return policy_in_force(as_of)
    except NoPolicyInForce:
        return None


def membership(partner: Partner, policy: Policy | None, as_of: dt.date) -> Membership:
    names = _names(policy)
    deadline = partner.qualification_deadline
    in_window = partner.status == "approved" and deadline is not None
    return Membership(
        classification=names["classifications"].get(partner.classification, partner.get_classification_display()),
        status=partner.status,
        status_label=partner.get_status_display(),
        status_since=partner.status_since,
        approved_on=partner.approved_on,
        qualification_deadline=deadline,
        registered_on=partner.registered_on,
        days_left=(deadline - as_of).days if in_window and deadline is not None else None,
        regions=[names["regions"].get(key, key) for key in partner.regions or []],
        territories=list(partner.territories or []),
        products=[names["products"].get(key, key) for key in partner.products or []],
    )


def _names(policy: Policy | None) -> dict[str, dict[str, str]]:
    if policy is None:
        return {"classifications": {}, "regions": {}, "products": {}}
    return {
        "classifications": {c.key: c.name for c in policy.classifications},
        "regions": {r.key: r.name for r in policy.regions},
        "products": {p.key: p.name for p in policy.products},
    }


def partner_invoices(user: UserLike, partner: Partner) -> QuerySet[Invoice]:
    return visible_invoices(user).filter(partner=partner).order_by("-issued_on", "-id")


def open_invoices(user: UserLike, partner: Partner) -> list[Invoice]:
    return list(partner_invoices(user, partner).filter(status=InvoiceStatus.OPEN))


def recent_events(partner: Partner, count: int = 5) -> list[PartnerEvent]:
    return list(partner_events(partner).order_by("-created_at", "-id")[:count])


@dataclass(frozen=True)
class Step:
    """One thing the partner should do next, with the page where it is done and the date it is due by."""

    text: str
    url: str = ""
    on: dt.date | None = None


def next_steps(partner: Partner, member: Membership, invoices: list[Invoice], as_of: dt.date) -> list[Step]:
    steps: list[Step] = []
    for invoice in invoices:
        late = invoice.due_on is not None and invoice.due_on < as_of
        steps.append(
            Step(
                f"Pay the program fee {invoice.program_year} ({invoice.amount} {invoice.currency})"
                + (": it is overdue and breaks good standing (§2.0)" if late else ""),
                reverse("portal:invoice", args=[invoice.pk]),
                invoice.due_on,
            )
        )
    if member.status == "approved" and member.qualification_deadline is not None:
        steps.append(
            Step(
                "Meet the minimum criteria to become a Registered Partner (§2.0)",
                reverse("portal:partner", args=[partner.pk]),
                member.qualification_deadline,
            )
        )
    steps.sort(key=lambda step: (step.on is None, step.on or as_of))
    return steps


def dashboard(user: UserLike, partner: Partner, as_of: dt.date) -> dict[str, Any]:
    policy = policy_or_none(as_of)
    member = membership(partner, policy, as_of)
    invoices = open_invoices(user, partner)
    return {
        "membership": member,
        "open_invoices": invoices,
        "recent_events": recent_events(partner),
        "next_steps": next_steps(partner, member, invoices, as_of),
    }
