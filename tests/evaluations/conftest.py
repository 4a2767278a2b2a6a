"""A hand-built programme of a few partners, evaluated for 2019Q2 (1 April to 30 June 2019).

- Northwind (Alliance, EMEA): partner manager, two certified sales, one certified presales; resources met;
  in Q2 three registrations approved, one won and one lost (50% conversion), and one order, registered
  before it was placed -> keep.
- Hooli (Alliance, Amelia): everything Implementation asks for, and ten registrations approved in Q2
  -> upgrade candidate (Implementation).
- Contoso (Implementation, EMEA, 1RPA): the Alliance staff plus one CTL, one CIE (needs 2), one CED, one
  Experience Designer: its own resource rows are missed, Alliance's are met -> re-assign down.
- Fabrikam (Alliance, approved 2019-05-01, nobody on staff): inside its qualification window -> keep.
- Globex (Alliance, registered, nobody on staff, no lower classification) -> terminate; it had an order
  in Q2 that it never registered, and a registration approved in Q1 (not counted in Q2).
- Initech (OEM) and Umbrella (terminated) are not evaluated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from partnerhub.deals.models import Opportunity, Order, Registration
from partnerhub.partners.models import Classification, Partner, PartnerKind, PartnerStatus, PartnerUser
from partnerhub.people.models import Certification, Person

D = dt.date
EARNED = D(2019, 1, 15)
EXPIRES = D(2020, 1, 14)


@dataclass
class Program:
    northwind: Partner
    hooli: Partner
    contoso: Partner
    fabrikam: Partner
    globex: Partner
    initech: Partner
    umbrella: Partner


def make_partner(name: str, classification: str, **fields: object) -> Partner:
    values: dict[str, object] = {
        "kind": PartnerKind.COMPANY,
        "classification": classification,
        "status": PartnerStatus.REGISTERED,
        "approved_on": D(2018, 11, 5),
        "regions": ["EMEA"],
        "products": [],
        "contact_email": f"contact@{name.lower()}.example",
        **fields,
    }
    return Partner.objects.create(name=name, **values)


def staff(partner: Partner, *people: tuple[str, list[str], list[tuple[str, str]]]) -> None:
    for index, (name, roles, certifications) in enumerate(people):
        person = Person.objects.create(
            partner=partner,
            name=name,
            email=f"person{index}@{partner.name.lower()}.example",
            region="EMEA",
            roles=roles,
        )
        for kind, product in certifications:
            Certification.objects.create(
                person=person, kind=kind, product=product, earned_on=EARNED, expires_on=EXPIRES
            )


ALLIANCE_STAFF: tuple[tuple[str, list[str], list[tuple[str, str]]], ...] = (
    ("Mia Manager", ["partner_manager"], []),
    ("Sam Sales", ["sales"], [("sales", "")]),
    ("Sue Sales", ["sales"], [("sales", "")]),
    ("Pat Presales", ["presales"], [("presales", "")]),
)


@pytest.fixture
def published(db) -> None:
    call_command("load_policy", verbosity=0)


@pytest.fixture
def program(published) -> Program:
    northwind = make_partner("Northwind", Classification.ALLIANCE)
    staff(northwind, *ALLIANCE_STAFF)
    contoso = make_partner("Contoso", Classification.IMPLEMENTATION, products=["1rpa"])
    staff(
        contoso,
        *ALLIANCE_STAFF,
        ("Tess Tech", ["technical"], [("ctl", "1rpa"), ("cie", "1rpa"), ("ced", "1rpa")]),
        ("Dee Designer", ["technical"], [("experience_designer", "1rpa")]),
    )
    fabrikam = make_partner(
        "Fabrikam",
        Classification.ALLIANCE,
        status=PartnerStatus.APPROVED,
        approved_on=D(2019, 5, 1),
        qualification_deadline=D(2019, 11, 1),
    )
    globex = make_partner("Globex", Classification.ALLIANCE)
    initech = make_partner("Initech", Classification.OEM)
    umbrella = make_partner("Umbrella", Classification.ALLIANCE, status=PartnerStatus.TERMINATED)
    registrar = User.objects.create_user("registrar", email="registrar@vendor.example")
    deals = Deals(registrar)
    deals.register(northwind, "Bot A", submitted=D(2019, 3, 20), approved=D(2019, 4, 2), won=D(2019, 5, 10))
    deals.order(northwind, "Bot A", D(2019, 5, 20))
    deals.register(northwind, "Bot B", submitted=D(2019, 4, 1), approved=D(2019, 4, 3), lost=D(2019, 6, 1))
    deals.register(northwind, "Bot C", submitted=D(2019, 4, 5), approved=D(2019, 6, 30))
    deals.register(northwind, "Bot D", submitted=D(2019, 6, 5))  # pending: not approved
    deals.register(northwind, "Bot E", submitted=D(2019, 6, 6), approved=D(2019, 7, 1))  # approved in Q3
    hooli = make_partner("Hooli", Classification.ALLIANCE, products=["amelia"])
    staff(
        hooli,
        ("Hal Manager", ["partner_manager"], []),
        *((f"Seller {n}", ["sales"], [("sales", "")]) for n in range(3)),
        ("Pia Presales", ["presales"], [("presales", "")]),
        ("Tom Tech", ["technical"], [("ctl", "amelia"), ("cie", "amelia"), ("ced", "amelia")]),
        ("Ted Tech", ["technical"], [("cie", "amelia"), ("experience_designer", "amelia")]),
    )
    for n in range(10):
        deals.register(hooli, f"Hooli deal {n}", submitted=D(2019, 4, 1), approved=D(2019, 5, 1 + n))
    deals.register(globex, "Globex deal", submitted=D(2019, 1, 10), approved=D(2019, 2, 1))
    deals.order(globex, "Unregistered deal", D(2019, 4, 15))
    return Program(northwind, hooli, contoso, fabrikam, globex, initech, umbrella)


class Deals:
    """Registrations and orders written straight to the tables (the deals app's rules are tested there)."""

    def __init__(self, user: User) -> None:
        self.user = user

    def opportunity(self, partner: Partner, title: str) -> Opportunity:
        customer = f"{partner.name} Customer"
        opportunity, _ = Opportunity.objects.get_or_create(
            key=f"{customer}|{title}".lower(), defaults={"end_customer": customer, "title": title}
        )
        return opportunity

    def register(
        self,
        partner: Partner,
        title: str,
        *,
        submitted: dt.date,
        approved: dt.date | None = None,
        won: dt.date | None = None,
        lost: dt.date | None = None,
    ) -> Registration:
        status = "won" if won else "lost" if lost else "approved" if approved else "pending"
        opportunity = self.opportunity(partner, title)
        return Registration.objects.create(
            partner=partner,
            opportunity=opportunity,
            end_customer=opportunity.end_customer,
            title=title,
            country="DE",
            estimated_value=Decimal("10000.00"),
            currency="USD",
            consent_confirmed=True,
            consent_confirmed_at=timezone.now(),
            consent_confirmed_by=self.user,
            channel="email",
            submitted_on=submitted,
            submitted_by=self.user,
            policy_version=D(2018, 1, 31),
            admission=[],
            status=status,
            decided_on=approved,
            decided_by=self.user if approved else None,
            closed_on=won or lost,
        )

    def order(self, partner: Partner, title: str, ordered_on: dt.date) -> Order:
        opportunity = self.opportunity(partner, title)
        return Order.objects.create(
            opportunity=opportunity,
            end_customer=opportunity.end_customer,
            title=title,
            ordered_on=ordered_on,
            first_year_net_revenue=Decimal("50000.00"),
            currency="USD",
            partner=partner,
            channel="referral",
            net_new=True,
            country="DE",
            recorded_by=self.user,
        )


@pytest.fixture
def northwind_user(program: Program, password: str) -> User:
    user = User.objects.create_user("nora", email="nora@northwind.example", password=password)
    PartnerUser.objects.create(user=user, partner=program.northwind)
    return user


@pytest.fixture
def contoso_user(program: Program, password: str) -> User:
    user = User.objects.create_user("carl", email="carl@contoso.example", password=password)
    PartnerUser.objects.create(user=user, partner=program.contoso)
    return user
