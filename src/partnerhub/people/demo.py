"""Demo people, certifications and compliance records, written through the people services.

Northwind Consulting (Alliance, EMEA) is staffed to be in good standing from February 2019, but one of its
two sales certifications ends on 2019-08-31: `partnerhub tick --as-of 2019-08-05` warns that it loses
good standing on 2019-09-01. Contoso Automation (Implementation, in its qualification window) has a few
technical people, so its standing, gap and due dates show what is still missing. Built once.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from partnerhub.core.demodata import DemoContext
from partnerhub.partners.models import Partner
from partnerhub.people.models import Person
from partnerhub.people.services.certifications import certification_add, training_record
from partnerhub.people.services.obligations import compliance_verification_record, governance_record_add
from partnerhub.people.services.persons import person_create

D = dt.date


def build(ctx: DemoContext) -> None:
    manager = User.objects.get(username="maria")
    northwind = Partner.objects.filter(name="Northwind Consulting").first()
    if northwind is not None and not Person.objects.filter(partner=northwind).exists():
        _northwind(northwind, manager)
    contoso = Partner.objects.filter(name="Contoso Automation").first()
    if contoso is not None and not Person.objects.filter(partner=contoso).exists():
        _contoso(contoso, manager)


def _northwind(partner: Partner, manager: User) -> None:
    on = D(2019, 2, 12)
    person_create(
        partner=partner,
        name="Paul Nguyen",
        email="paul.nguyen@northwind.example",
        region="EMEA",
        roles=["partner_manager"],
        acting_user=manager,
        as_of=on,
    )
    people = [
        ("Sara Lindqvist", "sara.lindqvist", "sales", D(2019, 2, 11), None),
        ("Omar Haddad", "omar.haddad", "sales", D(2018, 9, 1), D(2019, 8, 31)),
        ("Priya Raman", "priya.raman", "presales", D(2019, 2, 8), None),
    ]
    for name, handle, role, earned_on, expires_on in people:
        person = person_create(
            partner=partner,
            name=name,
            email=f"{handle}@northwind.example",
            region="EMEA",
            roles=[role],
            acting_user=manager,
            as_of=on,
        )
        certification_add(
            person=person, kind=role, earned_on=earned_on, expires_on=expires_on, acting_user=manager, as_of=on
        )
        training_record(person=person, kind="online", completed_on=earned_on, acting_user=manager, as_of=on)
    compliance_verification_record(
        partner=partner,
        verified_on=D(2019, 2, 15),
        note="signed statement of the partner's compliance officer",
        acting_user=manager,
        as_of=D(2019, 2, 15),
    )


def _contoso(partner: Partner, manager: User) -> None:
    on = D(2019, 5, 6)
    person_create(
        partner=partner,
        name="Lena Vogel",
        email="lena.vogel@contoso.example",
        region="EMEA",
        roles=["partner_manager", "sales"],
        acting_user=manager,
        as_of=on,
    )
    for name, handle, kind in (
        ("Jonas Weber", "jonas.weber", "ctl"),
        ("Mira Kovac", "mira.kovac", "cie"),
    ):
        person = person_create(
            partner=partner,
            name=name,
            email=f"{handle}@contoso.example",
            region="EMEA",
            roles=["technical"],
            acting_user=manager,
            as_of=on,
        )
        certification_add(
            person=person, kind=kind, product="amelia", earned_on=D(2019, 4, 29), acting_user=manager, as_of=on
        )
    governance_record_add(
        partner=partner,
        kind="business_plan",
        effective_on=D(2019, 5, 2),
        note="FY2019 account plan",
        acting_user=manager,
        as_of=on,
    )
