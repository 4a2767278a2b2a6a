"""The partner's obligations through the API: compliance verifications (§9.1), governance records (§5.0),
the financial-standing flag (§5.2) and exceptions (§5.2, R2.8); then the gap (R3.1) and due dates (R10.1)."""

import datetime as dt

import pytest

from partnerhub.billing.models import Invoice, InvoiceOrigin, InvoiceStatus
from partnerhub.partners.models import Partner, PartnerEvent
from partnerhub.people.models import (
    Certification,
    ComplianceVerification,
    FinancialStandingChange,
    GovernanceRecord,
    Person,
    StandingException,
    TrainingRecord,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def in_standing(northwind: Partner) -> Partner:
    """Northwind in good standing from February 2019 to 1 February 2020."""
    Invoice.objects.create(
        partner=northwind,
        origin=InvoiceOrigin.ENROLLMENT,
        program_year=2019,
        classification="alliance",
        amount="5000.00",
        currency="USD",
        issued_on=D(2019, 1, 15),
        due_on=D(2019, 2, 14),
        status=InvoiceStatus.PAID,
        paid_on=D(2019, 2, 1),
        policy_version=D(2018, 1, 31),
    )
    Person.objects.create(
        partner=northwind, name="Mia", email="mia@n.example", region="EMEA", roles=["partner_manager"]
    )
    for index, kind in enumerate(["sales", "sales", "presales"]):
        person = Person.objects.create(
            partner=northwind, name=f"{kind} {index}", email=f"{index}@n.example", region="EMEA", roles=[kind]
        )
        Certification.objects.create(person=person, kind=kind, earned_on=D(2019, 2, 1), expires_on=D(2020, 2, 1))
    ComplianceVerification.objects.create(partner=northwind, verified_on=D(2019, 2, 1))
    return northwind


def standing(client, partner, on="2019-06-01"):
    response = client.get(f"/api/v1/partners/{partner.pk}/standing/", {"as_of": on})
    assert response.status_code == 200, response.json()
    return response.json()


def post(client, partner, what, body, on: str | None = "2019-06-01"):
    """A write dated `on` (a manager's); None for a partner user's, which are recorded today."""
    query = f"?as_of={on}" if on is not None else ""
    return client.post(f"/api/v1/partners/{partner.pk}/{what}/{query}", body, format="json")


@pytest.mark.parametrize(
    ("what", "body"),
    [
        ("compliance-verifications", {"verified_on": "2019-05-01"}),
        ("governance-records", {"kind": "business_plan", "effective_on": "2019-05-01"}),
        ("financial-standing", {"flagged": True, "effective_on": "2019-05-01", "reason": "unpaid suppliers"}),
        (
            "exceptions",
            {
                "qualification": "sales_resources",
                "starts_on": "2019-05-01",
                "ends_on": "2019-06-30",
                "reason": "hiring",
                "approved_by": "Dana Leader",
            },
        ),
    ],
)
def test_obligations_are_recorded_by_managers_only(
    api_client, northwind, northwind_user, globex_user, manager_user, what, body
):
    assert post(api_client(northwind_user), northwind, what, body, on=None).status_code == 403
    assert post(api_client(globex_user), northwind, what, body, on=None).status_code == 404
    assert not PartnerEvent.objects.exists()

    response = post(api_client(manager_user), northwind, what, body)
    assert response.status_code == 201, response.json()
    assert response.json()["partner"] == northwind.pk
    assert PartnerEvent.objects.filter(partner=northwind).count() == 1

    listed = api_client(northwind_user).get(f"/api/v1/partners/{northwind.pk}/{what}/")
    assert listed.status_code == 200
    assert len(listed.json()["results"]) == 1


def test_a_compliance_verification_dated_after_today_is_refused(api_client, northwind, manager_user):
    response = post(api_client(manager_user), northwind, "compliance-verifications", {"verified_on": "2019-07-01"})
    assert response.status_code == 400
    assert "verified_on" in response.json()["errors"]
    assert not ComplianceVerification.objects.exists()


def test_the_financial_standing_flag_breaks_and_restores_standing(api_client, in_standing, manager_user):
    manager = api_client(manager_user)
    assert standing(manager, in_standing)["good_standing"] is True

    flagged = post(
        manager,
        in_standing,
        "financial-standing",
        {"flagged": True, "effective_on": "2019-05-01", "reason": "payment defaults reported"},
    )
    assert flagged.status_code == 201
    body = standing(manager, in_standing)
    assert body["good_standing"] is False
    [reason] = [r for r in body["reasons"] if not r["met"]]
    assert (reason["code"], reason["section"]) == ("financial_standing", "5.2")
    assert standing(manager, in_standing, "2019-04-30")["good_standing"] is True, "dated: not before the flag"

    post(
        manager,
        in_standing,
        "financial-standing",
        {"flagged": False, "effective_on": "2019-05-20", "reason": "defaults settled"},
    )
    assert standing(manager, in_standing)["good_standing"] is True
    event = PartnerEvent.objects.filter(kind="financial_standing_cleared").get()
    assert event.section == "5.2"


def test_a_flag_needs_a_reason(api_client, northwind, manager_user):
    response = post(
        api_client(manager_user),
        northwind,
        "financial-standing",
        {"flagged": True, "effective_on": "2019-05-01", "reason": "  "},
    )
    assert response.status_code == 400
    assert not FinancialStandingChange.objects.exists()


def test_an_exception_waives_one_named_qualification_until_its_end_date(api_client, in_standing, manager_user):
    Certification.objects.filter(kind="sales").first().delete()  # type: ignore[union-attr]
    manager = api_client(manager_user)
    short = standing(manager, in_standing)
    assert [r["code"] for r in short["reasons"] if not r["met"]] == ["sales_resources"]

    granted = post(
        manager,
        in_standing,
        "exceptions",
        {
            "qualification": "sales_resources",
            "starts_on": "2019-05-01",
            "ends_on": "2019-07-31",
            "reason": "second sales hire starts in August",
            "approved_by": "Dana Leader, VP Partners",
        },
    )
    assert granted.status_code == 201, granted.json()

    waived = standing(manager, in_standing)
    assert waived["good_standing"] is True
    sales = next(r for r in waived["reasons"] if r["code"] == "sales_resources")
    assert sales["met"] is True
    assert sales["section"] == "5.2"
    assert "Dana Leader, VP Partners" in sales["message"]
    assert f"exception #{granted.json()['id']}" in sales["message"]
    line = next(line for line in waived["lines"] if line["requirement"] == "sales_resources")
    assert "second sales hire" in line["exception"]

    assert standing(manager, in_standing, "2019-08-01")["good_standing"] is False
    assert standing(manager, in_standing, "2019-04-30")["good_standing"] is False


def test_an_exception_to_a_condition_waives_it(api_client, in_standing, manager_user):
    ComplianceVerification.objects.all().delete()
    manager = api_client(manager_user)
    post(
        manager,
        in_standing,
        "exceptions",
        {
            "qualification": "compliance_verification",
            "starts_on": "2019-01-01",
            "ends_on": "2019-12-31",
            "reason": "verification audit postponed",
            "approved_by": "Dana Leader",
        },
    )
    assert standing(manager, in_standing)["good_standing"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"qualification": "good_looks"}, "qualification"),
        ({"ends_on": "2019-04-01"}, "ends_on"),
        ({"reason": ""}, "reason"),
        ({"approved_by": ""}, "approved_by"),
        ({"starts_on": "May"}, "starts_on"),
    ],
)
def test_bad_exceptions_are_refused(api_client, northwind, manager_user, body, field):
    good = {
        "qualification": "sales_resources",
        "starts_on": "2019-05-01",
        "ends_on": "2019-07-31",
        "reason": "hiring",
        "approved_by": "Dana Leader",
    }
    response = post(api_client(manager_user), northwind, "exceptions", {**good, **body})
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not StandingException.objects.exists()


