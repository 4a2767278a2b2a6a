"""Resource persons and certifications through the API: who may, what is refused (400/422), tenancy (404)."""

import pytest

from partnerhub.core.languages import choose_language
from partnerhub.partners.models import PartnerEvent, PartnerStatus
from partnerhub.people.models import Certification, Person

pytestmark = pytest.mark.django_db

AS_OF = {"as_of": "2019-03-01"}


def add_person(client, partner, HTTP_ACCEPT_LANGUAGE="en", **fields):
    body = {"name": "Sam Sales", "email": "sam@northwind.example", "region": "EMEA", "roles": ["sales"]}
    body.update(fields)
    return client.post(
        f"/api/v1/partners/{partner.pk}/people/", body, format="json", HTTP_ACCEPT_LANGUAGE=HTTP_ACCEPT_LANGUAGE
    )


def test_a_partner_user_adds_a_person_to_its_own_partner(api_client, northwind, northwind_user):
    response = add_person(api_client(northwind_user), northwind)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "Sam Sales"
    assert body["partner"] == northwind.pk
    assert body["region"] == "EMEA"
    assert body["roles"] == ["sales"]
    assert body["certifications"] == []
    event = PartnerEvent.objects.get(partner=northwind, kind="person_added")
    assert event.actor == northwind_user
    assert event.section == "5.0"
    assert event.policy_version is not None


def test_a_manager_adds_a_person_to_any_partner(api_client, manager_user, globex):
    response = add_person(api_client(manager_user), globex, email="ann@globex.example", region="APAC")
    assert response.status_code == 201


def test_another_partners_people_are_not_found(api_client, northwind, globex_user):
    response = add_person(api_client(globex_user), northwind)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert not Person.objects.exists()

    person = Person.objects.create(partner=northwind, name="Mia", email="mia@n.example", region="EMEA", roles=["sales"])
    client = api_client(globex_user)
    assert client.get(f"/api/v1/partners/{northwind.pk}/people/").status_code == 404
    assert client.get(f"/api/v1/people/{person.pk}/").status_code == 404
    assert client.get(f"/api/v1/people/{person.pk}/certifications/").status_code == 404
    assert (
        client.post(
            f"/api/v1/people/{person.pk}/certifications/",
            {"kind": "sales", "earned_on": "2019-02-01"},
            format="json",
        ).status_code
        == 404
    )
    assert client.get("/api/v1/people/").json()["results"] == []
    assert client.get("/api/v1/certifications/").json()["results"] == []
    assert client.get(f"/api/v1/people/{person.pk + 1000}/").status_code == 404


def test_lists_show_a_partner_user_only_its_own_people(api_client, northwind, northwind_user, globex, manager_user):
    Person.objects.create(partner=northwind, name="Mia", email="mia@n.example", region="EMEA", roles=["sales"])
    Person.objects.create(partner=globex, name="Gus", email="gus@g.example", region="APAC", roles=["technical"])

    mine = api_client(northwind_user).get("/api/v1/people/").json()["results"]
    assert [person["name"] for person in mine] == ["Mia"]
    everyone = api_client(manager_user).get("/api/v1/people/").json()["results"]
    assert {person["name"] for person in everyone} == {"Mia", "Gus"}
    narrowed = api_client(manager_user).get("/api/v1/people/", {"partner": globex.pk}).json()["results"]
    assert [person["name"] for person in narrowed] == ["Gus"]
    listed = api_client(northwind_user).get(f"/api/v1/partners/{northwind.pk}/people/").json()["results"]
    assert [person["name"] for person in listed] == ["Mia"]


