"""Product subscriptions (§10.1): credentials for a named partner user, for demonstration or training only."""

import datetime as dt

import pytest

from partnerhub.benefits.models import ProductSubscription
from partnerhub.partners.models import PartnerEvent

pytestmark = pytest.mark.django_db

URL = "/api/v1/product-subscriptions/"


def grant(api_client, manager_user, partner, user, **overrides):
    body = {
        "partner": partner.pk,
        "user": user.pk,
        "product": "amelia",
        "purpose": "demonstration",
        "starts_on": "2019-07-01",
        "ends_on": "2019-09-30",
        "login_hint": "nina@amelia-demo",
        "credential_reference": "vault://partners/northwind/amelia-demo",
        "granted_on": "2019-07-01",
        **overrides,
    }
    return api_client(manager_user).post(URL, body, format="json")


def test_a_manager_grants_and_revokes_credentials(api_client, manager_user, implementation, northwind_user):
    granted = grant(api_client, manager_user, implementation, northwind_user)

    assert granted.status_code == 201, granted.json()
    body = granted.json()
    assert (body["username"], body["purpose"], body["product"]) == ("nina", "demonstration", "amelia")
    assert body["credential_reference"] == "vault://partners/northwind/amelia-demo"
    assert "password" not in body
    assert PartnerEvent.objects.filter(partner=implementation, kind="product_subscription_granted").count() == 1

    revoked = api_client(manager_user).post(
        f"{URL}{body['id']}/revoke/", {"reason": "demo done", "on": "2019-08-15"}, format="json"
    )
    assert revoked.status_code == 200
    assert revoked.json()["revoked_on"] == "2019-08-15"
    subscription = ProductSubscription.objects.get()
    assert subscription.active_on(subscription.starts_on)
    assert not subscription.active_on(dt.date(2019, 8, 15))
    assert api_client(manager_user).post(f"{URL}{body['id']}/revoke/", {}, format="json").status_code == 409


def test_only_demonstration_or_training_and_a_credential_reference_never_a_secret(
    api_client, manager_user, implementation, northwind_user
):
    production = grant(api_client, manager_user, implementation, northwind_user, purpose="production")
    assert production.status_code == 400
    assert "purpose" in production.json()["errors"]
    secret = grant(api_client, manager_user, implementation, northwind_user, credential_reference="hunter2")
    assert secret.status_code == 400
    assert "credential_reference" in secret.json()["errors"]
    backwards = grant(api_client, manager_user, implementation, northwind_user, ends_on="2019-06-30")
    assert backwards.status_code == 400
    assert not ProductSubscription.objects.exists()


def test_policy_refusals_cite_10_1(
    api_client, manager_user, implementation, northwind_user, fabrikam_user, db_state, violations
):
    before = db_state()
    other_product = grant(api_client, manager_user, implementation, northwind_user, product="1rpa")
    assert other_product.status_code == 422
    assert violations(other_product) == [("authorized_product_line", "10.1")]
    not_theirs = grant(api_client, manager_user, implementation, fabrikam_user)
    assert not_theirs.status_code == 422
    assert violations(not_theirs) == [("named_partner_user", "10.1")]
    assert db_state() == before


def test_a_partner_in_its_window_may_get_training_credentials(api_client, manager_user, partner_in, user_of):
    approved = partner_in("approved", classification="implementation")
    user = user_of(approved, "ivy")

    assert grant(api_client, manager_user, approved, user, purpose="training").status_code == 201


def test_granting_is_for_managers(api_client, northwind_user, implementation):
    response = grant(api_client, northwind_user, implementation, northwind_user)
    assert response.status_code == 403
