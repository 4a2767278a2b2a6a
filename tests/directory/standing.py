"""A partner in good standing, built through the API as a manager records it: for the directory's tests and its
browser test."""

import datetime as dt

from partnerhub.billing.models import Invoice
from partnerhub.partners.models import Partner

JANUARY = dt.date(2019, 1, 10)


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def in_good_standing(
    api_client, manager_user, name: str, classification: str = "alliance", *, on: dt.date = JANUARY, **scope
) -> Partner:
    """A partner applied for on `on` (by default 2019-01-10), approved 5 days later and registered 31 days later
    with its staff certified, its compliance verified and its fee paid: in good standing from then until its
    certifications lapse a year on. Through the API, as a manager records it."""

    def day(offset: int) -> str:
        return (on + dt.timedelta(days=offset)).isoformat()

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
                "applied_on": day(0),
            },
            format="json",
        ),
        201,
    )
    ok(manager.post(f"/api/v1/partners/{applied['id']}/approve/", {"approved_on": day(5)}, format="json"))
    partner = Partner.objects.get(pk=applied["id"])
    needs = {"alliance": (1, 2, 1), "advisory": (1, 1, 1)}[classification]
    people: list[tuple[str, list[str], str | None]] = [("Manager", ["partner_manager"], None)] * needs[0]
    people += [("Sales", ["sales"], "sales")] * needs[1] + [("Presales", ["presales"], "presales")] * needs[2]
    for index, (role, roles, kind) in enumerate(people):
        person = ok(
            manager.post(
                f"/api/v1/partners/{partner.pk}/people/?as_of={day(22)}",
                {"name": f"{role} {index}", "email": f"p{index}@{handle}.example", "region": "EMEA", "roles": roles},
                format="json",
            ),
            201,
        )
        if kind:
            ok(
                manager.post(
                    f"/api/v1/people/{person['id']}/certifications/?as_of={day(22)}",
                    {"kind": kind, "earned_on": day(22)},
                    format="json",
                ),
                201,
            )
    ok(
        manager.post(
            f"/api/v1/partners/{partner.pk}/compliance-verifications/?as_of={day(26)}",
            {"verified_on": day(26)},
            format="json",
        ),
        201,
    )
    invoice = Invoice.objects.get(partner=partner)
    ok(manager.post(f"/api/v1/invoices/{invoice.pk}/pay/", {"paid_on": day(31)}, format="json"))
    partner.refresh_from_db()
    assert partner.status == "registered"
    return partner
