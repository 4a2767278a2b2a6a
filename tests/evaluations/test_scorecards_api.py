"""Scorecards of the hand-built programme (conftest) for 2019Q2, line by line (§5.0, §8.0, R9.2, R12.1)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

EMEA = "Europe, Middle East and Africa"


@pytest.fixture
def run(api_client, manager_user, program) -> dict[str, Any]:
    response = api_client(manager_user).post("/api/v1/evaluations/", {"period": "2019Q2"}, format="json")
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


def cards_of(client, run: dict[str, Any], **params: Any) -> dict[str, dict[str, Any]]:
    response = client.get(f"/api/v1/evaluations/{run['id']}/scorecards/", params)
    assert response.status_code == 200
    return {card["partner_name"]: card for card in response.json()["results"]}


def lines(card: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            line["requirement"],
            line["region"],
            line["product"],
            line["value"],
            line["threshold"],
            line["met"],
            line["section"],
            line["missing"],
        )
        for line in card["lines"]
    ]


def test_every_member_is_scored_except_oem_and_terminated(api_client, manager_user, run) -> None:
    cards = cards_of(api_client(manager_user), run)
    assert sorted(cards) == ["Contoso", "Fabrikam", "Globex", "Hooli", "Northwind"]
    assert run["outcome_counts"] == {"keep": 2, "upgrade_candidate": 1, "reassign_down": 1, "terminate": 1}


def test_northwind_meets_every_alliance_row(api_client, manager_user, run) -> None:
    card = cards_of(api_client(manager_user), run)["Northwind"]
    assert card["classification"] == "alliance"
    assert card["policy_version"] == "2018-01-31"
    assert lines(card) == [
        ("designated_partner_manager", "EMEA", None, "1", "1", True, "5.0", None),
        ("sales_resources", "EMEA", None, "2", "2", True, "5.0", None),
        ("presales_resources", "EMEA", None, "1", "1", True, "5.0", None),
        # One order in Q2 (Bot A, 20 May), registered on 20 March: 1 of 1 in time.
        ("timely_deal_registration", None, None, "1", "0.90", True, "5.0", None),
        # Approved in Q2: Bot A (2 Apr), Bot B (3 Apr), Bot C (30 Jun); Bot D is pending, Bot E approved in Q3.
        ("qualified_opportunities", None, None, "3", "3", True, "5.0", None),
        # Outcomes in Q2: Bot A won, Bot B lost -> 50%.
        ("conversion_rate", None, None, "0.5", "0.25", True, "5.0", None),
    ]
    assert all(line["policy_version"] == "2018-01-31" for line in card["lines"])
    assert card["recommendation"] == {
        "outcome": "keep",
        "target": None,
        "message": "meets every row of its classification",
        "sections": ["5.0", "8.0"],
    }
    assert card["met"] is True
    assert card["regions"] == [
        {"region": "EMEA", "met": True, "missing": []},
        {"region": None, "met": True, "missing": []},
    ]


def test_contoso_misses_implementation_rows_and_is_proposed_down(api_client, manager_user, run) -> None:
    card = cards_of(api_client(manager_user), run)["Contoso"]
    assert lines(card)[:8] == [
        ("dedicated_partner_manager", "EMEA", None, "1", "1", True, "5.0", None),
        ("sales_resources", "EMEA", None, "2", "3", False, "5.0", f"1 more certified sales resource(s) in {EMEA}"),
        ("presales_resources", "EMEA", None, "1", "1", True, "5.0", None),
        ("certified_ctl", "EMEA", "1rpa", "1", "1", True, "5.0", None),
        ("certified_cie", "EMEA", "1rpa", "1", "2", False, "5.0", f"1 more certified CIE for 1RPA in {EMEA}"),
        ("certified_ced", "EMEA", "1rpa", "1", "1", True, "5.0", None),
        ("certified_experience_designer", "EMEA", "1rpa", "1", "1", True, "5.0", None),
        # Without a reseller agreement the support row does not apply to an Implementation partner.
        ("end_customer_support", "EMEA", None, None, "1", True, "5.0", None),
    ]
    governance = {line[0]: line[7] for line in lines(card)[8:]}
    assert governance["business_plan"] == "a business / account plan on file"
    assert governance["monthly_pipeline_review"] == "a pipeline review in 3 more month(s) of the quarter"
    assert governance["qualified_opportunities"] == "10 more qualified opportunit(ies) this quarter"
    assert card["recommendation"]["outcome"] == "reassign_down"
    assert card["recommendation"]["target"] == "alliance"
    reasons = {reason["code"]: reason for reason in card["reasons"]}
    assert reasons["resources_met"]["met"] is False
    assert "1 more certified CIE for 1RPA" in reasons["resources_met"]["message"]
    assert reasons["lower_resources_met"] == {
        "code": "lower_resources_met",
        "section": "3.0",
        "message": "every resource row of Alliance Partner is met",
        "met": True,
        "policy_version": "2018-01-31",
    }
    assert card["regions"][0]["missing"] == [
        f"1 more certified sales resource(s) in {EMEA}",
        f"1 more certified CIE for 1RPA in {EMEA}",
    ]


def test_other_outcomes(api_client, manager_user, run) -> None:
    cards = cards_of(api_client(manager_user), run)
    assert cards["Hooli"]["recommendation"]["outcome"] == "upgrade_candidate"
    assert cards["Hooli"]["recommendation"]["target"] == "implementation"
    assert cards["Fabrikam"]["recommendation"]["outcome"] == "keep"
    window = next(r for r in cards["Fabrikam"]["reasons"] if r["code"] == "qualification_window_open")
    assert window["message"] == "inside the qualification window, until 2019-11-01"
    globex = cards["Globex"]
    assert globex["recommendation"]["outcome"] == "terminate"
    timely = next(line for line in globex["lines"] if line["requirement"] == "timely_deal_registration")
    assert (timely["value"], timely["met"]) == ("0", False)
    qualified = next(line for line in globex["lines"] if line["requirement"] == "qualified_opportunities")
    assert qualified["value"] == "0"  # its registration was approved in Q1


def test_filters(api_client, manager_user, run, program) -> None:
    client = api_client(manager_user)
    assert sorted(cards_of(client, run, outcome="keep")) == ["Fabrikam", "Northwind"]
    assert sorted(cards_of(client, run, partner=program.hooli.pk)) == ["Hooli"]
    assert sorted(cards_of(client, run, decided="true")) == []
    response = client.get(f"/api/v1/evaluations/{run['id']}/scorecards/", {"outcome": "bogus"})
    assert response.status_code == 400
    assert "outcome" in response.json()["errors"]


def test_a_partner_user_sees_its_own_scorecard_only(api_client, manager_user, northwind_user, run) -> None:
    client = api_client(northwind_user)
    cards = cards_of(client, run)
    assert list(cards) == ["Northwind"]
    assert cards["Northwind"]["decision"] is None
    everyone = cards_of(api_client(manager_user), run)
    own = client.get(f"/api/v1/evaluations/{run['id']}/scorecards/{everyone['Northwind']['id']}/")
    assert own.status_code == 200
    assert own.json()["lines"] == everyone["Northwind"]["lines"]
    other = client.get(f"/api/v1/evaluations/{run['id']}/scorecards/{everyone['Contoso']['id']}/")
    missing = client.get(f"/api/v1/evaluations/{run['id']}/scorecards/99999999/")
    assert other.status_code == missing.status_code == 404
    assert other.json()["detail"] == missing.json()["detail"]
    # Filtering by another partner finds nothing, rather than telling it exists.
    assert cards_of(client, run, partner=everyone["Contoso"]["partner"]) == {}


def test_a_partner_user_cannot_decide(api_client, manager_user, northwind_user, contoso_user, run) -> None:
    everyone = cards_of(api_client(manager_user), run)
    url = f"/api/v1/evaluations/{run['id']}/scorecards/{everyone['Northwind']['id']}/decision/"
    body = {"accept": True, "reason": "fine"}
    assert api_client(northwind_user).post(url, body, format="json").status_code == 403
    assert api_client(contoso_user).post(url, body, format="json").status_code == 404