def test_governance_records_close_the_gap_to_implementation(api_client, in_standing, manager_user, northwind_user):
    manager = api_client(manager_user)
    before = api_client(northwind_user).get(f"/api/v1/partners/{in_standing.pk}/gap/", {"as_of": "2019-06-20"})
    assert before.status_code == 200
    gap = before.json()
    assert gap["classification"] == "alliance"
    assert gap["target"] == "implementation"
    assert gap["ready"] is False
    assert "a business / account plan on file" in gap["missing"]
    assert "1 more certified sales resource(s) in Europe, Middle East and Africa" in gap["missing"]

    for kind, on in [
        ("business_plan", "2019-04-02"),
        ("pipeline_review", "2019-04-10"),
        ("pipeline_review", "2019-05-10"),
        ("pipeline_review", "2019-06-10"),
        ("governance_meeting", "2019-05-15"),
        ("logo_on_website", "2019-04-01"),
        ("go_to_market_strategy", "2019-04-20"),
    ]:
        recorded = post(manager, in_standing, "governance-records", {"kind": kind, "effective_on": on}, "2019-06-20")
        assert recorded.status_code == 201
    after = manager.get(f"/api/v1/partners/{in_standing.pk}/gap/", {"as_of": "2019-06-20"}).json()
    governance = {line["requirement"]: line["met"] for line in after["lines"] if line["group"] == "governance"}
    assert governance == {
        "business_plan": True,
        "monthly_pipeline_review": True,
        "quarterly_governance": True,
        "logo_on_website": True,
        "go_to_market_strategy": True,
    }
    assert GovernanceRecord.objects.filter(partner=in_standing).count() == 7


