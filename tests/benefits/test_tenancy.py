"""Tenancy (docs/architecture.md#rule-4, docs/policy.md#r12-1): another partner's requests, listings, leads,
offers, subscriptions, grants, reviews, payments, documents, usages and demonstrations do not exist for a partner
user (404, and absent from lists); actions on them are 404 too, and manager-only actions are 403 for any partner
user."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerhub.benefits.services import (
    benefit_requests,
    demonstrations,
    leads,
    marketing,
    marketplace,
    subscriptions,
    trademark,
)
from partnerhub.policy.licenses import MARKETPLACE_STANDARDS

pytestmark = pytest.mark.django_db

DAY = dt.date(2019, 7, 1)


@pytest.fixture
def fabrikam_objects(solution, fabrikam_user, manager_user) -> dict[str, int]:
    """One object of every kind, all Fabrikam's (the Solution partner in France)."""
    request = benefit_requests.benefit_request_create(
        partner=solution,
        benefit="poc_support",
        details="",
        acknowledged_cost=False,
        requested_on=DAY,
        acting_user=fabrikam_user,
    )
    listing = marketplace.listing_submit(
        partner=solution, title="T", summary="S", product="amelia", url="", submitted_on=DAY, acting_user=fabrikam_user
    )
    lead, [offer] = leads.web_lead_receive(
        end_customer="Initech",
        country="FR",
        product="1desk",
        contact_name="Bill",
        contact_email="",
        contact_phone="",
        notes="",
        received_on=DAY,
        acting_user=manager_user,
    )
    subscription = subscriptions.subscription_grant(
        partner=solution,
        user=fabrikam_user,
        product="amelia",
        purpose="training",
        starts_on=DAY,
        ends_on=DAY + dt.timedelta(days=30),
        login_hint="",
        credential_reference="vault://x",
        granted_on=DAY,
        acting_user=manager_user,
    )
    grant = marketing.marketing_access_grant(
        partner=solution,
        grantee_kind="third_party",
        user=None,
        third_party_name="Agency",
        third_party_contact="",
        responsible=fabrikam_user,
        scope="x",
        granted_on=DAY,
        acting_user=fabrikam_user,
    )
    review = marketing.marketing_review_record(
        partner=solution,
        grant=grant,
        subject="x",
        outcome="compliant",
        required_changes="",
        due_on=None,
        reviewed_on=DAY,
        acting_user=manager_user,
    )
    payment = marketing.marketing_payment_record(
        partner=solution, amount=Decimal("10.00"), currency="USD", paid_on=DAY, basis="x", acting_user=manager_user
    )
    document = marketing.marketing_document_add(
        payment=payment, upload=SimpleUploadedFile("a.csv", b"a,b\n1,2\n"), uploaded_on=DAY, acting_user=manager_user
    )
    usage = trademark.trademark_usage_request(
        partner=solution,
        mark="logo",
        medium="web",
        territory="FR",
        starts_on=DAY,
        ends_on=dt.date(2019, 12, 31),
        requested_on=DAY,
        acting_user=fabrikam_user,
    )
    demonstration = demonstrations.demonstration_record(
        partner=solution,
        prospect="P",
        demo_on=DAY,
        sales_force=30,
        customer_service_group=0,
        advised_on=None,
        recorded_on=DAY,
        acting_user=fabrikam_user,
    )
    return {
        "benefit-requests": request.pk,
        "marketplace-listings": listing.pk,
        "leads": lead.pk,
        "lead-offers": offer.pk,
        "product-subscriptions": subscription.pk,
        "marketing-grants": grant.pk,
        "marketing-reviews": review.pk,
        "marketing-payments": payment.pk,
        "marketing-documents": document.pk,
        "trademark-usages": usage.pk,
        "demonstrations": demonstration.pk,
    }


RESOURCES = [
    "benefit-requests",
    "marketplace-listings",
    "leads",
    "lead-offers",
    "product-subscriptions",
    "marketing-grants",
    "marketing-reviews",
    "marketing-payments",
    "marketing-documents",
    "trademark-usages",
    "demonstrations",
]


