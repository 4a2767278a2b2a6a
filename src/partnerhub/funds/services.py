"""Writes of joint-marketing funds (docs/policy.md#r6-2): allocate, plan, pre-approve or decline, claim with proof,
approve in full or in part, reject, pay. One transaction each, with the partner's timeline entry; mail after commit.

Money fits under a lock: pre-approvals and claims lock the fund's row first (`_locked_fund`) and only then add up
what is claimed, so of two concurrent claims that together exceed the fund the second waits, sees the first and is
refused (docs/architecture.md#rule-8). Refusals write nothing: PolicyViolation (422) with every unmet reason,
Conflict (409) for a state that forbids the step, InvalidInput (400) per field.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from partnerhub.benefits.services.marketing import marketing_payment_record
from partnerhub.benefits.uploads import sniff_upload, upload_problems
from partnerhub.core.errors import Conflict, InvalidInput, PolicyViolation, Violation, refuse_unless
from partnerhub.core.mailformat import day
from partnerhub.funds.events import FundsEventKind
from partnerhub.funds.models import (
    COUNTED_CLAIMS,
    Claim,
    ClaimDocument,
    ClaimStatus,
    Fund,
    Plan,
    PlanStatus,
)
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner
from partnerhub.partners.notifications import mail_partner
from partnerhub.partners.periods import partner_state_on
from partnerhub.policy import funds as rules
from partnerhub.policy.decision import Decision
from partnerhub.policystore.selectors import policy_for_input, policy_in_force

ZERO = Decimal("0.00")


def _reasons(decision: Decision[bool]) -> list[dict[str, object]]:
    return [reason.as_dict() for reason in decision.reasons]


def _locked_fund(fund_id: int) -> Fund:
    return Fund.objects.select_for_update().select_related("partner").get(pk=fund_id)


def claimed_in(fund: Fund, *, excluding: int | None = None) -> Decimal:
    """What the fund's claims take from it: the approved amount once decided, the claimed amount while waiting."""
    claims = Claim.objects.filter(fund=fund, status__in=COUNTED_CLAIMS)
    if excluding is not None:
        claims = claims.exclude(pk=excluding)
    total = claims.aggregate(total=Sum(Coalesce("approved_amount", "amount")))["total"]
    return total if total is not None else ZERO


def fund_allocate(
    *,
    partner: Partner,
    period: str,
    amount: Decimal,
    allocated_on: dt.date,
    acting_user: User,
    currency: str | None = None,
    note: str = "",
) -> Fund:
    """A manager allocates a joint-marketing budget to `partner` for a Program Year or quarter (§5.1), only while
    the partner holds the joint-marketing benefit. One fund per partner and period (409 for a second)."""
    policy = policy_for_input(allocated_on, "allocated_on")
    try:
        span = rules.fund_period(policy, period)
    except ValueError as error:
        raise InvalidInput({"period": [str(error)]}) from error
    state = partner_state_on(partner, allocated_on)
    decision = rules.fund_allocatable(
        policy, classification=state.classification, status=state.status, allocated_on=allocated_on, amount=amount
    )
    refuse_unless(decision)
    currency = (currency or policy.fees.currency).upper()
    try:
        with transaction.atomic():
            fund = Fund.objects.create(
                partner=partner,
                period=span.label,
                starts_on=span.starts_on,
                ends_on=span.ends_on,
                amount=amount,
                currency=currency,
                allocated_on=allocated_on,
                allocated_by=acting_user,
                note=note.strip(),
                policy_version=policy.version_date,
                reasons=_reasons(decision),
            )
            record_event(
                partner=partner,
                kind=FundsEventKind.MARKETING_FUND_ALLOCATED,
                message=f"Joint-marketing fund of {amount} {currency} allocated for {span.label}",
                section=policy.joint_marketing.section,
                actor=acting_user,
                policy_version=policy.version_date,
                effective_on=allocated_on,
                data={"fund": fund.pk, "amount": amount, "period": span.label},
            )
    except IntegrityError as error:
        raise Conflict(
            _("%(partner)s already has a joint-marketing fund for %(label)s.")
            % {"partner": partner, "label": span.label}
        ) from error
    return fund


