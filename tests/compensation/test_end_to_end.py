"""From application to referral fee with the real good standing of `people` (§2.0, §5.0, §7.2, §7.3, §9.1)."""

import pytest
from django.contrib.auth.models import User

from partnerhub.billing.models import Invoice
from partnerhub.partners.models import Partner, PartnerUser

pytestmark = pytest.mark.django_db


def ok(response, status=200):
    assert response.status_code == status, response.json()
    return response.json()


def apply_and_approve(manager, name: str) -> Partner:
    applied = ok(
        manager.post(
            "/api/v1/partners/",
            {
                "name": name,
                "kind": "company",
                "classification": "alliance",
                "regions": ["EMEA"],
                "territories": ["GB", "DE"],
                "products": ["amelia"],
                "contact_email": f"partners@{name.split()[0].lower()}.example",
                "applied_on": "2019-01-10",
            },
            format="json",
        ),
        201,
    )
    ok(
        manager.post(
            f"/api/v1/partners/{applied['id']}/approve/",
            {"approved_on": "2019-01-15", "referral_fee_percent": "7.50"},
            format="json",
        )
    )
    return Partner.objects.get(pk=applied["id"])


def representative(partner: Partner, username: str, password: str) -> User:
    user = User.objects.create_user(username, email=f"{username}@partner.example", password=password)
    PartnerUser.objects.create(user=user, partner=partner, representative=True)
    return user


def qualify(manager, partner: Partner) -> None:
    """Staff certified (recorded by a manager, so verified), compliance verified, program fee paid: a
    Registered Partner in good standing."""
    for name, handle, role, kind in [
        ("Mia Manager", "mia", "partner_manager", None),
        ("Sam Sales", "sam", "sales", "sales"),
        ("Sue Sales", "sue", "sales", "sales"),
        ("Pat Presales", "pat", "presales", "presales"),
    ]:
        person = ok(
            manager.post(
                f"/api/v1/partners/{partner.pk}/people/?as_of=2019-02-01",
                {"name": name, "email": f"{handle}@x.example", "region": "EMEA", "roles": [role]},
                format="json",
            ),
            201,
        )
        if kind:
            ok(
                manager.post(
                    f"/api/v1/people/{person['id']}/certifications/?as_of=2019-02-01",
                    {"kind": kind, "earned_on": "2019-02-01"},
                    format="json",
                ),
                201,
            )
    ok(
        manager.post(
            f"/api/v1/partners/{partner.pk}/compliance-verifications/?as_of=2019-02-05",
            {"verified_on": "2019-02-05"},
            format="json",
        ),
        201,
    )
    invoice = Invoice.objects.get(partner=partner)
    ok(manager.post(f"/api/v1/invoices/{invoice.pk}/pay/", {"paid_on": "2019-02-10"}, format="json"))
    partner.refresh_from_db()
    assert partner.status == "registered"


def test_a_partner_in_good_standing_earns_its_percentage_and_one_that_is_not_is_told_why(
    api_client, manager_user, published_policy, password
):
    manager = api_client(manager_user)
    good = apply_and_approve(manager, "Northwind Consulting")
    good_rep = representative(good, "nora", password)
    qualify(manager, good)
    lagging = apply_and_approve(manager, "Contoso Partners")
    lagging_rep = representative(lagging, "carl", password)

    for user, customer in [(good_rep, "Globex Corp."), (lagging_rep, "Initech")]:
        deal = ok(
            api_client(user).post(
                "/api/v1/deals/",
                {
                    "end_customer": customer,
                    "opportunity": "Amelia pilot",
                    "country": "DE",
                    "estimated_value": "90000",
                    "consent_confirmed": True,
                },
                format="json",
            ),
            201,
        )
        ok(manager.post(f"/api/v1/deals/{deal['id']}/approve/", {"approved_on": "2019-05-16"}, format="json"))

    fees = {}
    for partner, customer in [(good, "Globex Corporation"), (lagging, "Initech")]:
        order = ok(
            manager.post(
                "/api/v1/orders/",
                {
                    "end_customer": customer,
                    "opportunity": "Amelia Pilot",
                    "ordered_on": "2019-06-03",
                    "first_year_net_revenue": "200000.00",
                    "partner": partner.pk,
                    "channel": "referral",
                    "net_new": True,
                    "country": "DE",
                },
                format="json",
            ),
            201,
        )
        fees[partner.name] = order["referral_fee"]

    earned = fees["Northwind Consulting"]
    assert earned["eligible"] is True
    assert earned["amount"] == "15000.00"  # 7.50% of 200,000.00
    assert all(reason["met"] for reason in earned["reasons"])

    refused = fees["Contoso Partners"]
    assert refused["eligible"] is False
    assert refused["amount"] == "0.00"
    unmet = [reason for reason in refused["reasons"] if not reason["met"]]
    assert [reason["code"] for reason in unmet] == ["good_standing"]
    assert unmet[0]["section"] == "2.0"
    assert "not in good standing on 2019-06-03" in unmet[0]["message"]
    assert "(§5.0)" in unmet[0]["message"]  # the missing certified resources, with their section
