"""The demo tells the people story: Northwind in good standing in June 2019, not from 1 September."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from partnerhub.partners.models import Partner
from partnerhub.people.models import Person
from partnerhub.people.selectors import partner_standing

pytestmark = pytest.mark.django_db


def test_the_demo_staffs_northwind_once():
    call_command("demo", "--as-of", "2019-06-01", stdout=StringIO())
    call_command("demo", "--as-of", "2019-06-01", stdout=StringIO())
    northwind = Partner.objects.get(name="Northwind Consulting")

    assert Person.objects.filter(partner=northwind).count() == 4
    assert partner_standing(northwind, dt.date(2019, 6, 1)).outcome is True
    later = partner_standing(northwind, dt.date(2019, 9, 1))
    assert later.outcome is False
    assert [reason.code for reason in later.unmet] == ["sales_resources"]
