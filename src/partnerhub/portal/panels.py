"""What the dashboard and the partner pages show, gathered from the apps' selectors and rules.

Nothing here decides anything: each function asks the app that owns the answer (billing for invoices,
the standing rules for good standing …) and hands the `Decision`s and rows to the templates as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext

from partnerhub.benefits.selectors import partner_entitlements
from partnerhub.billing.models import Invoice, InvoiceStatus
from partnerhub.billing.selectors import visible_invoices
from partnerhub.compensation.models import ReferralFee
from partnerhub.core.permissions import is_manager
from partnerhub.deals.models import Registration, RegistrationStatus
from partnerhub.deals.selectors import visible_registrations
from partnerhub.evaluations.gather import activity_facts
from partnerhub.evaluations.models import Notice, Scorecard
from partnerhub.evaluations.selectors import partner_scorecards, visible_notices
from partnerhub.partners.models import MEMBER_STATUSES, Partner, PartnerEvent, PartnerStatus
from partnerhub.partners.periods import PartnerState, partner_state_on
from partnerhub.partners.selectors import is_representative, partner_events
from partnerhub.people.models import CertificationStatus
from partnerhub.people.selectors import (
    facts_with_history,
    partner_due_dates,
    partner_gap,
    partner_standing,
    valid_on,
    visible_certifications,
)
from partnerhub.policy.benefits import Entitlement, NextTier, next_tier_benefits
from partnerhub.policy.calendar import evaluation_schedule, quarter_of
from partnerhub.policy.deals import registering_status
from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.facts import ActivityFact, PartnerFacts
from partnerhub.policy.fees import invoice_overdue
from partnerhub.policy.model import Policy
from partnerhub.policy.requirements import RequirementLine, requirement_lines
from partnerhub.policy.scoring import Gap
from partnerhub.policy.standing import DueDate
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force
from partnerhub.portal.templatetags.portal import money

if TYPE_CHECKING:
    # A label that may be lazily translated (django-stubs' name for str or a Promise).
    from django_stubs_ext import StrOrPromise

UserLike = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Membership:
    """The partner's place in the programme: classification, status, and the dates that matter."""

    classification: str
    status: str
    status_label: StrOrPromise
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


def membership(
    partner: Partner, policy: Policy | None, as_of: dt.date, *, state: PartnerState | None = None
) -> Membership:
    """The partner's place in the programme on `as_of`: its state in force that day (docs/history.md), read
    unless the caller read it already."""
    names = _names(policy)
    state = state if state is not None else partner_state_on(partner, as_of)
    deadline = state.qualification_deadline
    in_window = state.status == "approved" and deadline is not None
    return Membership(
        classification=names["classifications"].get(state.classification, state.classification.capitalize()),
        status=state.status,
        status_label=dict(PartnerStatus.choices).get(state.status, state.status.capitalize()),
        status_since=state.status_since,
        approved_on=state.approved_on,
        qualification_deadline=deadline,
        registered_on=state.registered_on,
        days_left=(deadline - as_of).days if in_window and deadline is not None else None,
        regions=[names["regions"].get(key, key) for key in state.regions],
        territories=list(state.territories),
        products=[names["products"].get(key, key) for key in state.products],
    )


def region_names(policy: Policy | None) -> dict[str, str]:
    return _names(policy)["regions"]


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


def recent_events(partner: Partner, count: int = 5, as_of: dt.date | None = None) -> list[PartnerEvent]:
    """The latest timeline entries by effective date; with `as_of`, those effective on or before it."""
    events = partner_events(partner)
    if as_of is not None:
        events = events.filter(Q(effective_on__lte=as_of) | Q(effective_on__isnull=True, created_at__date__lte=as_of))
    return list(events.order_by(F("on").desc(), "-created_at", "-id")[:count])


@dataclass(frozen=True)
class Step:
    """One thing the partner should do next, with the page where it is done and the date it is due by."""

    text: str
    url: str = ""
    on: dt.date | None = None


