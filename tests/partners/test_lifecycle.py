"""The transition table: every action in every status, through the services and the API.

An action not allowed in a status answers 422 naming the rule and its section, and changes nothing.
"""

import datetime as dt

import pytest

from partnerhub.core.errors import PolicyViolation
from partnerhub.partners.lifecycle import check_transition, next_status
from partnerhub.partners.models import PartnerStatus
from partnerhub.partners.services.lifecycle import partner_register
from partnerhub.policy.decision import Reason
from partnerhub.policy.lifecycle import STATUSES as POLICY_STATUSES
from partnerhub.policy.lifecycle import TRANSITIONS

STATUSES = [s.value for s in PartnerStatus]
ALLOWED = {
    ("approve", "applied"): "approved",
    ("reject", "applied"): "rejected",
    ("register", "approved"): "registered",
    ("deactivate", "approved"): "deactivated",
    ("terminate", "approved"): "terminated",
    ("terminate", "registered"): "terminated",
    ("terminate", "deactivated"): "terminated",
    ("reassign", "approved"): "approved",
    ("reassign", "registered"): "registered",
    ("rejoin", "deactivated"): "approved",
    ("change_terms", "approved"): "approved",
    ("change_terms", "registered"): "registered",
    ("withdraw_non_renewal_notice", "approved"): "approved",
    ("withdraw_non_renewal_notice", "registered"): "registered",
    ("record_non_renewal_notice", "approved"): "approved",
    ("record_non_renewal_notice", "registered"): "registered",
    ("renew", "approved"): "approved",
    ("renew", "registered"): "registered",
    ("end_membership", "approved"): "deactivated",
    ("end_membership", "registered"): "deactivated",
}


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
@pytest.mark.parametrize("status", STATUSES)
def test_the_table_allows_exactly_the_lifecycle_of_section_2(action, status):
    expected = ALLOWED.get((action, status))
    if expected is None:
        with pytest.raises(PolicyViolation) as refused:
            check_transition(status, action)
        (violation,) = refused.value.violations
        assert violation.code == "transition_not_allowed"
        assert violation.section == TRANSITIONS[action].section
        assert status in violation.message
    else:
        assert next_status(status, action) == expected


def test_the_rule_knows_the_statuses_the_database_stores():
    assert set(POLICY_STATUSES) == set(PartnerStatus.values)


def test_rejected_and_terminated_are_final():
    for status in ("rejected", "terminated"):
        assert not [action for action in TRANSITIONS if (action, status) in ALLOWED]


def _call(action, partner, manager):
    """The public way to attempt each manager action."""
    day = dt.date(2020, 6, 1)
    return {
        "approve": ("approve", {"approved_on": day.isoformat()}),
        "reject": ("reject", {"rejected_on": day.isoformat(), "reason": "no"}),
        "deactivate": ("deactivate", {"deactivated_on": day.isoformat()}),
        "terminate": ("terminate", {"terminated_on": day.isoformat(), "reason": "breach"}),
        "reassign": ("reassign", {"classification": "advisory", "effective_on": day.isoformat(), "reason": "r"}),
        "rejoin": ("rejoin", {"rejoined_on": day.isoformat()}),
        "record_non_renewal_notice": ("non-renewal-notices", {"received_on": "2020-06-01"}),
    }[action]


API_ACTIONS = ["approve", "reject", "deactivate", "terminate", "reassign", "rejoin", "record_non_renewal_notice"]
ILLEGAL = [(a, s) for a in API_ACTIONS for s in STATUSES if (a, s) not in ALLOWED]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "status"), ILLEGAL)
def test_every_illegal_transition_through_the_api_is_422_and_changes_nothing(
    action, status, partner_in, manager_user, api_client, db_state
):
    partner = partner_in(status, classification="implementation")
    before = db_state()
    path, body = _call(action, partner, manager_user)

    response = api_client(manager_user).post(f"/api/v1/partners/{partner.pk}/{path}/", body, format="json")

    assert response.status_code == 422, response.json()
    problem = response.json()
    assert problem["violations"][0]["code"] == "transition_not_allowed"
    assert problem["violations"][0]["section"] == TRANSITIONS[action].section
    assert db_state() == before


MET = Reason("minimum_criteria", "2.0", "every minimum criterion is met", True)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [s for s in STATUSES if s != "approved"])
def test_registering_is_only_from_the_qualification_window(status, partner_in, manager_user, db_state):
    partner = partner_in(status)
    before = db_state()

    with pytest.raises(PolicyViolation) as refused:
        partner_register(partner=partner, registered_on=dt.date(2019, 6, 1), acting_user=manager_user, reasons=[MET])

    assert refused.value.violations[0].code == "transition_not_allowed"
    assert db_state() == before


@pytest.mark.django_db
def test_registering_needs_every_criterion_met(partner_in, manager_user, db_state):
    partner = partner_in("approved")
    before = db_state()
    unmet = Reason("certified_sales", "5.0", "1 more certified sales resource in EMEA", False)

    with pytest.raises(PolicyViolation) as refused:
        partner_register(
            partner=partner, registered_on=dt.date(2019, 6, 1), acting_user=manager_user, reasons=[MET, unmet]
        )

    assert [(v.code, v.section) for v in refused.value.violations] == [("certified_sales", "5.0")]
    assert db_state() == before
    with pytest.raises(ValueError, match="reasons"):
        partner_register(partner=partner, registered_on=dt.date(2019, 6, 1), acting_user=None, reasons=[])


@pytest.mark.django_db
def test_registering_with_the_criteria_met(partner_in, manager_user):
    partner = partner_in("approved")

    partner = partner_register(
        partner=partner, registered_on=dt.date(2019, 7, 1), acting_user=manager_user, reasons=[MET]
    )

    assert (partner.status, partner.registered_on, partner.status_since) == (
        "registered",
        dt.date(2019, 7, 1),
        dt.date(2019, 7, 1),
    )
    event = partner.events.get(kind="registered")
    assert event.data["reasons"] == [MET.as_dict()]
    assert "2.0" in event.section


def test_no_public_endpoint_registers_without_the_criteria():
    from partnerhub.partners.api.partners import PartnerViewSet

    assert not [a for a in PartnerViewSet.get_extra_actions() if "regist" in a.url_path]  # type: ignore[attr-defined]
