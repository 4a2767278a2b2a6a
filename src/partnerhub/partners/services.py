"""Writes of the partner lifecycle (§2.0, §3.0, §4.0, §5.1), one service per action (docs/architecture.md#rule-3).

Every service takes keyword arguments and its dates as arguments, validates everything before it writes
(bad input: Django `ValidationError`, 400; a broken rule: `PolicyViolation`, 422; a state that forbids
it: `Conflict`, 409), runs in one transaction with its timeline entry, and mails after the commit.
Which action is allowed in which status is decided by `lifecycle.check_transition` alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pycountry
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from partnerhub.billing.models import Invoice, InvoiceOrigin
from partnerhub.billing.services import invoice_issue
from partnerhub.core.permissions import is_manager
from partnerhub.core.problems import Conflict, PolicyViolation, Violation, violations
from partnerhub.partners.history import record_event
from partnerhub.partners.lifecycle import check_transition
from partnerhub.partners.models import (
    ClassificationChange,
    NonRenewalNotice,
    Partner,
    PartnerEvent,
    PartnerKind,
    PartnerStatus,
    PartnerUser,
    WorkItem,
)
from partnerhub.partners.notifications import mail_partner
from partnerhub.partners.periods import PartnerState, period_change
from partnerhub.policy import calendar, fees
from partnerhub.policy.decision import Reason
from partnerhub.policy.model import Policy
from partnerhub.policystore.selectors import policy_for_input

NO_REFUND = "Invoices stay as issued: no refund of program fees (§2.0)."


# --- helpers -------------------------------------------------------------------------------------------


def _locked(partner: Partner) -> Partner:
    """The partner re-read under a row lock (PostgreSQL), so two concurrent actions cannot both pass."""
    return Partner.objects.select_for_update().get(pk=partner.pk)


def _not_before(day: dt.date, earliest: dt.date | None, field: str, what: str) -> None:
    if earliest is not None and day < earliest:
        raise ValidationError({field: [f"{day.isoformat()} is before {what} ({earliest.isoformat()})"]})


def _required_text(value: str, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: ["Say why: this field is required."]})
    return text


def _classification_name(policy: Policy, key: str) -> str:
    return policy.classification(key).name


@dataclass(frozen=True)
class Scope:
    regions: list[str]
    territories: list[str]
    products: list[str]


def clean_scope(
    policy: Policy, *, regions: Sequence[str], territories: Sequence[str], products: Sequence[str]
) -> Scope:
    """Regions and products as the policy's keys, territories as ISO 3166-1 alpha-2 codes (§4.0), each once.

    Raises ValidationError naming every unknown value.
    """
    errors: dict[str, list[str]] = {}
    region_keys = {region.key.upper(): region.key for region in policy.regions}
    product_keys = {product.key.lower(): product.key for product in policy.products}

    clean_regions = []
    for value in regions:
        key = region_keys.get(str(value).strip().upper())
        if key is None:
            errors.setdefault("regions", []).append(
                f"{value!r} is not a region of the policy; use one of {', '.join(region_keys.values())}"
            )
        elif key not in clean_regions:
            clean_regions.append(key)
    if not regions:
        errors.setdefault("regions", []).append("Name at least one region (§2.0: requirements are met per region).")

    clean_territories = []
    for value in territories:
        code = str(value).strip().upper()
        country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
        if country is None:
            errors.setdefault("territories", []).append(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
        elif country.alpha_2 not in clean_territories:
            clean_territories.append(country.alpha_2)

    clean_products = []
    for value in products:
        key = product_keys.get(str(value).strip().lower())
        if key is None:
            errors.setdefault("products", []).append(
                f"{value!r} is not a product of the policy; use one of {', '.join(product_keys.values())}"
            )
        elif key not in clean_products:
            clean_products.append(key)

    if errors:
        raise ValidationError(errors)
    return Scope(clean_regions, clean_territories, clean_products)


def _known_classification(policy: Policy, key: str, field: str = "classification") -> str:
    if key not in {c.key for c in policy.classifications}:
        known = ", ".join(c.key for c in policy.classifications)
        raise ValidationError({field: [f"{key!r} is not a classification of the policy; use one of {known}"]})
    return key


@dataclass(frozen=True)
class Terms:
    """The compensation terms of a partner's IPPA and the classification-specific fields."""

    referral_fee_program: bool
    referral_fee_percent: Decimal | None
    reseller_agreement_signed: bool
    resale_discount_percent: Decimal | None
    rank: str
    solution_name: str
    notes: tuple[str, ...] = ()


