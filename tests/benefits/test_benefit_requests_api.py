"""Benefit requests: request → fulfil / decline (§5.1, docs/policy.md#r6-1), with the cost shown before sending."""

import pytest
from django.core import mail

from partnerhub.benefits.models import BenefitRequest
from partnerhub.partners.models import PartnerEvent

from .conftest import TODAY

pytestmark = pytest.mark.django_db

URL = "/api/v1/benefit-requests/"


def test_a_partner_user_requests_a_sandbox(api_client, northwind_user, implementation):
    response = api_client(northwind_user).post(
        URL, {"benefit": "amelia_sandbox", "details": "for a demo"}, format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["partner"], body["benefit"], body["status"]) == (implementation.pk, "amelia_sandbox", "requested")
    assert body["requested_on"] == TODAY.isoformat()
    assert body["benefit_label"] == "Amelia instance and sandbox (demo only)"
    assert body["notes"] == [
        "IPsoft provides software only; the partner provides the hosting facility or cloud environment."
    ]
    assert body["policy_version"] == "2018-01-31"
    event = PartnerEvent.objects.get(partner=implementation, kind="benefit_requested")
    assert (event.section, event.actor, event.data["benefit_request"]) == ("5.1", northwind_user, body["id"])


def test_a_may_cost_benefit_without_acknowledgement_is_refused_and_writes_nothing(
    api_client, northwind_user, implementation, db_state, violations
):
    before = db_state()
    response = api_client(northwind_user).post(URL, {"benefit": "advisory_services"}, format="json")

    assert response.status_code == 422
    assert violations(response) == [("cost_acknowledged", "5.1")]
    assert "May come with an associated cost." in response.json()["violations"][0]["message"]
    assert db_state() == before

    accepted = api_client(northwind_user).post(
        URL, {"benefit": "advisory_services", "acknowledged_cost": True}, format="json"
    )
    assert accepted.status_code == 201
    assert (accepted.json()["may_cost"], accepted.json()["acknowledged_cost"]) == (True, True)


def test_a_solution_only_benefit_requested_by_an_implementation_partner_is_refused_citing_5_1(
    api_client, northwind_user, implementation, db_state, violations
):
    before = db_state()
    response = api_client(northwind_user).post(URL, {"benefit": "dedicated_customer_engagement_manager"}, format="json")

    assert response.status_code == 422
    assert {section for _code, section in violations(response)} == {"5.1"}
    assert ("entitled", "5.1") in violations(response)
    assert "Solution Partners only" in response.json()["detail"]
    assert db_state() == before


def test_an_alliance_partner_may_not_request_a_sandbox_but_may_reserve_the_demo_center(
    api_client, partner_in, user_of, violations
):
    alliance = partner_in("registered", classification="alliance")
    client = api_client(user_of(alliance, "al"))

    refused = client.post(URL, {"benefit": "amelia_sandbox"}, format="json")
    assert refused.status_code == 422
    assert violations(refused) == [("entitled", "5.1")]
    assert client.post(URL, {"benefit": "demo_center_reservation"}, format="json").status_code == 201


def test_a_partner_in_its_window_cannot_request_anything_yet(api_client, partner_in, user_of, violations):
    approved = partner_in("approved", classification="implementation")
    response = api_client(user_of(approved, "ian")).post(URL, {"benefit": "poc_support"}, format="json")

    assert response.status_code == 422
    assert violations(response) == [("entitled", "5.1")]
    assert "qualification window" in response.json()["violations"][0]["message"]


def test_a_benefit_that_is_simply_available_is_not_requested(api_client, northwind_user, implementation, violations):
    response = api_client(northwind_user).post(URL, {"benefit": "partner_newsletter"}, format="json")

    assert response.status_code == 422
    assert violations(response) == [("requestable", "5.1")]


def test_bad_input_is_a_400(api_client, northwind_user, implementation, manager_user):
    assert api_client(northwind_user).post(URL, {"acknowledged_cost": "maybe"}, format="json").status_code == 400
    unknown = api_client(northwind_user).post(URL, {"benefit": "free_lunch"}, format="json")
    assert unknown.status_code == 422  # a well-formed key that is not in the policy
    assert unknown.json()["violations"][0]["code"] == "known_benefit"
    no_partner = api_client(manager_user).post(URL, {"benefit": "poc_support"}, format="json")
    assert no_partner.status_code == 400
    assert "partner" in no_partner.json()["errors"]
    dated = api_client(northwind_user).post(
        URL, {"benefit": "poc_support", "requested_on": "2019-07-01"}, format="json"
    )
    # Only a vendor manager dates a write (docs/dates-and-trust.md#who-may-backdate): 403 naming the field.
    assert dated.status_code == 403
    assert "requested_on" in dated.json()["detail"]