def test_an_anonymous_caller_is_refused(api_client, northwind):
    assert add_person(api_client(), northwind).status_code == 401


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"roles": ["salesman"]}, "roles"),
        ({"roles": []}, "roles"),
        ({"roles": "sales"}, "roles"),
        ({"region": "MARS"}, "region"),
        ({"email": "not-an-address"}, "email"),
        ({"name": ""}, "name"),
        ({"joined_on": "2019-02-30"}, "joined_on"),
    ],
)
def test_bad_input_is_400_with_field_errors_and_writes_nothing(api_client, northwind, northwind_user, fields, field):
    response = add_person(api_client(northwind_user), northwind, **fields)

    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not Person.objects.exists()
    assert not PartnerEvent.objects.exists()


def test_a_region_the_partner_is_not_authorized_in_is_a_policy_refusal(api_client, northwind, northwind_user):
    response = add_person(api_client(northwind_user), northwind, region="APAC")

    assert response.status_code == 422
    [violation] = response.json()["violations"]
    assert violation["section"] == "2.0"
    assert "APAC" in violation["message"]
    assert not Person.objects.exists()


def test_the_same_email_twice_is_a_duplicate_person(api_client, northwind, northwind_user):
    assert add_person(api_client(northwind_user), northwind).status_code == 201
    response = add_person(api_client(northwind_user), northwind, email="SAM@northwind.example")

    assert response.status_code == 400
    assert "already a person" in response.json()["errors"]["email"][0]
    assert Person.objects.count() == 1


def test_a_terminated_partner_takes_no_new_people(api_client, northwind, manager_user):
    northwind.status = PartnerStatus.TERMINATED
    northwind.save()

    response = add_person(api_client(manager_user), northwind)

    assert response.status_code == 422
    assert response.json()["violations"][0]["section"] == "2.0"


def certify(client, person, **fields):
    return client.post(f"/api/v1/people/{person.pk}/certifications/", fields, format="json")


@pytest.fixture
def sam(northwind) -> Person:
    return Person.objects.create(
        partner=northwind, name="Sam Sales", email="sam@northwind.example", region="EMEA", roles=["sales"]
    )


def test_a_certification_expires_one_year_after_it_was_earned_by_default(api_client, sam, northwind_user):
    response = certify(api_client(northwind_user), sam, kind="sales", earned_on="2019-02-01")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["expires_on"] == "2020-02-01"
    assert body["product"] is None
    assert body["person"] == sam.pk
    event = PartnerEvent.objects.get(kind="certification_claimed")  # a partner user's: a claim until verified
    assert event.section == "5.0"
    assert "Sam Sales" in event.message


def test_an_explicit_expiry_is_kept(api_client, sam, manager_user):
    response = certify(
        api_client(manager_user), sam, kind="cie", product="amelia", earned_on="2019-02-01", expires_on="2019-08-01"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["expires_on"] == "2019-08-01"
    assert response.json()["product"] == "amelia"


def test_a_year_from_29_february_ends_on_28_february(api_client, manager_user, sam):
    response = api_client(manager_user).post(
        f"/api/v1/people/{sam.pk}/certifications/?as_of=2020-03-01",
        {"kind": "sales", "earned_on": "2020-02-29"},
        format="json",
    )
    assert response.json()["expires_on"] == "2021-02-28"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "wizard", "earned_on": "2019-02-01"}, "kind"),
        ({"kind": "cie", "earned_on": "2019-02-01"}, "product"),
        ({"kind": "cie", "product": "2desk", "earned_on": "2019-02-01"}, "product"),
        ({"kind": "sales", "earned_on": "01/02/2019"}, "earned_on"),
        ({"kind": "sales"}, "earned_on"),
        ({"kind": "sales", "earned_on": "2030-01-01"}, "earned_on"),
        ({"kind": "sales", "earned_on": "2019-02-01", "expires_on": "2019-01-01"}, "expires_on"),
    ],
)
def test_bad_certifications_are_400(api_client, sam, northwind_user, fields, field):
    response = certify(api_client(northwind_user), sam, **fields)

    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not Certification.objects.exists()