def agreement_terms(
    policy: Policy,
    classification: str,
    *,
    referral_fee_program: bool | None = None,
    referral_fee_percent: Decimal | None = None,
    reseller_agreement_signed: bool | None = None,
    resale_discount_percent: Decimal | None = None,
    rank: str | None = None,
    solution_name: str | None = None,
    current: Partner | None = None,
) -> Terms:
    """The terms for `classification`: what is given, else what `current` has, else the policy's defaults
    (`Classification.referral_fee_program`, the example default percent and discount).

    Raises PolicyViolation listing every given term the classification cannot have. Kept terms the new
    classification cannot have (on re-assignment) are dropped and said so in `notes`.
    """
    cls = policy.classification(classification)
    violations = []
    notes = []

    enrolled = referral_fee_program
    if enrolled is None:
        enrolled = current.referral_fee_program if current is not None else cls.referral_fee_program
    percent = referral_fee_percent
    if enrolled:
        if percent is None and current is not None and current.referral_fee_program:
            percent = current.referral_fee_percent
        if percent is None:
            percent = policy.compensation.referral_fee.example_default_percent
    elif percent is not None:
        violations.append(
            Violation(
                "referral_fee_without_program",
                policy.compensation.referral_fee.section,
                f"a referral fee percentage needs enrolment in the referral fee program, which {cls.name}s "
                f"{'have' if cls.referral_fee_program else 'do not have'} by default: enrol it as well",
            )
        )

    signed = reseller_agreement_signed
    if signed is None:
        signed = (
            current.reseller_agreement_signed
            if current is not None
            else cls.resale == "always" or cls.reseller_agreement_on_approval
        )
    resells = cls.resale == "always" or (cls.resale == "with_reseller_agreement" and signed)
    discount = resale_discount_percent
    if resells:
        if discount is None and current is not None:
            discount = current.resale_discount_percent
        if discount is None:
            discount = policy.compensation.resale.example_default_discount_percent
    elif discount is not None:
        why = "do not resell" if cls.resale == "never" else "resell only under a signed reseller agreement"
        violations.append(
            Violation(
                "resale_discount_without_resale",
                policy.compensation.resale.section,
                f"a resale discount needs resale rights: {cls.name}s {why}",
            )
        )
    elif current is not None and current.resale_discount_percent is not None:
        notes.append(f"the resale discount of {current.resale_discount_percent}% ends: {cls.name}s do not resell")

    clean_rank = (rank or "").strip()
    if clean_rank and not cls.has_ranks:
        violations.append(
            Violation("rank_not_applicable", "3.1", f"only Implementation partners carry a rank, not {cls.name}s")
        )
    if rank is None and current is not None and cls.has_ranks:
        clean_rank = current.rank

    clean_solution = (solution_name or "").strip()
    is_solution = classification == "solution"
    if clean_solution and not is_solution:
        violations.append(
            Violation(
                "solution_not_applicable",
                "4.0",
                f"only a Solution partner is approved across geographies for a named solution, not {cls.name}s",
            )
        )
    if solution_name is None and current is not None and is_solution:
        clean_solution = current.solution_name

    if violations:
        raise PolicyViolation(violations)
    return Terms(
        referral_fee_program=enrolled,
        referral_fee_percent=percent if enrolled else None,
        reseller_agreement_signed=signed,
        resale_discount_percent=discount if resells else None,
        rank=clean_rank,
        solution_name=clean_solution,
        notes=tuple(notes),
    )


def _apply_terms(partner: Partner, terms: Terms) -> None:
    partner.referral_fee_program = terms.referral_fee_program
    partner.referral_fee_percent = terms.referral_fee_percent
    partner.reseller_agreement_signed = terms.reseller_agreement_signed
    partner.resale_discount_percent = terms.resale_discount_percent
    partner.rank = terms.rank
    partner.solution_name = terms.solution_name


def _terms_data(terms: Terms) -> dict[str, object]:
    return {
        "referral_fee_program": terms.referral_fee_program,
        "referral_fee_percent": terms.referral_fee_percent,
        "reseller_agreement_signed": terms.reseller_agreement_signed,
        "resale_discount_percent": terms.resale_discount_percent,
        "rank": terms.rank,
        "solution_name": terms.solution_name,
    }


def _resolve_work(partner: Partner, kinds: Sequence[str], on: dt.date, actor: User | None, resolution: str) -> None:
    WorkItem.objects.filter(partner=partner, kind__in=kinds, resolved_on__isnull=True).update(
        resolved_on=on, resolved_by=actor, resolution=resolution
    )