def next_steps(
    partner: Partner,
    policy: Policy | None,
    member: Membership,
    invoices: list[Invoice],
    as_of: dt.date,
    where: Standing | None = None,
    due: list[DueDate] | None = None,
) -> list[Step]:
    """What the partner should do next, soonest first: the conditions of good standing it fails, the
    certifications and trainings falling due, its open invoices and the end of its qualification window."""
    steps: list[Step] = []
    people_url = reverse("portal:partner-people", args=[partner.pk])
    # The requirements of the table (§5.0) are met through the partner's people: their page is the way there.
    people_sections = {row.section for row in policy.requirements} if policy is not None else set()
    if where is not None and where.decision is not None:
        for reason in where.decision.unmet:
            if reason.code in ("registered", "program_fee_invoices"):
                continue  # the window and the invoices have their own steps below
            url = people_url if reason.section in people_sections else ""
            steps.append(Step(f"{reason.message} (§{reason.section})", url, None))
    for item in due or []:
        text = (
            gettext("Overdue: %(person)s, %(what)s (§%(section)s)")
            if item.overdue
            else gettext("Due: %(person)s, %(what)s (§%(section)s)")
        )
        steps.append(
            Step(text % {"person": item.person, "what": item.what, "section": item.section}, people_url, item.due_on)
        )
    for invoice in invoices:
        late = invoice_overdue(
            due_on=invoice.due_on, waived=invoice.status == InvoiceStatus.WAIVED, paid_on=invoice.paid_on, as_of=as_of
        )
        steps.append(
            Step(
                (
                    gettext("Pay the program fee %(year)s (%(amount)s): it is overdue and breaks good standing (§2.0)")
                    if late
                    else gettext("Pay the program fee %(year)s (%(amount)s)")
                )
                % {"year": invoice.program_year, "amount": money(invoice.amount, invoice.currency)},
                reverse("portal:invoice", args=[invoice.pk]),
                invoice.due_on,
            )
        )
    if member.status == "approved" and member.qualification_deadline is not None:
        steps.append(
            Step(
                gettext("Meet the minimum criteria to become a Registered Partner (§2.0)"),
                reverse("portal:partner", args=[partner.pk]),
                member.qualification_deadline,
            )
        )
    steps.sort(key=lambda step: (step.on is None, step.on or as_of))
    return steps


@dataclass(frozen=True)
class Bar:
    """A requirement line drawn as a progress bar: how far the figure goes towards the threshold."""

    label: str
    where: str
    value: str
    threshold: str
    percent: int
    met: bool
    applicable: bool
    missing: str
    section: str
    exception: str


def bars(lines: Iterable[RequirementLine], policy: Policy | None) -> list[Bar]:
    names = _names(policy)
    result = []
    for line in lines:
        region = names["regions"].get(line.region or "", line.region)
        product = names["products"].get(line.product or "", line.product)
        where = " · ".join(part for part in (region, product) if part)
        shown = _figure(line.value, line.unit)
        threshold = _figure(line.threshold, line.unit)
        if line.value is None or not line.applicable:
            percent = 100 if line.met else 0
        elif line.threshold <= 0:
            percent = 100
        else:
            percent = int(min(Decimal(100), max(Decimal(0), Decimal(line.value) * 100 / Decimal(line.threshold))))
        result.append(
            Bar(
                label=line.label,
                where=where,
                value=shown if line.applicable else gettext("not applicable"),
                threshold=threshold,
                percent=percent,
                met=line.met,
                applicable=line.applicable,
                missing=line.missing or "",
                section=line.section,
                exception=line.exception or "",
            )
        )
    return result


def _figure(value: int | Decimal | None, unit: str) -> str:
    """A line's figure as people read it: 3, 92%, on file."""
    if value is None:
        return "—"
    if unit == "ratio":
        return f"{Decimal(value) * 100:.0f}%"
    if unit == "record":
        return gettext("on file") if value else gettext("none")
    return f"{Decimal(value).normalize():f}"


@dataclass(frozen=True)
class Standing:
    """Good standing on a day, the lines of the partner's own classification, and the gap to the next."""

    decision: Decision[bool] | None
    own: list[Bar]
    gap: Decision[Gap] | None
    next_bars: list[Bar]
    next_name: str
    evaluated_by: dt.date | None
    notified_by: dt.date | None


