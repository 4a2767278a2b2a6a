"""The demo programme `make run` loads (`partnerhub demo`): every app's part of it, built once for this module.

Building the demo takes seconds, so it is built once (and run a second time, which must change nothing) in a
transaction that stays open for the module and is rolled back at its end (the `demo_programme` fixture);
each test runs inside it as usual and sees the demo as `make run` leaves it.
"""

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from partnerhub.benefits.models import BenefitRequest, MarketplaceListing, TrademarkUsage, TrademarkWithdrawal
from partnerhub.benefits.selectors import flagged_demonstrations
from partnerhub.billing.models import Invoice
from partnerhub.compensation.models import FeeStatus, ReferralFee
from partnerhub.core.permissions import is_manager
from partnerhub.deals.models import Registration, RegistrationConflict
from partnerhub.deals.selectors import possible_duplicates_of
from partnerhub.evaluations.models import EvaluationDecision, EvaluationRun, Notice, Scorecard
from partnerhub.partners.models import Partner, PartnerEvent
from partnerhub.partners.selectors import partner_for_user
from partnerhub.partners.services.lifecycle import partner_terminate
from partnerhub.people.selectors import partner_due_dates

# One worker builds the demo and runs every test of it (under `pytest -n`, with `--dist loadgroup`).
pytestmark = pytest.mark.xdist_group("demo")
AS_OF = dt.date(2019, 11, 20)
LOGIN = re.compile(r"^demo login: (?P<role>\S+) (?P<username>\S+) / (?P<password>\S+)$")


@dataclass(frozen=True)
class Built:
    """What the two runs printed, and every row after each (to prove the second run changed nothing)."""

    printed: str
    printed_again: str
    rows: dict[str, list[tuple]]
    rows_again: dict[str, list[tuple]]
    first_statuses: dict[str, str]

    def logins(self, printed: str) -> list[dict[str, Any]]:
        matches = (LOGIN.match(line) for line in printed.splitlines())
        return [m.groupdict() for m in matches if m]