def _set_status(partner: Partner, status: str, on: dt.date) -> None:
    partner.status = status
    partner.status_since = on


# --- application -----------------------------------------------------------------------------------------


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
    _known_classification(policy, classification)
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
        event = record_event(
            partner=partner,
            kind="applied",
            message=f"Applied as {cls.name} on {applied_on.isoformat()}{applicant}; regions {', '.join(scope.regions)}",
            section="2.0",
            actor=acting_user,
            policy_version=policy.version_date,
            effective_on=applied_on,
            data={"classification": classification, **scope.__dict__},
        )
        period_change(partner=partner, prior=None, effective_on=applied_on, event=event)
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
                kind="routed_to_manager",
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
    window starts on `approved_on` (§2.0) and the program fee is invoiced (§5.1)."""
    policy = policy_for_input(approved_on, "approved_on")
    with transaction.atomic():
        partner = _locked(partner)
        prior = PartnerState.of(partner)
        check_transition(partner.status, "approve")
        _not_before(approved_on, partner.applied_on, "approved_on", "the application")
        key = _known_classification(policy, classification or partner.classification)
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

        _set_status(partner, PartnerStatus.APPROVED, approved_on)
        partner.classification = key
        partner.regions, partner.territories, partner.products = scope.regions, scope.territories, scope.products
        _apply_terms(partner, terms)
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
        _resolve_work(partner, [WorkItem.OEM_APPLICATION], approved_on, acting_user, "approved")
        name = _classification_name(policy, key)
        event = record_event(
            partner=partner,
            kind="approved",
            message=(
                f"Approved as {name} on {approved_on.isoformat()} ({why}): enrollment effective that day; "
                f"{deadline.reasons[0].message} (§{deadline.reasons[0].section})"
            ),
            section="2.0",
            actor=acting_user,
            policy_version=policy.version_date,
            effective_on=approved_on,
            data={
                "classification": key,
                "qualification_deadline": deadline.outcome,
                **scope.__dict__,
                **_terms_data(terms),
            },
        )
        period_change(partner=partner, prior=prior, effective_on=approved_on, event=event)
        quote = fee.outcome
        fee_text = (
            f"{name}s pay no program fee in this program (§5.1)."
            if quote.amount == 0
            else f"The program fee of {quote.amount} {quote.currency} for Program Year {quote.program_year} is "
            f"invoiced in a separate mail (§5.1)."
        )
        mail_partner(
            partner,
            f"approved as {name}",
            f"Your application was approved on {approved_on.isoformat()}: welcome to the partner program as "
            f"{name}.\n\nYou have until {deadline.outcome.isoformat()} to meet the minimum criteria and become a "
            f"Registered Partner: the certification requirements of your classification in every authorized region "
            f"({', '.join(scope.regions)}), and the program fee invoice fully paid (§2.0).\n\n{fee_text}",
        )
        invoice_issue(
            partner=partner,
            policy=policy,
            fee=fee,
            origin=InvoiceOrigin.ENROLLMENT,
            issued_on=approved_on,
            acting_user=acting_user,
        )
    return partner


def partner_reject(*, partner: Partner, rejected_on: dt.date, acting_user: User, reason: str) -> Partner:
    why = _required_text(reason, "reason")
    with transaction.atomic():
        partner = _locked(partner)
        prior = PartnerState.of(partner)
        check_transition(partner.status, "reject")
        _not_before(rejected_on, partner.applied_on, "rejected_on", "the application")
        _set_status(partner, PartnerStatus.REJECTED, rejected_on)
        partner.save(update_fields=("status", "status_since"))
        _resolve_work(partner, [WorkItem.OEM_APPLICATION], rejected_on, acting_user, "rejected")
        event = record_event(
            partner=partner,
            kind="rejected",
            message=f"Application rejected on {rejected_on.isoformat()}: {why}",
            section="2.0",
            actor=acting_user,
            effective_on=rejected_on,
            data={"reason": why},
        )
        period_change(partner=partner, prior=prior, effective_on=rejected_on, event=event)
        mail_partner(
            partner,
            "application not accepted",
            f"We are sorry: your application to the partner program was not accepted ({rejected_on.isoformat()}).\n\n"
            f"Reason: {why}",
        )
    return partner


def partner_register(
    *,
    partner: Partner,
    registered_on: dt.date,
    acting_user: User | None,
    reasons: Sequence[Reason],
    recorded_on: dt.date | None = None,
) -> Partner:
    """Make an approved partner a Registered Partner (R2.4) because `reasons` — the §2.0 minimum criteria as
    the standing rules decided them — are all met. No API endpoint registers without such a decision.
    `registered_on` is the first day the records show the criteria met; `recorded_on` the day it is decided."""
    if not reasons:
        raise ValueError("partner_register needs the reasons of the minimum-criteria decision")
    unmet = [reason for reason in reasons if not reason.met]
    with transaction.atomic():
        partner = _locked(partner)
        prior = PartnerState.of(partner)
        check_transition(partner.status, "register")
        if unmet:
            raise PolicyViolation(violations(unmet))
        _not_before(registered_on, partner.approved_on, "registered_on", "the approval")
        _set_status(partner, PartnerStatus.REGISTERED, registered_on)
        partner.registered_on = registered_on
        partner.save(update_fields=("status", "status_since", "registered_on"))
        _resolve_work(partner, [WorkItem.DEACTIVATION_DUE], registered_on, acting_user, "registered")
        sections = ", ".join(dict.fromkeys(["2.0", *(reason.section for reason in reasons)]))
        event = record_event(
            partner=partner,
            kind="registered",
            message=f"Registered Partner from {registered_on.isoformat()}: the minimum criteria are met (§2.0)",
            section=sections,
            actor=acting_user,
            policy_version=partner.policy_version,
            effective_on=registered_on,
            data={"reasons": [reason.as_dict() for reason in reasons]},
        )
        period_change(partner=partner, prior=prior, effective_on=registered_on, event=event, recorded_on=recorded_on)
        mail_partner(
            partner,
            "you are a Registered Partner",
            f"You meet the minimum criteria of the partner program: from {registered_on.isoformat()} you are a "
            f"Registered Partner, eligible for the benefits of your classification (§2.0).",
        )
    return partner


def partner_deactivate(*, partner: Partner, deactivated_on: dt.date, acting_user: User, reason: str = "") -> Partner:
    """Deactivate a prospective partner whose qualification window ended without registration (R2.5)."""
    with transaction.atomic():
        partner = _locked(partner)
        prior = PartnerState.of(partner)
        check_transition(partner.status, "deactivate")
        deadline = partner.qualification_deadline
        if deadline is not None and deactivated_on <= deadline:
            raise PolicyViolation(
                [
                    Violation(
                        "qualification_window_open",
                        "2.0",
                        f"the qualification window runs until {deadline.isoformat()}: a prospective partner may be "
                        f"deactivated only after its window ended without registration",
                    )
                ]
            )
        why = (reason or "").strip() or "the qualification window ended without registration"
        _set_status(partner, PartnerStatus.DEACTIVATED, deactivated_on)
        partner.save(update_fields=("status", "status_since"))
        _resolve_work(partner, [WorkItem.DEACTIVATION_DUE], deactivated_on, acting_user, "deactivated")
        event = record_event(
            partner=partner,
            kind="deactivated",
            message=f"Deactivated on {deactivated_on.isoformat()}: {why}. {NO_REFUND}",
            section="2.0",
            actor=acting_user,
            policy_version=partner.policy_version,
            effective_on=deactivated_on,
            data={"reason": why, "qualification_deadline": deadline, "refund": False},
        )
        period_change(partner=partner, prior=prior, effective_on=deactivated_on, event=event)
        mail_partner(
            partner,
            "membership deactivated",
            f"Your partner program membership was deactivated on {deactivated_on.isoformat()}: {why}.\n\n"
            f"Program fees are not refunded. If you fulfil the participation requirements later in the same "
            f"Program Year and rejoin, the fee is waived (§2.0).",
        )
    return partner


def partner_terminate(
    *, partner: Partner, terminated_on: dt.date, acting_user: User, reason: str, recorded_on: dt.date | None = None
) -> Partner:
    """End a partner's participation altogether (R2.6); final. Dated after `recorded_on` (an evaluation's
    notice taking effect later), it is a future period: earlier dates keep the partner's state then."""
    why = _required_text(reason, "reason")
    with transaction.atomic():
        partner = _locked(partner)
        prior = PartnerState.of(partner)
        check_transition(partner.status, "terminate")
        _not_before(terminated_on, partner.approved_on, "terminated_on", "the approval")
        _set_status(partner, PartnerStatus.TERMINATED, terminated_on)
        partner.save(update_fields=("status", "status_since"))
        _resolve_work(partner, [WorkItem.DEACTIVATION_DUE], terminated_on, acting_user, "terminated")
        event = record_event(
            partner=partner,
            kind="terminated",
            message=f"Participation terminated on {terminated_on.isoformat()}: {why}. {NO_REFUND}",
            section="2.0",
            actor=acting_user,
            policy_version=partner.policy_version,
            effective_on=terminated_on,
            data={"reason": why, "refund": False},
        )
        period_change(partner=partner, prior=prior, effective_on=terminated_on, event=event, recorded_on=recorded_on)
        mail_partner(
            partner,
            "participation terminated",
            f"Your participation in the partner program was terminated on {terminated_on.isoformat()}.\n\n"
            f"Reason: {why}\n\nProgram fees are not refunded (§2.0).",
        )
    return partner