def test_a_governance_record_of_an_unknown_kind_is_400(api_client, northwind, manager_user):
    response = post(
        api_client(manager_user), northwind, "governance-records", {"kind": "party", "effective_on": "2019-05-01"}
    )
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


def test_due_dates_list_each_persons_renewals(api_client, in_standing, northwind_user):
    sales = Person.objects.get(name="sales 0")
    TrainingRecord.objects.create(person=sales, kind="online", completed_on=D(2019, 3, 1))
    client = api_client(northwind_user)

    soon = client.get(f"/api/v1/partners/{in_standing.pk}/due-dates/", {"as_of": "2019-06-01"}).json()
    assert soon["days"] == 30
    assert soon["due"] == []

    path = f"/api/v1/partners/{in_standing.pk}/due-dates/"
    year = client.get(path, {"as_of": "2019-06-01", "days": "260"}).json()
    whats = {(item["person"], item["kind"], item["due_on"]) for item in year["due"]}
    assert ("sales 0", "certification", "2020-02-01") in whats
    assert ("sales 0", "training", "2020-03-01") not in whats, "beyond the horizon"
    assert ("sales 1", "training", "2020-02-01") in whats, "the certification counts as training until it ends"
    assert all(item["section"] in ("5.0", "9.1") for item in year["due"])

    assert client.get(f"/api/v1/partners/{in_standing.pk}/due-dates/", {"days": "-1"}).status_code == 400
    assert client.get(f"/api/v1/partners/{in_standing.pk}/due-dates/", {"days": "many"}).status_code == 400


def test_a_date_before_the_first_policy_version_is_bad_input(api_client, northwind, manager_user):
    response = api_client(manager_user).get(f"/api/v1/partners/{northwind.pk}/standing/", {"as_of": "2017-01-01"})
    assert response.status_code == 400
    assert "first policy version" in response.json()["errors"]["as_of"][0]
    assert "2017-01-01" in response.json()["errors"]["as_of"][0]
