"""A partner's obligations in the managers' console: each form records through its people service with its
timeline entry; bad input or a refusal writes nothing and says where; another partner's pages are 404."""

import pytest

from partnerhub.partners.models import PartnerEvent
from partnerhub.people.models import (
    ComplianceTimeline,
    ComplianceVerification,
    FinancialStandingChange,
    GovernanceRecord,
    StandingException,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contoso(partner_in):
    return partner_in("registered")


def post(client, partner, obligation, data):
    return client.post(
        f"/partners/{partner.pk}/manage/obligations/{obligation}/",
        {f"{obligation}-{key}": value for key, value in data.items()},
    )


def test_the_page_shows_every_form(as_manager, contoso):
    html = as_manager.get(f"/partners/{contoso.pk}/manage/obligations/").content.decode()

    for title in (
        "Compliance verification",
        "Governance record",
        "Financial standing",
        "Exception",
        "Compliance timeline",
    ):
        assert title in html


@pytest.mark.parametrize(
    ("kind", "data", "model", "event"),
    [
        (
            "compliance",
            {"verified_on": "2019-06-03", "note": "all 12 people"},
            ComplianceVerification,
            "compliance_verified",
        ),
        (
            "governance",
            {"kind": "business_plan", "effective_on": "2019-06-03", "valid_until": "2020-06-02", "note": ""},
            GovernanceRecord,
            "governance_recorded",
        ),
        (
            "financial",
            {"flagged": "flag", "effective_on": "2019-06-03", "reason": "unpaid supplier invoices"},
            FinancialStandingChange,
            "financial_standing_flagged",
        ),
        (
            "exception",
            {
                "qualification": "compliance_verification",
                "starts_on": "2019-06-01",
                "ends_on": "2019-12-31",
                "approved_by": "VP Partners",
                "reason": "new team onboarding",
            },
            StandingException,
            "exception_granted",
        ),
        (
            "timeline",
            {
                "requirement": "Send the compliance verification",
                "section": "9.1",
                "communicated_on": "2019-06-03",
                "due_on": "2019-07-01",
            },
            ComplianceTimeline,
            "compliance_timeline_set",
        ),
    ],
)
def test_each_record_is_written_with_its_timeline_entry(as_manager, contoso, kind, data, model, event):
    response = post(as_manager, contoso, kind, data)

    assert response.status_code == 302, response.context["sections"]
    assert model.objects.filter(partner=contoso).count() == 1
    assert PartnerEvent.objects.filter(partner=contoso, kind=event).count() == 1


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("compliance", {"verified_on": "2099-01-01"}, "verified_on"),
        ("governance", {"kind": "coffee", "effective_on": "2019-06-03"}, "kind"),
        (
            "governance",
            {"kind": "business_plan", "effective_on": "2019-06-03", "valid_until": "2019-01-01"},
            "valid_until",
        ),
        ("financial", {"flagged": "flag", "effective_on": "2019-06-03", "reason": ""}, "reason"),
        (
            "exception",
            {
                "qualification": "compliance_verification",
                "starts_on": "2019-06-01",
                "ends_on": "2019-05-01",
                "approved_by": "VP",
                "reason": "x",
            },
            "ends_on",
        ),
        (
            "exception",
            {
                "qualification": "compliance_verification",
                "starts_on": "2019-06-01",
                "ends_on": "2019-07-01",
                "approved_by": "",
                "reason": "x",
            },
            "approved_by",
        ),
        (
            "timeline",
            {"requirement": "x", "section": "nine", "communicated_on": "2019-06-03", "due_on": "2019-07-01"},
            "section",
        ),
        (
            "timeline",
            {"requirement": "x", "section": "9.1", "communicated_on": "2019-06-03", "due_on": "2019-05-01"},
            "due_on",
        ),
    ],
)
def test_bad_input_writes_nothing_and_is_said_beside_its_field(as_manager, contoso, db_state, kind, data, field):
    before = db_state()

    response = post(as_manager, contoso, kind, data)

    assert response.status_code == 200
    bound = next(form for obligation, form in response.context["sections"] if obligation.key == kind)
    assert bound.errors[field], bound.errors
    assert db_state() == before


def test_a_timeline_is_marked_completed(as_manager, contoso):
    post(
        as_manager,
        contoso,
        "timeline",
        {"requirement": "Send it", "section": "9.1", "communicated_on": "2019-06-03", "due_on": "2019-07-01"},
    )
    timeline = ComplianceTimeline.objects.get(partner=contoso)

    as_manager.post(
        f"/partners/{contoso.pk}/manage/obligations/timelines/{timeline.pk}/complete/", {"completed_on": "2019-06-20"}
    )

    timeline.refresh_from_db()
    assert str(timeline.completed_on) == "2019-06-20"


def test_another_partners_timeline_is_404(as_manager, contoso, partner_in):
    other = partner_in("registered", name="Fabrikam")
    post(
        as_manager,
        other,
        "timeline",
        {"requirement": "Send it", "section": "9.1", "communicated_on": "2019-06-03", "due_on": "2019-07-01"},
    )
    timeline = ComplianceTimeline.objects.get(partner=other)

    response = as_manager.post(
        f"/partners/{contoso.pk}/manage/obligations/timelines/{timeline.pk}/complete/", {"completed_on": "2019-06-20"}
    )

    assert response.status_code == 404


@pytest.mark.parametrize("path", ["obligations/", "obligations/compliance/", "obligations/timelines/1/complete/"])
def test_a_partner_user_gets_404_for_another_partner_and_403_for_its_own(
    client, contoso, partner_in, make_representative, path
):
    other = partner_in("registered", name="Fabrikam")
    client.force_login(make_representative(contoso))

    assert (
        client.post(f"/partners/{other.pk}/manage/{path}", {"compliance-verified_on": "2019-06-03"}).status_code == 404
    )
    assert client.get(f"/partners/{contoso.pk}/manage/{path}").status_code == 403
    assert not ComplianceVerification.objects.exists()
