"""The duplicate review reads candidates by the names stored when written, never every registration whole."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerhub.deals import selectors, services
from partnerhub.deals.models import Registration
from partnerhub.policy.opportunity import OpportunityRef, possible_duplicates
from partnerhub.policystore.selectors import policy_in_force

pytestmark = pytest.mark.django_db

TODAY = dt.date(2019, 5, 15)


def submit(who, end_customer: str, title: str = "Amelia pilot") -> Registration:
    partner, user = who
    return services.registration_submit(
        partner=partner,
        end_customer=end_customer,
        title=title,
        country="DE",
        estimated_value=Decimal(1),
        consent_confirmed=True,
        submitted_on=TODAY,
        acting_user=user,
    )


@pytest.fixture
def rival(make_partner, make_representative):
    partner = make_partner("Contoso Partners")
    return partner, make_representative(partner)


@pytest.fixture
def ours(make_partner, make_representative):
    partner = make_partner("Northwind Consulting")
    return partner, make_representative(partner)


def test_the_names_are_stored_normalized_when_written(ours) -> None:
    registration = submit(ours, "Globex Corporation Ltd", "Amelia  Pilot!")

    assert registration.customer_key == "globex"
    assert registration.opportunity_key == "globex|amelia pilot" == registration.opportunity.key


def test_the_review_reports_what_scoring_every_registration_reports(ours, rival) -> None:
    reviewed = submit(ours, "Globex Corp.")
    for name, title in [
        ("Globex Corporation Ltd", "Amelia pilot"),
        ("Globexx Inc", "Amelia pilot"),
        ("Glbex", "Amelia pilot phase 2"),
        ("Globex", "Payroll migration"),
        ("Umbrella", "Chatbot"),
        ("Initech", "Amelia pilot"),
    ]:
        submit(rival, name, title)

    decision, rows = selectors.possible_duplicates_of(reviewed)

    others = Registration.objects.exclude(pk=reviewed.pk)
    everything = possible_duplicates(
        policy_in_force(TODAY),
        OpportunityRef(reviewed.pk, reviewed.end_customer, reviewed.title),
        [OpportunityRef(other.pk, other.end_customer, other.title) for other in others],
    )
    assert decision.outcome == everything.outcome
    assert [row.registration.end_customer for row in rows] == ["Globex Corporation Ltd", "Globexx Inc", "Glbex"]


def test_the_review_costs_the_same_queries_however_many_registrations_there_are(ours, rival) -> None:
    reviewed = submit(ours, "Globex Corp.")
    submit(rival, "Globexx Inc")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.possible_duplicates_of(reviewed)
        return len(captured)

    few = queries()
    for number in range(30):
        submit(rival, f"Customer {number}", f"Deal {number}")
    submit(rival, "Globex Ltd", "Amelia Pilot")
    assert queries() == few <= 8  # the candidates with what the answer shows of them: two prefetches


@pytest.mark.postgres
def test_postgresql_finds_candidates_by_the_distinctive_words_through_the_trigram_index(ours, rival) -> None:
    reviewed = submit(ours, "Globex Systems")
    typo = submit(rival, "Glbex Systems GmbH", "Amelia pilot phase 2")
    reordered = submit(rival, "Systems Globex")
    submit(rival, "Initech Systems")  # shares only the word many names share
    submit(rival, "Umbrella")
    others = Registration.objects.exclude(pk=reviewed.pk)

    names = selectors._candidate_names(others, "globex systems", "globex systems|amelia pilot")

    assert sorted(pk for pk, *_ in names) == sorted([typo.pk, reordered.pk])
    assert selectors.distinctive_words("globex systems") == "globex"
    assert selectors.distinctive_words("energy systems") == "energy systems"
    with connection.cursor() as cursor:
        # A test table is tiny: without this the planner reads it whole, as it should at that size.
        cursor.execute("SET LOCAL enable_seqscan = off")
        with CaptureQueriesContext(connection) as captured:
            selectors._candidate_names(others, "globex systems", "globex systems|amelia pilot")
        (select,) = [query["sql"] for query in captured if "%>" in query["sql"]]
        cursor.execute(f"EXPLAIN {select}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "deals_registration_customer_trgm" in plan


@pytest.mark.postgres
def test_postgresql_reads_names_close_as_a_whole_the_closest_first_up_to_a_bound(ours, rival, monkeypatch) -> None:
    reviewed = submit(ours, "Kazanka Systems", "Deal 400")
    typo = submit(rival, "Kazanak Systems")
    closer = submit(rival, "Kazanka Systemz")
    submit(rival, "Kazanor Energy")  # close in a part of a word only: 0.19 as a whole
    same = submit(rival, "Kazanka Systems Inc", "Deal 400")
    short_typo = submit(rival, "Acne")  # one typo in four letters: 0.25 as a whole
    others = Registration.objects.exclude(pk=reviewed.pk)

    def found(customer: str, key: str) -> list[int]:
        return [pk for pk, *_ in selectors._candidate_names(others, customer, key)]

    assert sorted(found("kazanka systems", "kazanka systems|deal 400")) == sorted([typo.pk, closer.pk, same.pk])
    assert short_typo.pk in found("acme", "acme|amelia pilot")
    monkeypatch.setattr(selectors, "CANDIDATES", 2)
    # The registration of the same key always, and of the close names only the closest (the same name, then
    # "kazanka systemz" at 0.78 before "kazanak systems" at 0.68).
    assert sorted(found("kazanka systems", "kazanka systems|deal 400")) == sorted([same.pk, closer.pk])
    monkeypatch.setattr(selectors, "CANDIDATES", 1)
    assert found("kazanka systems", "kazanka systems|deal 401") == [same.pk]
