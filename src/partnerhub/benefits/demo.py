"""Demo benefits, on the lifecycle demo's Solution partner (Litware Solutions, registered 2019-05-02;
sign-in `lena`): benefit requests in every state, a published Amelia Marketplace listing, an approved and a
withdrawn trademark use, and a demonstration recorded without the notice it needs.

Like the lifecycle demo, the story is set in Program Year 2019. Everything goes through the services and is
skipped when it is already there, so `partnerhub demo` can run again and again.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from partnerhub.benefits.models import BenefitRequest, Demonstration, MarketplaceListing, TrademarkUsage
from partnerhub.benefits.services import benefit_requests, demonstrations, marketplace, trademark
from partnerhub.core.demodata import DemoContext
from partnerhub.partners.models import Partner, PartnerUser
from partnerhub.policy.licenses import MARKETPLACE_STANDARDS

SOLUTION_PARTNER = "Litware Solutions"
D = dt.date


def build(ctx: DemoContext) -> None:
    partner = Partner.objects.filter(name=SOLUTION_PARTNER).first()
    if partner is None:
        return
    manager = User.objects.get(username="maria")
    # lena signs in (and `make run` prints it) whatever Litware's status became since; its story needs it registered.
    lena = ctx.user(
        "partner",
        "lena",
        "lena-demo-2019",
        first_name="Lena",
        last_name="Fischer",
        email="lena.fischer@litware.example",
    )
    PartnerUser.objects.update_or_create(user=lena, defaults={"partner": partner, "representative": True})
    if partner.status != "registered":
        return
    _requests(partner, lena, manager)
    _marketplace(partner, lena, manager)
    _trademark(partner, lena, manager)
    _demonstration(partner, lena)


def _requests(partner: Partner, user: User, manager: User) -> None:
    if BenefitRequest.objects.filter(partner=partner).exists():
        return
    day = D(2019, 6, 3)

    def ask(benefit: str, details: str, acknowledged_cost: bool = False) -> BenefitRequest:
        return benefit_requests.benefit_request_create(
            partner=partner,
            benefit=benefit,
            details=details,
            acknowledged_cost=acknowledged_cost,
            requested_on=day,
            acting_user=user,
        )

    benefit_requests.benefit_request_fulfil(
        benefit_request=ask("amelia_sandbox", "A sandbox for the insurance claims demo"),
        fulfilled_on=day + dt.timedelta(days=3),
        note="Sandbox ready; credentials sent to Lena through the vault.",
        acting_user=manager,
    )
    benefit_requests.benefit_request_decline(
        benefit_request=ask("technical_classroom_training", "Two seats, advanced CIE course", acknowledged_cost=True),
        declined_on=day + dt.timedelta(days=5),
        reason="The course is full this quarter; please ask again for the next session.",
        acting_user=manager,
    )
    ask("poc_support", "POC for a German insurer, 6 weeks")
    ask("advisory_services", "Architecture review of the claims solution", acknowledged_cost=True)


def _marketplace(partner: Partner, user: User, manager: User) -> None:
    if MarketplaceListing.objects.filter(partner=partner).exists():
        return
    day = D(2019, 6, 10)
    listing = marketplace.listing_submit(
        partner=partner,
        title="Claims Concierge",
        summary="First notice of loss and claims status for insurers, on Amelia.",
        product="amelia",
        url="https://litware.example/claims-concierge",
        submitted_on=day,
        acting_user=user,
    )
    marketplace.listing_review(
        listing=listing,
        checklist=dict.fromkeys(MARKETPLACE_STANDARDS, True),
        notes="Meets every standard.",
        reviewed_on=day + dt.timedelta(days=7),
        acting_user=manager,
    )
    marketplace.listing_publish(listing=listing, published_on=day + dt.timedelta(days=10), acting_user=manager)


def _trademark(partner: Partner, user: User, manager: User) -> None:
    if TrademarkUsage.objects.filter(partner=partner).exists():
        return
    requested_on = D(2019, 6, 20)

    def approved(medium: str) -> TrademarkUsage:
        usage = trademark.trademark_usage_request(
            partner=partner,
            mark="IPsoft Partner logo",
            medium=medium,
            territory="DE",
            starts_on=D(2019, 7, 1),
            ends_on=D(2019, 12, 31),
            requested_on=requested_on,
            acting_user=user,
        )
        return trademark.trademark_usage_approve(
            usage=usage,
            approved_on=D(2019, 6, 25),
            written_approval=f"Approved: the Partner logo on the {medium}, as in your mock-up.",
            acting_user=manager,
        )

    approved("partner web site")
    trademark.trademark_usage_withdraw(
        usage=approved("trade-show booth"),
        notice_on=D(2019, 9, 2),
        effective_on=None,
        reason="The booth design uses the retired logo; please replace it.",
        acting_user=manager,
    )


def _demonstration(partner: Partner, user: User) -> None:
    if Demonstration.objects.filter(partner=partner).exists():
        return
    demonstrations.demonstration_record(
        partner=partner,
        prospect="Rheinland Versicherung",
        demo_on=D(2019, 9, 12),
        sales_force=45,
        customer_service_group=120,
        advised_on=None,
        recorded_on=D(2019, 8, 20),
        acting_user=user,
    )
