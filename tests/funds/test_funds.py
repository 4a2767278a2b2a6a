"""Joint-marketing funds (docs/policy.md#r6-2): budgets for entitled partners, plans, claims with proof, approval in
full or in part, payment through the §10.2 marketing payments, the figures, and tenancy."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerhub.benefits.models import MarketingPayment
from partnerhub.core.errors import Conflict, InvalidInput, PolicyViolation
from partnerhub.funds import selectors, services
from partnerhub.funds.models import ClaimStatus, Fund, PlanStatus
from partnerhub.partners.models import PartnerEvent, PartnerStatus

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def codes(error: PolicyViolation) -> set[str]:
    return {violation.code for violation in error.violations}


@pytest.fixture
def northwind(make_partner):
    return make_partner("Northwind Consulting", contact_email="mdf@northwind.example")


@pytest.fixture
def paul(northwind, make_representative):
    return make_representative(northwind, "paul")


@pytest.fixture
def fund(northwind, manager_user):
    return services.fund_allocate(
        partner=northwind,
        period="2019",
        amount=Decimal("10000.00"),
        allocated_on=dt.date(2019, 2, 1),
        acting_user=manager_user,
    )


def plan(partner, user, *, cost="6000.00", starts=dt.date(2019, 5, 1), ends=dt.date(2019, 5, 2), title="Amelia day"):
    return services.plan_submit(
        partner=partner,
        kind="event",
        title=title,
        starts_on=starts,
        ends_on=ends,
        planned_cost=Decimal(cost),
        expected_leads=40,
        submitted_on=dt.date(2019, 3, 1),
        acting_user=user,
    )


@pytest.fixture
def approved_plan(fund, northwind, paul, manager_user):
    return services.plan_approve(plan=plan(northwind, paul), approved_on=dt.date(2019, 3, 2), acting_user=manager_user)


def proof(name="invoice.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def fresh_figures(fund):
    return selectors.figures(selectors.with_figures(Fund.objects.filter(pk=fund.pk)).get())


def test_a_fund_goes_only_to_a_partner_entitled_to_joint_marketing(make_partner, manager_user, fund):
    assert (fund.period, fund.starts_on, fund.ends_on) == ("2019", dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert fund.currency == "USD"
    assert PartnerEvent.objects.filter(kind="marketing_fund_allocated", partner=fund.partner).exists()

    in_window = make_partner("Fresh", status=PartnerStatus.APPROVED)
    with pytest.raises(PolicyViolation) as refused:
        services.fund_allocate(
            partner=in_window,
            period="2019",
            amount=Decimal("5000"),
            allocated_on=dt.date(2019, 2, 1),
            acting_user=manager_user,
        )
    assert codes(refused.value) == {"entitled_to_joint_marketing"}
    with pytest.raises(InvalidInput, match="per Program Year"):
        services.fund_allocate(
            partner=fund.partner,
            period="2019Q2",
            amount=Decimal("5000"),
            allocated_on=dt.date(2019, 2, 1),
            acting_user=manager_user,
        )
    with pytest.raises(Conflict):
        services.fund_allocate(
            partner=fund.partner,
            period="2019",
            amount=Decimal("5000"),
            allocated_on=dt.date(2019, 2, 1),
            acting_user=manager_user,
        )
    assert Fund.objects.count() == 1


def test_a_plan_needs_a_fund_for_its_period_and_lies_within_it(fund, northwind, paul):
    with pytest.raises(PolicyViolation) as refused:
        plan(northwind, paul, starts=dt.date(2020, 1, 10), ends=dt.date(2020, 1, 11))
    assert codes(refused.value) == {"fund_allocated"}
    with pytest.raises(PolicyViolation) as refused:
        plan(northwind, paul, starts=dt.date(2019, 12, 30), ends=dt.date(2020, 1, 2))
    assert codes(refused.value) == {"within_fund_period"}
    with pytest.raises(InvalidInput):
        plan(northwind, paul, starts=dt.date(2019, 5, 2), ends=dt.date(2019, 5, 1))


def test_a_manager_pre_approves_or_declines_with_a_reason(fund, northwind, paul, manager_user):
    first = plan(northwind, paul)
    services.plan_approve(plan=first, approved_on=dt.date(2019, 3, 2), acting_user=manager_user)
    second = plan(northwind, paul, title="Webinar")
    with pytest.raises(InvalidInput):
        services.plan_decline(plan=second, declined_on=dt.date(2019, 3, 2), reason=" ", acting_user=manager_user)
    declined = services.plan_decline(
        plan=second, declined_on=dt.date(2019, 3, 2), reason="no budget for webinars", acting_user=manager_user
    )
    assert declined.status == PlanStatus.DECLINED and declined.decision_reason == "no budget for webinars"
    with pytest.raises(Conflict):
        services.plan_approve(plan=second, approved_on=dt.date(2019, 3, 3), acting_user=manager_user)
    figures = fresh_figures(fund)
    assert (figures.budget, figures.committed, figures.claimed, figures.paid) == (
        Decimal("10000.00"),
        Decimal("6000.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )


def test_a_claim_comes_after_the_activity_within_the_plan_and_the_fund(approved_plan, paul):
    def claim(amount, on=dt.date(2019, 5, 10)):
        return services.claim_submit(
            plan=approved_plan, amount=Decimal(amount), leads_generated=31, claimed_on=on, acting_user=paul
        )

    with pytest.raises(PolicyViolation) as refused:
        claim("5000", on=dt.date(2019, 5, 1))
    assert codes(refused.value) == {"after_the_activity"}
    with pytest.raises(PolicyViolation) as refused:
        claim("5000", on=dt.date(2019, 8, 1))
    assert codes(refused.value) == {"within_claim_window"}
    with pytest.raises(PolicyViolation) as refused:
        claim("6000.01")
    assert codes(refused.value) == {"within_planned_cost"}
    made = claim("5800.00")
    assert made.status == ClaimStatus.SUBMITTED
    with pytest.raises(Conflict):
        claim("100")


def test_no_claim_exceeds_what_is_left_of_the_fund(fund, northwind, paul, manager_user):
    plans = [
        services.plan_approve(
            plan=plan(northwind, paul, title=title), approved_on=dt.date(2019, 3, 2), acting_user=manager_user
        )
        for title in ("Event A", "Event B")
    ]
    first = services.claim_submit(
        plan=plans[0], amount=Decimal("6000.00"), leads_generated=10, claimed_on=dt.date(2019, 5, 3), acting_user=paul
    )
    with pytest.raises(PolicyViolation) as refused:
        services.claim_submit(
            plan=plans[1],
            amount=Decimal("4000.01"),
            leads_generated=5,
            claimed_on=dt.date(2019, 5, 3),
            acting_user=paul,
        )
    assert codes(refused.value) == {"within_remaining_fund"}
    assert "exceeds the 4000.00 left of the fund" in refused.value.violations[0].message
    # A rejected claim gives its amount back.
    services.claim_reject(claim=first, rejected_on=dt.date(2019, 5, 4), reason="no proof", acting_user=manager_user)
    second = services.claim_submit(
        plan=plans[1], amount=Decimal("6000.00"), leads_generated=5, claimed_on=dt.date(2019, 5, 4), acting_user=paul
    )
    assert fresh_figures(fund).claimed == Decimal("6000.00")
    assert second.status == ClaimStatus.SUBMITTED


def test_proof_approval_in_part_and_payment_through_the_marketing_payments(approved_plan, fund, paul, manager_user):
    claim = services.claim_submit(
        plan=approved_plan,
        amount=Decimal("5800.00"),
        leads_generated=31,
        claimed_on=dt.date(2019, 5, 10),
        acting_user=paul,
    )
    with pytest.raises(PolicyViolation) as refused:
        services.claim_approve(claim=claim, approved_on=dt.date(2019, 5, 12), acting_user=manager_user)
    assert codes(refused.value) == {"proof_of_performance"}
    with pytest.raises(InvalidInput, match="PDF, PNG, JPEG or CSV"):
        services.claim_document_add(
            claim=claim,
            upload=proof("leads.pdf", b"<html>hi</html>"),
            uploaded_on=dt.date(2019, 5, 10),
            acting_user=paul,
        )
    services.claim_document_add(claim=claim, upload=proof(), uploaded_on=dt.date(2019, 5, 10), acting_user=paul)
    with pytest.raises(InvalidInput, match="part"):
        services.claim_approve(
            claim=claim, approved_on=dt.date(2019, 5, 12), approved_amount=Decimal("5000"), acting_user=manager_user
        )
    with pytest.raises(InvalidInput):
        services.claim_approve(
            claim=claim,
            approved_on=dt.date(2019, 5, 12),
            approved_amount=Decimal("5800.01"),
            note="x",
            acting_user=manager_user,
        )
    approved = services.claim_approve(
        claim=claim,
        approved_on=dt.date(2019, 5, 12),
        approved_amount=Decimal("5000.00"),
        note="catering is not covered",
        acting_user=manager_user,
    )
    assert approved.status == ClaimStatus.APPROVED and approved.approved_amount == Decimal("5000.00")
    figures = fresh_figures(fund)
    assert (figures.committed, figures.claimed, figures.paid, figures.remaining) == (
        Decimal("0.00"),
        Decimal("5000.00"),
        Decimal("0.00"),
        Decimal("5000.00"),
    )

    paid = services.claim_pay(claim=claim, paid_on=dt.date(2019, 5, 20), acting_user=manager_user)
    payment = MarketingPayment.objects.get()
    assert paid.payment == payment
    assert (payment.amount, payment.currency, payment.paid_on) == (Decimal("5000.00"), "USD", dt.date(2019, 5, 20))
    assert f"joint-marketing claim #{claim.pk}" in payment.basis
    assert fresh_figures(fund).paid == Decimal("5000.00")
    with pytest.raises(Conflict):
        services.claim_pay(claim=claim, paid_on=dt.date(2019, 5, 21), acting_user=manager_user)


# The API ---------------------------------------------------------------------------------------------------------


def test_the_partner_plans_and_claims_through_the_api_and_sees_its_figures(
    api_client, fund, northwind, paul, manager_user
):
    client = api_client(paul)
    response = client.post(
        "/api/v1/joint-marketing/plans/",
        {
            "kind": "webinar",
            "title": "Amelia webinar",
            "starts_on": "2019-06-01",
            "ends_on": "2019-06-01",
            "planned_cost": "2500.00",
            "expected_leads": 20,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    plan_id = response.json()["id"]
    assert client.post(f"/api/v1/joint-marketing/plans/{plan_id}/approve/", {}, format="json").status_code == 403
    manager = api_client(manager_user)
    assert manager.post(f"/api/v1/joint-marketing/plans/{plan_id}/approve/", {}, format="json").status_code == 200

    response = client.post(
        "/api/v1/joint-marketing/claims/",
        {"plan": plan_id, "amount": "2400.00", "leads_generated": 25},
        format="json",
    )
    assert response.status_code == 201, response.json()
    claim_id = response.json()["id"]
    upload = client.post(f"/api/v1/joint-marketing/claims/{claim_id}/documents/", {"file": proof()}, format="multipart")
    assert upload.status_code == 201, upload.json()
    bad = client.post(
        f"/api/v1/joint-marketing/claims/{claim_id}/documents/", {"file": proof("x.png", PDF)}, format="multipart"
    )
    assert bad.status_code == 400 and "file" in bad.json()["errors"]
    assert manager.post(f"/api/v1/joint-marketing/claims/{claim_id}/approve/", {}, format="json").status_code == 200
    paid = manager.post(f"/api/v1/joint-marketing/claims/{claim_id}/pay/", {"paid_on": "2019-06-15"}, format="json")
    assert paid.status_code == 200 and paid.json()["status"] == "paid"

    funds = client.get("/api/v1/joint-marketing/funds/").json()["results"]
    assert [(f["budget"], f["committed"], f["claimed"], f["paid"], f["remaining"]) for f in funds] == [
        ("10000.00", "0.00", "2400.00", "2400.00", "7600.00")
    ]


def test_another_partners_fund_plan_claim_and_proof_are_not_found(
    api_client, approved_plan, make_partner, make_representative, paul
):
    claim = services.claim_submit(
        plan=approved_plan, amount=Decimal("100"), leads_generated=1, claimed_on=dt.date(2019, 5, 10), acting_user=paul
    )
    document = services.claim_document_add(
        claim=claim, upload=proof(), uploaded_on=dt.date(2019, 5, 10), acting_user=paul
    )
    other = make_representative(make_partner("Contoso Automation"), "carl")
    client = api_client(other)
    for path in (
        f"/api/v1/joint-marketing/funds/{claim.fund_id}/",
        f"/api/v1/joint-marketing/plans/{approved_plan.pk}/",
        f"/api/v1/joint-marketing/claims/{claim.pk}/",
        f"/api/v1/joint-marketing/proof/{document.pk}/",
        f"/api/v1/joint-marketing/proof/{document.pk}/download/",
    ):
        assert client.get(path).status_code == 404, path
    for path in ("funds", "plans", "claims", "proof"):
        assert client.get(f"/api/v1/joint-marketing/{path}/").json()["count"] == 0
    response = client.post(
        "/api/v1/joint-marketing/claims/",
        {"plan": approved_plan.pk, "amount": "1", "leads_generated": 0},
        format="json",
    )
    assert response.status_code == 400
    assert (
        client.post(
            f"/api/v1/joint-marketing/claims/{claim.pk}/documents/", {"file": proof()}, format="multipart"
        ).status_code
        == 404
    )
