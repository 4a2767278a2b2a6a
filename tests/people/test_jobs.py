"""`partnerhub tick`: registration, expiry reminders and standing forecasts, each idempotent."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from partnerhub.billing.models import Invoice, InvoiceOrigin, InvoiceStatus
from partnerhub.partners.models import Partner, PartnerEvent, PartnerStatus, Reminder
from partnerhub.people import jobs
from partnerhub.people.models import Certification, ComplianceVerification, Person, StandingException, TrainingRecord
from partnerhub.policystore.selectors import policy_in_force

pytestmark = pytest.mark.django_db
D = dt.date


def tick(on: str) -> list[str]:
    out = StringIO()
    call_command("tick", as_of=on, stdout=out)
    return [line for line in out.getvalue().splitlines() if line.startswith("people: ")]


ISSUED = D(2019, 1, 15)
DUE = D(2019, 2, 14)
A_YEAR_ON = D(2020, 2, 1)


def invoice(partner: Partner, *, paid_on: dt.date | None, issued_on=ISSUED, due_on=DUE):
    return Invoice.objects.create(
        partner=partner,
        origin=InvoiceOrigin.ENROLLMENT,
        program_year=2019,
        classification=partner.classification,
        amount="5000.00",
        currency="USD",
        issued_on=issued_on,
        due_on=due_on,
        status=InvoiceStatus.PAID if paid_on else InvoiceStatus.OPEN,
        paid_on=paid_on,
        policy_version=D(2018, 1, 31),
    )


def staff(partner: Partner, *, expires_on=A_YEAR_ON, sales=2) -> list[Person]:
    people = [
        Person.objects.create(
            partner=partner, name="Mia Manager", email="mia@n.example", region="EMEA", roles=["partner_manager"]
        )
    ]
    for index, (kind, name) in enumerate([("sales", "Sam Sales"), ("sales", "Sue Sales"), ("presales", "Pat")]):
        if kind == "sales" and index >= sales:
            continue
        person = Person.objects.create(
            partner=partner, name=name, email=f"{index}@n.example", region="EMEA", roles=[kind]
        )
        Certification.objects.create(person=person, kind=kind, earned_on=D(2019, 2, 1), expires_on=expires_on)
        people.append(person)
    return people


@pytest.fixture
def waiting(northwind: Partner) -> Partner:
    """Northwind approved on 2019-01-15, not yet registered."""
    northwind.status = PartnerStatus.APPROVED
    northwind.registered_on = None
    northwind.save()
    return northwind


def test_the_tick_registers_a_partner_whose_criteria_are_met(waiting):
    """§2.0: the tick registers as of the first day the records met the criteria (the fee paid on
    2019-02-10), not the day it runs."""
    staff(waiting)
    invoice(waiting, paid_on=D(2019, 2, 10))

    assert tick("2019-03-01") == [
        "people: Northwind Consulting: registered on 2019-02-10, the minimum criteria are met (§2.0)"
    ]
    waiting.refresh_from_db()
    assert waiting.status == PartnerStatus.REGISTERED
    assert waiting.registered_on == D(2019, 2, 10)
    assert tick("2019-03-01") == []


def test_the_tick_does_not_register_without_the_paid_fee_or_after_the_window(waiting):
    staff(waiting)
    invoice(waiting, paid_on=None)
    assert tick("2019-03-01") == []

    Invoice.objects.update(status=InvoiceStatus.PAID, paid_on=D(2019, 7, 20))
    assert tick("2019-07-20") == [], "the window ended on 2019-07-15"
    waiting.refresh_from_db()
    assert waiting.status == PartnerStatus.APPROVED


def test_an_exception_to_a_minimum_criterion_lets_the_tick_register(waiting):
    staff(waiting, sales=1)
    invoice(waiting, paid_on=D(2019, 2, 10))
    assert tick("2019-03-01") == []

    StandingException.objects.create(
        partner=waiting,
        qualification="sales_resources",
        starts_on=D(2019, 3, 5),
        ends_on=D(2019, 6, 30),
        reason="second sales hire starts in July",
        approved_by="Dana Leader",
    )
    assert tick("2019-03-04") == []
    assert tick("2019-03-05")[0].startswith("people: Northwind Consulting: registered on 2019-03-05")
    event = PartnerEvent.objects.get(partner=waiting, kind="registered")
    assert "5.2" in event.section, "the registration cites the exception it relied on"


@pytest.fixture
def in_standing(northwind: Partner) -> Partner:
    """Registered Northwind whose sales and presales certifications run out on 2019-08-31."""
    people = staff(northwind, expires_on=D(2019, 8, 31))
    TrainingRecord.objects.create(person=people[1], kind="online", completed_on=D(2018, 9, 5))
    ComplianceVerification.objects.create(partner=northwind, verified_on=D(2019, 2, 1))
    invoice(northwind, paid_on=D(2019, 2, 1))
    return northwind


def test_reminders_go_out_once_before_a_certification_lapses(in_standing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert [line for line in tick("2019-07-01") if "reminded" in line] == []
        lines = [line for line in tick("2019-08-01") if "reminded" in line]

    assert len([line for line in lines if "recertification" in line]) == 3
    assert len([line for line in lines if "training" in line]) == 2, "a certification is training until it ends"
    assert (
        "people: Northwind Consulting: reminded that Sam Sales: recertification: sales certification due on 2019-08-31"
        in lines
    )
    reminders = Reminder.objects.filter(partner=in_standing, kind=jobs.CERTIFICATION_REMINDER)
    assert reminders.count() == 3
    sam_mails = [message for message in mail.outbox if "0@n.example" in message.to]
    assert len(sam_mails) == 1, "Sam's training is due only on 2019-09-05"
    assert "2019-08-31" in sam_mails[0].subject
    partner_mails = [message for message in mail.outbox if "partners@northwind.example" in message.to]
    assert partner_mails

    with django_capture_on_commit_callbacks(execute=True):
        assert [line for line in tick("2019-08-01") if "reminded" in line] == []
        assert [line for line in tick("2019-08-02") if "reminded" in line] == []


def test_a_lapsing_training_is_reminded(in_standing):
    lines = tick("2019-08-10")
    assert any("Sam Sales: annual online training due on 2019-09-05" in line for line in lines)
    assert not any("none on record" in line for line in lines), "missing training is not a lapse to remind"


def test_the_tick_lists_partners_whose_standing_will_break(
    in_standing, manager_user, django_capture_on_commit_callbacks
):
    manager_user.email = "maria@vendor.example"
    manager_user.save()
    in_standing.status = PartnerStatus.REGISTERED
    in_standing.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert not [line for line in tick("2019-07-15") if "loses good standing" in line]
        lines = [line for line in tick("2019-08-05") if "loses good standing" in line]

    assert lines == [
        "people: Northwind Consulting loses good standing on 2019-09-01: 2 more certified sales resource(s) in "
        "Europe, Middle East and Africa; 1 more certified presales resource(s) in Europe, Middle East and Africa"
    ]
    digest = [message for message in mail.outbox if message.to == ["maria@vendor.example"]]
    assert len(digest) == 1
    assert "Northwind Consulting loses good standing on 2019-09-01" in digest[0].body
    assert not [line for line in tick("2019-08-06") if "loses good standing" in line]


def test_the_tick_does_nothing_before_any_policy(db):
    assert jobs.run(D(2017, 1, 1)) == []


def test_managers_with_an_address_get_the_digest(manager_user, db):
    manager_user.email = "m@vendor.example"
    manager_user.save()
    assert jobs.manager_addresses() == ["m@vendor.example"]
    assert policy_in_force(D(2019, 1, 1)).windows.reminder_lead_days == 30
