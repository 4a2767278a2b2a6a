"""The demo built for a today years after its 2019 stories (as `make run` builds it): the waiting queues hold
recent items only, and carl's Contoso is back in its qualification window with registrations of this month."""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from partnerhub.benefits.models import BenefitRequest
from partnerhub.deals.models import ProtectionExtension, Registration, RegistrationConflict
from partnerhub.deals.selectors import possible_duplicates_of
from partnerhub.directory.selectors import DirectoryQuery, directory_page, listing_for
from partnerhub.funds.models import Claim, ClaimStatus, Plan, PlanStatus
from partnerhub.partners.models import Partner, PartnerStatus

pytestmark = pytest.mark.xdist_group("demo")
TODAY = dt.date(2021, 3, 15)
RECENT = TODAY - dt.timedelta(days=120)


@pytest.fixture(scope="module")
def printed(demo_programme) -> Iterator[str]:
    with demo_programme(TODAY) as out:
        yield out


@pytest.fixture
def demo_db(printed: str, db: None) -> str:
    return printed


def test_the_waiting_queues_hold_recent_items_only(demo_db):
    waiting_deals = Registration.objects.filter(status="pending")
    applications = Partner.objects.filter(status=PartnerStatus.APPLIED)
    requests = BenefitRequest.objects.filter(status="requested")

    assert waiting_deals.exists() and applications.exists() and requests.exists()
    assert list(waiting_deals.filter(submitted_on__lt=RECENT).values_list("end_customer", flat=True)) == []
    assert list(applications.filter(applied_on__lt=RECENT).values_list("name", flat=True)) == []
    assert list(requests.filter(requested_on__lt=RECENT).values_list("benefit", flat=True)) == []


def test_the_2019_claims_were_decided_then(demo_db):
    decided = dict(
        Registration.objects.filter(
            submitted_on__year=2019, end_customer__in=["GLOBEX Corp.", "Inetech", "Initech"]
        ).values_list("end_customer", "status")
    )

    assert decided == {"GLOBEX Corp.": "rejected", "Inetech": "rejected", "Initech": "approved"}
    assert Registration.objects.get(end_customer="GLOBEX Corp.").decision_reason == (
        "Northwind Consulting registered this opportunity first (§7.3)."
    )


def test_carls_contoso_rejoined_and_registers_this_month(demo_db):
    contoso = Partner.objects.get(name="Contoso Automation")
    recent = Registration.objects.filter(partner=contoso, status="pending")

    assert contoso.status == PartnerStatus.APPROVED
    assert contoso.approved_on == TODAY - dt.timedelta(days=45)
    assert contoso.qualification_deadline is not None and contoso.qualification_deadline > TODAY
    assert sorted(recent.values_list("end_customer", "submitted_on")) == [
        ("Margate Energy plc", TODAY - dt.timedelta(days=3)),
        ("Wingtip Airline", TODAY - dt.timedelta(days=9)),
    ]
    assert RegistrationConflict.objects.filter(
        registration__partner=contoso, other__partner__name="Northwind Consulting"
    ).exists()
    _, rows = possible_duplicates_of(recent.get(end_customer="Wingtip Airline"))
    assert any(row.registration.end_customer == "Wingtip Airlines" for row in rows)
    assert "demo login: partner carl / carl-demo-2019" in demo_db


def test_the_newer_options_the_2019_policy_switches_on(demo_db):
    """Directory profiles and a year of joint-marketing funds; no protection window (off in the 2019 file), so no
    extension request."""
    shown = {entry.name: entry for entry in directory_page(TODAY, DirectoryQuery()).entries}
    assert {"Northwind Consulting", "Litware Solutions", "Blue Yonder Automation"} <= set(shown)
    assert shown["Northwind Consulting"].website == "https://northwind.example"
    assert shown["Litware Solutions"].featured and shown["Litware Solutions"].solutions
    assert next(iter(shown)) in {"Blue Yonder Automation", "Litware Solutions"}, "featured partners first"
    lamna = Partner.objects.get(name="Lamna Healthcare Partners")
    assert "Lamna Healthcare Partners" not in shown
    assert [reason.code for reason in listing_for(lamna, TODAY).unmet] == ["good_standing"]

    claim = Claim.objects.get(partner__name="Northwind Consulting")
    assert (claim.status, claim.amount, claim.approved_amount, claim.leads_generated) == (
        ClaimStatus.PAID,
        Decimal("7500.00"),
        Decimal("6000.00"),
        35,
    ), "approved in part, then paid"
    assert claim.documents.exists()
    assert Plan.objects.filter(partner__name="Northwind Consulting", status=PlanStatus.APPROVED, claim=None).exists()
    assert Plan.objects.filter(partner__name="Litware Solutions", status=PlanStatus.SUBMITTED).exists()
    assert not ProtectionExtension.objects.exists()