def partner_reassign(
    *,
    partner: Partner,
    classification: str,
    effective_on: dt.date,
    acting_user: User,
    reason: str,
    notice: str = "",
    notice_on: dt.date | None = None,
    referral_fee_program: bool | None = None,
    referral_fee_percent: Decimal | None = None,
    reseller_agreement_signed: bool | None = None,
    resale_discount_percent: Decimal | None = None,
    rank: str | None = None,
    solution_name: str | None = None,
    recorded_on: dt.date | None = None,
) -> Partner:
    """Re-assign a partner to another classification (R2.6, R3.1), kept in its classification history.

    The change holds from `effective_on`: dates before it keep the classification and terms then in force
    (docs/history.md). Dated after `recorded_on` it is a future period, cached on the row from its first day.

    The invoices of the year stay as they are (no refund, no surcharge); the next renewal invoices the new
    classification's fee. Terms the new classification cannot have are dropped and said so.
    """
    why = _required_text(reason, "reason")
    policy = policy_for_input(effective_on, "effective_on")
    with transaction.atomic():
        partner = _locked(partner)
        prior = PartnerState.of(partner)
        check_transition(partner.status, "reassign")
        key = _known_classification(policy, classification)
        if key == partner.classification:
            raise ValidationError({"classification": [f"the partner is already {key}"]})
        _not_before(effective_on, partner.approved_on, "effective_on", "the approval")
        if notice_on is not None and notice_on > effective_on:
            raise PolicyViolation(
                [
                    Violation(
                        "change_before_notice",
                        "8.0",
                        f"a change of classification takes effect after its notice: notice of "
                        f"{notice_on.isoformat()} is after {effective_on.isoformat()}",
                    )
                ]
            )
        terms = agreement_terms(
            policy,
            key,
            referral_fee_program=referral_fee_program,
            referral_fee_percent=referral_fee_percent,
            reseller_agreement_signed=reseller_agreement_signed,
            resale_discount_percent=resale_discount_percent,
            rank=rank,
            solution_name=solution_name,
            current=partner,
        )
        previous = partner.classification
        partner.classification = key
        _apply_terms(partner, terms)
        partner.save()
        ClassificationChange.objects.create(
            partner=partner,
            from_classification=previous,
            to_classification=key,
            changed_on=effective_on,
            changed_by=acting_user,
            reason=why,
            notice=(notice or "").strip(),
            notice_on=notice_on,
            policy_version=policy.version_date,
        )
        old_name, new_name = _classification_name(policy, previous), _classification_name(policy, key)
        notes = "".join(f" Note: {note}." for note in terms.notes)
        event = record_event(
            partner=partner,
            kind="classification_changed",
            message=(
                f"Re-assigned from {old_name} to {new_name} on {effective_on.isoformat()}: {why}."
                + (
                    f" Notice: {notice.strip()}" + (f" ({notice_on.isoformat()})." if notice_on else ".")
                    if notice
                    else ""
                )
                + notes
                + " This year's invoices stay as issued; the next renewal invoices the new classification."
            ),
            section="2.0, 3.0",
            actor=acting_user,
            policy_version=policy.version_date,
            effective_on=effective_on,
            data={"from": previous, "to": key, "notice_on": notice_on, **_terms_data(terms)},
        )
        period_change(partner=partner, prior=prior, effective_on=effective_on, event=event, recorded_on=recorded_on)
        mail_partner(
            partner,
            f"classification changed to {new_name}",
            f"From {effective_on.isoformat()} your partner classification is {new_name} (was {old_name}).\n\n"
            f"Reason: {why}{notes}",
        )
    return partner


