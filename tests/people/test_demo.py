"""The people part of the demo tells its story: Northwind in good standing in June 2019, not from 1 September.

Only the builders it stands on run here (vendor staff, partners, their payments, people): the whole
programme, built once, is tested in tests/core/test_demo.py, and its later parts add staff dated relative
to the demo's today.
"""

import datetime as dt

import pytest

from partnerhub.billing import demo as billing_demo
from partnerhub.core import demo as core_demo
from partnerhub.core.demodata import DemoContext
from partnerhub.partners import demo as partners_demo
from partnerhub.partners.models import Partner
from partnerhub.people import demo as people_demo
from partnerhub.people.models import Person
from partnerhub.people.selectors import partner_standing

pytestmark = pytest.mark.django_db


def test_the_demo_staffs_northwind_once():
    for _ in range(2):
        context = DemoContext(as_of=dt.date(2019, 6, 1))
        for builder in (core_demo.build, partners_demo.build, billing_demo.build, people_demo.build):
            builder(context)
    northwind = Partner.objects.get(name="Northwind Consulting")

    assert Person.objects.filter(partner=northwind).count() == 4
    assert partner_standing(northwind, dt.date(2019, 6, 1)).outcome is True
    later = partner_standing(northwind, dt.date(2019, 9, 1))
    assert later.outcome is False
    assert [reason.code for reason in later.unmet] == ["sales_resources"]
