"""The 2019 stories of the other apps' demos carried on to the demo's today, when that is more than a year later.

Those stories are dated in 2019 (so that `partnerhub tick --as-of 2019-10-16` tells them); built for a today
years later, what they left waiting would fill the managers' queues with items from 2019. Here it is decided
as a manager would have decided it then, and Contoso Automation, whose 2019 window ended unregistered, is
deactivated after it and rejoins recently, so that carl has a partner in its qualification window with
registrations of this month: the queues hold recent items only. Everything goes through the services.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.auth.models import User

from partnerhub.benefits.models import BenefitRequest, BenefitRequestStatus
from partnerhub.benefits.services import benefit_requests
from partnerhub.deals import services as deals
from partnerhub.deals.models import Registration, RegistrationStatus
from partnerhub.partners.models import Partner, PartnerStatus
from partnerhub.partners.services.application import partner_reject
from partnerhub.partners.services.lifecycle import partner_deactivate, partner_rejoin
from partnerhub.portal.demo.programme import CONTOSO_DEALS

if TYPE_CHECKING:
    from partnerhub.portal.demo.builder import Builder

STALE_AFTER_DAYS = 365
"""Items of the 2019 stories this much older than the demo's today are settled; a demo built in 2019 keeps them."""
CONTOSO = "Contoso Automation"
REJOINED_DAYS_AGO = 45


def carry_on(builder: Builder) -> None:
    cutoff = builder.ago(STALE_AFTER_DAYS)
    _decide_registrations(builder, cutoff)
    _decide_applications(builder, cutoff)
    _fulfil_requests(builder, cutoff)
    _contoso_rejoins(builder, cutoff)


def _decide_registrations(builder: Builder, cutoff: dt.date) -> None:
    """Contoso's 2019 claims on Northwind's opportunities (a conflict, a near duplicate) were rejected;
    every other registration left pending was approved, each within a week."""
    waiting = Registration.objects.filter(status=RegistrationStatus.PENDING, submitted_on__lt=cutoff)
    for registration in waiting.select_related("partner").order_by("submitted_on", "pk"):
        decided_on = registration.submitted_on + dt.timedelta(days=6)
        if registration.partner.name == CONTOSO:
            deals.registration_reject(
                registration=registration,
                rejected_on=decided_on,
                reason="Northwind Consulting registered this opportunity first (§7.3).",
                acting_user=builder.manager,
            )
        else:
            deals.registration_approve(
                registration=registration,
                approved_on=decided_on,
                acting_user=builder.manager,
                note="Qualified: budget and decision maker confirmed",
            )


def _decide_applications(builder: Builder, cutoff: dt.date) -> None:
    for partner in Partner.objects.filter(status=PartnerStatus.APPLIED, applied_on__lt=cutoff).order_by("pk"):
        assert partner.applied_on is not None
        reason = (
            "an OEM partnership is agreed by separate contract with the vendor, outside this programme (§3.0)"
            if partner.classification == "oem"
            else "the application lapsed: the documents the vendor asked for never came"
        )
        partner_reject(
            partner=partner,
            rejected_on=partner.applied_on + dt.timedelta(days=60),
            acting_user=builder.manager,
            reason=reason,
        )


def _fulfil_requests(builder: Builder, cutoff: dt.date) -> None:
    waiting = BenefitRequest.objects.filter(status=BenefitRequestStatus.REQUESTED, requested_on__lt=cutoff)
    for request in waiting.order_by("pk"):
        benefit_requests.benefit_request_fulfil(
            benefit_request=request,
            fulfilled_on=request.requested_on + dt.timedelta(days=10),
            note="Scheduled with the partner's team.",
            acting_user=builder.manager,
        )


def _contoso_rejoins(builder: Builder, cutoff: dt.date) -> None:
    """Contoso's 2019 window ended unregistered: deactivated twelve days later, it rejoins 45 days before
    today with its invoice paid, and carl registers deals this month (a conflict with Northwind's
    Margate Energy, a near duplicate of its Wingtip Airlines)."""
    contoso = Partner.objects.filter(name=CONTOSO, status=PartnerStatus.APPROVED).first()
    if contoso is None or contoso.qualification_deadline is None or contoso.qualification_deadline >= cutoff:
        return
    contoso = partner_deactivate(
        partner=contoso,
        deactivated_on=contoso.qualification_deadline + dt.timedelta(days=12),
        acting_user=builder.manager,
        reason="the qualification window ended without the minimum criteria",
    )
    rejoined_on = builder.ago(REJOINED_DAYS_AGO)
    contoso = partner_rejoin(
        partner=contoso,
        rejoined_on=rejoined_on,
        acting_user=builder.manager,
        reason="a new team, trained this year, asked to join again",
    )
    builder.pay_open_invoices(contoso, rejoined_on + dt.timedelta(days=5))
    contoso.refresh_from_db()
    carl = User.objects.filter(username="carl", partner_membership__partner=contoso).first()
    builder.register_deals(contoso, CONTOSO_DEALS, carl)
