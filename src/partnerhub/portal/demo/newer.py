"""The demo's newer programme options, as the shipped policy has them: partners listed in the public directory with
their profiles (docs/directory.md), and a year of joint-marketing funds (docs/funds.md). Deal protection windows are
not shown: the 2019 policy leaves them off (docs/policy.md#r8-4), so no registration has a window to extend.

Built after the programme (the partners exist, the 2019 ones brought to today), through the same services a partner
and a manager use, dated relative to the demo's today. A few service calls: the demo stays fast.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerhub.directory.services import profile_update
from partnerhub.funds import services as funds
from partnerhub.partners.models import Partner, PartnerStatus
from partnerhub.policy.funds import period_of
from partnerhub.portal.demo.builder import Builder

# (partner, description, web site, public address): the partners that chose to be listed. Lamna chose to be listed
# too, but its program-fee invoice is overdue: not in good standing, so not shown until it pays.
PROFILES: tuple[tuple[str, str, str, str], ...] = (
    (
        "Northwind Consulting",
        "Conversational AI advisors for insurers and banks across Europe: we connect you to Amelia.",
        "https://northwind.example",
        "hello@northwind.example",
    ),
    (
        "Litware Solutions",
        "Productized Amelia solutions for claims handling, built and supported by Litware.",
        "https://litware.example",
        "solutions@litware.example",
    ),
    ("Alpine Ski House Advisory", "Service-desk automation advice for Swiss and Austrian enterprises.", "", ""),
    (
        "Bellows College Consulting",
        "Automation roadmaps for universities and hospitals.",
        "https://bellows.example",
        "",
    ),
    (
        "Blue Yonder Automation",
        "Amelia and 1RPA implementations, from pilot to production.",
        "https://blueyonder.example",
        "partners@blueyonder.example",
    ),
    ("Lamna Healthcare Partners", "Virtual agents for hospitals.", "https://lamna.example", ""),
)
PROOF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def build(builder: Builder) -> None:
    directory_profiles(builder)
    joint_marketing(builder)


def directory_profiles(builder: Builder) -> None:
    """The listed partners' profiles, written by their representative where they have one, by Maria otherwise."""
    on = builder.ago(30)
    for name, description, website, email in PROFILES:
        partner = Partner.objects.filter(name=name).first()
        if partner is None:
            continue
        profile_update(
            partner=partner,
            listed=True,
            description=description,
            website=website,
            public_email=email,
            acting_user=_representative(partner) or builder.manager,
            as_of=on,
        )


def joint_marketing(builder: Builder) -> None:
    """Northwind's fund of the period a month ago: a webinar pre-approved, claimed with proof and 35 leads, approved
    in part and paid as a §10.2 marketing payment; a second plan pre-approved and not claimed yet (committed); and a
    plan of Litware's waiting for a manager."""
    northwind = Partner.objects.filter(name="Northwind Consulting", status=PartnerStatus.REGISTERED).first()
    paul = User.objects.filter(username="paul").first()
    if northwind is None or paul is None:
        return
    anchor = builder.ago(30)
    period = period_of(builder.policy, anchor)
    allocated_on = max(period.starts_on, anchor - dt.timedelta(days=20), northwind.registered_on or period.starts_on)
    funds.fund_allocate(
        partner=northwind,
        period=period.label,
        amount=Decimal("20000.00"),
        allocated_on=allocated_on,
        note="Joint marketing with Northwind this Program Year",
        acting_user=builder.manager,
    )
    starts = max(period.starts_on, anchor - dt.timedelta(days=10))
    webinar = funds.plan_submit(
        partner=northwind,
        kind="webinar",
        title="Amelia for insurers: a webinar",
        description="Two sessions for claims managers, with an Amelia demo.",
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=1),
        planned_cost=Decimal("8000.00"),
        expected_leads=40,
        submitted_on=allocated_on,
        acting_user=paul,
    )
    funds.plan_approve(plan=webinar, approved_on=allocated_on, acting_user=builder.manager)
    claimed_on = builder.ago(20)
    claim = funds.claim_submit(
        plan=webinar, amount=Decimal("7500.00"), leads_generated=35, claimed_on=claimed_on, acting_user=paul
    )
    proof = SimpleUploadedFile("webinar-invoice.pdf", PROOF, content_type="application/pdf")
    funds.claim_document_add(claim=claim, upload=proof, uploaded_on=claimed_on, acting_user=paul)
    funds.claim_approve(
        claim=claim,
        approved_on=builder.ago(15),
        approved_amount=Decimal("6000.00"),
        note="The catering (1,500.00) is not a marketing cost.",
        acting_user=builder.manager,
    )
    funds.claim_pay(claim=claim, paid_on=builder.ago(10), acting_user=builder.manager)
    coming = max(period.starts_on, min(period.ends_on, builder.today + dt.timedelta(days=20)))
    event = funds.plan_submit(
        partner=northwind,
        kind="event",
        title="Amelia breakfast in Frankfurt",
        starts_on=coming,
        ends_on=coming,
        planned_cost=Decimal("5000.00"),
        expected_leads=15,
        submitted_on=builder.ago(12),
        acting_user=paul,
    )
    funds.plan_approve(plan=event, approved_on=builder.ago(11), acting_user=builder.manager)
    litware = Partner.objects.filter(name="Litware Solutions", status=PartnerStatus.REGISTERED).first()
    if litware is None:
        return
    funds.fund_allocate(
        partner=litware,
        period=period.label,
        amount=Decimal("15000.00"),
        allocated_on=max(allocated_on, litware.registered_on or allocated_on),
        acting_user=builder.manager,
    )
    funds.plan_submit(
        partner=litware,
        kind="trade_show",
        title="Claims automation stand at an insurance fair",
        starts_on=coming,
        ends_on=coming,
        planned_cost=Decimal("9000.00"),
        expected_leads=60,
        submitted_on=builder.ago(2),
        acting_user=_representative(litware) or builder.manager,
    )


def _representative(partner: Partner) -> User | None:
    member = partner.users.filter(representative=True).select_related("user").first()
    return member.user if member is not None else None