def test_a_product_line_the_partner_is_not_authorized_for_is_a_policy_refusal(api_client, sam, northwind_user):
    response = certify(api_client(northwind_user), sam, kind="ctl", product="1rpa", earned_on="2019-02-01")

    assert response.status_code == 422
    [violation] = response.json()["violations"]
    assert violation["section"] == "5.0"
    assert "1rpa" in violation["message"]
    assert not Certification.objects.exists()


def test_the_same_certification_twice_is_refused(api_client, sam, northwind_user):
    assert certify(api_client(northwind_user), sam, kind="sales", earned_on="2019-02-01").status_code == 201
    assert certify(api_client(northwind_user), sam, kind="sales", earned_on="2019-02-01").status_code == 400
    assert Certification.objects.count() == 1


def test_certifications_are_listed_and_read(api_client, sam, northwind_user, manager_user):
    certify(api_client(northwind_user), sam, kind="sales", earned_on="2019-02-01")
    certify(api_client(northwind_user), sam, kind="presales", earned_on="2018-01-10")

    client = api_client(northwind_user)
    listed = client.get(f"/api/v1/people/{sam.pk}/certifications/").json()["results"]
    assert [item["kind"] for item in listed] == ["presales", "sales"]
    valid = client.get("/api/v1/certifications/", {"valid_on": "2019-03-01"}).json()["results"]
    assert [item["kind"] for item in valid] == ["sales"]
    detail = client.get(f"/api/v1/certifications/{listed[0]['id']}/")
    assert detail.status_code == 200
    person = client.get(f"/api/v1/people/{sam.pk}/").json()
    assert len(person["certifications"]) == 2


def test_a_person_who_leaves_stops_counting(api_client, sam, northwind_user, manager_user):
    response = api_client(manager_user).post(
        f"/api/v1/people/{sam.pk}/leave/?as_of=2019-06-01", {"left_on": "2019-06-01"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["left_on"] == "2019-06-01"
    again = api_client(manager_user).post(
        f"/api/v1/people/{sam.pk}/leave/?as_of=2019-06-01", {"left_on": "2019-06-02"}, format="json"
    )
    assert again.status_code == 400
    active = (
        api_client(northwind_user)
        .get(f"/api/v1/partners/{sam.partner_id}/people/", {"active_on": "2019-06-01"})
        .json()["results"]
    )
    assert active == []


def test_training_is_recorded_and_listed(api_client, sam, manager_user):
    client = api_client(manager_user)
    response = client.post(
        f"/api/v1/people/{sam.pk}/trainings/?as_of=2019-03-01",
        {"kind": "online", "completed_on": "2019-02-20"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert client.get(f"/api/v1/people/{sam.pk}/trainings/").json()["results"][0]["kind"] == "online"
    bad = client.post(
        f"/api/v1/people/{sam.pk}/trainings/?as_of=2019-03-01",
        {"kind": "yoga", "completed_on": "2019-02-20"},
        format="json",
    )
    assert bad.status_code == 400
    assert PartnerEvent.objects.filter(kind="training_recorded").count() == 1


def test_a_refusal_reads_in_german_on_the_portal_and_in_english_in_the_api(
    api_client, client, northwind, northwind_user
):
    choose_language(user=northwind_user, language="de")
    assert add_person(api_client(northwind_user), northwind).status_code == 201
    client.force_login(northwind_user)

    page = client.post(
        f"/partners/{northwind.pk}/people/new/",
        {"name": "Sam Sales", "email": "sam@northwind.example", "region": "EMEA", "roles": ["sales"]},
    )
    api = add_person(api_client(northwind_user), northwind, HTTP_ACCEPT_LANGUAGE="de")

    assert page.status_code == 200
    assert "sam@northwind.example ist bereits eine Person von Northwind" in page.content.decode()
    assert "sam@northwind.example is already a person of Northwind" in api.json()["errors"]["email"][0]
    assert Person.objects.count() == 1