def plan_submit(
    *,
    partner: Partner,
    kind: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    planned_cost: Decimal,
    expected_leads: int,
    submitted_on: dt.date,
    acting_user: User,
    description: str = "",
) -> Plan:
    """The partner plans an activity with its fund of the period the activity starts in; a manager decides."""
    if not title.strip():
        raise InvalidInput({"title": [_("Name the activity.")]})
    if ends_on < starts_on:
        raise InvalidInput(
            {
                "ends_on": [
                    _("%(day)s is before the start (%(start)s).") % {"day": day(ends_on), "start": day(starts_on)}
                ]
            }
        )
    policy = policy_for_input(submitted_on, "submitted_on")
    span = rules.period_of(policy, starts_on)
    fund = Fund.objects.filter(partner=partner, period=span.label).first()
    if fund is None:
        raise PolicyViolation(
            [
                Violation(
                    "fund_allocated",
                    policy.joint_marketing.section,
                    _("%(partner)s has no joint-marketing fund for %(period)s; the vendor allocates one first")
                    % {"partner": partner, "period": span.label},
                )
            ]
        )
    state = partner_state_on(partner, submitted_on)
    decision = rules.plan_admissible(
        policy,
        classification=state.classification,
        status=state.status,
        submitted_on=submitted_on,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        period=span,
        planned_cost=planned_cost,
    )
    refuse_unless(decision)
    with transaction.atomic():
        plan = Plan.objects.create(
            fund=fund,
            partner=partner,
            kind=kind,
            title=title.strip(),
            description=description.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            planned_cost=planned_cost,
            expected_leads=expected_leads,
            submitted_on=submitted_on,
            submitted_by=acting_user,
            policy_version=policy.version_date,
            reasons=_reasons(decision),
        )
        record_event(
            partner=partner,
            kind=FundsEventKind.MARKETING_PLAN_SUBMITTED,
            message=f"Joint-marketing plan {plan.title!r} ({kind}, {starts_on} to {ends_on}) submitted: "
            f"{planned_cost} {fund.currency} planned, {expected_leads} leads expected",
            section=policy.joint_marketing.section,
            actor=acting_user,
            policy_version=policy.version_date,
            effective_on=submitted_on,
            data={"plan": plan.pk, "fund": fund.pk},
        )
    return plan


def _locked_plan(plan: Plan) -> tuple[Plan, Fund]:
    fund = _locked_fund(plan.fund_id)
    return Plan.objects.select_for_update().get(pk=plan.pk), fund


def plan_approve(*, plan: Plan, approved_on: dt.date, acting_user: User, note: str = "") -> Plan:
    """A manager pre-approves the plan: refused while its planned cost does not fit into what is left of the fund
    (it reserves nothing: the claim is what takes money, first come, first served)."""
    with transaction.atomic():
        plan, fund = _locked_plan(plan)
        if plan.status != PlanStatus.SUBMITTED:
            raise Conflict(_("The plan is %(status)s; only a submitted plan is decided.") % {"status": plan.status})
        policy = policy_for_input(approved_on, "approved_on")
        remaining = fund.amount - claimed_in(fund)
        reason = rules.fits_reason(policy, amount=plan.planned_cost, remaining=remaining, what="a planned cost")
        if not reason.met:
            raise PolicyViolation([Violation(reason.code, reason.section, reason.message)])
        _decide(plan, "plan", PlanStatus.APPROVED, approved_on, acting_user, note.strip())
        record_event(
            partner=plan.partner,
            kind=FundsEventKind.MARKETING_PLAN_APPROVED,
            message=f"Joint-marketing plan {plan.title!r} pre-approved" + (f": {plan.decision_reason}" if note else ""),
            section=policy.joint_marketing.section,
            actor=acting_user,
            policy_version=policy.version_date,
            effective_on=approved_on,
            data={"plan": plan.pk},
        )
        mail_partner(
            plan.partner,
            "funds/mail/plan_approved.txt",
            plan=plan,
            currency=fund.currency,
            section=policy.joint_marketing.section,
            days=policy.joint_marketing.claim_within_days,
        )
    return plan


def plan_decline(*, plan: Plan, declined_on: dt.date, reason: str, acting_user: User) -> Plan:
    with transaction.atomic():
        plan, _ = _locked_plan(plan)
        _turn_down(plan, "plan", "declined", PlanStatus.DECLINED, declined_on, acting_user, reason)
        record_event(
            partner=plan.partner,
            kind=FundsEventKind.MARKETING_PLAN_DECLINED,
            message=f"Joint-marketing plan {plan.title!r} declined: {plan.decision_reason}",
            section=policy_in_force(declined_on).joint_marketing.section,
            actor=acting_user,
            effective_on=declined_on,
            data={"plan": plan.pk, "reason": plan.decision_reason},
        )
        mail_partner(plan.partner, "funds/mail/plan_declined.txt", plan=plan)
    return plan


