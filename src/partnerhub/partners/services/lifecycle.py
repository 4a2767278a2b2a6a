"""A member's lifecycle after approval: registration, deactivation, termination, re-assignment and rejoining
(§2.0, §3.0). Which action is allowed in which status is decided by `partners.lifecycle.check_transition`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.lifecycle import refuse_unmet
from partnerhub.partners.models import (
    ClassificationChange,
    Partner,
    WorkItem,
)
from partnerhub.partners.notifications import mail_partner
from partnerhub.partners.services.common import NO_REFUND, not_before, required_text, resolve_work, transition
from partnerhub.partners.services.terms import (
    agreement_terms,
    apply_terms,
    classification_name,
    known_classification,
    terms_data,
)
from partnerhub.partners.upstream import participation_requirements_met, program_fee_invoiced
from partnerhub.policy import calendar, lifecycle
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
    with transition(partner, "register") as step:
        partner = step.partner
        refuse_unmet(*reasons)
        not_before(registered_on, partner.approved_on, "registered_on", "the approval")
        step.move(registered_on)
        partner.registered_on = registered_on
        partner.save(update_fields=("status", "status_since", "registered_on"))
        resolve_work(partner, [WorkItem.DEACTIVATION_DUE], registered_on, acting_user, "registered")
        sections = ", ".join(dict.fromkeys([step.transition.section, *(reason.section for reason in reasons)]))
        step.record(
            kind=PartnersEventKind.REGISTERED,
            message=f"Registered Partner from {registered_on.isoformat()}: the minimum criteria are met (§2.0)",
            section=sections,
            actor=acting_user,
            policy_version=partner.policy_version,
            effective_on=registered_on,
            data={"reasons": [reason.as_dict() for reason in reasons]},
            recorded_on=recorded_on,
        )
        mail_partner(partner, "partners/mail/registered.txt", registered_on=registered_on)
    return partner


def partner_deactivate(*, partner: Partner, deactivated_on: dt.date, acting_user: User, reason: str = "") -> Partner:
    """Deactivate a prospective partner whose qualification window ended without registration (R2.5)."""
    with transition(partner, "deactivate") as step:
        partner = step.partner
        deadline = partner.qualification_deadline
        refuse_unmet(lifecycle.window_ended(deadline, deactivated_on))
        why = (reason or "").strip() or "the qualification window ended without registration"
        step.move(deactivated_on)
        partner.save(update_fields=("status", "status_since"))
        resolve_work(partner, [WorkItem.DEACTIVATION_DUE], deactivated_on, acting_user, "deactivated")
        step.record(
            kind=PartnersEventKind.DEACTIVATED,
            message=f"Deactivated on {deactivated_on.isoformat()}: {why}. {NO_REFUND}",
            actor=acting_user,
            policy_version=partner.policy_version,
            effective_on=deactivated_on,
            data={"reason": why, "qualification_deadline": deadline, "refund": False},
        )
        mail_partner(
            partner, "partners/mail/deactivated.txt", deactivated_on=deactivated_on, reason=(reason or "").strip()
        )
    return partner


def partner_terminate(
    *, partner: Partner, terminated_on: dt.date, acting_user: User, reason: str, recorded_on: dt.date | None = None
) -> Partner:
    """End a partner's participation altogether (R2.6); final. Dated after `recorded_on` (an evaluation's
    notice taking effect later), it is a future period: earlier dates keep the partner's state then."""
    why = required_text(reason, "reason")
    with transition(partner, "terminate") as step:
        partner = step.partner
        not_before(terminated_on, partner.approved_on, "terminated_on", "the approval")
        step.move(terminated_on)
        partner.save(update_fields=("status", "status_since"))
        resolve_work(partner, [WorkItem.DEACTIVATION_DUE], terminated_on, acting_user, "terminated")
        step.record(
            kind=PartnersEventKind.TERMINATED,
            message=f"Participation terminated on {terminated_on.isoformat()}: {why}. {NO_REFUND}",
            actor=acting_user,
            policy_version=partner.policy_version,
            effective_on=terminated_on,
            data={"reason": why, "refund": False},
            recorded_on=recorded_on,
        )
        mail_partner(partner, "partners/mail/terminated.txt", terminated_on=terminated_on, reason=why)
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
    with transition(partner, "reassign") as step:
        partner = step.partner
        key = known_classification(policy, classification)
        if key == partner.classification:
            raise ValidationError({"classification": [f"the partner is already {key}"]})
        not_before(effective_on, partner.approved_on, "effective_on", "the approval")
        refuse_unmet(lifecycle.notice_before_change(policy, notice_on, effective_on))
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
        step.record(
            kind=PartnersEventKind.CLASSIFICATION_CHANGED,
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
            section=f"{step.transition.section}, {lifecycle.CLASSIFICATIONS_SECTION}",
            actor=acting_user,
            policy_version=policy.version_date,
            effective_on=effective_on,
            data={"from": previous, "to": key, "notice_on": notice_on, **terms_data(terms)},
            recorded_on=recorded_on,
        )
        mail_partner(
            partner,
            "partners/mail/classification_changed.txt",
            effective_on=effective_on,
            new_name=new_name,
            old_name=old_name,
            reason=why,
            notes=terms.notes,
        )
    return partner


def partner_rejoin(
    *,
    partner: Partner,
    rejoined_on: dt.date,
    acting_user: User,
    reason: str = "",
    classification: str | None = None,
) -> Partner:
    """A deactivated partner rejoins (R2.5): approved again with a new qualification window from
    `rejoined_on`. The fee is waived only for a partner that fulfils the participation requirements on
    `rejoined_on` (judged by the people app, `partners.upstream`) in a Program Year whose fee it was
    already invoiced (§2.0: it "subsequently fulfills the Participation Requirements in the same Program Year
    and seeks to re-join"); otherwise the fee is invoiced as for a new enrollment (§5.1), by billing's
    reaction to the "rejoined" event. It becomes a Registered Partner, as every approved partner does,
    through `partner_register` once the minimum criteria are met."""
    policy = policy_for_input(rejoined_on, "rejoined_on")
    with transition(partner, "rejoin") as step:
        partner = step.partner
        not_before(rejoined_on, partner.status_since, "rejoined_on", "the deactivation")
        key = known_classification(policy, classification or partner.classification)
        terms = agreement_terms(policy, key, current=partner)
        requirements_fulfilled = participation_requirements_met(partner, rejoined_on)
        same_year = requirements_fulfilled and program_fee_invoiced(partner, rejoined_on.year)
        deadline = calendar.qualification_deadline(policy, rejoined_on)

        previous = partner.classification
        step.move(rejoined_on)
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
        # The mail is queued first: it goes out before the invoice the rejoining issues (billing.reactions).
        mail_partner(
            partner,
            "partners/mail/rejoined.txt",
            rejoined_on=rejoined_on,
            deadline=deadline.outcome,
            year=rejoined_on.year,
            fee="waived" if same_year else "invoiced" if requirements_fulfilled else "not_waived",
        )
        step.record(
            kind=PartnersEventKind.REJOINED,
            message=(
                f"Rejoined on {rejoined_on.isoformat()} as {classification_name(policy, key)} ({why}); "
                f"{deadline.reasons[0].message} (§2.0); {waiver}"
            ),
            section=step.transition.section if same_year else f"{step.transition.section}, {policy.fees.section}",
            actor=acting_user,
            policy_version=policy.version_date,
            effective_on=rejoined_on,
            data={"classification": key, "qualification_deadline": deadline.outcome, "fee_waived": same_year},
        )
    return partner