def partner_rejoin(
    *,
    partner: Partner,
    rejoined_on: dt.date,
    acting_user: User,
    reason: str = "",
    classification: str | None = None,
    requirements_fulfilled: bool,
) -> Partner:
    """A deactivated partner rejoins (R2.5): approved again with a new qualification window from
    `rejoined_on`. The fee is waived only for a partner that fulfils the participation requirements
    (`requirements_fulfilled`, judged by the caller on `rejoined_on`) in a Program Year whose fee it was
    already invoiced (§2.0: it "subsequently fulfills the Participation Requirements in the same Program Year
    and seeks to re-join"); otherwise the fee is invoiced as for a new enrollment (§5.1). It becomes a
    Registered Partner, as every approved partner does, through `partner_register` once the minimum
    criteria are met."""
    policy = policy_for_input(rejoined_on, "rejoined_on")
    with transaction.atomic():
        partner = _locked(partner)
        prior = PartnerState.of(partner)
        check_transition(partner.status, "rejoin")
        _not_before(rejoined_on, partner.status_since, "rejoined_on", "the deactivation")
        key = _known_classification(policy, classification or partner.classification)
        terms = agreement_terms(policy, key, current=partner)
        same_year = (
            requirements_fulfilled and Invoice.objects.filter(partner=partner, program_year=rejoined_on.year).exists()
        )
        fee = fees.program_fee(policy, key, rejoined_on, rejoining_same_year=same_year)
        deadline = calendar.qualification_deadline(policy, rejoined_on)

        previous = partner.classification
        _set_status(partner, PartnerStatus.APPROVED, rejoined_on)
        partner.classification = key
        _apply_terms(partner, terms)
        partner.approved_on = rejoined_on
        partner.qualification_deadline = deadline.outcome
        partner.registered_on = None
        partner.policy_version = policy.version_date
        partner.save()
        why = (reason or "").strip() or "rejoins the program"
        if key != previous:
            ClassificationChange.objects.create(
                partner=partner,
                from_classification=previous,
                to_classification=key,
                changed_on=rejoined_on,
                changed_by=acting_user,
                reason=f"rejoined as {key}: {why}",
                policy_version=policy.version_date,
            )
        if same_year:
            waiver = (
                f"it fulfils the participation requirements and the fee of Program Year {rejoined_on.year} was "
                "already invoiced, so it is waived (§2.0)"
            )
        elif requirements_fulfilled:
            waiver = f"no fee was invoiced for Program Year {rejoined_on.year} yet, so it is invoiced (§5.1)"
        else:
            waiver = (
                "it does not fulfil the participation requirements, so the fee is not waived and is invoiced "
                "(§2.0, §5.1)"
            )
        event = record_event(
            partner=partner,
            kind="rejoined",
            message=(
                f"Rejoined on {rejoined_on.isoformat()} as {_classification_name(policy, key)} ({why}); "
                f"{deadline.reasons[0].message} (§2.0); {waiver}"
            ),
            section="2.0" if same_year else "2.0, 5.1",
            actor=acting_user,
            policy_version=policy.version_date,
            effective_on=rejoined_on,
            data={"classification": key, "qualification_deadline": deadline.outcome, "fee_waived": same_year},
        )
        period_change(partner=partner, prior=prior, effective_on=rejoined_on, event=event)
        mail_partner(
            partner,
            "welcome back",
            f"You rejoined the partner program on {rejoined_on.isoformat()}. You have until "
            f"{deadline.outcome.isoformat()} to meet the minimum criteria and become a Registered Partner (§2.0); "
            f"{waiver}.",
        )
        invoice_issue(
            partner=partner,
            policy=policy,
            fee=fee,
            origin=InvoiceOrigin.REJOIN,
            issued_on=rejoined_on,
            acting_user=acting_user,
        )
    return partner