def _decide(decided: Plan | Claim, what: str, status: str, on: dt.date, user: User, reason: str) -> None:
    """Record a manager's decision on a submitted plan or claim; both carry the same decision fields."""
    if on < decided.submitted_on:
        raise InvalidInput(
            {"decided_on": [_("%(on)s is before the %(what)s was submitted.") % {"on": on.isoformat(), "what": what}]}
        )
    decided.status = status
    decided.decided_on = on
    decided.decided_by = user
    decided.decision_reason = reason
    decided.save(update_fields=("status", "decided_on", "decided_by", "decision_reason"))


def _turn_down(decided: Plan | Claim, what: str, verb: str, status: str, on: dt.date, user: User, reason: str) -> None:
    """Decline a plan or reject a claim, locked by the caller: only a submitted one, and only with a reason,
    because the partner is told why."""
    if not reason.strip():
        raise InvalidInput(
            {"reason": [_("Say why the %(what)s is %(verb)s; the partner is told.") % {"what": what, "verb": verb}]}
        )
    if decided.status != "submitted":
        raise Conflict(
            _("The %(what)s is %(status)s; only a submitted %(what)s is decided.")
            % {"what": what, "status": decided.status}
        )
    _decide(decided, what, status, on, user, reason.strip())


def claim_submit(
    *, plan: Plan, amount: Decimal, leads_generated: int, claimed_on: dt.date, acting_user: User, note: str = ""
) -> Claim:
    """The partner claims the cost of a pre-approved activity after it ended (§5.1, §10.2): at most the planned
    cost and at most what is left of the fund, judged under the fund's lock. One claim per plan (409)."""
    with transaction.atomic():
        plan, fund = _locked_plan(plan)
        if plan.status != PlanStatus.APPROVED:
            raise Conflict(
                _("The plan is %(status)s; only a pre-approved plan is claimed.")
                % {"status": str(plan.get_status_display()).lower()}
            )
        if Claim.objects.filter(plan=plan).exists():
            raise Conflict(_("The plan %(title)s is already claimed.") % {"title": repr(plan.title)})
        policy = policy_for_input(claimed_on, "claimed_on")
        decision = rules.claim_admissible(
            policy,
            claimed_on=claimed_on,
            activity_ended_on=plan.ends_on,
            amount=amount,
            planned_cost=plan.planned_cost,
            remaining=fund.amount - claimed_in(fund),
        )
        refuse_unless(decision)
        claim = Claim.objects.create(
            plan=plan,
            fund=fund,
            partner=plan.partner,
            amount=amount,
            leads_generated=leads_generated,
            note=note.strip(),
            submitted_on=claimed_on,
            submitted_by=acting_user,
            policy_version=policy.version_date,
            reasons=_reasons(decision),
        )
        record_event(
            partner=plan.partner,
            kind=FundsEventKind.MARKETING_CLAIM_SUBMITTED,
            message=f"Joint-marketing claim of {amount} {fund.currency} for {plan.title!r}, "
            f"{leads_generated} leads generated",
            section=policy.joint_marketing.section,
            actor=acting_user,
            policy_version=policy.version_date,
            effective_on=claimed_on,
            data={"claim": claim.pk, "plan": plan.pk, "amount": amount},
        )
    return claim


def claim_document_add(*, claim: Claim, upload: UploadedFile, uploaded_on: dt.date, acting_user: User) -> ClaimDocument:
    """Proof of performance: a PDF, PNG, JPEG or CSV within the size limit, checked as every upload is (§10.2)."""
    problems = upload_problems(upload)
    if problems:
        raise InvalidInput({"file": problems})
    if claim.status != ClaimStatus.SUBMITTED:
        raise Conflict(
            _("The claim is %(status)s; proof is added while it waits for a decision.")
            % {"status": str(claim.get_status_display()).lower()}
        )
    content_type = sniff_upload(upload)
    assert content_type is not None
    with transaction.atomic():
        document = ClaimDocument(
            claim=claim,
            original_name=(upload.name or "proof")[:200],
            content_type=content_type,
            size=upload.size or 0,
            uploaded_on=uploaded_on,
            uploaded_by=acting_user,
        )
        document.file.save(upload.name or "proof", upload, save=False)
        document.save()
        record_event(
            partner=claim.partner,
            kind=FundsEventKind.MARKETING_CLAIM_PROOF_ADDED,
            message=f"Proof {document.original_name!r} added to joint-marketing claim #{claim.pk}",
            section=policy_in_force(uploaded_on).joint_marketing.payment_section,
            actor=acting_user,
            effective_on=uploaded_on,
            data={"claim": claim.pk, "document": document.pk, "content_type": content_type},
        )
    return document


