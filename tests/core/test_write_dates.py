"""One rule for the date of every write (docs/dates-and-trust.md#who-may-backdate): a partner user's `?as_of=` on
any write of the API answers 403 with a problem body naming `as_of`, before anything is looked up or written; a
vendor manager's is never refused for being there.

The fault (issue: partner users choose their own dates, §2.0): partner users passed `?as_of=` on people,
certification, training and leave writes and made themselves Registered inside a closed qualification window;
other writes answered 400, or ignored it and wrote. The table is every write operation of the OpenAPI schema,
so a new endpoint is in it the day it is added.
"""

import re

import pytest

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch", "delete")

NOT_A_DATED_WRITE = {
    # Signing in: no user is known yet (AllowAny), and nothing of the programme is recorded or dated.
    ("post", "/api/v1/auth/token/"),
}


def write_operations(schema) -> list[tuple[str, str]]:
    return sorted(
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in WRITE_METHODS and (method, path) not in NOT_A_DATED_WRITE
    )


@pytest.fixture(scope="module")
def writes(openapi_schema) -> list[tuple[str, str]]:
    operations = write_operations(openapi_schema)
    assert len(operations) > 50, "the schema lists the API's writes"
    return operations


def filled(path: str, pk: int) -> str:
    return re.sub(r"\{[^}]+\}", str(pk), path)


def send(client, method: str, url: str):
    return getattr(client, method)(url, {}, format="json")


def test_a_partner_users_as_of_on_every_write_is_403_naming_it(api_client, writes, make_partner, make_representative):
    """§2.0: only vendor managers backdate; every write of the API, its own partner's objects included."""
    partner = make_partner("Northwind")
    paul = make_representative(partner, "paul")
    wrong = []

    for method, path in writes:
        # A client of its own for each write: a sign-out that went through would revoke the token of the next.
        response = send(api_client(paul), method, filled(path, partner.pk) + "?as_of=2019-06-01")
        problem = response.get("Content-Type", "").startswith("application/problem+json")
        if response.status_code != 403 or not problem or "as_of" not in response.json().get("detail", ""):
            wrong.append((method, path, response.status_code, response.content[:120]))

    assert wrong == []


def test_a_managers_as_of_on_a_write_is_not_refused_for_being_there(api_client, writes, manager_user, make_partner):
    """The same writes from a vendor manager: whatever each answers (a missing body is 400, a missing object
    404), never the partner users' 403."""
    partner = make_partner("Northwind")

    refused = [
        (method, path)
        for method, path in writes
        if (
            response := send(api_client(manager_user), method, filled(path, partner.pk) + "?as_of=2019-06-01")
        ).status_code
        == 403
        and "as_of" in response.json().get("detail", "")
    ]

    assert refused == []


def test_a_write_without_as_of_is_not_refused_by_the_rule(api_client, make_partner, make_representative):
    partner = make_partner("Northwind", regions=["EMEA"])
    client = api_client(make_representative(partner, "paul"))

    response = client.post(
        f"/api/v1/partners/{partner.pk}/people/",
        {"name": "Sam Sales", "email": "sam@northwind.example", "region": "EMEA", "roles": ["sales"]},
        format="json",
    )

    assert response.status_code == 201, response.json()
