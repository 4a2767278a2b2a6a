"""A member's lifecycle after approval: registration, deactivation, termination, re-assignment and rejoining
(§2.0, §3.0). Which action is allowed in which status is decided by `partners.lifecycle.check_transition`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from partnerhub.billing.models import Invoice, InvoiceOrigin
from partnerhub.billing.services import invoice_issue
from partnerhub.core.errors import PolicyViolation, Violation, violations
from partnerhub.partners.history import record_event
from partnerhub.partners.lifecycle import check_transition
from partnerhub.partners.models import (
    ClassificationChange,
    Partner,
    PartnerStatus,
    WorkItem,
)
from partnerhub.partners.notifications import mail_partner
from partnerhub.partners.periods import PartnerState, period_change
from partnerhub.partners.services.common import NO_REFUND, locked, not_before, required_text, resolve_work, set_status
from partnerhub.partners.services.terms import (
    agreement_terms,
    apply_terms,
    classification_name,
    known_classification,
    terms_data,
)
from partnerhub.policy import calendar, fees
from partnerhub.policy.decision import Reason
from partnerhub.policystore.selectors import policy_for_input


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
        partner = locked(partner)
        prior = PartnerState.of(partner)
        check_transition(partner.status, "register")
        if unmet:
            raise PolicyViolation(violations(unmet))
        not_before(registered_on, partner.approved_on, "registered_on", "the approval")
        set_status(partner, PartnerStatus.REGISTERED, registered_on)
        partner.registered_on = registered_on
        partner.save(update_fields=("status", "status_since", "registered_on"))
        resolve_work(partner, [WorkItem.DEACTIVATION_DUE], registered_on, acting_user, "registered")
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
        partner = locked(partner)
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
        set_status(partner, PartnerStatus.DEACTIVATED, deactivated_on)
        partner.save(update_fields=("status", "status_since"))
        resolve_work(partner, [WorkItem.DEACTIVATION_DUE], deactivated_on, acting_user, "deactivated")
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
    why = required_text(reason, "reason")
    with transaction.atomic():
        partner = locked(partner)
        prior = PartnerState.of(partner)
        check_transition(partner.status, "terminate")
        not_before(terminated_on, partner.approved_on, "terminated_on", "the approval")
        set_status(partner, PartnerStatus.TERMINATED, terminated_on)
        partner.save(update_fields=("status", "status_since"))
        resolve_work(partner, [WorkItem.DEACTIVATION_DUE], terminated_on, acting_user, "terminated")
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
    why = required_text(reason, "reason")
    policy = policy_for_input(effective_on, "effective_on")
    with transaction.atomic():
        partner = locked(partner)
        prior = PartnerState.of(partner)
        check_transition(partner.status, "reassign")
        key = known_classification(policy, classification)
        if key == partner.classification:
            raise ValidationError({"classification": [f"the partner is already {key}"]})
        not_before(effective_on, partner.approved_on, "effective_on", "the approval")
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
        apply_terms(partner, terms)
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
        old_name, new_name = classification_name(policy, previous), classification_name(policy, key)
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
            data={"from": previous, "to": key, "notice_on": notice_on, **terms_data(terms)},
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
        partner = locked(partner)
        prior = PartnerState.of(partner)
        check_transition(partner.status, "rejoin")
        not_before(rejoined_on, partner.status_since, "rejoined_on", "the deactivation")
        key = known_classification(policy, classification or partner.classification)
        terms = agreement_terms(policy, key, current=partner)
        same_year = (
            requirements_fulfilled and Invoice.objects.filter(partner=partner, program_year=rejoined_on.year).exists()
        )
        fee = fees.program_fee(policy, key, rejoined_on, rejoining_same_year=same_year)
        deadline = calendar.qualification_deadline(policy, rejoined_on)

        previous = partner.classification
        set_status(partner, PartnerStatus.APPROVED, rejoined_on)
        partner.classification = key
        apply_terms(partner, terms)
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
                f"Rejoined on {rejoined_on.isoformat()} as {classification_name(policy, key)} ({why}); "
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