def standing(partner: Partner, policy: Policy | None, as_of: dt.date, history: PartnerFacts | None = None) -> Standing:
    """`history`: the partner's facts with history (`facts_with_history`), when the caller gathered them."""
    if policy is None or partner.classification not in {c.key for c in policy.classifications if c.self_service}:
        return Standing(None, [], None, [], "", None, None)
    facts = valid_on(history, as_of) if history is not None else None
    decision = partner_standing(partner, as_of, facts)
    own = bars(decision.facts.get("lines", ()), policy)
    gap = partner_gap(partner, as_of, facts) if partner.status in MEMBER_STATUSES else None
    target = gap.outcome.target if gap is not None else None
    quarter = quarter_of(policy, as_of).outcome
    schedule = evaluation_schedule(policy, quarter.year, quarter.number).outcome
    return Standing(
        decision=decision,
        own=own,
        gap=gap,
        next_bars=bars(gap.outcome.lines, policy) if gap is not None and target else [],
        next_name=_names(policy)["classifications"].get(target or "", target or ""),
        evaluated_by=quarter.end,
        notified_by=schedule.notification_due,
    )


def due_soon(
    partner: Partner, policy: Policy | None, as_of: dt.date, days: int = 45, history: PartnerFacts | None = None
) -> list[DueDate]:
    if policy is None or partner.status not in MEMBER_STATUSES:
        return []
    return list(partner_due_dates(partner, as_of, days, history))


@dataclass(frozen=True)
class DealSummary:
    counts: Sequence[tuple[str, StrOrPromise, int]]
    recent: list[Registration]
    total: int


