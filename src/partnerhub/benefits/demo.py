"""Demo benefits: a Solution partner (Fabrikam Solutions, sign-in `fiona`) with benefit requests in every
state, a published Amelia Marketplace listing, a trademark use and a withdrawn one, and a demonstration
whose notice is missing; Northwind's representative has a demonstration-center reservation pending.

Everything goes through the services, dated relative to the demo's today, and is skipped when it is already
there, so `partnerhub demo` can run again and again. Without a published policy there is nothing to build.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from partnerhub.benefits import services
from partnerhub.benefits.models import BenefitRequest, Demonstration, MarketplaceListing, TrademarkUsage
from partnerhub.core.demodata import DemoContext
from partnerhub.partners import services as partner_services
from partnerhub.partners.models import Partner, PartnerStatus, PartnerUser
from partnerhub.policy.decision import Reason
from partnerhub.policy.licenses import MARKETPLACE_STANDARDS
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force

SOLUTION_PARTNER = "Fabrikam Solutions"
DEMO_REGISTRATION = Reason(
    "minimum_criteria", "2.0", "demo data: the minimum criteria are taken as met for the demonstration", True
)


def build(ctx: DemoContext) -> None:
    try:
        policy_in_force(ctx.as_of - dt.timedelta(days=120))
    except NoPolicyInForce:
        return
    manager = User.objects.get(username="maria")
    fabrikam = _solution_partner(ctx, manager)
    fiona = ctx.user(
        "partner",
        "fiona",
        "fiona-demo-2019",
        first_name="Fiona",
        last_name="Martin",
        email="fiona.martin@fabrikam.example",
    )
    PartnerUser.objects.update_or_create(user=fiona, defaults={"partner": fabrikam, "representative": True})
    _requests(ctx, fabrikam, fiona, manager)
    _marketplace(ctx, fabrikam, fiona, manager)
    _trademark(ctx, fabrikam, fiona, manager)
    _demonstration(ctx, fabrikam, fiona)
    _northwind(ctx)


def _solution_partner(ctx: DemoContext, manager: User) -> Partner:
    existing = Partner.objects.filter(name=SOLUTION_PARTNER).first()
    if existing is not None:
        return existing
    applied_on = ctx.as_of - dt.timedelta(days=120)
    partner = partner_services.partner_apply(
        name=SOLUTION_PARTNER,
        kind="company",
        classification="solution",
        regions=("EMEA",),
        territories=("FR", "DE"),
        products=("amelia", "1desk"),
        applied_on=applied_on,
        acting_user=manager,
        contact_email="partners@fabrikam.example",
    )
    partner = partner_services.partner_approve(
        partner=partner, approved_on=applied_on + dt.timedelta(days=5), acting_user=manager
    )
    return partner_services.partner_register(
        partner=partner,
        registered_on=applied_on + dt.timedelta(days=40),
        acting_user=manager,
        reasons=[DEMO_REGISTRATION],
    )


def _requests(ctx: DemoContext, partner: Partner, user: User, manager: User) -> None:
    if BenefitRequest.objects.filter(partner=partner).exists():
        return
    day = ctx.as_of - dt.timedelta(days=30)

    def ask(benefit: str, details: str, acknowledged_cost: bool = False) -> BenefitRequest:
        return services.benefit_request_create(
            partner=partner,
            benefit=benefit,
            details=details,
            acknowledged_cost=acknowledged_cost,
            requested_on=day,
            acting_user=user,
        )

    services.benefit_request_fulfil(
        benefit_request=ask("amelia_sandbox", "A sandbox for the insurance claims demo"),
        fulfilled_on=day + dt.timedelta(days=3),
        note="Sandbox ready; credentials sent to Fiona through the vault.",
        acting_user=manager,
    )
    services.benefit_request_decline(
        benefit_request=ask("technical_classroom_training", "Two seats, advanced CIE course", acknowledged_cost=True),
        declined_on=day + dt.timedelta(days=5),
        reason="The course is full this quarter; please ask again for the next session.",
        acting_user=manager,
    )
    ask("poc_support", "POC for a French insurer, 6 weeks")
    ask("advisory_services", "Architecture review of the claims solution", acknowledged_cost=True)


def _marketplace(ctx: DemoContext, partner: Partner, user: User, manager: User) -> None:
    if MarketplaceListing.objects.filter(partner=partner).exists():
        return
    day = ctx.as_of - dt.timedelta(days=60)
    listing = services.listing_submit(
        partner=partner,
        title="Claims Concierge",
        summary="First notice of loss and claims status for insurers, on Amelia.",
        product="amelia",
        url="https://fabrikam.example/claims-concierge",
        submitted_on=day,
        acting_user=user,
    )
    services.listing_review(
        listing=listing,
        checklist=dict.fromkeys(MARKETPLACE_STANDARDS, True),
        notes="Meets every standard.",
        reviewed_on=day + dt.timedelta(days=7),
        acting_user=manager,
    )
    services.listing_publish(listing=listing, published_on=day + dt.timedelta(days=10), acting_user=manager)


def _trademark(ctx: DemoContext, partner: Partner, user: User, manager: User) -> None:
    if TrademarkUsage.objects.filter(partner=partner).exists():
        return
    requested_on = ctx.as_of - dt.timedelta(days=10)
    year_end = dt.date(requested_on.year, 12, 31)

    def approved(medium: str) -> TrademarkUsage:
        usage = services.trademark_usage_request(
            partner=partner,
            mark="IPsoft Partner logo",
            medium=medium,
            territory="FR",
            starts_on=requested_on,
            ends_on=year_end,
            requested_on=requested_on,
            acting_user=user,
        )
        return services.trademark_usage_approve(
            usage=usage,
            approved_on=requested_on + dt.timedelta(days=1),
            written_approval=f"Approved: the Partner logo on the {medium}, as in your mock-up.",
            acting_user=manager,
        )

    approved("partner web site")
    services.trademark_usage_withdraw(
        usage=approved("trade-show booth"),
        notice_on=requested_on + dt.timedelta(days=2),
        effective_on=None,
        reason="The booth design uses the retired logo; please replace it.",
        acting_user=manager,
    )


def _demonstration(ctx: DemoContext, partner: Partner, user: User) -> None:
    if Demonstration.objects.filter(partner=partner).exists():
        return
    services.demonstration_record(
        partner=partner,
        prospect="Mutuelle du Nord",
        demo_on=ctx.as_of + dt.timedelta(days=12),
        sales_force=45,
        customer_service_group=120,
        advised_on=None,
        recorded_on=ctx.as_of - dt.timedelta(days=1),
        acting_user=user,
    )


def _northwind(ctx: DemoContext) -> None:
    member = PartnerUser.objects.filter(user__username="paul").select_related("partner", "user").first()
    if member is None or member.partner.status != PartnerStatus.REGISTERED:
        return
    if BenefitRequest.objects.filter(partner=member.partner).exists():
        return
    services.benefit_request_create(
        partner=member.partner,
        benefit="demo_center_reservation",
        details="A morning at Amelia City for a banking prospect",
        acknowledged_cost=False,
        requested_on=ctx.as_of - dt.timedelta(days=2),
        acting_user=member.user,
    )
