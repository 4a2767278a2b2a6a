"""Fixtures of the people tests: the 2019 policy published, and two partners with a user each."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from partnerhub.partners.models import Classification, Partner, PartnerKind, PartnerStatus, PartnerUser

D = dt.date


@pytest.fixture(autouse=True)
def published_policy(db) -> None:
    call_command("load_policy", verbosity=0)


@pytest.fixture
def northwind(db) -> Partner:
    """A Registered Alliance partner authorized in EMEA for Amelia."""
    return Partner.objects.create(
        name="Northwind Consulting",
        kind=PartnerKind.COMPANY,
        classification=Classification.ALLIANCE,
        status=PartnerStatus.REGISTERED,
        approved_on=D(2019, 1, 15),
        qualification_deadline=D(2019, 7, 15),
        registered_on=D(2019, 2, 1),
        regions=["EMEA"],
        products=["amelia"],
        contact_email="partners@northwind.example",
    )


@pytest.fixture
def northwind_user(northwind, password) -> User:
    user = User.objects.create_user("nora", email="nora@northwind.example", password=password)
    PartnerUser.objects.create(user=user, partner=northwind)
    return user


@pytest.fixture
def globex(db) -> Partner:
    """Another partner: Implementation, EMEA and APAC, Amelia and 1RPA."""
    return Partner.objects.create(
        name="Globex Services",
        kind=PartnerKind.COMPANY,
        classification=Classification.IMPLEMENTATION,
        status=PartnerStatus.REGISTERED,
        approved_on=D(2019, 1, 10),
        regions=["EMEA", "APAC"],
        products=["amelia", "1rpa"],
    )


@pytest.fixture
def globex_user(globex, password) -> User:
    user = User.objects.create_user("gil", email="gil@globex.example", password=password)
    PartnerUser.objects.create(user=user, partner=globex)
    return user
