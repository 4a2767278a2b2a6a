"""Demo partners in each lifecycle status, built through the lifecycle services so that their timelines,
classification histories and invoices are what a real programme would show. Paying their invoices, and
registering the two whose criteria that completes, is the billing demo's part (`billing.demo`), which runs
next.

The story is set in Program Year 2019, the year of the shipped policy. Each partner is built once (by
name); running the demo again only resets the demo sign-ins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User

from partnerhub.core.demodata import DemoContext
from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner, PartnerUser
from partnerhub.partners.services.application import partner_apply, partner_approve, partner_reject
from partnerhub.partners.services.lifecycle import partner_deactivate
from partnerhub.partners.services.users import representative_section
from partnerhub.policy.load import SHIPPED_POLICY
from partnerhub.policystore.models import PolicyVersion
from partnerhub.policystore.services import policy_version_load

D = dt.date


@dataclass(frozen=True)
class DemoPartner:
    name: str
    classification: str
    regions: tuple[str, ...]
    territories: tuple[str, ...]
    products: tuple[str, ...]
    applied_on: dt.date
    steps: tuple[Callable[[Partner, User], Partner], ...] = field(default=())
    kind: str = "company"
    solution_name: str = ""


def approve(on: dt.date, **terms: Any) -> Callable[[Partner, User], Partner]:
    return lambda p, m: partner_approve(partner=p, approved_on=on, acting_user=m, **terms)


PARTNERS = (
    DemoPartner(
        "Northwind Consulting",
        "alliance",
        ("EMEA",),
        ("GB", "IE"),
        ("amelia",),
        D(2019, 1, 14),
        (approve(D(2019, 2, 1)),),
    ),
    DemoPartner(
        "Litware Solutions",
        "solution",
        ("AMER", "EMEA"),
        ("US", "CA", "DE"),
        ("amelia", "1rpa"),
        D(2019, 1, 7),
        (approve(D(2019, 1, 21), solution_name="Claims automation for insurers"),),
    ),
    DemoPartner(
        "Contoso Automation",
        "implementation",
        ("EMEA",),
        ("DE", "AT", "CH"),
        ("amelia", "1desk"),
        D(2019, 4, 2),
        (approve(D(2019, 4, 15), rank="Silver", reseller_agreement_signed=True),),
    ),
    DemoPartner(
        "Adatum Advisory",
        "advisory",
        ("AMER",),
        ("US",),
        (),
        D(2019, 1, 3),
        (
            approve(D(2019, 1, 10)),
            lambda p, m: partner_deactivate(partner=p, deactivated_on=D(2019, 7, 15), acting_user=m),
        ),
    ),
    DemoPartner("Fabrikam Digital", "alliance", ("APAC",), ("AU", "NZ"), ("amelia",), D(2019, 5, 20)),
    DemoPartner("Tailspin Devices", "oem", ("AMER",), ("US",), ("1desk",), D(2019, 5, 22)),
    DemoPartner(
        "Woodgrove Ventures",
        "alliance",
        ("EMEA",),
        ("FR",),
        (),
        D(2019, 3, 1),
        (
            lambda p, m: partner_reject(
                partner=p, rejected_on=D(2019, 3, 8), acting_user=m, reason="no presence in the requested territory"
            ),
        ),
    ),
)


def build(ctx: DemoContext) -> None:
    if not PolicyVersion.objects.exists():
        policy_version_load(path=SHIPPED_POLICY)
    manager = User.objects.get(username="maria")
    for demo in PARTNERS:
        if Partner.objects.filter(name=demo.name).exists():
            continue
        partner = partner_apply(
            name=demo.name,
            kind=demo.kind,
            classification=demo.classification,
            regions=demo.regions,
            territories=demo.territories,
            products=demo.products,
            applied_on=demo.applied_on,
            acting_user=manager,
            contact_email=f"partners@{demo.name.split()[0].lower()}.example",
            solution_name=demo.solution_name,
        )
        for step in demo.steps:
            partner = step(partner, manager)

    northwind = Partner.objects.get(name="Northwind Consulting")
    paul = ctx.user(
        "partner",
        "paul",
        "paul-demo-2019",
        first_name="Paul",
        last_name="Nguyen",
        email="paul.nguyen@northwind.example",
    )
    _, created = PartnerUser.objects.update_or_create(
        user=paul, defaults={"partner": northwind, "representative": True}
    )
    if created:
        record_event(
            partner=northwind,
            kind=PartnersEventKind.USER_ADDED,
            message="User paul added as a Designated Partner Representative (§7.3)",
            section=representative_section(ctx.as_of),
            actor=manager,
            data={"user": paul.pk, "username": "paul", "representative": True},
        )
