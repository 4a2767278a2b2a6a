"""The partner timeline: record_event writes one row in the transaction of the change, or refuses."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from partnerhub.partners.history import NotInTransaction, record_event
from partnerhub.partners.models import PartnerEvent
from partnerhub.partners.selectors import partner_events


@pytest.mark.django_db
def test_an_event_records_who_what_why_section_and_policy_version(partner, manager_user):
    event = record_event(
        partner=partner,
        kind="approved",
        message="Approved as Alliance Partner; window until 2019-10-15",
        section="2.0",
        actor=manager_user,
        data={"approved_on": dt.date(2019, 4, 15), "fee": Decimal("3750.00")},
        policy_version=dt.date(2018, 1, 31),
        effective_on=dt.date(2019, 4, 15),
    )

    event.refresh_from_db()
    assert (event.kind, event.section, event.actor, event.policy_version, event.effective_on) == (
        "approved",
        "2.0",
        manager_user,
        dt.date(2018, 1, 31),
        dt.date(2019, 4, 15),
    )
    # dates and Decimals are stored as strings, exactly
    assert event.data == {"approved_on": "2019-04-15", "fee": "3750.00"}
    assert event.created_at.tzinfo is not None
    assert list(partner_events(partner)) == [event]


@pytest.mark.django_db
def test_the_system_is_an_event_without_actor(partner):
    event = record_event(partner=partner, kind="reminder_sent", message="…", section="2.0", actor=None)

    assert event.actor is None
    assert event.data == {}
    assert event.policy_version is None


@pytest.mark.django_db
def test_an_event_rolls_back_with_its_change(partner):
    with pytest.raises(RuntimeError, match="refused"), transaction.atomic():
        record_event(partner=partner, kind="approved", message="…", section="2.0", actor=None)
        raise RuntimeError("refused")

    assert not PartnerEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_record_event_refuses(partner):
    with pytest.raises(NotInTransaction, match="approved"):
        record_event(partner=partner, kind="approved", message="…", section="2.0", actor=None)

    assert not PartnerEvent.objects.exists()


@pytest.mark.django_db
def test_timeline_is_in_the_order_things_happened(partner):
    kinds = ["applied", "approved", "invoice_issued", "invoice_paid"]
    for kind in kinds:
        record_event(partner=partner, kind=kind, message=kind, section="", actor=None)

    assert [event.kind for event in partner_events(partner)] == kinds
