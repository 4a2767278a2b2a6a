"""Facts are gathered set-based: the same number of queries for 10 partners as for 200 (docs/architecture.md#rule-5)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerhub.partners.models import Classification, Partner, PartnerKind, PartnerStatus
from partnerhub.people.facts import gather_facts, partner_facts
from partnerhub.people.models import (
    Certification,
    ComplianceVerification,
    FinancialStandingChange,
    GovernanceRecord,
    Person,
    StandingException,
    TrainingRecord,
)
from partnerhub.people.selectors import standing_for_all

D = dt.date
AS_OF = D(2019, 6, 1)


def make_partners(count: int, start: int = 0) -> list[Partner]:
    partners = Partner.objects.bulk_create(
        Partner(
            name=f"Partner {start + index:04d}",
            kind=PartnerKind.COMPANY,
            classification=Classification.ALLIANCE,
            status=PartnerStatus.REGISTERED,
            approved_on=D(2019, 1, 15),
            regions=["EMEA"],
            products=["amelia"],
        )
        for index in range(count)
    )
    people = Person.objects.bulk_create(
        Person(
            partner=partner,
            name=f"{role} {partner.pk}",
            email=f"{role}@{partner.pk}.example",
            region="EMEA",
            roles=[role],
        )
        for partner in partners
        for role in ("partner_manager", "sales", "presales")
    )
    Certification.objects.bulk_create(
        Certification(person=person, kind=person.roles[0], earned_on=D(2019, 2, 1), expires_on=D(2020, 2, 1))
        for person in people
        if person.roles[0] != "partner_manager"
    )
    TrainingRecord.objects.bulk_create(
        TrainingRecord(person=person, kind="online", completed_on=D(2019, 3, 1)) for person in people
    )
    for partner in partners:
        ComplianceVerification.objects.create(partner=partner, verified_on=D(2019, 2, 1))
        FinancialStandingChange.objects.create(partner=partner, flagged=True, effective_on=D(2019, 3, 1), reason="x")
        GovernanceRecord.objects.create(partner=partner, kind="business_plan", effective_on=D(2019, 2, 1))
        StandingException.objects.create(
            partner=partner,
            qualification="sales_resources",
            starts_on=D(2019, 1, 1),
            ends_on=D(2019, 12, 31),
            reason="hiring",
            approved_by="Dana",
        )
    return partners


@pytest.mark.django_db
def test_the_same_number_of_queries_for_10_and_for_200_partners():
    make_partners(10)
    with CaptureQueriesContext(connection) as ten:
        facts = gather_facts(AS_OF)
    assert len(facts) == 10

    make_partners(190, start=10)
    with CaptureQueriesContext(connection) as two_hundred:
        facts = gather_facts(AS_OF)
    assert len(facts) == 200

    assert len(ten.captured_queries) == len(two_hundred.captured_queries)
    assert len(two_hundred.captured_queries) == 8


@pytest.mark.django_db
def test_standing_for_all_takes_the_same_queries_for_10_and_for_200_partners(published_policy):
    make_partners(10)
    with CaptureQueriesContext(connection) as ten:
        assert len(standing_for_all(AS_OF)) == 10
    make_partners(190, start=10)
    with CaptureQueriesContext(connection) as two_hundred:
        decisions = standing_for_all(AS_OF)
    assert len(decisions) == 200
    assert len(ten.captured_queries) == len(two_hundred.captured_queries) == 9  # the facts and the policy
    assert all(decision.outcome is False for decision in decisions.values()), "flagged in March"


@pytest.mark.django_db
def test_facts_carry_people_certifications_and_the_latest_flags():
    [partner] = make_partners(1)
    FinancialStandingChange.objects.create(partner=partner, flagged=False, effective_on=D(2019, 5, 1), reason="ok")
    ComplianceVerification.objects.create(partner=partner, verified_on=D(2019, 7, 1))  # after as_of

    facts = partner_facts(partner, AS_OF)

    assert facts.partner_id == partner.pk
    assert facts.regions == ("EMEA",)
    assert facts.products == ("amelia",)
    assert sorted(role for person in facts.people for role in person.roles) == ["partner_manager", "presales", "sales"]
    assert sum(len(person.certifications) for person in facts.people) == 2
    assert facts.compliance_verified_on == D(2019, 2, 1)
    assert facts.financial_standing_flagged is False
    assert partner_facts(partner, D(2019, 4, 1)).financial_standing_flagged is True
    assert [record.kind for record in facts.records] == ["business_plan"]
    assert [exception.qualification for exception in facts.exceptions] == ["sales_resources"]


@pytest.mark.django_db
def test_lapsed_certifications_and_departed_people_do_not_count():
    [partner] = make_partners(1)
    sales = Person.objects.get(partner=partner, roles=["sales"])
    sales.left_on = D(2019, 5, 1)
    sales.save()

    facts = partner_facts(partner, AS_OF)
    assert "sales" not in {role for person in facts.people for role in person.roles}

    later = partner_facts(partner, D(2020, 3, 1))
    assert all(not person.certifications for person in later.people)
    with_history = partner_facts(partner, D(2020, 3, 1), history=True)
    assert any(person.certifications for person in with_history.people)
