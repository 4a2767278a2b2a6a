"""POST /api/v1/partners/{id}/approve/ and /reject/ (R2.2): window, terms, invoice, mail."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from partnerhub.billing.models import Invoice
from partnerhub.partners.models import ClassificationChange, WorkItem

pytestmark = pytest.mark.django_db


def approve(api_client, user, partner, **body):
    return api_client(user).post(f"/api/v1/partners/{partner.pk}/approve/", body, format="json")


def test_approved_on_15_april_gives_the_october_deadline_and_three_quarters_of_the_fee(
    api_client, manager_user, partner_in, committed
):
    partner = partner_in("applied", classification="implementation")
    mail.outbox.clear()

    with committed():
        response = approve(api_client, manager_user, partner, approved_on="2019-04-15")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "approved"
    assert body["approved_on"] == "2019-04-15"
    assert body["qualification_deadline"] == "2019-10-15"
    assert body["policy_version"] == "2018-01-31"
    invoice = body["invoice"]
    assert invoice["amount"] == "11250.00"  # 15000.00 x 3/4
    assert invoice["currency"] == "USD"
    assert invoice["status"] == "open"
    assert invoice["kind"] == "program_fee"
    assert invoice["program_year"] == 2019
    assert invoice["issued_on"] == "2019-04-15"
    assert invoice["due_on"] == "2019-05-15"
    assert invoice["sections"] == ["5.1"]
    assert [(line["amount"], line["section"]) for line in invoice["lines"]] == [
        ("15000.00", "5.1"),
        ("-3750.00", "5.1"),
    ]
    assert "3 of 4 quarters charged, 2019Q2" in invoice["lines"][1]["description"]
    assert any(
        r["code"] == "quarters_charged" and "15000.00 x 3/4 = 11250.00" in r["message"] for r in invoice["reasons"]
    )
    # the mails: the approval first, then the invoice, both to the partner's contact
    assert [m.subject for m in mail.outbox] == [
        "[Partnerhub] Contoso: approved as Implementation Partner",
        f"[Partnerhub] Program fee 2019 invoiced: 11250.00 USD (invoice {invoice['id']})",
    ]
    assert "2019-10-15" in mail.outbox[0].body
    assert "3 of 4 quarters" in mail.outbox[1].body
    assert mail.outbox[0].to == ["contoso@partner.example"]
    # the invoice's PDF, rendered by the job that sent the mail
    filename, content, mimetype = mail.outbox[1].attachments[0]
    assert (filename, mimetype) == (f"invoice-{invoice['id']}-2019.pdf", "application/pdf")
    assert content[:4] == b"%PDF"


def test_the_terms_default_from_the_classification_and_the_policy(api_client, manager_user, partner_in):
    alliance = approve(api_client, manager_user, partner_in("applied", name="A"), approved_on="2019-02-01").json()
    solution = approve(
        api_client, manager_user, partner_in("applied", name="S", classification="solution"), approved_on="2019-02-01"
    ).json()
    advisory = approve(
        api_client, manager_user, partner_in("applied", name="V", classification="advisory"), approved_on="2019-02-01"
    ).json()

    assert (
        alliance["referral_fee_program"],
        alliance["referral_fee_percent"],
        alliance["resale_discount_percent"],
    ) == (
        True,
        "10.00",
        None,
    )
    assert (solution["referral_fee_program"], solution["resale_discount_percent"]) == (False, "20.00")
    assert (advisory["referral_fee_program"], advisory["referral_fee_percent"]) == (False, None)


def test_a_manager_sets_the_ippa_terms_classification_rank_and_scope(api_client, manager_user, partner_in):
    partner = partner_in("applied", classification="alliance")

    body = approve(
        api_client,
        manager_user,
        partner,
        approved_on="2019-02-01",
        classification="implementation",
        referral_fee_percent="7.50",
        reseller_agreement_signed=True,
        resale_discount_percent="15.00",
        rank="Gold",
        regions=["EMEA", "APAC"],
        territories=["de", "jp"],
        products=["amelia", "1desk"],
        reason="strong delivery team",
    ).json()

    assert (body["classification"], body["requested_classification"], body["rank"]) == (
        "implementation",
        "alliance",
        "Gold",
    )
    assert (body["referral_fee_percent"], body["resale_discount_percent"]) == ("7.50", "15.00")
    assert body["regions"] == ["EMEA", "APAC"] and body["territories"] == ["DE", "JP"]
    change = ClassificationChange.objects.get(partner=partner)
    assert (change.from_classification, change.to_classification, change.changed_by) == (
        "",
        "implementation",
        manager_user,
    )
    assert "strong delivery team" in change.reason and "requested alliance" in change.reason


def test_a_solution_partner_is_approved_across_geographies_for_one_solution(api_client, manager_user, partner_in):
    partner = partner_in("applied", classification="solution")

    body = approve(
        api_client,
        manager_user,
        partner,
        approved_on="2019-02-01",
        solution_name="Claims automation for insurers",
        regions=["AMER", "EMEA", "APAC"],
    ).json()

    assert body["solution_name"] == "Claims automation for insurers"
    assert body["regions"] == ["AMER", "EMEA", "APAC"]


@pytest.mark.parametrize(
    ("terms", "code", "section"),
    [
        ({"rank": "Gold"}, "rank_not_applicable", "3.1"),
        ({"solution_name": "Bot"}, "solution_not_applicable", "4.0"),
        ({"resale_discount_percent": "10.00"}, "resale_discount_without_resale", "7.1"),
        ({"referral_fee_program": False, "referral_fee_percent": "5.00"}, "referral_fee_without_program", "7.2"),
    ],
)
def test_terms_the_classification_cannot_have_are_422_and_change_nothing(
    api_client, manager_user, partner_in, db_state, terms, code, section
):
    partner = partner_in("applied", classification="alliance")
    before = db_state()

    response = approve(api_client, manager_user, partner, approved_on="2019-02-01", **terms)

    assert response.status_code == 422
    assert [(v["code"], v["section"]) for v in response.json()["violations"]] == [(code, section)]
    assert db_state() == before


def test_an_implementation_partner_resells_only_under_a_signed_agreement(api_client, manager_user, partner_in):
    partner = partner_in("applied", classification="implementation")

    refused = approve(api_client, manager_user, partner, approved_on="2019-02-01", resale_discount_percent="12.00")
    signed = approve(
        api_client,
        manager_user,
        partner,
        approved_on="2019-02-01",
        reseller_agreement_signed=True,
        resale_discount_percent="12.00",
    )

    assert refused.status_code == 422
    assert signed.json()["resale_discount_percent"] == "12.00"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"approved_on": "15/04/2019"},
        {"approved_on": "2019-04-15", "referral_fee_percent": "101"},
        {"approved_on": "2019-04-15", "classification": "gold"},
        {"approved_on": "2018-12-31"},  # before the application of 2019-01-02
        {"approved_on": "2017-06-01"},  # no policy in force
    ],
)
def test_bad_approval_input_is_400_and_changes_nothing(api_client, manager_user, partner_in, db_state, body):
    partner = partner_in("applied")
    before = db_state()

    response = api_client(manager_user).post(f"/api/v1/partners/{partner.pk}/approve/", body, format="json")

    assert response.status_code == 400, response.json()
    assert db_state() == before


def test_approving_an_oem_partner_closes_its_queue_entry_and_invoices_nothing(api_client, manager_user, partner_in):
    partner = partner_in("applied", classification="oem")

    body = approve(api_client, manager_user, partner, approved_on="2019-05-01").json()

    assert body["status"] == "approved" and body["invoice"] is None
    assert not Invoice.objects.exists()
    assert WorkItem.objects.get(partner=partner).resolved_on == dt.date(2019, 5, 1)


def test_a_partner_user_cannot_approve_even_its_own_partner(api_client, partner_in, db_state):
    from django.contrib.auth.models import User

    from partnerhub.partners.models import PartnerUser

    partner = partner_in("applied")
    user = User.objects.create_user("own")
    PartnerUser.objects.create(user=user, partner=partner)
    before = db_state()

    response = approve(api_client, user, partner, approved_on="2019-04-15")

    assert response.status_code == 403
    assert db_state() == before


def test_reject_needs_a_reason_and_tells_the_applicant(api_client, manager_user, partner_in, committed):
    partner = partner_in("applied")
    client = api_client(manager_user)
    mail.outbox.clear()

    assert client.post(f"/api/v1/partners/{partner.pk}/reject/", {}, format="json").status_code == 400
    with committed():
        response = client.post(
            f"/api/v1/partners/{partner.pk}/reject/",
            {"rejected_on": "2019-01-10", "reason": "no presence in the requested regions"},
            format="json",
        )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["status_since"]) == ("rejected", "2019-01-10")
    assert [m.subject for m in mail.outbox] == ["[Partnerhub] Contoso: application not accepted"]
    assert "no presence in the requested regions" in mail.outbox[0].body
    assert not Invoice.objects.exists()


@pytest.mark.parametrize(
    ("approved_on", "quarters", "amount"),
    [
        ("2019-01-01", 4, "5000.00"),
        ("2019-02-28", 4, "5000.00"),
        ("2019-03-01", 4, "5000.00"),  # on 1 March: the entire year
        ("2019-03-02", 4, "5000.00"),  # after 1 March, still Q1: four quarters
        ("2019-03-31", 4, "5000.00"),
        ("2019-04-01", 3, "3750.00"),
        ("2019-06-30", 3, "3750.00"),
        ("2019-07-01", 2, "2500.00"),
        ("2019-09-30", 2, "2500.00"),
        ("2019-10-01", 1, "1250.00"),
        ("2019-12-31", 1, "1250.00"),
    ],
)
def test_fee_proration_through_the_api_on_both_sides_of_every_boundary(
    api_client, manager_user, partner_in, approved_on, quarters, amount
):
    partner = partner_in("applied", classification="alliance", applied_on=dt.date(2019, 1, 1))

    invoice = approve(api_client, manager_user, partner, approved_on=approved_on).json()["invoice"]

    assert invoice["amount"] == amount
    assert sum(Decimal(line["amount"]) for line in invoice["lines"]) == Decimal(amount)
    assert invoice["program_year"] == 2019
    full_year = next(r for r in invoice["reasons"] if r["code"] == "accepted_on_or_before_cutoff")
    assert full_year["met"] is (approved_on <= "2019-03-01")
    if approved_on > "2019-03-01":  # pro-rated, and the line says how many quarters
        assert f"{quarters} of 4 quarters charged" in invoice["lines"][1]["description"]
    else:
        assert len(invoice["lines"]) == 1
