"""Marketing services (§10.2): access grants (also for third parties acting for the partner), compliance
reviews, and payments with their supporting documents."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerhub.benefits.models import MarketingDocument, MarketingPayment
from partnerhub.partners.models import PartnerEvent

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_a_partner_user_grants_a_third_party_and_is_recorded_as_responsible(api_client, northwind_user, implementation):
    response = api_client(northwind_user).post(
        "/api/v1/marketing-grants/",
        {
            "grantee_kind": "third_party",
            "third_party_name": "Blue Agency",
            "third_party_contact": "ops@blue.example",
            "scope": "Q3 webinar campaign",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["grantee"], body["responsible"], body["partner"]) == (
        "Blue Agency",
        northwind_user.pk,
        implementation.pk,
    )
    event = PartnerEvent.objects.get(partner=implementation, kind="marketing_access_granted")
    assert "third party" in event.message and event.section == "10.2"

    revoked = api_client(northwind_user).post(f"/api/v1/marketing-grants/{body['id']}/revoke/", {}, format="json")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_on"] is not None


def test_a_grant_names_its_grantee(api_client, northwind_user, implementation):
    client = api_client(northwind_user)
    third = client.post("/api/v1/marketing-grants/", {"grantee_kind": "third_party", "scope": "x"}, format="json")
    assert third.status_code == 400
    assert "third_party_name" in third.json()["errors"]
    staff = client.post("/api/v1/marketing-grants/", {"grantee_kind": "partner_staff", "scope": "x"}, format="json")
    assert staff.status_code == 400
    assert "user" in staff.json()["errors"]


def test_a_manager_names_the_responsible_partner_user(
    api_client, manager_user, implementation, northwind_user, solution, fabrikam_user, violations
):
    body = {"partner": implementation.pk, "grantee_kind": "partner_staff", "user": northwind_user.pk, "scope": "x"}
    client = api_client(manager_user)
    assert client.post("/api/v1/marketing-grants/", body, format="json").status_code == 400
    wrong = client.post("/api/v1/marketing-grants/", {**body, "responsible": fabrikam_user.pk}, format="json")
    assert wrong.status_code == 422
    assert violations(wrong) == [("partner_responsible", "10.2")]
    ok = client.post("/api/v1/marketing-grants/", {**body, "responsible": northwind_user.pk}, format="json")
    assert ok.status_code == 201


def test_marketing_services_need_the_marketing_benefit(api_client, partner_in, user_of, violations):
    approved = partner_in("approved")
    response = api_client(user_of(approved, "abe")).post(
        "/api/v1/marketing-grants/",
        {"grantee_kind": "third_party", "third_party_name": "A", "scope": "x"},
        format="json",
    )
    assert response.status_code == 422
    assert violations(response) == [("entitled", "10.2")]


def test_a_compliance_review_with_required_changes(api_client, manager_user, implementation, northwind_user, committed):
    client = api_client(manager_user)
    missing = client.post(
        "/api/v1/marketing-reviews/",
        {"partner": implementation.pk, "subject": "Landing page", "outcome": "changes_required"},
        format="json",
    )
    assert missing.status_code == 400
    assert "required_changes" in missing.json()["errors"]

    with committed():
        review = client.post(
            "/api/v1/marketing-reviews/",
            {
                "partner": implementation.pk,
                "subject": "Landing page",
                "outcome": "changes_required",
                "required_changes": "Use the current logo and the ® mark",
                "due_on": "2019-08-01",
                "reviewed_on": "2019-07-10",
            },
            format="json",
        )
    assert review.status_code == 201
    assert review.json()["outcome"] == "changes_required"
    assert api_client(northwind_user).get("/api/v1/marketing-reviews/").json()["count"] == 1
    assert api_client(northwind_user).post("/api/v1/marketing-reviews/", {}, format="json").status_code == 403


def payment(api_client, manager_user, partner):
    response = api_client(manager_user).post(
        "/api/v1/marketing-payments/",
        {"partner": partner.pk, "amount": "1250.00", "paid_on": "2019-07-15", "basis": "MDF for the Q3 webinar"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def upload(api_client, user, payment_id, name, content, content_type="application/octet-stream"):
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return api_client(user).post(
        f"/api/v1/marketing-payments/{payment_id}/documents/", {"file": file}, format="multipart"
    )


def test_a_payment_with_its_supporting_documents(api_client, manager_user, implementation, northwind_user, settings):
    paid = payment(api_client, manager_user, implementation)
    assert (paid["amount"], paid["currency"]) == ("1250.00", "USD")

    pdf = upload(api_client, northwind_user, paid["id"], "invoice.pdf", PDF)
    assert pdf.status_code == 201, pdf.json()
    assert (pdf.json()["content_type"], pdf.json()["original_name"]) == ("application/pdf", "invoice.pdf")
    csv_upload = upload(api_client, manager_user, paid["id"], "attendees.csv", b"name,company\nAda,Globex\n")
    assert csv_upload.json()["content_type"] == "text/csv"

    document = MarketingDocument.objects.get(original_name="invoice.pdf")
    assert str(settings.MEDIA_ROOT) in document.file.path
    downloaded = api_client(northwind_user).get(pdf.json()["download"])
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == PDF
    assert len(api_client(northwind_user).get(f"/api/v1/marketing-payments/{paid['id']}/").json()["documents"]) == 2
    assert PartnerEvent.objects.filter(partner=implementation, kind="marketing_document_added").count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("invoice.pdf", b"MZ\x90\x00 not a pdf at all", "not a PDF, PNG, JPEG or CSV"),
        ("photo.pdf", PNG, "image/png but the name ends in '.pdf'"),
        ("script.csv", b"\x00\x01\x02binary", "not a PDF, PNG, JPEG or CSV"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_a_bad_upload_is_a_400_naming_the_field(
    api_client, manager_user, implementation, name, content, message, db_state
):
    paid = payment(api_client, manager_user, implementation)
    before = db_state()

    response = upload(api_client, manager_user, paid["id"], name, content)

    assert response.status_code == 400
    assert message in response.json()["errors"]["file"][0]
    assert db_state() == before


def test_an_upload_over_the_limit_is_refused(api_client, manager_user, implementation, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    paid = payment(api_client, manager_user, implementation)

    response = upload(api_client, manager_user, paid["id"], "big.pdf", PDF + b"0" * 2048)

    assert response.status_code == 400
    assert "the limit is 1024 bytes" in response.json()["errors"]["file"][0]


def test_payments_are_recorded_by_managers(api_client, northwind_user, implementation):
    response = api_client(northwind_user).post(
        "/api/v1/marketing-payments/",
        {"partner": implementation.pk, "amount": "10.00", "paid_on": "2019-07-15", "basis": "x"},
        format="json",
    )
    assert response.status_code == 403
    assert not MarketingPayment.objects.exists()
