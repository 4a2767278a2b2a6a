"""Writes of the benefits app: Demonstrations (§9.1)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from partnerhub.benefits.events import BenefitsEventKind
from partnerhub.benefits.models import Demonstration
from partnerhub.benefits.services.common import decision_reasons, locked, refuse
from partnerhub.core.errors import Conflict
from partnerhub.core.mailformat import day
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner, PartnerStatus
from partnerhub.policy.benefits import demo_notice_required
from partnerhub.policystore.selectors import policy_for_input, policy_in_force

ENDED_STATUSES = frozenset({PartnerStatus.TERMINATED, PartnerStatus.DEACTIVATED, PartnerStatus.REJECTED})


def _require_member(partner: Partner, on: dt.date) -> None:
    """A partner whose membership ended (or never began) demonstrates nothing on the vendor's behalf."""
    if partner.status in ENDED_STATUSES:
        refuse(
            "partner_participates",
            policy_in_force(on).compensation.participation_section,
            _(
                "%(partner)s is %(status)s: it no longer takes part in the partner program and "
                "records no demonstration notices (§9.1)"
            )
            % {"partner": partner.name, "status": partner.status},
        )


@transaction.atomic
def demonstration_record(
    *,
    partner: Partner,
    prospect: str,
    demo_on: dt.date,
    sales_force: int,
    customer_service_group: int,
    advised_on: dt.date | None,
    recorded_on: dt.date,
    acting_user: User,
) -> Demonstration:
    """Record a demonstration to a prospect; with `advised_on` this is the partner's notice to the vendor.
    One that needs a notice (§9.1: a sales force or customer-service group of more than 20) and has none
    by its date is flagged to the managers. The policy applied is the one in force on the demonstration's
    date, whenever it is recorded."""
    _require_member(partner, recorded_on)
    policy = policy_for_input(demo_on, "demo_on")
    decision = demo_notice_required(policy, sales_force, customer_service_group)
    demonstration = Demonstration.objects.create(
        partner=partner,
        prospect=prospect,
        demo_on=demo_on,
        sales_force=sales_force,
        customer_service_group=customer_service_group,
        notice_required=decision.outcome,
        advised_on=advised_on,
        recorded_on=recorded_on,
        recorded_by=acting_user,
        policy_version=decision.policy_version,
        reasons=decision_reasons(decision),
    )
    section = policy.windows.demo_notice_section
    if advised_on is not None:
        kind = BenefitsEventKind.DEMONSTRATION_ADVISED
        message = f"Advised the vendor of a demonstration to {prospect} on {demo_on}"
    else:
        kind = BenefitsEventKind.DEMONSTRATION_RECORDED
        message = f"Recorded a demonstration to {prospect} on {demo_on}"
    if demonstration.notice_missing:
        kind = BenefitsEventKind.DEMONSTRATION_NOTICE_MISSING
        message += f" without the notice it requires ({decision.reasons[0].message})"
    record_event(
        partner=partner,
        kind=kind,
        message=message,
        section=section,
        actor=acting_user,
        data={"demonstration": demonstration.pk, "notice_required": decision.outcome},
        policy_version=decision.policy_version,
        effective_on=recorded_on,
    )
    return demonstration


@transaction.atomic
def demonstration_advise(*, demonstration: Demonstration, advised_on: dt.date, acting_user: User) -> Demonstration:
    """The partner advises the vendor of a demonstration already recorded."""
    demonstration = locked(demonstration)
    _require_member(demonstration.partner, advised_on)
    if demonstration.advised_on is not None:
        raise Conflict(_("the vendor was already advised on %(day)s") % {"day": day(demonstration.advised_on)})
    demonstration.advised_on = advised_on
    demonstration.save(update_fields=["advised_on"])
    late = demonstration.notice_missing
    record_event(
        partner=demonstration.partner,
        kind=BenefitsEventKind.DEMONSTRATION_ADVISED,
        message=f"Advised the vendor of the demonstration to {demonstration.prospect} on {demonstration.demo_on}"
        + (" (after the demonstration)" if late else ""),
        section=policy_in_force(advised_on).windows.demo_notice_section,
        actor=acting_user,
        data={"demonstration": demonstration.pk, "late": late},
        policy_version=demonstration.policy_version,
        effective_on=advised_on,
    )
    return demonstration
