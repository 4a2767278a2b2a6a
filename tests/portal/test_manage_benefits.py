"""A partner's benefits and licences in the managers' console: subscriptions granted and revoked after a
confirmation, Marketing Services access, reviews, payments with a supporting document, demonstrations and
trademark withdrawals. Bad input and refusals write nothing; another partner's objects are 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerhub.benefits.models import (
    Demonstration,
    MarketingAccessGrant,
    MarketingDocument,
    MarketingPayment,
    MarketingReview,
    ProductSubscription,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contoso(partner_in):
    return partner_in("registered")


def post(client, partner, kind, data):
    return client.post(
        f"/partners/{partner.pk}/manage/benefits/{kind}/", {f"{kind}-{key}": value for key, value in data.items()}
    )


def subscription_data(user, **overrides):
    return {
        "user": user.pk,
        "product": "amelia",
        "purpose": "demonstration",
        "starts_on": "2019-06-01",
        "ends_on": "2019-12-31",
        "login_hint": "carla-demo",
        "credential_reference": "vault://partners/contoso/amelia-demo",
        **overrides,
    }


def test_the_page_shows_every_form(as_manager, contoso):
    html = as_manager.get(f"/partners/{contoso.pk}/manage/benefits/").content.decode()

    for title in ("Grant a product subscription", "Give Marketing Services access", "Record a marketing review"):
        assert title in html


def test_a_subscription_is_granted_then_revoked_after_a_confirmation(as_manager, contoso, make_representative):
    carla = make_representative(contoso, "carla")

    assert post(as_manager, contoso, "subscription", subscription_data(carla)).status_code == 302
    subscription = ProductSubscription.objects.get(partner=contoso)
    page = f"/partners/{contoso.pk}/manage/benefits/subscriptions/{subscription.pk}/revoke/"
    assert "Confirm: revoke the subscription" in as_manager.get(page).content.decode()
    as_manager.post(page, {"reason": "left the company"})

    subscription.refresh_from_db()
    assert subscription.revoked_on is not None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"purpose": "resale"}, "purpose"),
        ({"ends_on": "05/05/2019"}, "ends_on"),
        ({"credential_reference": ""}, "credential_reference"),
    ],
)
def test_a_bad_subscription_writes_nothing(as_manager, contoso, make_representative, db_state, overrides, field):
    carla = make_representative(contoso, "carla")
    before = db_state()

    response = post(as_manager, contoso, "subscription", subscription_data(carla, **overrides))

    bound = next(form for grant, form in response.context["sections"] if grant.key == "subscription")
    assert bound.errors[field]
    assert db_state() == before


def test_a_subscription_the_policy_refuses_says_why_and_writes_nothing(
    as_manager, contoso, make_representative, db_state
):
    carla = make_representative(contoso, "carla")
    before = db_state()

    response = post(as_manager, contoso, "subscription", subscription_data(carla, product="1rpa"))

    assert "§" in response.content.decode()
    assert db_state() == before


def test_marketing_access_review_payment_and_document(as_manager, contoso, make_representative):
    carla = make_representative(contoso, "carla")

    post(
        as_manager,
        contoso,
        "access",
        {"grantee_kind": "partner_staff", "user": carla.pk, "responsible": carla.pk, "scope": "campaign"},
    )
    post(
        as_manager,
        contoso,
        "review",
        {
            "subject": "Spring mailing",
            "outcome": "changes_required",
            "required_changes": "Use the new logo",
            "reviewed_on": "2019-06-03",
        },
    )
    post(
        as_manager,
        contoso,
        "payment",
        {"amount": "1500.00", "currency": "EUR", "paid_on": "2019-06-03", "basis": "fair booth"},
    )
    payment = MarketingPayment.objects.get(partner=contoso)
    as_manager.post(
        f"/partners/{contoso.pk}/manage/benefits/payments/{payment.pk}/documents/",
        {"document": SimpleUploadedFile("receipt.pdf", b"%PDF-1.4\n%fake\n", content_type="application/pdf")},
    )

    assert MarketingAccessGrant.objects.filter(partner=contoso).count() == 1
    assert MarketingReview.objects.filter(partner=contoso).count() == 1
    assert MarketingDocument.objects.filter(payment=payment).count() == 1


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        (
            "access",
            {"grantee_kind": "third_party", "third_party_name": "", "responsible": "", "scope": "x"},
            "third_party_name",
        ),
        (
            "review",
            {"subject": "Mailing", "outcome": "discontinue", "required_changes": "", "reviewed_on": "2019-06-03"},
            "required_changes",
        ),
        ("payment", {"amount": "1e3", "currency": "EUR", "paid_on": "2019-06-03", "basis": "x"}, "amount"),
        ("payment", {"amount": "10", "currency": "XYZ", "paid_on": "2019-06-03", "basis": "x"}, "currency"),
        (
            "demonstration",
            {"prospect": "Fabrikam", "demo_on": "2019-06-03", "sales_force": "-1", "customer_service_group": "3"},
            "sales_force",
        ),
    ],
)
def test_bad_marketing_or_demonstration_input_writes_nothing(
    as_manager, contoso, make_representative, db_state, kind, data, field
):
    make_representative(contoso, "carla")
    before = db_state()

    response = post(as_manager, contoso, kind, data)

    bound = next(form for grant, form in response.context["sections"] if grant.key == kind)
    assert bound.errors[field], bound.errors
    assert db_state() == before


def test_a_document_that_is_not_what_it_says_is_refused(as_manager, contoso, db_state):
    post(
        as_manager,
        contoso,
        "payment",
        {"amount": "1500.00", "currency": "EUR", "paid_on": "2019-06-03", "basis": "booth"},
    )
    payment = MarketingPayment.objects.get(partner=contoso)
    before = db_state()

    response = as_manager.post(
        f"/partners/{contoso.pk}/manage/benefits/payments/{payment.pk}/documents/",
        {"document": SimpleUploadedFile("receipt.pdf", b"MZ\x90\x00binary", content_type="application/pdf")},
        follow=True,
    )

    assert "The document was not attached" in response.content.decode()
    assert db_state() == before


def test_a_demonstration_needing_notice_is_recorded(as_manager, contoso):
    post(
        as_manager,
        contoso,
        "demonstration",
        {"prospect": "Fabrikam", "demo_on": "2019-06-03", "sales_force": "50", "customer_service_group": "3"},
    )

    assert Demonstration.objects.get(partner=contoso).notice_required


def test_another_partners_objects_are_404(as_manager, contoso, partner_in, make_representative):
    other = partner_in("registered", name="Fabrikam")
    fred = make_representative(other, "fred")
    post(as_manager, other, "subscription", subscription_data(fred))
    subscription = ProductSubscription.objects.get(partner=other)
    post(as_manager, other, "payment", {"amount": "10", "currency": "EUR", "paid_on": "2019-06-03", "basis": "x"})
    payment = MarketingPayment.objects.get(partner=other)

    assert (
        as_manager.get(f"/partners/{contoso.pk}/manage/benefits/subscriptions/{subscription.pk}/revoke/").status_code
        == 404
    )
    assert (
        as_manager.post(f"/partners/{contoso.pk}/manage/benefits/payments/{payment.pk}/documents/").status_code == 404
    )


@pytest.mark.parametrize("path", ["benefits/", "benefits/payment/", "benefits/subscriptions/1/revoke/"])
def test_a_partner_user_gets_404_for_another_partner_and_403_for_its_own(
    client, contoso, partner_in, make_representative, path
):
    other = partner_in("registered", name="Fabrikam")
    client.force_login(make_representative(contoso))

    assert client.post(f"/partners/{other.pk}/manage/{path}", {"payment-amount": "10"}).status_code == 404
    assert client.get(f"/partners/{contoso.pk}/manage/{path}").status_code == 403
    assert not MarketingPayment.objects.exists()
