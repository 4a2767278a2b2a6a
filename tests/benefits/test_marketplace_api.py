"""The Amelia Marketplace (§3.0): Solution partners' listings submitted, reviewed against the set standards,
published and withdrawn."""

import pytest

from partnerhub.benefits.models import ListingReview
from partnerhub.partners.models import PartnerEvent
from partnerhub.policy.licenses import MARKETPLACE_STANDARDS

pytestmark = pytest.mark.django_db

URL = "/api/v1/marketplace-listings/"
LISTING = {"title": "Claims Concierge", "summary": "Insurance claims intake on Amelia", "product": "amelia"}
ALL_MET = dict.fromkeys(MARKETPLACE_STANDARDS, True)


def submit(api_client, user, **overrides):
    return api_client(user).post(URL, {**LISTING, **overrides}, format="json")


def test_a_listing_goes_from_submission_to_publication(api_client, manager_user, fabrikam_user, solution):
    submitted = submit(api_client, fabrikam_user)
    assert submitted.status_code == 201, submitted.json()
    listing = submitted.json()
    assert (listing["status"], listing["partner"], listing["reviews"]) == ("submitted", solution.pk, [])
    manager = api_client(manager_user)

    too_early = manager.post(f"{URL}{listing['id']}/publish/", {}, format="json")
    assert too_early.status_code == 409

    short = manager.post(
        f"{URL}{listing['id']}/review/",
        {"checklist": {**ALL_MET, "support_process_agreed": False}, "notes": "who answers tier 2?"},
        format="json",
    )
    assert short.status_code == 201
    assert short.json()["passed"] is False
    assert [(r["code"], r["section"]) for r in short.json()["reasons"] if not r["met"]] == [
        ("support_process_agreed", "3.0")
    ]
    assert manager.get(f"{URL}{listing['id']}/").json()["status"] == "changes_requested"

    assert api_client(fabrikam_user).post(f"{URL}{listing['id']}/resubmit/", {}, format="json").status_code == 200
    passed = manager.post(f"{URL}{listing['id']}/review/", {"checklist": ALL_MET}, format="json")
    assert passed.json()["passed"] is True

    published = manager.post(f"{URL}{listing['id']}/publish/", {"on": "2019-08-01"}, format="json")
    assert published.status_code == 200
    assert (published.json()["status"], published.json()["published_on"]) == ("published", "2019-08-01")
    assert len(published.json()["reviews"]) == 2
    first_review = ListingReview.objects.filter(listing_id=listing["id"]).earliest("id")
    assert first_review.checklist["support_process_agreed"] is False
    kinds = list(
        PartnerEvent.objects.filter(partner=solution, kind__startswith="marketplace").values_list("kind", flat=True)
    )
    assert kinds == [
        "marketplace_listing_submitted",
        "marketplace_listing_reviewed",
        "marketplace_listing_submitted",
        "marketplace_listing_reviewed",
        "marketplace_listing_published",
    ]
    assert manager.get(URL, {"status": "published"}).json()["count"] == 1


def test_an_implementation_partner_cannot_list_in_the_marketplace(
    api_client, northwind_user, implementation, db_state, violations
):
    before = db_state()
    response = submit(api_client, northwind_user)

    assert response.status_code == 422
    assert violations(response) == [("entitled", "3.0")]
    assert db_state() == before


def test_a_review_must_answer_every_standard(api_client, manager_user, fabrikam_user, solution):
    listing = submit(api_client, fabrikam_user).json()
    partial = {key: True for key in list(MARKETPLACE_STANDARDS)[:2]}

    response = api_client(manager_user).post(f"{URL}{listing['id']}/review/", {"checklist": partial}, format="json")

    assert response.status_code == 400
    assert "Unanswered" in response.json()["errors"]["checklist"][0]
    assert not ListingReview.objects.exists()


def test_the_standards_are_listed(api_client, fabrikam_user, solution):
    standards = api_client(fabrikam_user).get(f"{URL}standards/").json()
    assert [item["key"] for item in standards] == list(MARKETPLACE_STANDARDS)


def test_review_and_publish_are_for_managers_the_partner_may_withdraw(api_client, fabrikam_user, solution):
    listing = submit(api_client, fabrikam_user).json()
    client = api_client(fabrikam_user)

    assert client.post(f"{URL}{listing['id']}/review/", {"checklist": ALL_MET}, format="json").status_code == 403
    assert client.post(f"{URL}{listing['id']}/publish/", {}, format="json").status_code == 403
    assert client.post(f"{URL}{listing['id']}/withdraw/", {}, format="json").status_code == 400
    withdrawn = client.post(f"{URL}{listing['id']}/withdraw/", {"reason": "rebranding"}, format="json")
    assert withdrawn.status_code == 200
    assert (withdrawn.json()["status"], withdrawn.json()["withdrawal_reason"]) == ("withdrawn", "rebranding")


def test_an_unknown_product_is_a_400(api_client, fabrikam_user, solution):
    response = submit(api_client, fabrikam_user, product="1cloud")
    assert response.status_code == 400
    assert "product" in response.json()["errors"]
