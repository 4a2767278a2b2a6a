"""Two partners accepting the same lead at the same moment: exactly one wins (PostgreSQL, real transactions)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from partnerhub.benefits.models import LeadOffer, LeadOfferStatus
from partnerhub.benefits.services import leads
from partnerhub.core.errors import Conflict

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_acceptances_of_one_lead_accept_exactly_one(partner_in, manager_user, user_of):
    first = partner_in("registered", name="North", classification="implementation", territories=("DE",))
    second = partner_in("registered", name="South", classification="solution", territories=("DE",))
    users = {first.pk: user_of(first, "n1"), second.pk: user_of(second, "s1")}
    _lead, offers = leads.web_lead_receive(
        end_customer="Globex",
        country="DE",
        product="amelia",
        contact_name="Hank",
        contact_email="",
        contact_phone="",
        notes="",
        received_on=dt.date(2019, 7, 1),
        acting_user=manager_user,
    )
    assert len(offers) == 2
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(offer: LeadOffer) -> None:
        try:
            barrier.wait()
            leads.lead_offer_accept(offer=offer, accepted_on=dt.date(2019, 7, 2), acting_user=users[offer.partner_id])
            outcomes.append("accepted")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(offer,)) for offer in offers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["accepted", "conflict"]
    assert LeadOffer.objects.filter(status=LeadOfferStatus.ACCEPTED).count() == 1