def test_a_manager_records_a_request_received_by_email_and_fulfils_it(
    api_client, manager_user, implementation, committed
):
    client = api_client(manager_user)
    created = client.post(
        URL, {"partner": implementation.pk, "benefit": "poc_support", "requested_on": "2019-07-01"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["requested_on"] == "2019-07-01"
    mail.outbox.clear()

    with committed():
        fulfilled = client.post(
            f"{URL}{created.json()['id']}/fulfil/", {"note": "POC team assigned", "decided_on": "2019-07-03"}
        )

    assert fulfilled.status_code == 200
    assert (fulfilled.json()["status"], fulfilled.json()["decided_on"]) == ("fulfilled", "2019-07-03")
    assert PartnerEvent.objects.filter(partner=implementation, kind="benefit_fulfilled").count() == 1
    assert len(mail.outbox) == 1
    assert "fulfilled" in mail.outbox[0].subject

    again = client.post(f"{URL}{created.json()['id']}/decline/", {"reason": "changed our mind"})
    assert again.status_code == 409


def test_a_manager_declines_with_a_reason(api_client, manager_user, northwind_user, implementation):
    created = api_client(northwind_user).post(URL, {"benefit": "amelia_sandbox"}, format="json").json()
    client = api_client(manager_user)

    assert client.post(f"{URL}{created['id']}/decline/", {}, format="json").status_code == 400
    declined = client.post(f"{URL}{created['id']}/decline/", {"reason": "no capacity this quarter"}, format="json")

    assert declined.status_code == 200
    assert (declined.json()["status"], declined.json()["decision_note"]) == ("declined", "no capacity this quarter")
    event = PartnerEvent.objects.get(partner=implementation, kind="benefit_declined")
    assert "no capacity this quarter" in event.message


def test_deciding_is_for_managers_only(api_client, northwind_user, implementation):
    created = api_client(northwind_user).post(URL, {"benefit": "amelia_sandbox"}, format="json").json()

    assert api_client(northwind_user).post(f"{URL}{created['id']}/fulfil/", {}).status_code == 403
    assert api_client(northwind_user).post(f"{URL}{created['id']}/decline/", {"reason": "x"}).status_code == 403
    assert BenefitRequest.objects.get().status == "requested"


def test_requests_are_listed_and_filtered(api_client, manager_user, northwind_user, implementation, solution):
    api_client(northwind_user).post(URL, {"benefit": "amelia_sandbox"}, format="json")
    api_client(manager_user).post(URL, {"partner": solution.pk, "benefit": "poc_support"}, format="json")

    everything = api_client(manager_user).get(URL).json()
    assert everything["count"] == 2
    assert api_client(manager_user).get(URL, {"benefit": "poc_support"}).json()["count"] == 1
    own = api_client(northwind_user).get(URL).json()
    assert [item["benefit"] for item in own["results"]] == ["amelia_sandbox"]


def test_a_request_dated_before_any_policy_is_a_400_on_its_date(api_client, manager_user, implementation, db_state):
    before = db_state()
    response = api_client(manager_user).post(
        URL, {"partner": implementation.pk, "benefit": "poc_support", "requested_on": "2017-06-01"}, format="json"
    )

    assert response.status_code == 400
    assert "no policy version is in force on 2017-06-01" in response.json()["errors"]["requested_on"][0]
    assert db_state() == before


def test_the_service_refuses_a_blank_decline_reason_as_invalid_input_and_writes_nothing(
    api_client, manager_user, northwind_user, implementation
):
    """Callers other than the API (the portal, the demo) meet the same refusal: 400 on `reason`, never a 500."""
    from partnerhub.benefits.services.benefit_requests import benefit_request_decline
    from partnerhub.core.errors import InvalidInput

    created = api_client(northwind_user).post(URL, {"benefit": "amelia_sandbox"}, format="json").json()
    benefit_request = BenefitRequest.objects.get(pk=created["id"])

    with pytest.raises(InvalidInput) as refused:
        benefit_request_decline(
            benefit_request=benefit_request, declined_on=TODAY, reason="  ", acting_user=manager_user
        )

    assert refused.value.message_dict == {"reason": ["Say why the request is declined."]}
    benefit_request.refresh_from_db()
    assert benefit_request.status == "requested"
    assert not PartnerEvent.objects.filter(partner=implementation, kind="benefit_declined").exists()
