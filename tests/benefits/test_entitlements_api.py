"""GET /api/v1/partners/{id}/benefits/: the column of the benefits matrix a partner has (§5.1, docs/policy.md#r6-1)."""

import pytest

pytestmark = pytest.mark.django_db

AS_OF = "2019-07-01"


def benefits(api_client, user, partner, as_of=AS_OF):
    response = api_client(user).get(f"/api/v1/partners/{partner.pk}/benefits/", {"as_of": as_of})
    assert response.status_code == 200, response.json()
    return response.json()


def keys(body) -> set[str]:
    return {benefit["key"] for benefit in body["benefits"]}


def test_a_registered_alliance_partner_has_the_newsletter_and_no_sandbox(api_client, partner_in, user_of):
    alliance = partner_in("registered", classification="alliance")
    body = benefits(api_client, user_of(alliance, "ann"), alliance)

    assert body["policy_version"] == "2018-01-31"
    assert (body["classification"], body["status"]) == ("alliance", "registered")
    assert "partner_newsletter" in keys(body)
    assert "amelia_sandbox" not in keys(body)
    assert "documentation_portal" not in keys(body)
    assert [(r["code"], r["section"], r["met"]) for r in body["reasons"]] == [
        ("registered_partner", "2.0", True),
        ("classification_has_benefits", "5.1", True),
    ]


def test_a_solution_partner_has_the_dedicated_customer_engagement_manager(api_client, manager_user, solution):
    body = benefits(api_client, manager_user, solution)

    assert "dedicated_customer_engagement_manager" in keys(body)
    assert "marketplace_listing" in keys(body)


def test_an_implementation_partner_sees_the_notes_of_its_benefits(api_client, manager_user, implementation):
    by_key = {benefit["key"]: benefit for benefit in benefits(api_client, manager_user, implementation)["benefits"]}

    assert "dedicated_customer_engagement_manager" not in by_key
    assert by_key["technical_classroom_training"]["notes"] == ["May come with an associated cost."]
    assert by_key["technical_classroom_training"]["may_cost"] is True
    assert by_key["advisory_services"]["notes"] == ["May come with an associated cost."]
    assert by_key["amelia_sandbox"]["notes"] == [
        "IPsoft provides software only; the partner provides the hosting facility or cloud environment."
    ]
    assert by_key["amelia_sandbox"]["requestable"] is True


def test_a_partner_in_its_window_has_onboarding_and_nothing_that_needs_registration(api_client, partner_in, user_of):
    approved = partner_in("approved", classification="solution")
    body = benefits(api_client, user_of(approved, "ada"), approved)

    assert keys(body) == {"onboarding", "ipuniversity"}
    [unmet] = [reason for reason in body["reasons"] if not reason["met"]]
    assert (unmet["code"], unmet["section"]) == ("registered_partner", "2.0")
    assert "qualification window" in unmet["message"]


@pytest.mark.parametrize("status", ["applied", "deactivated", "terminated"])
def test_a_partner_outside_the_program_has_no_benefits(api_client, manager_user, partner_in, status):
    """§5.1, §2.0: judged on a date after its deactivation (2019-10-16) or termination, by the status then."""
    assert benefits(api_client, manager_user, partner_in(status), "2019-12-01")["benefits"] == []


def test_another_partners_benefits_are_not_found(api_client, implementation, solution, northwind_user):
    response = api_client(northwind_user).get(f"/api/v1/partners/{solution.pk}/benefits/")

    assert response.status_code == 404
    assert api_client(northwind_user).get(f"/api/v1/partners/{solution.pk}/benefits/amelia_sandbox/").status_code == 404


def test_a_date_before_any_policy_and_a_bad_date(api_client, manager_user, implementation):
    client = api_client(manager_user)
    assert client.get(f"/api/v1/partners/{implementation.pk}/benefits/", {"as_of": "2017-12-31"}).status_code == 400
    bad = client.get(f"/api/v1/partners/{implementation.pk}/benefits/", {"as_of": "July"})
    assert bad.status_code == 400
    assert "as_of" in bad.json()["errors"]


def test_the_preview_shows_the_cost_before_the_request_is_sent(api_client, northwind_user, implementation):
    url = f"/api/v1/partners/{implementation.pk}/benefits/technical_classroom_training/"
    preview = api_client(northwind_user).get(url, {"as_of": AS_OF}).json()

    assert preview["notes"] == ["May come with an associated cost."]
    assert (preview["may_cost"], preview["requestable"], preview["admissible"]) == (True, True, False)
    assert [r["code"] for r in preview["reasons"] if not r["met"]] == ["cost_acknowledged"]

    acknowledged = api_client(northwind_user).get(url, {"as_of": AS_OF, "acknowledged_cost": "true"}).json()
    assert acknowledged["admissible"] is True


def test_the_preview_of_an_unknown_benefit_is_not_found(api_client, manager_user, implementation):
    url = f"/api/v1/partners/{implementation.pk}/benefits/free_lunch/"
    assert api_client(manager_user).get(url).status_code == 404
