"""The console's deadlines read only what falls due in their horizon, and say what rebuilding every member's
facts would say."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerhub.partners.models import MEMBER_STATUSES, Partner, PartnerStatus
from partnerhub.people.facts import gather_facts
from partnerhub.people.models import Certification, Person
from partnerhub.policy.standing import due_dates
from partnerhub.policystore.selectors import policy_in_force
from partnerhub.portal import workqueues

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2019, 6, 10)
FIRST, LAST = dt.date(2019, 6, 1), dt.date(2019, 6, 30)


def certify(person: Person, kind: str, earned_on: dt.date, expires_on: dt.date, product: str = "") -> None:
    Certification.objects.create(person=person, kind=kind, product=product, earned_on=earned_on, expires_on=expires_on)


def person(partner: Partner, name: str, **fields) -> Person:
    return Person.objects.create(
        partner=partner, name=name, email=f"{name.lower()}@example.com", region="EMEA", roles=["technical"], **fields
    )


def programme(make_partner, number: int) -> None:
    """People whose certifications expire in June, before, after, renewed, not yet earned; one who left."""
    for index in range(number):
        member = make_partner(f"Member {index}", regions=["EMEA"], products=["amelia"])
        ada = person(member, f"Ada{index}")
        certify(ada, "sales", dt.date(2018, 6, 15), dt.date(2019, 6, 14))  # due in June
        certify(ada, "ctl", dt.date(2018, 6, 20), dt.date(2019, 6, 19), product="amelia")  # due in June
        certify(ada, "presales", dt.date(2018, 5, 1), dt.date(2019, 6, 20))
        certify(ada, "presales", dt.date(2019, 5, 1), dt.date(2020, 4, 30))  # renewed: not due
        certify(ada, "cie", dt.date(2018, 3, 1), dt.date(2019, 5, 30), product="amelia")  # May: not this month
        certify(ada, "ced", dt.date(2019, 6, 20), dt.date(2019, 6, 25), product="amelia")  # not earned yet
        gone = person(member, f"Bob{index}", left_on=dt.date(2019, 6, 1))
        certify(gone, "sales", dt.date(2018, 6, 15), dt.date(2019, 6, 14))
        outsider = make_partner(f"Applicant {index}", status=PartnerStatus.TERMINATED)
        certify(person(outsider, f"Cy{index}"), "sales", dt.date(2018, 6, 15), dt.date(2019, 6, 14))


def by_facts(manager_user) -> list[tuple[dt.date, str]]:
    """What the deadlines said when they rebuilt the facts of every member."""
    policy = policy_in_force(AS_OF)
    facts = gather_facts(AS_OF, Partner.objects.filter(status__in=MEMBER_STATUSES), history=True)
    return sorted(
        (item.due_on, f"{item.person}: {item.what}")
        for partner_facts in facts.values()
        for item in due_dates(policy, partner_facts, AS_OF, (LAST - AS_OF).days)
        if FIRST <= item.due_on <= LAST and item.kind == "certification"
    )


def certification_deadlines(manager_user) -> list[tuple[dt.date, str]]:
    deadlines = workqueues.deadlines_between(manager_user, FIRST, LAST, AS_OF)
    return sorted((d.on, d.what) for d in deadlines if d.kind == "certification")


def test_certification_deadlines_are_those_the_members_facts_give(make_partner, manager_user) -> None:
    programme(make_partner, 2)

    found = certification_deadlines(manager_user)

    assert found == by_facts(manager_user)
    assert [what for _, what in found if what.startswith("Ada0")] == [
        "Ada0: recertification: sales certification",
        "Ada0: recertification: CTL certification for Amelia",
    ]


def test_the_deadlines_cost_the_same_queries_for_more_members(make_partner, manager_user) -> None:
    programme(make_partner, 1)
    with CaptureQueriesContext(connection) as few:
        workqueues.deadlines_between(User.objects.get(pk=manager_user.pk), FIRST, LAST, AS_OF)
    programme(make_partner, 4)
    with CaptureQueriesContext(connection) as more:
        workqueues.deadlines_between(User.objects.get(pk=manager_user.pk), FIRST, LAST, AS_OF)
    assert len(more) == len(few) <= 8, "\n".join(q["sql"][:150] for q in more.captured_queries)


def test_in_late_november_the_deadlines_reach_the_notice_deadline_and_the_renewals(
    client, make_partner, manager_user, monkeypatch
) -> None:
    member = make_partner("Member", regions=["EMEA"], products=["amelia"])
    certify(person(member, "Ada"), "sales", dt.date(2019, 1, 10), dt.date(2020, 1, 9))
    monkeypatch.setattr("partnerhub.portal.views.console.today", lambda: dt.date(2019, 11, 25))
    client.force_login(manager_user)

    html = client.get("/console/deadlines/").content.decode()
    whole_year = client.get("/console/deadlines/?days=365&kind=renewal").content.decode()
    refused = client.get("/console/deadlines/?days=7")

    assert "Deadlines in the next 90 days" in html
    assert "Mon 2 Dec 2019" in html and "Last day for written notice of non-renewal" in html
    assert "Wed 1 Jan 2020" in html and "Memberships renew for Program Year 2020" in html
    assert "Ada: recertification" in html
    assert "Deadlines in the next 365 days" in whole_year and "recertification" not in whole_year
    assert "Deadlines in the next 90 days" in refused.content.decode()
