"""Fixtures of the directory tests: Northwind brought into good standing through the API, as a manager would."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from partnerhub.billing.models import Invoice
from partnerhub.partners.models import Partner, PartnerUser

D = dt.date


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def in_good_standing(api_client, manager_user, name: str, classification: str = "alliance", **scope) -> Partner:
    """A partner approved on 2019-01-15 and registered on 2019-02-10 with its staff certified, its compliance
    verified and its fee paid: in good standing from then until its certifications lapse in 2020."""
    manager = api_client(manager_user)
    handle = name.split()[0].lower()
    applied = ok(
        manager.post(
            "/api/v1/partners/",
            {
                "name": name,
                "kind": "company",
                "classification": classification,
                "regions": scope.get("regions", ["EMEA"]),
                "territories": scope.get("territories", ["GB", "DE"]),
                "products": scope.get("products", ["amelia"]),
                "contact_email": f"private@{handle}.example",
                "applied_on": "2019-01-10",
            },
            format="json",
        ),
        201,
    )
    ok(manager.post(f"/api/v1/partners/{applied['id']}/approve/", {"approved_on": "2019-01-15"}, format="json"))
    partner = Partner.objects.get(pk=applied["id"])
    needs = {"alliance": (1, 2, 1), "advisory": (1, 1, 1)}[classification]
    people: list[tuple[str, list[str], str | None]] = [("Manager", ["partner_manager"], None)] * needs[0]
    people += [("Sales", ["sales"], "sales")] * needs[1] + [("Presales", ["presales"], "presales")] * needs[2]
    for index, (role, roles, kind) in enumerate(people):
        person = ok(
            manager.post(
                f"/api/v1/partners/{partner.pk}/people/?as_of=2019-02-01",
                {"name": f"{role} {index}", "email": f"p{index}@{handle}.example", "region": "EMEA", "roles": roles},
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
    return partner


@pytest.fixture
def northwind(api_client, manager_user, published_policy) -> Partner:
    return in_good_standing(api_client, manager_user, "Northwind Consulting")


@pytest.fixture
def paul(northwind, password) -> User:
    """Northwind's Designated Partner Representative."""
    user = User.objects.create_user("paul", email="paul@northwind.example", password=password)
    PartnerUser.objects.create(user=user, partner=northwind, representative=True)
    return user


@pytest.fixture
def directory_policy(published_policy, tmp_path):
    """`directory_policy(on, **directory)`: a later policy version, in force from `on`, whose `directory:` part is
    the shipped one updated with `directory`."""
    import yaml
    from django.core.management import call_command

    from partnerhub.policy.load import SHIPPED_POLICY

    def publish(on: dt.date, **directory) -> None:
        document = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
        document["version_date"] = on
        document["directory"].update(directory)
        path = tmp_path / f"{on.isoformat()}.yaml"
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        call_command("load_policy", str(path), verbosity=0)

    return publish
