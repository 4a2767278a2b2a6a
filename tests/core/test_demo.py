import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from partnerhub.core.permissions import is_manager
from partnerhub.partners.selectors import partner_for_user

pytestmark = pytest.mark.django_db
LOGIN = re.compile(r"^demo login: (?P<role>\S+) (?P<username>\S+) / (?P<password>\S+)$")


def demo() -> list[re.Match[str]]:
    out = StringIO()
    call_command("demo", "--as-of", "2019-06-01", stdout=out)
    return [m for m in (LOGIN.match(line) for line in out.getvalue().splitlines()) if m]


def test_demo_prints_sign_ins_that_work_and_can_run_again() -> None:
    first = demo()
    second = demo()
    assert [m.groupdict() for m in first] == [m.groupdict() for m in second]
    roles = {m["role"]: m for m in first}
    assert {"manager", "partner"} <= set(roles)
    # A request, as every sign-in has: django-axes counts sign-ins per address.
    sign_in = RequestFactory().post("/accounts/login/")
    manager = authenticate(sign_in, username=roles["manager"]["username"], password=roles["manager"]["password"])
    partner_user = authenticate(sign_in, username=roles["partner"]["username"], password=roles["partner"]["password"])
    assert manager is not None and is_manager(manager)
    assert partner_user is not None and partner_for_user(partner_user) is not None


def test_demo_refuses_a_bad_date() -> None:
    with pytest.raises(CommandError, match="--as-of"):
        call_command("demo", "--as-of", "yesterday")


def test_demo_partners_go_through_the_lifecycle_services_once() -> None:
    from partnerhub.billing.models import Invoice
    from partnerhub.partners.models import Partner, PartnerEvent

    demo()
    statuses = dict(Partner.objects.values_list("name", "status"))
    events, invoices = PartnerEvent.objects.count(), Invoice.objects.count()
    demo()

    # The portal's demo programme (built last) adds a terminated partner to the lifecycle's statuses.
    assert set(statuses.values()) >= {"applied", "approved", "registered", "deactivated", "rejected"}
    assert statuses["Northwind Consulting"] == "registered"
    assert (PartnerEvent.objects.count(), Invoice.objects.count()) == (events, invoices)
    northwind = Partner.objects.get(name="Northwind Consulting")
    # The lifecycle's events come first; later apps' demos (people …) add theirs after them.
    assert [e.kind for e in northwind.events.all()][:6] == [
        "applied",
        "approved",
        "invoice_issued",
        "invoice_paid",
        "registered",
        "user_added",
    ]
