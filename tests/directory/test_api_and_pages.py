"""The directory's doors (docs/directory.md): the public API and page without signing in, the link from the sign-in
page, the partner's profile page (its representative edits, another partner's is 404, a plain user may not write),
and the query counts, the same at two sizes (docs/architecture.md#rule-11)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerhub.directory import selectors
from partnerhub.directory.models import PartnerProfile
from partnerhub.partners.models import Partner, PartnerEvent, PartnerKind, PartnerStatus

from .conftest import D

pytestmark = pytest.mark.django_db

TODAY = D(2019, 6, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("partnerhub.directory.api.today", lambda: TODAY)
    monkeypatch.setattr("partnerhub.portal.views.directory.today", lambda: TODAY)


@pytest.fixture
def listed(northwind, paul):
    PartnerProfile.objects.create(
        partner=northwind,
        listed=True,
        description="Amelia for <b>insurers</b>.",
        website="https://northwind.example",
        public_email="hello@northwind.example",
        updated_on=D(2019, 3, 1),
    )
    return northwind


def test_the_api_answers_anyone_with_public_fields_only(api_client, listed):
    response = api_client().get("/api/v1/directory/")
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    [entry] = body["results"]
    assert set(entry) == {
        "id",
        "name",
        "classification",
        "classification_name",
        "featured",
        "regions",
        "territories",
        "products",
        "description",
        "website",
        "public_email",
        "solutions",
    }
    assert entry["name"] == "Northwind Consulting" and entry["public_email"] == "hello@northwind.example"
    assert "private@northwind.example" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"classification": "platinum"}, "classification"),
        ({"region": "MARS"}, "region"),
        ({"product": "nothing"}, "product"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"after": "not-a-cursor"}, "after"),
        ({"after": "WzEsMiwzXQ=="}, "after"),  # [1, 2, 3]: decodes, but is not a position
        ({"q": "x" * 101}, "q"),
        ({"q": "a\x00b"}, "q"),
    ],
)
def test_bad_queries_are_400_naming_the_parameter(api_client, published_policy, query, field):
    response = api_client().get("/api/v1/directory/", query)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_the_api_pages_by_its_cursor(api_client, make_partner, directory_policy):
    directory_policy(D(2019, 2, 1), good_standing=False)
    for name in ("Ant", "Bee", "Cat"):
        PartnerProfile.objects.create(partner=make_partner(name), listed=True, updated_on=D(2019, 3, 1))
    client = api_client()
    first = client.get("/api/v1/directory/", {"page_size": 2}).json()
    assert [e["name"] for e in first["results"]] == ["Ant", "Bee"]
    second = client.get(first["next"]).json()
    assert [e["name"] for e in second["results"]] == ["Cat"] and second["next"] is None


def test_the_api_says_404_when_the_policy_offers_no_directory(api_client, published_policy, directory_policy):
    directory_policy(D(2019, 5, 1), enabled=False)
    response = api_client().get("/api/v1/directory/")
    assert response.status_code == 404
    assert "offers no public partner directory" in response.json()["detail"]


def test_the_api_is_in_the_schema_without_authentication(openapi_schema):
    operation = openapi_schema["paths"]["/api/v1/directory/"]["get"]
    assert operation.get("security") in ([], [{}], None) or {} in operation["security"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "classification", "region", "product", "after"}
    assert "401" not in operation["responses"]


def test_the_public_page_is_linked_from_the_sign_in_page_and_escapes_what_partners_wrote(client, listed):
    assert 'href="/directory/"' in client.get("/accounts/login/").content.decode()
    page = client.get("/directory/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Northwind Consulting" in html and "Alliance Partner" in html
    assert "Amelia for &lt;b&gt;insurers&lt;/b&gt;." in html
    assert "Europe, Middle East and Africa" in html and "GB, DE" in html
    assert "private@northwind.example" not in html
    assert client.get("/directory/", {"region": "MARS"}).status_code == 400
    assert "Northwind" not in client.get("/directory/", {"q": "globex"}).content.decode()


def test_the_profile_page_is_the_representatives_to_edit(client, northwind, paul, password, make_representative):
    client.force_login(paul)
    page = client.get(f"/partners/{northwind.pk}/directory-profile/")
    assert page.status_code == 200 and "Not shown in the directory today" in page.content.decode()
    refused = client.post(
        f"/partners/{northwind.pk}/directory-profile/",
        {"listed": "on", "description": "Hi", "website": "ftp://northwind.example", "public_email": ""},
    )
    assert refused.status_code == 200
    assert "http:// or https://" in refused.content.decode()
    assert not PartnerProfile.objects.exists()
    saved = client.post(
        f"/partners/{northwind.pk}/directory-profile/",
        {"listed": "on", "description": "Hi", "website": "https://northwind.example", "public_email": ""},
    )
    assert saved.status_code == 302
    assert PartnerProfile.objects.get(partner=northwind).listed
    assert "Shown in the directory today" in client.get(f"/partners/{northwind.pk}/directory-profile/").content.decode()
    assert "Northwind Consulting" in client.get("/directory/").content.decode()

    plain = make_representative(northwind, "nina", representative=False)
    client.force_login(plain)
    assert client.get(f"/partners/{northwind.pk}/directory-profile/").status_code == 200
    assert client.post(f"/partners/{northwind.pk}/directory-profile/", {"listed": ""}).status_code == 403
    assert PartnerProfile.objects.get(partner=northwind).listed
    assert PartnerEvent.objects.filter(kind="directory_profile_changed").count() == 1


def test_another_partners_profile_page_is_404(client, northwind, make_partner, make_representative):
    globex = make_partner("Globex")
    client.force_login(make_representative(globex, "gil"))
    assert client.get(f"/partners/{northwind.pk}/directory-profile/").status_code == 404
    assert client.post(f"/partners/{northwind.pk}/directory-profile/", {"listed": "on"}).status_code == 404
    assert not PartnerProfile.objects.exists()


def _listed_partners(count: int, *, start: int = 0) -> None:
    partners = Partner.objects.bulk_create(
        Partner(
            name=f"Partner {number:05d}",
            kind=PartnerKind.COMPANY,
            classification=("alliance", "implementation")[number % 2],
            status=PartnerStatus.REGISTERED,
            regions=["EMEA"],
            products=["amelia"],
        )
        for number in range(start, start + count)
    )
    PartnerProfile.objects.bulk_create(
        PartnerProfile(partner=partner, listed=True, description="d", updated_on=D(2019, 3, 1)) for partner in partners
    )


def _queries(read) -> int:
    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured)


def test_a_full_page_costs_the_same_queries_at_two_sizes(client, api_client, published_policy, directory_policy):
    directory_policy(D(2019, 2, 1), good_standing=False)
    anonymous = api_client()

    def reads() -> dict[str, int]:
        return {
            "selector": _queries(lambda: selectors.directory_page(TODAY, selectors.DirectoryQuery())),
            "api": _queries(lambda: anonymous.get("/api/v1/directory/", {"region": "EMEA"})),
            "page": _queries(lambda: client.get("/directory/", {"q": "Partner"})),
        }

    _listed_partners(60)
    small = reads()
    _listed_partners(600, start=60)
    assert reads() == small
    assert small["selector"] <= 4


def test_judging_good_standing_is_bounded_at_two_sizes(published_policy):
    """None of them is in good standing (no staff, no compliance): a page judges at most SCANNED_PER_PAGE partners
    and says where to go on, whatever the number of partners."""
    scanned = selectors.SCANNED_PER_PAGE

    def read() -> tuple[int, selectors.DirectoryPage]:
        with CaptureQueriesContext(connection) as captured:
            page = selectors.directory_page(TODAY, selectors.DirectoryQuery())
        return len(captured), page

    # Half of them are featured: at both sizes the featured part alone holds more than a page judges.
    _listed_partners(2 * scanned)
    small, page = read()
    assert page.entries == [] and page.next_after is not None and page.next_after[0] is True
    _listed_partners(2 * scanned, start=2 * scanned)
    large, page = read()
    assert large == small <= 2 + scanned // selectors.CHUNK * 10 and page.next_after is not None
