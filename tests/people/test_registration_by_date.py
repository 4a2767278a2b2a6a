"""§2.0 registration from the records' own dates (docs/history.md): the first day inside the qualification
window on which the minimum criteria were met, whatever the order and the day the records were written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerhub.billing.models import Invoice
from partnerhub.billing.services import invoice_pay
from partnerhub.partners.models import Partner, PartnerEvent
from partnerhub.partners.services.application import partner_apply, partner_approve
from partnerhub.people.registration import registration_decided_once
from partnerhub.people.selectors import partner_standing
from partnerhub.people.services.certifications import certification_add
from partnerhub.people.services.obligations import compliance_verification_record
from partnerhub.people.services.persons import person_create

D = dt.date
APPROVED = D(2019, 1, 2)
JOINED = D(2019, 1, 12)
PAID = D(2019, 1, 15)
WINDOW_ENDS = D(2019, 7, 2)
STAFF = (("Mia", "partner_manager"), ("Sam", "sales"), ("Sue", "sales"), ("Pat", "presales"))


@pytest.fixture
def manager(manager_user: User) -> User:
    return manager_user


def approved_partner(manager: User) -> Partner:
    partner = partner_apply(
        name="Northwind Consulting",
        kind="company",
        classification="alliance",
        regions=["EMEA"],
        territories=["GB"],
        products=["amelia"],
        applied_on=D(2019, 1, 1),
        acting_user=manager,
    )
    return partner_approve(
        partner=partner, approved_on=APPROVED, acting_user=manager, referral_fee_percent=Decimal("5.00")
    )


def write_people(partner: Partner, manager: User, recorded_on: dt.date) -> None:
    for name, role in STAFF:
        person = person_create(
            partner=partner,
            name=name,
            email=f"{name.lower()}@northwind.example",
            region="EMEA",
            roles=[role],
            joined_on=JOINED,
            acting_user=manager,
            as_of=recorded_on,
        )
        if role != "partner_manager":
            certification_add(person=person, kind=role, earned_on=JOINED, acting_user=manager, as_of=recorded_on)


def write_verification(partner: Partner, manager: User, recorded_on: dt.date) -> None:
    compliance_verification_record(partner=partner, verified_on=JOINED, acting_user=manager, as_of=recorded_on)


def write_payment(partner: Partner, manager: User, recorded_on: dt.date) -> None:
    invoice_pay(invoice=Invoice.objects.get(partner=partner), paid_on=PAID, acting_user=manager)


WRITERS = {"people": write_people, "verification": write_verification, "payment": write_payment}


@pytest.mark.django_db
def test_2_0_fee_recorded_before_the_people_still_registers_on_the_day_the_records_say(published_policy, manager):
    """§2.0: the fee paid on 2019-01-15 is recorded first, the certified people (from 2019-01-12) after
    the window ended: the partner is registered as of 2019-01-15, with the reasons on its timeline."""
    partner = approved_partner(manager)
    write_payment(partner, manager, PAID)
    partner.refresh_from_db()
    assert partner.status == "approved"
    write_verification(partner, manager, D(2019, 8, 1))
    write_people(partner, manager, D(2019, 8, 1))

    partner.refresh_from_db()
    assert (partner.status, partner.registered_on) == ("registered", PAID)
    registered = PartnerEvent.objects.get(partner=partner, kind="registered")
    assert registered.effective_on == PAID
    assert registered.data["reasons"] and all(reason["met"] for reason in registered.data["reasons"])
    assert partner_standing(partner, D(2019, 1, 14)).outcome is False
    assert partner_standing(partner, D(2019, 6, 1)).outcome is True


@pytest.mark.django_db
@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    order=st.permutations(sorted(WRITERS)),
    delays=st.lists(st.integers(min_value=0, max_value=260), min_size=3, max_size=3),
)
def test_2_0_registration_and_standing_do_not_depend_on_the_order_or_day_of_writing(
    published_policy, manager, order, delays
):
    """§2.0, §5.0: the same records, written in any order and on any day from their own date to months
    after the window, register the partner on 2019-01-15 and give the same good standing on every date."""
    with transaction.atomic():
        partner = approved_partner(manager)
        for name, delay in zip(order, delays, strict=True):
            WRITERS[name](partner, manager, JOINED + dt.timedelta(days=delay))
        partner.refresh_from_db()
        assert (partner.status, partner.registered_on) == ("registered", PAID)
        standing = {day: partner_standing(partner, day).outcome for day in (D(2019, 1, 14), PAID, D(2019, 9, 1))}
        assert standing == {D(2019, 1, 14): False, PAID: True, D(2019, 9, 1): True}
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_2_0_records_written_in_one_block_register_once_when_it_ends_on_the_same_day(published_policy, manager):
    """`registration_decided_once`: inside the block the records only note the partner; when the block ends
    the partner is registered once, as of the day the records say (2019-01-15), as record by record."""
    partner = approved_partner(manager)
    with registration_decided_once():
        for writer in WRITERS.values():
            writer(partner, manager, D(2019, 8, 1))
        partner.refresh_from_db()
        assert partner.status == "approved"

    partner.refresh_from_db()
    assert (partner.status, partner.registered_on) == ("registered", PAID)
    assert PartnerEvent.objects.filter(partner=partner, kind="registered").count() == 1


@pytest.mark.django_db
def test_2_0_a_block_that_fails_decides_no_registration(published_policy, manager):
    """The block's caller rolls its change back; until then the records it wrote register nobody."""
    partner = approved_partner(manager)
    with pytest.raises(RuntimeError), registration_decided_once():
        for writer in WRITERS.values():
            writer(partner, manager, D(2019, 8, 1))
        raise RuntimeError("the import stops half way")

    partner.refresh_from_db()
    assert partner.status == "approved"
    assert not PartnerEvent.objects.filter(partner=partner, kind="registered").exists()