# --- users ---------------------------------------------------------------------------------------------


def partner_user_create(
    *,
    partner: Partner,
    username: str,
    password: str,
    email: str,
    representative: bool,
    acting_user: User,
) -> PartnerUser:
    """A sign-in for `partner`; `representative` makes it a Designated Partner Representative (§7.3)."""
    errors: dict[str, list[str]] = {}
    clean_username = (username or "").strip()
    if not clean_username:
        errors["username"] = ["This field is required."]
    elif User.objects.filter(username=clean_username).exists():
        errors["username"] = [f"{clean_username!r} is taken"]
    clean_email = (email or "").strip()
    try:
        validate_email(clean_email)
    except ValidationError:
        errors["email"] = [f"{clean_email!r} is not an email address"]
    try:
        validate_password(password, user=User(username=clean_username, email=clean_email))
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User.objects.create_user(clean_username, email=clean_email, password=password)
        member = PartnerUser.objects.create(user=user, partner=partner, representative=representative)
        record_event(
            partner=partner,
            kind="user_added",
            message=f"User {clean_username} added"
            + (" as a Designated Partner Representative (§7.3)" if representative else ""),
            section="7.3" if representative else "",
            actor=acting_user,
            data={"user": user.pk, "username": clean_username, "representative": representative},
        )
    return member


