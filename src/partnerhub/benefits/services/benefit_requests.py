"""Writes of the benefits app: Benefit requests (§5.1)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext

from partnerhub.benefits.events import BenefitsEventKind
from partnerhub.benefits.models import BenefitRequest, BenefitRequestStatus
from partnerhub.benefits.services.common import decision_reasons, locked, require_state
from partnerhub.core.errors import Conflict, InvalidInput, refuse_unless
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner
from partnerhub.partners.notifications import mail_partner
from partnerhub.partners.periods import partner_state_on
from partnerhub.policy import licenses
from partnerhub.policy.decision import Decision
from partnerhub.policystore.selectors import policy_for_input, policy_in_force


def benefit_request_preview(
    *, partner: Partner, benefit: str, as_of: dt.date, acknowledged_cost: bool
) -> Decision[bool]:
    """What a request for `benefit` sent on `as_of` would meet: entitlement, notes and the cost notice."""
    state = partner_state_on(partner, as_of)
    return licenses.benefit_request_sendable(
        policy_for_input(as_of, "as_of"),
        benefit_key=benefit,
        classification=state.classification,
        status=state.status,
        as_of=as_of,
        acknowledged_cost=acknowledged_cost,
    )


@transaction.atomic
def benefit_request_create(
    *,
    partner: Partner,
    benefit: str,
    details: str,
    acknowledged_cost: bool,
    requested_on: dt.date,
    acting_user: User,
) -> BenefitRequest:
    """Send a request for a benefit provided on request; refused (422) unless entitled and cost acknowledged."""
    policy = policy_for_input(requested_on, "requested_on")
    state = partner_state_on(partner, requested_on)
    decision = licenses.benefit_request_sendable(
        policy,
        benefit_key=benefit,
        classification=state.classification,
        status=state.status,
        as_of=requested_on,
        acknowledged_cost=acknowledged_cost,
    )
    refuse_unless(decision)
    definition = next(item for item in policy.benefits if item.key == benefit)
    request = BenefitRequest.objects.create(
        partner=partner,
        benefit=benefit,
        benefit_label=definition.label,
        details=details,
        may_cost=definition.may_cost,
        acknowledged_cost=acknowledged_cost,
        notes=list(definition.notes_for(state.classification)),
        requested_on=requested_on,
        requested_by=acting_user,
        policy_version=decision.policy_version,
        reasons=decision_reasons(decision),
    )
    record_event(
        partner=partner,
        kind=BenefitsEventKind.BENEFIT_REQUESTED,
        message=f"Requested {definition.label!r}" + (" (cost acknowledged)" if definition.may_cost else ""),
        section=definition.section,
        actor=acting_user,
        data={"benefit_request": request.pk, "benefit": benefit, "acknowledged_cost": acknowledged_cost},
        policy_version=decision.policy_version,
        effective_on=requested_on,
    )
    return request


_KIND_OF_DECISION: dict[str, BenefitsEventKind] = {
    BenefitRequestStatus.FULFILLED: BenefitsEventKind.BENEFIT_FULFILLED,
    BenefitRequestStatus.DECLINED: BenefitsEventKind.BENEFIT_DECLINED,
}


def _benefit_request_decide(
    *, benefit_request: BenefitRequest, status: str, decided_on: dt.date, note: str, acting_user: User
) -> BenefitRequest:
    request = locked(benefit_request)
    require_state(request, [BenefitRequestStatus.REQUESTED], f"mark the request {status}")
    if decided_on < request.requested_on:
        raise Conflict(
            gettext("a request sent on %(requested_on)s cannot be decided on %(decided_on)s")
            % {"requested_on": request.requested_on, "decided_on": decided_on}
        )
    request.status = status
    request.decided_on = decided_on
    request.decided_by = acting_user
    request.decision_note = note
    request.save(update_fields=["status", "decided_on", "decided_by", "decision_note"])
    verb = "Fulfilled" if status == BenefitRequestStatus.FULFILLED else "Declined"
    record_event(
        partner=request.partner,
        kind=_KIND_OF_DECISION[status],
        message=f"{verb} the request for {request.benefit_label!r}" + (f": {note}" if note else ""),
        # The benefit's section in the version the request was sent under, which has the benefit.
        section=policy_in_force(request.requested_on).benefit(request.benefit).section,
        actor=acting_user,
        data={"benefit_request": request.pk, "benefit": request.benefit, "note": note},
        policy_version=request.policy_version,
        effective_on=decided_on,
    )
    mail_partner(
        request.partner,
        "benefits/mail/benefit_request_decided.txt",
        request=request,
        fulfilled=status == BenefitRequestStatus.FULFILLED,
        decided_on=decided_on,
        note=note,
    )
    return request


@transaction.atomic
def benefit_request_fulfil(
    *, benefit_request: BenefitRequest, fulfilled_on: dt.date, note: str, acting_user: User
) -> BenefitRequest:
    return _benefit_request_decide(
        benefit_request=benefit_request,
        status=BenefitRequestStatus.FULFILLED,
        decided_on=fulfilled_on,
        note=note,
        acting_user=acting_user,
    )


@transaction.atomic
def benefit_request_decline(
    *, benefit_request: BenefitRequest, declined_on: dt.date, reason: str, acting_user: User
) -> BenefitRequest:
    if not reason.strip():
        raise InvalidInput("reason", gettext("Say why the request is declined."))
    return _benefit_request_decide(
        benefit_request=benefit_request,
        status=BenefitRequestStatus.DECLINED,
        decided_on=declined_on,
        note=reason,
        acting_user=acting_user,
    )
