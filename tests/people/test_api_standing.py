"""Good standing through the API, from application to lapsed certifications (SPEC R2.3, R2.4, R2.7)."""

import pytest
from django.contrib.auth.models import User

from partnerhub.billing.models import Invoice
from partnerhub.partners.models import Partner, PartnerEvent, PartnerUser

pytestmark = pytest.mark.django_db


def ok(response, status=200):
    assert response.status_code == status, response.json()
    return response.json()


@pytest.fixture
def approved(api_client, manager_user) -> Partner:
    """Northwind, an Alliance partner approved on 2019-01-15 for EMEA and Amelia; its fee invoiced, unpaid."""
    manager = api_client(manager_user)
    applied = ok(
        manager.post(
            "/api/v1/partners/",
            {
                "name": "Northwind Consulting",
                "kind": "company",
                "classification": "alliance",
                "regions": ["EMEA"],
                "territories": ["GB", "DE"],
                "products": ["amelia"],
                "contact_email": "partners@northwind.example",
                "applied_on": "2019-01-10",
            },
            format="json",
        ),
        201,
    )
    ok(manager.post(f"/api/v1/partners/{applied['id']}/approve/", {"approved_on": "2019-01-15"}, format="json"))
    return Partner.objects.get(pk=applied["id"])


@pytest.fixture
def nora(approved, password) -> User:
    user = User.objects.create_user("nora", email="nora@northwind.example", password=password)
    PartnerUser.objects.create(user=user, partner=approved)
    return user


def staff_up(client, partner, on="2019-02-01"):
    """A partner manager, two certified sales people and one certified presales person, certified on `on`."""
    people = [
        ("Mia Manager", "mia", ["partner_manager"], None),
        ("Sam Sales", "sam", ["sales"], "sales"),
        ("Sue Sales", "sue", ["sales"], "sales"),
        ("Pat Presales", "pat", ["presales"], "presales"),
    ]
    for name, handle, roles, kind in people:
        person = ok(
            client.post(
                f"/api/v1/partners/{partner.pk}/people/?as_of={on}",
                {"name": name, "email": f"{handle}@northwind.example", "region": "EMEA", "roles": roles},
                format="json",
            ),
            201,
        )
        if kind:
            ok(
                client.post(
                    f"/api/v1/people/{person['id']}/certifications/?as_of={on}",
                    {"kind": kind, "earned_on": on},
                    format="json",
                ),
                201,
            )


def test_an_alliance_partner_in_good_standing_loses_it_when_its_certifications_lapse(
    api_client, manager_user, approved, nora
):
    partner_client = api_client(nora)
    manager = api_client(manager_user)

    staff_up(partner_client, approved)
    ok(
        manager.post(
            f"/api/v1/partners/{approved.pk}/compliance-verifications/?as_of=2019-02-05",
            {"verified_on": "2019-02-05"},
            format="json",
        ),
        201,
    )
    approved.refresh_from_db()
    assert approved.status == "approved", "the fee is not paid yet: not registered"

    invoice = Invoice.objects.get(partner=approved)
    ok(manager.post(f"/api/v1/invoices/{invoice.pk}/pay/", {"paid_on": "2019-02-10"}, format="json"))
    approved.refresh_from_db()
    assert approved.status == "registered"
    assert approved.registered_on.isoformat() == "2019-02-10"
    registered = PartnerEvent.objects.get(partner=approved, kind="registered")
    assert "2.0" in registered.section

    good = ok(partner_client.get(f"/api/v1/partners/{approved.pk}/standing/", {"as_of": "2019-06-01"}))
    assert good["good_standing"] is True
    assert good["status"] == "registered"
    assert good["classification"] == "alliance"
    assert good["policy_version"] == "2018-01-31"
    assert all(reason["met"] for reason in good["reasons"])
    codes = {reason["code"] for reason in good["reasons"]}
    assert {"designated_partner_manager", "sales_resources", "presales_resources"} <= codes
    assert {"compliance_verification", "financial_standing", "program_fee_invoices"} <= codes
    assert {line["requirement"] for line in good["lines"]} >= {"sales_resources", "presales_resources"}

    lapsed = ok(partner_client.get(f"/api/v1/partners/{approved.pk}/standing/", {"as_of": "2020-03-01"}))
    assert lapsed["good_standing"] is False
    failed = {reason["code"]: reason for reason in lapsed["reasons"] if not reason["met"]}
    assert {"sales_resources", "presales_resources"} <= set(failed)
    assert failed["sales_resources"]["section"] == "5.0"
    assert "2 more certified sales resource(s)" in failed["sales_resources"]["message"]
    assert failed["presales_resources"]["section"] == "5.0"
    assert "designated_partner_manager" not in failed, "the partner manager needs no certification"
    sales_line = next(line for line in lapsed["lines"] if line["requirement"] == "sales_resources")
    assert sales_line["met"] is False
    assert sales_line["value"] == "0"
    assert sales_line["region"] == "EMEA"


def test_a_partner_user_cannot_read_another_partners_standing(api_client, approved, globex_user):
    client = api_client(globex_user)
    for path in ("standing", "due-dates", "compliance-verifications", "exceptions", "financial-standing"):
        response = client.get(f"/api/v1/partners/{approved.pk}/{path}/", {"as_of": "2019-06-01"})
        assert response.status_code == 404, path


def test_registration_waits_for_the_certifications(api_client, manager_user, approved, nora):
    manager = api_client(manager_user)
    invoice = Invoice.objects.get(partner=approved)
    ok(manager.post(f"/api/v1/invoices/{invoice.pk}/pay/", {"paid_on": "2019-02-10"}, format="json"))
    approved.refresh_from_db()
    assert approved.status == "approved", "paid, but no certified people yet"

    staff_up(api_client(nora), approved, on="2019-03-01")

    approved.refresh_from_db()
    assert approved.status == "registered", "the last certification completed the minimum criteria (§2.0)"
    assert approved.registered_on.isoformat() == "2019-03-01"


def test_criteria_met_after_the_window_do_not_register(api_client, manager_user, approved, nora):
    manager = api_client(manager_user)
    invoice = Invoice.objects.get(partner=approved)
    ok(manager.post(f"/api/v1/invoices/{invoice.pk}/pay/", {"paid_on": "2019-02-10"}, format="json"))

    staff_up(api_client(nora), approved, on="2019-08-01")  # the window ended on 2019-07-15

    approved.refresh_from_db()
    assert approved.status == "approved"


def test_the_standing_of_every_partner_at_once_is_for_managers(api_client, manager_user, approved, nora):
    response = api_client(manager_user).get("/api/v1/standing/", {"as_of": "2019-06-01"})
    body = ok(response)
    assert [item["name"] for item in body] == ["Northwind Consulting"]
    assert body[0]["good_standing"] is False
    assert any(r["code"] == "registered" and not r["met"] for r in body[0]["reasons"])
    assert api_client(manager_user).get("/api/v1/standing/", {"good_standing": "true"}).json() == []
    assert api_client(nora).get("/api/v1/standing/").status_code == 403


def test_standing_needs_a_date(api_client, manager_user, approved):
    response = api_client(manager_user).get(f"/api/v1/partners/{approved.pk}/standing/", {"as_of": "June"})
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]
