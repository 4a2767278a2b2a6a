"""Applying to the programme and the manager's answer: approval into a classification, or rejection
(§2.0, §3.0, §4.0, §7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from partnerhub.core.permissions import is_manager
from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.history import StateChange, record_event
from partnerhub.partners.models import (
    ClassificationChange,
    Partner,
    PartnerKind,
    PartnerStatus,
    PartnerUser,
    WorkItem,
)
from partnerhub.partners.notifications import mail_partner
from partnerhub.partners.services.common import not_before, required_text, resolve_work, transition
from partnerhub.partners.services.terms import (
    agreement_terms,
    apply_terms,
    classification_name,
    clean_scope,
    known_classification,
    terms_data,
)
from partnerhub.policy import calendar, fees
from partnerhub.policy.lifecycle import ENROLLMENT_SECTION
from partnerhub.policystore.selectors import policy_for_input


def partner_apply(
    *,
    name: str,
    kind: str,
    classification: str,
    regions: Sequence[str],
    territories: Sequence[str],
    products: Sequence[str],
    applied_on: dt.date,
    acting_user: User | None,
    contact_email: str = "",
    solution_name: str = "",
) -> Partner:
    """Record an application (R2.1). A manager applies on a prospect's behalf; any other signed-in user
    applies for its own organization and becomes its first user (a Designated Partner Representative),
    unless it already belongs to a partner (refused, 400). `acting_user` None is a prospect applying on the
    public page without an account: its contact address is required, and its users are invited once a
    manager approves. OEM is not self-service: the application is recorded and routed to the managers'
    work queue (§3.0)."""
    policy = policy_for_input(applied_on, "applied_on")
    errors: dict[str, list[str]] = {}
    clean_name = (name or "").strip()
    if not clean_name:
        errors["name"] = ["This field is required."]
    if kind not in PartnerKind.values:
        errors["kind"] = [f"{kind!r} is not a kind of partner; use {' or '.join(PartnerKind.values)}"]
    known_classification(policy, classification)
    scope = clean_scope(policy, regions=regions, territories=territories, products=products)
    public = acting_user is None
    manager = acting_user is not None and is_manager(acting_user)
    email = (contact_email or "").strip() or ("" if manager or acting_user is None else acting_user.email)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["contact_email"] = [f"{email!r} is not an email address"]
    elif public:
        errors["contact_email"] = ["An address is required: the vendor answers the application there."]
    if acting_user is not None and not manager and PartnerUser.objects.filter(user=acting_user).exists():
        raise ValidationError(
            "You already belong to a partner: a user belongs to one partner only. "
            "Ask a vendor manager to record another partner's application."
        )
    if errors:
        raise ValidationError(errors)
    terms = agreement_terms(policy, classification, solution_name=solution_name)
    cls = policy.classification(classification)

    with transaction.atomic():
        partner = Partner.objects.create(
            name=clean_name,
            kind=kind,
            classification=classification,
            requested_classification=classification,
            status=PartnerStatus.APPLIED,
            status_since=applied_on,
            contact_email=email,
            regions=scope.regions,
            territories=scope.territories,
            products=scope.products,
            solution_name=terms.solution_name,
            applied_on=applied_on,
        )
        if acting_user is not None and not manager:
            PartnerUser.objects.create(user=acting_user, partner=partner, representative=True)
        if acting_user is None:
            applicant = f" on the public application page, contact {email}"
        elif manager:
            applicant = ""
        else:
            applicant = f"; {acting_user.username} becomes its Designated Partner Representative"
        record_event(
            partner=partner,
            kind=PartnersEventKind.APPLIED,
            message=f"Applied as {cls.name} on {applied_on.isoformat()}{applicant}; regions {', '.join(scope.regions)}",
            section=ENROLLMENT_SECTION,
            actor=acting_user,
            policy_version=policy.version_date,
            effective_on=applied_on,
            data={"classification": classification, **scope.__dict__},
            state_change=StateChange(None),
        )
        if not cls.self_service:
            message = (
                f"{cls.name} applications are not self-service: routed to a vendor manager, "
                f"who handles them by separate contact (§{cls.section})"
            )
            WorkItem.objects.create(
                partner=partner,
                kind=WorkItem.OEM_APPLICATION,
                key=applied_on.isoformat(),
                message=message,
                section=cls.section,
                opened_on=applied_on,
            )
            record_event(
                partner=partner,
                kind=PartnersEventKind.ROUTED_TO_MANAGER,
                message=message,
                section=cls.section,
                actor=acting_user,
                policy_version=policy.version_date,
                effective_on=applied_on,
            )
    return partner


def partner_approve(
    *,
    partner: Partner,
    approved_on: dt.date,
    acting_user: User,
    classification: str | None = None,
    regions: Sequence[str] | None = None,
    territories: Sequence[str] | None = None,
    products: Sequence[str] | None = None,
    referral_fee_program: bool | None = None,
    referral_fee_percent: Decimal | None = None,
    reseller_agreement_signed: bool | None = None,
    resale_discount_percent: Decimal | None = None,
    rank: str | None = None,
    solution_name: str | None = None,
    reason: str = "",
) -> Partner:
    """Approve an application (R2.2): classification, scope and IPPA terms are set, the qualification
    window starts on `approved_on` (§2.0) and the program fee is invoiced (§5.1), by billing's reaction to the
    "approved" event (`partnerhub.reactions`)."""
    policy = policy_for_input(approved_on, "approved_on")
    with transition(partner, "approve") as step:
        partner = step.partner
        not_before(approved_on, partner.applied_on, "approved_on", "the application")
        key = known_classification(policy, classification or partner.classification)
        scope = clean_scope(
            policy,
            regions=partner.regions if regions is None else regions,
            territories=partner.territories if territories is None else territories,
            products=partner.products if products is None else products,
        )
        terms = agreement_terms(
            policy,
            key,
            referral_fee_program=referral_fee_program,
            referral_fee_percent=referral_fee_percent,
            reseller_agreement_signed=reseller_agreement_signed,
            resale_discount_percent=resale_discount_percent,
            rank=rank,
            solution_name=partner.solution_name if solution_name is None and key == "solution" else solution_name,
        )
        deadline = calendar.qualification_deadline(policy, approved_on)
        fee = fees.program_fee(policy, key, approved_on)

        step.move(approved_on)
        partner.classification = key
        partner.regions, partner.territories, partner.products = scope.regions, scope.territories, scope.products
        apply_terms(partner, terms)
        partner.approved_on = approved_on
        partner.qualification_deadline = deadline.outcome
        partner.registered_on = None
        partner.policy_version = policy.version_date
        partner.save()
        why = (reason or "").strip() or "application approved"
        ClassificationChange.objects.create(
            partner=partner,
            from_classification="",
            to_classification=key,
            changed_on=approved_on,
            changed_by=acting_user,
            reason=why
            + (f" (requested {partner.requested_classification})" if partner.requested_classification != key else ""),
            policy_version=policy.version_date,
        )
        resolve_work(partner, [WorkItem.OEM_APPLICATION], approved_on, acting_user, "approved")
        name = classification_name(policy, key)
        # The mail is queued first: it goes out before the invoice the approval issues (billing.reactions).
        mail_partner(
            partner,
            "partners/mail/approved.txt",
            approved_on=approved_on,
            name=name,
            deadline=deadline.outcome,
            regions=", ".join(scope.regions),
            fee=fee.outcome,
        )
        step.record(
            kind=PartnersEventKind.APPROVED,
            message=(
                f"Approved as {name} on {approved_on.isoformat()} ({why}): enrollment effective that day; "
                f"{deadline.reasons[0].message} (§{deadline.reasons[0].section})"
            ),
            actor=acting_user,
            policy_version=policy.version_date,
            effective_on=approved_on,
            data={
                "classification": key,
                "qualification_deadline": deadline.outcome,
                **scope.__dict__,
                **terms_data(terms),
            },
        )
    return partner


def partner_reject(*, partner: Partner, rejected_on: dt.date, acting_user: User, reason: str) -> Partner:
    why = required_text(reason, "reason")
    with transition(partner, "reject") as step:
        partner = step.partner
        not_before(rejected_on, partner.applied_on, "rejected_on", "the application")
        step.move(rejected_on)
        partner.save(update_fields=("status", "status_since"))
        resolve_work(partner, [WorkItem.OEM_APPLICATION], rejected_on, acting_user, "rejected")
        step.record(
            kind=PartnersEventKind.REJECTED,
            message=f"Application rejected on {rejected_on.isoformat()}: {why}",
            actor=acting_user,
            effective_on=rejected_on,
            data={"reason": why},
        )
        mail_partner(partner, "partners/mail/application_rejected.txt", rejected_on=rejected_on, reason=why)
    return partner
