"""POST /api/v1/partners/ (apply, R2.1) and GET of partners."""

import pytest
from django.contrib.auth.models import User

from partnerhub.partners.models import Partner, PartnerUser, WorkItem

pytestmark = pytest.mark.django_db

APPLICATION = {
    "name": "Contoso Automation",
    "kind": "company",
    "classification": "implementation",
    "regions": ["EMEA", "amer"],
    "territories": ["de", "FR", "DE"],
    "products": ["Amelia", "1rpa"],
}


@pytest.fixture
def applicant(db) -> User:
    return User.objects.create_user("ann", email="ann@contoso.example", password="x")


def test_a_signed_in_user_applies_and_becomes_the_partners_representative(api_client, applicant, published_policy):
    response = api_client(applicant).post("/api/v1/partners/", APPLICATION, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "applied"
    assert body["classification"] == body["requested_classification"] == "implementation"
    assert body["regions"] == ["EMEA", "AMER"]
    assert body["territories"] == ["DE", "FR"]
    assert body["products"] == ["amelia", "1rpa"]
    assert body["contact_email"] == "ann@contoso.example"
    assert body["approved_on"] is None and body["qualification_deadline"] is None
    member = PartnerUser.objects.get(user=applicant)
    assert member.partner_id == body["id"] and member.representative
    assert Partner.objects.get(pk=body["id"]).events.get().kind == "applied"
    # and it now sees its partner, and only it
    listed = api_client(applicant).get("/api/v1/partners/").json()
    assert [p["id"] for p in listed["results"]] == [body["id"]]


def test_a_user_who_already_belongs_to_a_partner_is_refused(api_client, partner_user, published_policy, db_state):
    before = db_state()

    response = api_client(partner_user).post("/api/v1/partners/", APPLICATION, format="json")

    assert response.status_code == 400
    assert "one partner only" in response.json()["detail"]
    assert db_state() == before


def test_a_manager_applies_on_a_prospects_behalf_without_becoming_its_user(api_client, manager_user, published_policy):
    body = {**APPLICATION, "contact_email": "ops@contoso.example", "applied_on": "2019-02-01"}
    response = api_client(manager_user).post("/api/v1/partners/", body, format="json")

    assert response.status_code == 201
    assert response.json()["applied_on"] == "2019-02-01"
    assert not PartnerUser.objects.exists()


def test_only_a_manager_backdates_an_application(api_client, applicant, published_policy):
    response = api_client(applicant).post(
        "/api/v1/partners/", {**APPLICATION, "applied_on": "2019-02-01"}, format="json"
    )

    assert response.status_code == 400
    assert "applied_on" in response.json()["errors"]


def test_an_oem_application_is_recorded_and_routed_to_a_manager(api_client, applicant, manager_user, published_policy):
    response = api_client(applicant).post("/api/v1/partners/", {**APPLICATION, "classification": "oem"}, format="json")

    assert response.status_code == 201
    partner = Partner.objects.get(pk=response.json()["id"])
    item = WorkItem.objects.get(partner=partner)
    assert (item.kind, item.section, item.is_open) == ("oem_application", "3.0", True)
    assert [e.kind for e in partner.events.all()] == ["applied", "routed_to_manager"]
    queue = api_client(manager_user).get("/api/v1/work-items/", {"open": "true", "kind": "oem_application"}).json()
    assert [i["partner"] for i in queue["results"]] == [partner.pk]
    assert api_client(applicant).get("/api/v1/work-items/").status_code == 403
    flagged = api_client(manager_user).get("/api/v1/partners/", {"work": "oem_application"}).json()
    assert [p["id"] for p in flagged["results"]] == [partner.pk]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"territories": ["XX"]}, "territories"),
        ({"territories": ["DEU"]}, "territories"),
        ({"regions": ["MARS"]}, "regions"),
        ({"regions": []}, "regions"),
        ({"products": ["excel"]}, "products"),
        ({"classification": "platinum"}, "classification"),
        ({"kind": "trust"}, "kind"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(
    api_client, applicant, published_policy, db_state, change, field
):
    before = db_state()

    response = api_client(applicant).post("/api/v1/partners/", {**APPLICATION, **change}, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert db_state() == before


def test_a_named_solution_is_for_solution_partners_only(api_client, applicant, published_policy, db_state):
    before = db_state()

    response = api_client(applicant).post(
        "/api/v1/partners/", {**APPLICATION, "solution_name": "Claims bot"}, format="json"
    )

    assert response.status_code == 422
    assert response.json()["violations"][0] == {
        "code": "solution_not_applicable",
        "section": "4.0",
        "message": response.json()["violations"][0]["message"],
    }
    assert db_state() == before


def test_anonymous_callers_cannot_apply(api_client, published_policy):
    assert api_client().post("/api/v1/partners/", APPLICATION, format="json").status_code == 401


def test_managers_filter_the_partner_list(api_client, manager_user, partner_in):
    emea = partner_in("approved", name="Emea Co", regions=("EMEA",), territories=("DE",))
    partner_in("applied", name="Apac Co", regions=("APAC",), territories=("JP",), classification="solution")
    client = api_client(manager_user)

    def ids(**query):
        return [p["id"] for p in client.get("/api/v1/partners/", query).json()["results"]]

    assert ids(region="EMEA") == [emea.pk]
    assert ids(territory="DE") == [emea.pk]
    assert ids(status="approved") == [emea.pk]
    assert len(ids(status=["approved", "applied"])) == 2
    assert len(ids(classification="solution")) == 1
    assert ids(name="emea") == [emea.pk]