def deal_summary(user: UserLike, partner: Partner) -> DealSummary:
    rows = visible_registrations(user).filter(partner=partner)
    found = dict(rows.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    counts = [(key, label, found.get(key, 0)) for key, label in RegistrationStatus.choices]
    # The summary shows no conflicts: not their prefetch either.
    recent = rows.prefetch_related(None).order_by("-submitted_on", "-id")[:5]
    return DealSummary(counts, list(recent), sum(found.values()))


def entitled_benefits(
    partner: Partner, policy: Policy | None, as_of: dt.date, *, state: PartnerState | None = None
) -> Decision[tuple[Entitlement, ...]] | None:
    if policy is None or partner.classification not in {c.key for c in policy.classifications if c.self_service}:
        return None
    return partner_entitlements(partner, as_of, state=state)


def next_tier(
    policy: Policy | None, benefits: Decision[tuple[Entitlement, ...]] | None
) -> Decision[NextTier | None] | None:
    """What the next classification up would add to the benefits `benefits` decided (§3.0, §5.1), judged for
    the classification they were decided for; None where the page shows no benefits."""
    if policy is None or benefits is None:
        return None
    return next_tier_benefits(policy, classification=str(benefits.facts["classification"]))


def statement_quarters(partner: Partner, as_of: dt.date) -> tuple[list[str], str]:
    """The quarters with a referral-fee decision for `partner` and the current one, newest first; and the
    one to show first: the latest with a decision, else the current quarter."""
    current = f"{as_of.year}Q{(as_of.month - 1) // 3 + 1}"
    days = ReferralFee.objects.filter(partner=partner).values_list("decided_on", flat=True)
    decided = {f"{day.year}Q{(day.month - 1) // 3 + 1}" for day in days}
    return sorted(decided | {current}, reverse=True), max(decided, default=current)


def received_notices(user: UserLike, partner: Partner) -> list[Notice]:
    return list(visible_notices(user).filter(partner=partner)[:5])


def registration_closed(
    partner: Partner, as_of: dt.date, policy: Policy | None = None, status: str = ""
) -> Reason | None:
    """Why `partner` takes no part in deal registration on `as_of` (its status then, §2.0), or None if it does.
    `policy` and `status`: the policy in force and the partner's status that day, when the caller has them."""
    policy = policy or policy_or_none(as_of)
    if policy is None:
        return None
    reason = registering_status(policy, status or partner_state_on(partner, as_of).status)
    return None if reason.met else reason


def can_register(user: UserLike, partner: Partner) -> bool:
    """Whether to offer the deal registration form: to a Designated Partner Representative of the partner,
    or to a manager recording a registration received by email (§7.3). The deals service decides again."""
    if is_manager(user):
        return True
    return is_representative(user, partner)


DUE_SHOWN = 10


def dashboard(user: UserLike, partner: Partner, as_of: dt.date) -> dict[str, Any]:
    policy = policy_or_none(as_of)
    # The state in force on the day, read once for the membership and the benefits.
    state = partner_state_on(partner, as_of)
    member = membership(partner, policy, as_of, state=state)
    invoices = open_invoices(user, partner)
    # The facts are gathered once for the standing, the gap and the due dates.
    history = None
    if policy is not None and (
        partner.status in MEMBER_STATUSES
        or partner.classification in {c.key for c in policy.classifications if c.self_service}
    ):
        history = facts_with_history(partner, as_of)
    where = standing(partner, policy, as_of, history)
    # The soonest only: a partner with thousands of people has thousands of due dates (the People page has all).
    every_due = due_soon(partner, policy, as_of, history=history)
    due = every_due[:DUE_SHOWN]
    benefits = entitled_benefits(partner, policy, as_of, state=state)
    return {
        "due_more": len(every_due) - len(due),
        "membership": member,
        "open_invoices": invoices,
        "recent_events": recent_events(partner, as_of=as_of),
        "standing": where.decision,
        "where": where,
        "due": due,
        "deals": deal_summary(user, partner),
        "benefits": benefits,
        "next_tier": next_tier(policy, benefits),
        "notices": received_notices(user, partner),
        "can_register": can_register(user, partner),
        "registration_closed": registration_closed(partner, as_of, policy, member.status),
        "next_steps": next_steps(partner, policy, member, invoices, as_of, where, due),
        **certification_claims(user, partner),
    }


REJECTIONS_SHOWN = 3


def certification_claims(user: UserLike, partner: Partner) -> dict[str, Any]:
    """The partner's certifications a vendor manager has still to verify, and the last ones rejected."""
    # One query: every claim, and the three last rejections (ranked by decision within their status).
    rows = list(
        visible_certifications(user)
        .filter(person__partner=partner, status__in=[CertificationStatus.CLAIMED, CertificationStatus.REJECTED])
        .select_related("person")
        .annotate(
            recency=Window(
                RowNumber(), partition_by=F("status"), order_by=[F("decided_on").desc(nulls_last=True), F("id").desc()]
            )
        )
        .filter(Q(status=CertificationStatus.CLAIMED) | Q(recency__lte=REJECTIONS_SHOWN))
        .order_by("-earned_on", "-id")
    )
    rejected = [row for row in rows if row.status == CertificationStatus.REJECTED]
    return {
        "awaiting_verification": [row for row in rows if row.status == CertificationStatus.CLAIMED],
        "recently_rejected": sorted(rejected, key=lambda row: row.recency),
    }


def evaluation(user: UserLike, partner: Partner, as_of: dt.date) -> dict[str, Any]:
    """The dashboard's evaluation panel, loaded after the page (its own request, so that the dashboard's
    queries stay as they were): this quarter's activity and the latest scorecard."""
    policy = policy_or_none(as_of)
    activity, quarter_end = quarter_activity(partner, policy, as_of)
    return {
        "activity": activity,
        "quarter_end": quarter_end,
        "latest_scorecard": latest_scorecard(user, partner, as_of),
    }


def quarter_activity(partner: Partner, policy: Policy | None, as_of: dt.date) -> tuple[list[Bar], dt.date | None]:
    """The activity rows of the partner's classification (qualified opportunities, timely registration,
    conversion, §5.0) counted over the quarter holding `as_of` up to that day: the same rows, counted the same
    way, as the quarter's evaluation will score; and the quarter's last day."""
    if policy is None or partner.status not in MEMBER_STATUSES:
        return [], None
    if partner.classification not in {c.key for c in policy.classifications if c.self_service}:
        return [], None
    history = facts_with_history(partner, as_of)
    quarter = quarter_of(policy, as_of).outcome
    counted = activity_facts(quarter, Partner.objects.filter(pk=partner.pk)).get(partner.pk)
    facts = replace(valid_on(history, as_of), activity=counted or ActivityFact(period=quarter.key))
    lines = requirement_lines(policy, facts, as_of, groups=("activity",), quarter=quarter)
    return bars(lines, policy), quarter.end


def latest_scorecard(user: UserLike, partner: Partner, as_of: dt.date) -> Scorecard | None:
    """The partner's scorecard of its latest evaluated quarter ended by `as_of` (the last run of that quarter)."""
    return next(iter(partner_scorecards(user, partner).filter(run__quarter_end__lte=as_of)[:1]), None)