def _locked_claim(claim: Claim) -> Claim:
    _locked_fund(claim.fund_id)
    return Claim.objects.select_for_update().select_related("plan", "fund", "partner").get(pk=claim.pk)


def claim_approve(
    *, claim: Claim, approved_on: dt.date, acting_user: User, approved_amount: Decimal | None = None, note: str = ""
) -> Claim:
    """A manager approves the claim in full, or in part (`approved_amount` below the claim, with a reason the
    partner is told); only with proof of performance attached. The part not approved returns to the fund."""
    with transaction.atomic():
        claim = _locked_claim(claim)
        if claim.status != ClaimStatus.SUBMITTED:
            raise Conflict(_("The claim is %(status)s; only a submitted claim is decided.") % {"status": claim.status})
        policy = policy_for_input(approved_on, "approved_on")
        amount = claim.amount if approved_amount is None else approved_amount
        if amount <= 0 or amount > claim.amount:
            raise InvalidInput(
                {
                    "approved_amount": [
                        _("Approve more than 0 and at most the %(amount)s claimed; or reject it.")
                        % {"amount": claim.amount}
                    ]
                }
            )
        if amount < claim.amount and not note.strip():
            raise InvalidInput({"note": [_("Say why only part of the claim is approved; the partner is told.")]})
        if not claim.documents.exists():
            raise PolicyViolation(
                [
                    Violation(
                        "proof_of_performance",
                        policy.joint_marketing.payment_section,
                        _("no proof of performance is attached to the claim (an invoice, photos, the lead list …)"),
                    )
                ]
            )
        _decide(claim, "claim", ClaimStatus.APPROVED, approved_on, acting_user, note.strip())
        claim.approved_amount = amount
        claim.save(update_fields=("approved_amount",))
        part = "in full" if amount == claim.amount else f"in part: {amount} of {claim.amount}"
        record_event(
            partner=claim.partner,
            kind=FundsEventKind.MARKETING_CLAIM_APPROVED,
            message=f"Joint-marketing claim #{claim.pk} for {claim.plan.title!r} approved {part} {claim.fund.currency}"
            + (f" ({claim.decision_reason})" if claim.decision_reason else ""),
            section=policy.joint_marketing.section,
            actor=acting_user,
            policy_version=policy.version_date,
            effective_on=approved_on,
            data={"claim": claim.pk, "approved_amount": amount},
        )
        mail_partner(claim.partner, "funds/mail/claim_approved.txt", claim=claim, in_full=amount == claim.amount)
    return claim


def claim_reject(*, claim: Claim, rejected_on: dt.date, reason: str, acting_user: User) -> Claim:
    """A manager rejects the claim with a reason; its amount returns to the fund."""
    with transaction.atomic():
        claim = _locked_claim(claim)
        _turn_down(claim, "claim", "rejected", ClaimStatus.REJECTED, rejected_on, acting_user, reason)
        record_event(
            partner=claim.partner,
            kind=FundsEventKind.MARKETING_CLAIM_REJECTED,
            message=f"Joint-marketing claim #{claim.pk} for {claim.plan.title!r} rejected: {claim.decision_reason}",
            section=policy_in_force(rejected_on).joint_marketing.section,
            actor=acting_user,
            effective_on=rejected_on,
            data={"claim": claim.pk, "reason": claim.decision_reason},
        )
        mail_partner(claim.partner, "funds/mail/claim_rejected.txt", claim=claim)
    return claim


def claim_pay(*, claim: Claim, paid_on: dt.date, acting_user: User) -> Claim:
    """Record the payment of an approved claim as a §10.2 marketing payment, its basis naming the claim."""
    with transaction.atomic():
        claim = _locked_claim(claim)
        if claim.status != ClaimStatus.APPROVED or claim.approved_amount is None:
            raise Conflict(_("The claim is %(status)s; only an approved claim is paid.") % {"status": claim.status})
        if claim.decided_on is not None and paid_on < claim.decided_on:
            raise InvalidInput(
                {"paid_on": [_("%(paid_on)s is before the approval.") % {"paid_on": paid_on.isoformat()}]}
            )
        payment = marketing_payment_record(
            partner=claim.partner,
            amount=claim.approved_amount,
            currency=claim.fund.currency,
            paid_on=paid_on,
            basis=f"joint-marketing claim #{claim.pk}: {claim.plan.title} ({claim.fund.period} fund, §5.1)",
            acting_user=acting_user,
        )
        claim.status = ClaimStatus.PAID
        claim.payment = payment
        claim.save(update_fields=("status", "payment"))
        mail_partner(claim.partner, "funds/mail/claim_paid.txt", claim=claim, paid_on=paid_on)
    return claim
