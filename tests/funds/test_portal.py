"""Joint-marketing pages (docs/funds.md): the partner plans and claims with proof, a manager allocates and decides,
the dashboard's summary and the console show budget, committed, claimed and paid; another partner's page is 404."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerhub.funds import services
from partnerhub.funds.models import Claim, ClaimStatus, Fund, Plan, PlanStatus

pytestmark = pytest.mark.django_db

TODAY = dt.date(2019, 6, 15)
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _portal_today(monkeypatch):
    monkeypatch.setattr("partnerhub.portal.views.funds.today", lambda: TODAY)


@pytest.fixture
def northwind(make_partner):
    return make_partner("Northwind Consulting")


@pytest.fixture
def paul(northwind, make_representative):
    return make_representative(northwind, "paul")


def test_a_year_of_joint_marketing_through_the_pages(client, northwind, paul, manager_user):
    client.force_login(manager_user)
    response = client.post(
        f"/partners/{northwind.pk}/joint-marketing/",
        {"action": "allocate", "fund-period": "2019", "fund-amount": "10000.00", "fund-note": ""},
    )
    assert response.status_code == 302
    assert Fund.objects.get().amount == Decimal("10000.00")

    client.force_login(paul)
    plan = {
        "action": "plan",
        "plan-kind": "event",
        "plan-title": "Amelia day",
        "plan-description": "",
        "plan-starts_on": "2019-06-10",
        "plan-ends_on": "2019-06-12",
        "plan-planned_cost": "12000.00",
        "plan-expected_leads": "40",
    }
    refused = client.post(f"/partners/{northwind.pk}/joint-marketing/", {**plan, "plan-ends_on": "2020-01-02"})
    assert refused.status_code == 200 and "does not lie within the fund" in refused.content.decode()
    assert (
        client.post(f"/partners/{northwind.pk}/joint-marketing/", {**plan, "plan-planned_cost": "6000.00"}).status_code
        == 302
    )
    created = Plan.objects.get()
    forbidden = client.post(
        f"/partners/{northwind.pk}/joint-marketing/",
        {"action": "plan_approve", "decide-target": created.pk, "decide-decided_on": "2019-06-15"},
    )
    assert forbidden.status_code == 403

    client.force_login(manager_user)
    assert "Plans to decide" in client.get("/console/joint-marketing/").content.decode()
    approved = client.post(
        f"/partners/{northwind.pk}/joint-marketing/",
        {"action": "plan_approve", "decide-target": created.pk, "decide-decided_on": "2019-06-15"},
    )
    assert approved.status_code == 302
    created.refresh_from_db()
    assert created.status == PlanStatus.APPROVED

    client.force_login(paul)
    claim = {
        "action": "claim",
        "claim-plan": created.pk,
        "claim-amount": "6500.00",
        "claim-leads_generated": "35",
        "claim-proof": SimpleUploadedFile("invoice.pdf", PDF, content_type="application/pdf"),
    }
    too_much = client.post(f"/partners/{northwind.pk}/joint-marketing/", claim)
    assert too_much.status_code == 200 and "exceeds the pre-approved planned cost" in too_much.content.decode()
    claim["claim-amount"] = "5500.00"
    claim["claim-proof"] = SimpleUploadedFile("invoice.pdf", PDF, content_type="application/pdf")
    assert client.post(f"/partners/{northwind.pk}/joint-marketing/", claim).status_code == 302
    made = Claim.objects.get()
    assert made.documents.count() == 1

    client.force_login(manager_user)
    partial = client.post(
        f"/partners/{northwind.pk}/joint-marketing/",
        {
            "action": "claim_approve",
            "decide-target": made.pk,
            "decide-decided_on": "2019-06-15",
            "decide-amount": "5000.00",
            "decide-reason": "catering not covered",
        },
    )
    assert partial.status_code == 302
    paid = client.post(
        f"/partners/{northwind.pk}/joint-marketing/",
        {"action": "claim_pay", "decide-target": made.pk, "decide-decided_on": "2019-06-15"},
    )
    assert paid.status_code == 302
    made.refresh_from_db()
    assert made.status == ClaimStatus.PAID and made.approved_amount == Decimal("5000.00")

    client.force_login(paul)
    summary = client.get(f"/partners/{northwind.pk}/joint-marketing/summary/").content.decode()
    for figure in ("10,000.00 USD", "5,000.00 USD"):
        assert figure in summary
    assert "joint-marketing/summary/" in client.get("/").content.decode()  # the dashboard loads it


def test_another_partners_page_is_not_found_and_a_partner_user_cannot_allocate(
    client, northwind, paul, make_partner, make_representative, manager_user
):
    services.fund_allocate(
        partner=northwind,
        period="2019",
        amount=Decimal("1000"),
        allocated_on=dt.date(2019, 2, 1),
        acting_user=manager_user,
    )
    carl = make_representative(make_partner("Contoso Automation"), "carl")
    client.force_login(carl)
    assert client.get(f"/partners/{northwind.pk}/joint-marketing/").status_code == 404
    assert client.get(f"/partners/{northwind.pk}/joint-marketing/summary/").status_code == 404
    assert client.get("/console/joint-marketing/").status_code == 403
    client.force_login(paul)
    response = client.post(
        f"/partners/{northwind.pk}/joint-marketing/",
        {"action": "allocate", "fund-period": "2019", "fund-amount": "99999.00"},
    )
    assert response.status_code == 403
    assert Fund.objects.get().amount == Decimal("1000.00")