def demo() -> str:
    out = StringIO()
    call_command("demo", "--as-of", AS_OF.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def built(demo_programme, rows_snapshot) -> Iterator[Built]:
    with demo_programme(AS_OF) as printed:
        rows = rows_snapshot()
        statuses = dict(Partner.objects.values_list("name", "status"))
        printed_again = demo()
        yield Built(printed, printed_again, rows, rows_snapshot(), statuses)


@pytest.fixture
def demo_db(built: Built, db: None) -> Built:
    """The demo, built, inside this test's own transaction."""
    return built


def without_users(rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    # The demo resets its sign-ins' passwords (a new salt) at every run; nothing else may change.
    return {label: values for label, values in rows.items() if label != "auth.User"}


def test_a_second_run_prints_the_same_and_changes_nothing_but_passwords(demo_db):
    assert demo_db.printed_again == demo_db.printed
    assert without_users(demo_db.rows_again) == without_users(demo_db.rows)


def test_demo_prints_sign_ins_that_work(demo_db):
    roles = {login["role"]: login for login in demo_db.logins(demo_db.printed)}
    assert {"manager", "partner"} <= set(roles)
    assert "demo login: partner paul / paul-demo-2019" in demo_db.printed
    assert "demo login: partner carl / carl-demo-2019" in demo_db.printed
    # A request, as every sign-in has: django-axes counts sign-ins per address.
    sign_in = RequestFactory().post("/accounts/login/")
    manager = authenticate(sign_in, username=roles["manager"]["username"], password=roles["manager"]["password"])
    partner_user = authenticate(sign_in, username=roles["partner"]["username"], password=roles["partner"]["password"])
    assert manager is not None and is_manager(manager)
    assert partner_user is not None and partner_for_user(partner_user) is not None


def test_every_sign_in_is_printed_again_whatever_became_of_its_partner(demo_db):
    manager = User.objects.get(username="maria")
    partner_terminate(
        partner=Partner.objects.get(name="Contoso Automation"),
        terminated_on=AS_OF,
        acting_user=manager,
        reason="breach of the IPPA",
    )
    partner_terminate(
        partner=Partner.objects.get(name="Litware Solutions"), terminated_on=AS_OF, acting_user=manager, reason="breach"
    )

    printed = demo()

    assert sorted(login["username"] for login in demo_db.logins(printed)) == ["admin", "carl", "lena", "maria", "paul"]


def test_demo_refuses_a_bad_date() -> None:
    with pytest.raises(CommandError, match="--as-of"):
        call_command("demo", "--as-of", "yesterday")


def test_demo_partners_go_through_the_lifecycle_services_once(demo_db):
    statuses = demo_db.first_statuses
    assert set(statuses.values()) >= {"applied", "approved", "registered", "deactivated", "rejected", "terminated"}
    assert statuses["Northwind Consulting"] == "registered"
    for model in (PartnerEvent, Invoice):
        label = model._meta.label
        assert len(demo_db.rows_again[label]) == len(demo_db.rows[label]) > 0, label
    northwind = Partner.objects.get(name="Northwind Consulting")
    # Each app's demo adds its events in INSTALLED_APPS order: partners (the application, the approval with
    # the invoice billing issues in reaction, Paul's account), then billing (the payment, and the registration
    # it completes), then people …
    assert [e.kind for e in northwind.events.all()][:6] == [
        "applied",
        "approved",
        "invoice_issued",
        "user_added",
        "invoice_paid",
        "registered",
    ]


def test_the_demo_shows_every_part_of_deal_registration(demo_db):
    northwind = Registration.objects.filter(partner__name="Northwind Consulting", submitted_by__username="paul")
    assert set(northwind.values_list("status", flat=True)) == {"pending", "approved", "rejected", "won", "lost"}
    # The portal's demo programme (built last) adds a conflict of its own partners: look at Northwind's.
    conflict = RegistrationConflict.objects.get(other__partner__name="Northwind Consulting")
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


def test_the_demo_has_every_benefit_state(demo_db):
    # The portal's demo programme (built last) adds other partners' requests and trademark uses: look at Litware's.
    litware = {"partner__name": "Litware Solutions"}
    assert {status for status in BenefitRequest.objects.filter(**litware).values_list("status", flat=True)} == {
        "requested",
        "fulfilled",
        "declined",
    }
    assert MarketplaceListing.objects.get().status == "published"
    assert set(TrademarkUsage.objects.filter(**litware).values_list("status", flat=True)) == {"approved", "withdrawn"}
    withdrawal = TrademarkWithdrawal.objects.get()
    assert (withdrawal.effective_on - withdrawal.notice_on).days == 30
    assert flagged_demonstrations().get().partner.name == "Litware Solutions"


def test_the_demo_evaluates_each_ended_quarter_once(demo_db):
    # The portal's demo programme evaluates the three quarters before the latest as well, for its charts.
    periods = list(EvaluationRun.objects.values_list("period", flat=True))
    assert {"2019Q2", "2019Q3"} <= set(periods)
    assert len(periods) == len(set(periods))
    assert Scorecard.objects.filter(run__period="2019Q2", partner__name="Northwind Consulting").exists()


def test_the_programme_is_believable_and_alive_on_its_today(demo_db):
    partners = list(Partner.objects.all())
    assert 28 <= len(partners) <= 35
    assert {p.classification for p in partners} >= {"advisory", "alliance", "implementation", "solution", "oem"}
    assert {region for p in partners for region in p.regions} == {"AMER", "EMEA", "APAC"}
    assert {p.status for p in partners} >= {"applied", "approved", "registered", "deactivated", "terminated"}
    # deals in every status, with a conflict and a near duplicate for the managers to compare
    assert set(Registration.objects.values_list("status", flat=True)) == {
        "pending",
        "approved",
        "rejected",
        "won",
        "lost",
    }
    assert RegistrationConflict.objects.exists()
    assert Registration.objects.filter(end_customer__startswith="Fabrikam Bank").count() == 2
    # an evaluation with decisions and notices
    assert EvaluationRun.objects.count() >= 2
    assert EvaluationDecision.objects.exists()
    assert Notice.objects.exists()
    # certifications about to lapse, dated relative to the demo's today
    northwind = Partner.objects.get(name="Northwind Consulting")
    due = partner_due_dates(northwind, AS_OF, 30)
    assert any(item.kind == "certification" and AS_OF < item.due_on <= AS_OF + dt.timedelta(days=30) for item in due)


def test_pauls_sign_in_lands_on_his_dashboard(client, demo_db):
    response = client.post("/", {"username": "paul", "password": "paul-demo-2019"}, follow=True)
    html = response.content.decode()

    assert "Alliance Partner" in html
    assert "Good standing" in html
    northwind = Partner.objects.get(name="Northwind Consulting")
    deals_url = f"/partners/{northwind.pk}/deals/"
    assert f'href="{deals_url}"' in html
    deals = client.get(deals_url)
    assert deals.status_code == 200
    assert "Deal registrations" in deals.content.decode()
