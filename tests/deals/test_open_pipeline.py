"""The pipeline report's sums (`OpenPipeline`) follow every change of a registration or a partner's regions, on
PostgreSQL where the database keeps them; they always equal summing the registrations themselves."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerhub.deals import selectors, services
from partnerhub.deals.models import OpenPipeline, Registration
from partnerhub.partners.services.agreement import partner_terms_change

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

DAY = dt.date(2019, 5, 15)


def submit(partner, user, customer: str, value: str, country: str = "DE") -> Registration:
    return services.registration_submit(
        partner=partner,
        end_customer=customer,
        title="Amelia pilot",
        country=country,
        estimated_value=Decimal(value),
        consent_confirmed=True,
        submitted_on=DAY,
        acting_user=user,
    )


def kept() -> set[tuple]:
    return {
        (tuple(regions), country, status, currency, total, n)
        for regions, country, status, currency, total, n in OpenPipeline.objects.filter(
            registrations__gt=0
        ).values_list("regions", "country", "status", "currency", "total", "registrations")
    }


def summed(manager_user) -> set[tuple]:
    """What summing the registrations answers (the path for a partner user and for SQLite)."""
    rows = Registration.objects.filter(status__in=selectors.REPORTED_STATUSES).select_related("partner")
    sums: dict[tuple, list] = {}
    for row in rows:
        entry = sums.setdefault((tuple(row.partner.regions), row.country, row.status, row.currency), [Decimal(0), 0])
        entry[0] += row.estimated_value
        entry[1] += 1
    return {(*key, total, n) for key, (total, n) in sums.items()}


def test_the_sums_follow_submissions_decisions_outcomes_and_new_regions(
    make_partner, make_representative, manager_user
) -> None:
    emea = make_partner("Contoso", regions=["EMEA"])
    both = make_partner("Northwind", regions=["EMEA", "AMER"], territories=["DE", "US"])
    contoso, northwind = make_representative(emea), make_representative(both)
    first = submit(emea, contoso, "Globex", "1000.50")
    second = submit(emea, contoso, "Initech", "200")
    third = submit(both, northwind, "Umbrella", "300", country="US")
    assert (
        kept()
        == summed(manager_user)
        == {
            (("EMEA",), "DE", "pending", first.currency, Decimal("1200.50"), 2),
            (("EMEA", "AMER"), "US", "pending", third.currency, Decimal("300.00"), 1),
        }
    )

    services.registration_approve(registration=first, approved_on=DAY, acting_user=manager_user)
    services.registration_reject(registration=second, rejected_on=DAY, reason="no budget", acting_user=manager_user)
    assert kept() == summed(manager_user)
    services.registration_close(registration=first, outcome="won", closed_on=DAY, acting_user=manager_user)
    assert kept() == summed(manager_user) == {(("EMEA", "AMER"), "US", "pending", third.currency, Decimal("300.00"), 1)}

    partner_terms_change(partner=both, effective_on=DAY, acting_user=manager_user, reason="grew", regions=["AMER"])
    assert kept() == summed(manager_user) == {(("AMER",), "US", "pending", third.currency, Decimal("300.00"), 1)}
    Registration.objects.filter(pk=third.pk).update(estimated_value=Decimal("50"))
    assert kept() == summed(manager_user)
    third.events.all().delete()
    Registration.objects.filter(pk=third.pk).delete()
    assert kept() == summed(manager_user) == set()


def test_the_report_reads_the_kept_sums_in_one_query_however_many_registrations(
    make_partner, make_representative, manager_user
) -> None:
    partner = make_partner("Contoso", regions=["EMEA"])
    user = make_representative(partner)
    submit(partner, user, "Globex", "10")

    def read() -> tuple[int, list]:
        with CaptureQueriesContext(connection) as captured:
            rows = selectors.open_pipeline(manager_user)
        return len(captured), rows

    selectors.open_pipeline(manager_user)  # the user's role is looked up once per user object
    few, _ = read()
    for number in range(20):
        submit(partner, user, f"Customer {number}", "10")
    queries, rows = read()
    assert queries == few == 1
    assert [(regions, status, total, n) for regions, _, status, _, total, n in rows] == [
        (["EMEA"], "pending", Decimal("210.00"), 21)
    ]
