"""A hand-built programme of a few partners, evaluated for 2019Q2 (1 April to 30 June 2019).

- Northwind (Alliance, EMEA): partner manager, two certified sales, one certified presales; resources met.
- Contoso (Implementation, EMEA, 1RPA): the Alliance staff plus one CTL, one CIE (needs 2), one CED, one
  Experience Designer: its own resource rows are missed, Alliance's are met -> re-assign down.
- Fabrikam (Alliance, approved 2019-05-01, nobody on staff): inside its qualification window -> keep.
- Globex (Alliance, registered, nobody on staff, no lower classification) -> terminate.
- Initech (OEM) and Umbrella (terminated) are not evaluated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from partnerhub.partners.models import Classification, Partner, PartnerKind, PartnerStatus, PartnerUser
from partnerhub.people.models import Certification, Person

D = dt.date
EARNED = D(2019, 1, 15)
EXPIRES = D(2020, 1, 14)


@dataclass
class Program:
    northwind: Partner
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


ALLIANCE_STAFF = (
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
    return Program(northwind, contoso, fabrikam, globex, initech, umbrella)


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