# --- renewal (§5.1) -------------------------------------------------------------------------------------


def non_renewal_notice_record(
    *, partner: Partner, received_on: dt.date, acting_user: User, note: str = ""
) -> NonRenewalNotice:
    """Record a partner's written notice of non-renewal (R2.9). Received on or before the deadline
    (2 December) it stops the renewal on the next 1 January; later, the membership renews once more and
    ends after that Program Year. A second notice for the same end is refused (409)."""
    policy = policy_for_input(received_on, "received_on")
    with transaction.atomic():
        partner = _locked(partner)
        check_transition(partner.status, "record_non_renewal_notice")
        _not_before(received_on, partner.approved_on, "received_on", "the approval")
        decision = calendar.notice_stops_renewal(policy, received_on.year, received_on)
        ends_after = received_on.year if decision.outcome else received_on.year + 1
        existing = NonRenewalNotice.objects.filter(
            partner=partner, ends_after_program_year=ends_after, withdrawn_on__isnull=True
        ).first()
        if existing is not None:
            raise Conflict(
                f"a notice of non-renewal received {existing.received_on.isoformat()} already ends the membership "
                f"after Program Year {ends_after}"
            )
        renewal = Invoice.objects.filter(
            partner=partner, program_year=ends_after + 1, origin=InvoiceOrigin.RENEWAL
        ).first()
        if renewal is not None:
            raise Conflict(
                f"the membership already renewed into Program Year {ends_after + 1} (invoice {renewal.pk} of "
                f"{renewal.issued_on.isoformat()}); a notice recorded now cannot stop it"
            )
        notice = NonRenewalNotice.objects.create(
            partner=partner,
            received_on=received_on,
            in_time=decision.outcome,
            ends_after_program_year=ends_after,
            note=(note or "").strip(),
            recorded_by=acting_user,
            policy_version=decision.policy_version,
            reasons=[reason.as_dict() for reason in decision.reasons],
        )
        ends = f"the membership ends on 31 December {ends_after} and does not renew for {ends_after + 1}"
        record_event(
            partner=partner,
            kind="non_renewal_notice",
            message=f"Written notice of non-renewal received {received_on.isoformat()}: "
            f"{decision.reasons[0].message}; {ends}",
            section=policy.windows.renewal_section,
            actor=acting_user,
            policy_version=decision.policy_version,
            effective_on=received_on,
            data={"notice": notice.pk, "in_time": decision.outcome, "ends_after_program_year": ends_after},
        )
        mail_partner(
            partner,
            "notice of non-renewal received",
            f"We received your written notice of non-renewal on {received_on.isoformat()}: {ends} (§5.1).",
        )
    return notice


def partner_renew(*, partner: Partner, program_year: int, as_of: dt.date) -> Invoice | None:
    """The automatic renewal into `program_year` on 1 January (R2.9, R7.4): the year's full fee.

    Called by the tick for a partner without a notice that stops it; does nothing (None) if the year's
    fee was already invoiced."""
    with transaction.atomic():
        partner = _locked(partner)
        check_transition(partner.status, "renew")
        # A zero fee (an OEM partner's) issues no invoice: the "renewed" event itself says the year is done.
        if (
            Invoice.objects.filter(partner=partner, program_year=program_year).exists()
            or PartnerEvent.objects.filter(partner=partner, kind="renewed", data__program_year=program_year).exists()
        ):
            return None
        renews_on = calendar.renewal_date(policy_for_input(as_of, "as_of"), program_year - 1)
        policy = policy_for_input(renews_on, "as_of")
        fee = fees.renewal_fee(policy, partner.classification, program_year)
        notice_deadline = calendar.non_renewal_deadline(policy, program_year - 1).outcome
        record_event(
            partner=partner,
            kind="renewed",
            message=(
                f"Membership renewed for Program Year {program_year} on {renews_on.isoformat()}: no written notice "
                f"of non-renewal arrived by {notice_deadline.isoformat()}"
            ),
            section=policy.windows.renewal_section,
            actor=None,
            policy_version=policy.version_date,
            effective_on=renews_on,
            data={"program_year": program_year},
        )
        return invoice_issue(
            partner=partner, policy=policy, fee=fee, origin=InvoiceOrigin.RENEWAL, issued_on=renews_on, acting_user=None
        )