@pytest.mark.parametrize("resource", RESOURCES)
def test_another_partners_object_is_not_found_and_not_listed(
    api_client, fabrikam_objects, fabrikam_user, northwind_user, manager_user, resource
):
    pk = fabrikam_objects[resource]

    assert api_client(northwind_user).get(f"/api/v1/{resource}/{pk}/").status_code == 404
    assert api_client(northwind_user).get(f"/api/v1/{resource}/").json()["count"] == 0
    assert api_client(fabrikam_user).get(f"/api/v1/{resource}/{pk}/").status_code == 200
    assert api_client(manager_user).get(f"/api/v1/{resource}/{pk}/").status_code == 200


def test_an_anonymous_caller_sees_nothing(api_client, fabrikam_objects):
    for resource in RESOURCES:
        assert api_client().get(f"/api/v1/{resource}/").status_code == 401


# Actions a partner user may take on its own objects: on another partner's they answer 404.
PARTNER_ACTIONS = [
    ("marketplace-listings", "withdraw", {"reason": "x"}),
    ("marketplace-listings", "resubmit", {}),
    ("lead-offers", "accept", {}),
    ("lead-offers", "decline", {}),
    ("marketing-grants", "revoke", {}),
    ("marketing-payments", "documents", {}),
    ("marketing-documents", "download", None),
    ("demonstrations", "advise", {}),
]

# Actions only a vendor manager may take: 403 for every partner user, even on its own objects.
MANAGER_ACTIONS = [
    ("benefit-requests", "fulfil", {}),
    ("benefit-requests", "decline", {"reason": "x"}),
    ("marketplace-listings", "review", {"checklist": dict.fromkeys(MARKETPLACE_STANDARDS, True)}),
    ("marketplace-listings", "publish", {}),
    ("leads", "offer", {}),
    ("product-subscriptions", "revoke", {}),
    ("trademark-usages", "approve", {"written_approval": "ok"}),
    ("trademark-usages", "reject", {"reason": "x"}),
    ("trademark-usages", "withdraw", {"reason": "x"}),
]


@pytest.mark.parametrize(("resource", "action", "body"), PARTNER_ACTIONS)
def test_actions_on_another_partners_object_are_not_found(
    api_client, fabrikam_objects, northwind_user, db_state, resource, action, body
):
    url = f"/api/v1/{resource}/{fabrikam_objects[resource]}/{action}/"
    before = db_state()
    client = api_client(northwind_user)

    response = client.get(url) if body is None else client.post(url, body, format="json")

    assert response.status_code == 404
    assert db_state() == before


@pytest.mark.parametrize(("resource", "action", "body"), MANAGER_ACTIONS)
def test_manager_actions_are_forbidden_to_partner_users(
    api_client, fabrikam_objects, fabrikam_user, db_state, resource, action, body
):
    before = db_state()
    response = api_client(fabrikam_user).post(
        f"/api/v1/{resource}/{fabrikam_objects[resource]}/{action}/", body, format="json"
    )

    assert response.status_code == 403
    assert db_state() == before


@pytest.mark.parametrize("resource", ["leads", "product-subscriptions", "marketing-reviews", "marketing-payments"])
def test_manager_creates_are_forbidden_to_partner_users(api_client, fabrikam_user, solution, resource):
    assert api_client(fabrikam_user).post(f"/api/v1/{resource}/", {}, format="json").status_code == 403


@pytest.mark.parametrize(
    "resource", ["benefit-requests", "marketplace-listings", "marketing-grants", "trademark-usages", "demonstrations"]
)
def test_a_partner_user_cannot_create_for_another_partner(
    api_client, northwind_user, implementation, solution, db_state, resource
):
    before = db_state()
    response = api_client(northwind_user).post(f"/api/v1/{resource}/", {"partner": solution.pk}, format="json")

    assert response.status_code == 400
    assert "partner" in response.json()["errors"]
    assert db_state() == before


def test_a_user_of_no_partner_cannot_create(api_client, db, published_policy, password):
    from django.contrib.auth.models import User

    stranger = User.objects.create_user("stranger", password=password)
    response = api_client(stranger).post(
        "/api/v1/demonstrations/",
        {"prospect": "P", "demo_on": "2019-08-01", "sales_force": 1, "customer_service_group": 1},
        format="json",
    )
    assert response.status_code == 403
