"""The deal and compensation demo: every status, a conflict, a near duplicate, eligible and ineligible fees."""

from io import StringIO

import pytest
from django.core.management import call_command

from partnerhub.compensation.models import FeeStatus, ReferralFee
from partnerhub.deals.models import Registration, RegistrationConflict
from partnerhub.deals.selectors import possible_duplicates_of

pytestmark = pytest.mark.django_db


def demo() -> str:
    out = StringIO()
    call_command("demo", "--as-of", "2019-06-01", stdout=out)
    return out.getvalue()


def test_the_demo_shows_every_part_of_deal_registration_and_runs_again_unchanged(db_state):
    printed = demo()

    assert "demo login: partner carl / carl-demo-2019" in printed
    northwind = Registration.objects.filter(partner__name="Northwind Consulting", submitted_by__username="paul")
    assert set(northwind.values_list("status", flat=True)) == {"pending", "approved", "rejected", "won", "lost"}
    conflict = RegistrationConflict.objects.get()
    assert {conflict.registration.partner.name, conflict.other.partner.name} == {
        "Northwind Consulting",
        "Contoso Automation",
    }
    initech = Registration.objects.get(end_customer="Initech")
    _, rows = possible_duplicates_of(initech)
    assert [(row.registration.end_customer, row.match.exact) for row in rows] == [("Inetech", False)]
    fees = {fee.order.end_customer: fee for fee in ReferralFee.objects.select_related("order")}
    assert fees["Globex Corporation Ltd"].eligible and fees["Globex Corporation Ltd"].status == FeeStatus.APPROVED
    assert fees["Hooli"].status == FeeStatus.PAID
    assert not fees["Stark Industries"].eligible
    unmet = [reason["code"] for reason in fees["Stark Industries"].reasons if not reason["met"]]
    assert unmet == ["good_standing"]

    before = db_state()
    demo()
    after = db_state()
    del before["auth.User"], after["auth.User"]  # the demo resets its sign-ins' passwords (a new salt)
    assert after == before
