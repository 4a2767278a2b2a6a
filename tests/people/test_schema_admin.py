"""The people endpoints are in the OpenAPI schema; the admin lists every people model, read-only."""

import pytest

from partnerhub.people.models import Person

pytestmark = pytest.mark.django_db


def test_the_schema_lists_the_people_endpoints(openapi_schema):
    paths = openapi_schema["paths"]
    for path in (
        "/api/v1/partners/{partner_id}/people/",
        "/api/v1/partners/{partner_id}/people/import/",
        "/api/v1/people/{id}/certifications/",
        "/api/v1/partners/{partner_id}/compliance-verifications/",
        "/api/v1/partners/{partner_id}/standing/",
        "/api/v1/partners/{partner_id}/gap/",
        "/api/v1/partners/{partner_id}/due-dates/",
        "/api/v1/standing/",
    ):
        assert path in paths, path
    assert "post" in paths["/api/v1/people/{id}/certifications/"]


@pytest.mark.parametrize(
    "model",
    [
        "person",
        "certification",
        "trainingrecord",
        "complianceverification",
        "governancerecord",
        "financialstandingchange",
        "standingexception",
    ],
)
def test_a_staff_manager_reads_every_people_model_in_the_admin(client, manager_user, northwind, model):
    manager_user.is_staff = True
    manager_user.save()
    client.force_login(manager_user)
    mia = Person.objects.create(partner=northwind, name="Mia", email="mia@n.example", region="EMEA", roles=["sales"])

    assert client.get(f"/admin/people/{model}/").status_code == 200
    assert client.get(f"/admin/people/person/{mia.pk}/change/").status_code == 200
    assert client.get(f"/admin/people/{model}/add/").status_code == 403
