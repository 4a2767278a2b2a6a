"""The tick: ended qualification windows, reminders, and running twice for the same date."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from partnerhub.billing.models import Invoice, InvoiceStatus
from partnerhub.partners.models import Reminder, WorkItem


def tick(as_of: str) -> list[str]:
    out = StringIO()
    call_command("tick", "--as-of", as_of, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.django_db
def test_an_ended_window_puts_the_partner_on_the_deactivation_list_once(partner_in, api_client, manager_user):
    partner = partner_in("approved")  # window until 2019-10-15

    assert not [line for line in tick("2019-10-15") if "deactivation list" in line]
    lines = tick("2019-10-16")

    assert lines[0] == (
        "partners: Contoso: qualification window ended 2019-10-15 without registration; on the deactivation list (§2.0)"
    )
    item = WorkItem.objects.get(partner=partner, kind="deactivation_due")
    assert item.is_open and item.section == "2.0"
    partner.refresh_from_db()
    assert partner.status == "approved"  # may be deactivated: a manager decides
    assert tick("2019-10-17") == ["tick 2019-10-17: 0 change(s)"]

    # a manager may keep the partner: the item closes and is not reopened for this window
    response = api_client(manager_user).post(
        f"/api/v1/work-items/{item.pk}/resolve/", {"resolution": "certifications booked for next week"}, format="json"
    )
    assert response.status_code == 200 and response.json()["open"] is False
    assert tick("2019-10-18") == ["tick 2019-10-18: 0 change(s)"]
    assert WorkItem.objects.filter(partner=partner).count() == 1
    assert (
        api_client(manager_user)
        .post(f"/api/v1/work-items/{item.pk}/resolve/", {"resolution": "again"}, format="json")
        .status_code
        == 409
    )


@pytest.mark.django_db
def test_deactivating_closes_the_deactivation_list_entry(partner_in, api_client, manager_user):
    partner = partner_in("approved")
    tick("2019-10-16")

    api_client(manager_user).post(
        f"/api/v1/partners/{partner.pk}/deactivate/", {"deactivated_on": "2019-10-20"}, format="json"
    )

    item = WorkItem.objects.get(partner=partner)
    assert (item.resolved_on, item.resolution, item.resolved_by) == (dt.date(2019, 10, 20), "deactivated", manager_user)


@pytest.mark.django_db
def test_the_qualification_deadline_is_reminded_30_days_before_once(partner_in, committed):
    partner_in("approved")  # window until 2019-10-15; reminder_lead_days 30
    mail.outbox.clear()

    with committed():
        assert not [line for line in tick("2019-09-14") if "qualification window" in line]
        first = tick("2019-09-15")
        second = tick("2019-09-15")
        later = tick("2019-10-01")

    assert "partners: Contoso: reminded that its qualification window ends 2019-10-15 (§2.0)" in first
    assert not [line for line in second + later if "qualification" in line]
    reminders = [m for m in mail.outbox if "left to qualify" in m.subject]
    assert [m.subject for m in reminders] == ["[Partnerhub] Contoso: 30 days left to qualify (until 2019-10-15)"]
    assert "may be deactivated" in reminders[0].body


@pytest.mark.django_db
def test_an_open_invoice_is_reminded_before_it_falls_due_and_a_paid_one_is_not(partner_in, committed):
    unpaid = partner_in("approved", name="Unpaid")  # due 2019-05-15; payment_reminder_lead_days 7
    paid = partner_in("approved", name="Paid")
    Invoice.objects.filter(partner=paid).update(status=InvoiceStatus.PAID, paid_on=dt.date(2019, 4, 20))
    mail.outbox.clear()

    with committed():
        assert tick("2019-05-07") == ["tick 2019-05-07: 0 change(s)"]
        lines = tick("2019-05-08")

    invoice = Invoice.objects.get(partner=unpaid)
    assert lines == [
        f"billing: Unpaid: reminded that invoice {invoice.pk} falls due 2019-05-15",
        "tick 2019-05-08: 1 change(s)",
    ]
    assert [m.subject for m in mail.outbox] == [f"[Partnerhub] Unpaid: invoice {invoice.pk} falls due on 2019-05-15"]
    assert "3 of 4 quarters" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_non_renewal_deadline_is_reminded_unless_notice_was_given(partner_in, api_client, manager_user, committed):
    staying = partner_in("registered", name="Staying")
    leaving = partner_in("registered", name="Leaving")
    api_client(manager_user).post(
        f"/api/v1/partners/{leaving.pk}/non-renewal-notices/", {"received_on": "2019-10-01"}, format="json"
    )
    mail.outbox.clear()

    with committed():
        assert not [line for line in tick("2019-11-01") if "non-renewal" in line]
        lines = tick("2019-11-02")

    assert [line for line in lines if "non-renewal" in line] == [
        "partners: Staying: reminded that notice of non-renewal is due by 2019-12-02 (§5.1)"
    ]
    assert Reminder.objects.get(kind="non_renewal_deadline").partner == staying
    assert "on or before 2019-12-02" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_tick_twice_for_the_same_date_changes_nothing_the_second_time(partner_in, db_state):
    """Real commits (transaction=True), so every mail is really sent; the second run adds no row and no mail."""
    partner_in("approved", name="Window ends", approved_on=dt.date(2019, 5, 31))  # deadline 2019-11-30
    partner_in("registered", name="Renews", approved_on=dt.date(2019, 3, 5))
    partner_in("approved", name="Reminded", approved_on=dt.date(2019, 6, 20))  # deadline 2019-12-20
    partner_in("approved", name="Invoice due", approved_on=dt.date(2019, 11, 1))  # due 2019-12-01
    mail.outbox.clear()

    first = tick("2019-12-01")
    state, sent = db_state(), [(m.subject, m.to) for m in mail.outbox]
    second = tick("2019-12-01")

    assert len(first) > 4, first
    assert {line.split(":")[1].strip() for line in first[:-1]} == {"Window ends", "Renews", "Reminded", "Invoice due"}
    assert second == ["tick 2019-12-01: 0 change(s)"]
    assert db_state() == state
    assert [(m.subject, m.to) for m in mail.outbox] == sent

    # and the same holds for 1 January's renewals
    tick("2020-01-01")
    state, count = db_state(), len(mail.outbox)
    assert tick("2020-01-01") == ["tick 2020-01-01: 0 change(s)"]
    assert db_state() == state and len(mail.outbox) == count


@pytest.mark.django_db
def test_no_policy_in_force_means_nothing_is_due(db):
    assert tick("2019-06-01") == ["tick 2019-06-01: 0 change(s)"]
