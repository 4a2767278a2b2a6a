"""One opportunity, one winner, under concurrent approvals (docs/policy.md#r8-3): PostgreSQL only.

Managers approving competing registrations of one opportunity at the same moment: exactly one wins, every
other is refused (409 or 422), and the database holds one approved registration. The second test takes the
service's checks away and races plain UPDATEs, to show the partial unique index alone keeps the rule.
"""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from knox.models import AuthToken
from rest_framework.test import APIClient

from partnerhub.deals import services
from partnerhub.deals.models import Registration, RegistrationEvent, RegistrationStatus
from partnerhub.partners.models import PartnerEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 24


@pytest.fixture
def competing(make_partner, make_representative) -> list[Registration]:
    """THREADS partners, each with a pending registration of the same opportunity."""
    registrations = []
    for number in range(THREADS):
        partner = make_partner(f"Partner {number:02d}")
        registrations.append(
            services.registration_submit(
                partner=partner,
                end_customer="Globex Corporation" if number % 2 else "GLOBEX Corp.",
                title="Amelia pilot",
                country="DE",
                estimated_value=Decimal("1000"),
                consent_confirmed=True,
                submitted_on=dt.date(2019, 5, 1),
                acting_user=make_representative(partner),
            )
        )
    assert len({registration.opportunity_id for registration in registrations}) == 1
    return registrations


def race(workers: list) -> list:
    """Run each worker in its own thread and database connection, all released at once."""
    barrier = threading.Barrier(len(workers))
    results: list = [None] * len(workers)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = workers[index]()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_concurrent_approvals_have_exactly_one_winner(competing, manager_user):
    _, token = AuthToken.objects.create(user=manager_user)

    def approve(registration: Registration):
        def call() -> int:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
            response = client.post(
                f"/api/v1/deals/{registration.pk}/approve/", {"approved_on": "2019-05-20"}, format="json"
            )
            return response.status_code

        return call

    statuses = race([approve(registration) for registration in competing])

    assert statuses.count(200) == 1, statuses
    assert all(status in (409, 422) for status in statuses if status != 200), statuses
    approved = Registration.objects.filter(status=RegistrationStatus.APPROVED)
    assert approved.count() == 1
    winner = approved.get()
    assert winner.pk == competing[statuses.index(200)].pk
    assert Registration.objects.filter(status=RegistrationStatus.PENDING).count() == THREADS - 1
    assert RegistrationEvent.objects.filter(kind="approved").count() == 1
    assert PartnerEvent.objects.filter(kind="deal_registration_approved").count() == 1


def test_the_database_alone_keeps_one_winner(competing):
    def update(registration: Registration):
        def call() -> str:
            with transaction.atomic():
                Registration.objects.filter(pk=registration.pk).update(
                    status=RegistrationStatus.APPROVED, decided_on=dt.date(2019, 5, 20)
                )
            return "approved"

        return call

    outcomes = race([update(registration) for registration in competing])

    assert outcomes.count("approved") == 1, outcomes
    assert all(isinstance(outcome, IntegrityError) for outcome in outcomes if outcome != "approved")
    assert Registration.objects.filter(status=RegistrationStatus.APPROVED).count() == 1