def partner_end_membership(*, partner: Partner, notice: NonRenewalNotice, as_of: dt.date) -> Partner:
    """At the end of the Program Year a timely notice named, the membership ends: the partner is
    deactivated (it may rejoin later, paying that year's fee). Called by the tick."""
    with transaction.atomic():
        partner = _locked(partner)
        prior = PartnerState.of(partner)
        check_transition(partner.status, "end_membership")
        policy = policy_for_input(as_of, "as_of")
        year = notice.ends_after_program_year
        ends_on = calendar.renewal_date(policy, year)
        _set_status(partner, PartnerStatus.DEACTIVATED, ends_on)
        partner.save(update_fields=("status", "status_since"))
        _resolve_work(partner, [WorkItem.DEACTIVATION_DUE], as_of, None, "membership ended")
        event = record_event(
            partner=partner,
            kind="membership_ended",
            message=(
                f"Membership ended on 31 December {year} and did not renew for {year + 1}: written notice of "
                f"non-renewal received {notice.received_on.isoformat()} (§5.1). {NO_REFUND}"
            ),
            section=f"{policy.windows.renewal_section}, 2.0",
            actor=None,
            policy_version=policy.version_date,
            effective_on=ends_on,
            data={"notice": notice.pk, "program_year": year},
        )
        period_change(partner=partner, prior=prior, effective_on=ends_on, event=event, recorded_on=as_of)
        mail_partner(
            partner,
            f"membership ended after Program Year {year}",
            f"As you gave written notice on {notice.received_on.isoformat()}, your partner program membership ended "
            f"on 31 December {year} and was not renewed (§5.1). You are welcome to rejoin at any time.",
        )
    return partner


# --- the qualification window and the managers' queue ----------------------------------------------------


def partner_flag_deactivation_due(*, partner: Partner, as_of: dt.date) -> WorkItem | None:
    """The qualification window ended without registration: put the partner on the managers' deactivation
    list (the policy says it *may* be deactivated, §2.0; a manager decides). Once per window."""
    deadline = partner.qualification_deadline
    if partner.status != PartnerStatus.APPROVED or deadline is None or as_of <= deadline:
        return None
    with transaction.atomic():
        item, created = WorkItem.objects.get_or_create(
            partner=partner,
            kind=WorkItem.DEACTIVATION_DUE,
            key=deadline.isoformat(),
            defaults={
                "message": (
                    f"The qualification window ended on {deadline.isoformat()} without registration: the partner "
                    f"may be deactivated, without refund of program fees (§2.0)"
                ),
                "section": "2.0",
                "opened_on": as_of,
            },
        )
        if not created:
            return None
        record_event(
            partner=partner,
            kind="deactivation_due",
            message=item.message + "; put on the vendor managers' deactivation list",
            section="2.0",
            actor=None,
            policy_version=partner.policy_version,
            effective_on=as_of,
            data={"work_item": item.pk, "qualification_deadline": deadline},
        )
    return item


def work_item_resolve(*, item: WorkItem, resolved_on: dt.date, acting_user: User, resolution: str) -> WorkItem:
    """A manager closes a queue entry without the action it suggests (e.g. keeps a partner whose window
    ended). It is not reopened for the same occurrence."""
    why = _required_text(resolution, "resolution")
    with transaction.atomic():
        item = WorkItem.objects.select_for_update().select_related("partner").get(pk=item.pk)
        if item.resolved_on is not None:
            raise Conflict(f"work item {item.pk} was already resolved on {item.resolved_on.isoformat()}")
        _not_before(resolved_on, item.opened_on, "resolved_on", "the item was opened")
        item.resolved_on, item.resolved_by, item.resolution = resolved_on, acting_user, why
        item.save(update_fields=("resolved_on", "resolved_by", "resolution"))
        record_event(
            partner=item.partner,
            kind="work_item_resolved",
            message=f"{item.kind.replace('_', ' ').capitalize()} resolved by a manager: {why}",
            section=item.section,
            actor=acting_user,
            effective_on=resolved_on,
            data={"work_item": item.pk, "kind": item.kind},
        )
    return item
