"""The inbox rows are written with the mail, in its transaction: one per recipient, tied to the user whose
address it is; a rolled-back change leaves neither mail nor inbox entry; marking is the owner's alone."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from partnerhub.core.inbox import inbox, mark_all_read, mark_read, outbox_filtered, unread_count
from partnerhub.core.mail import send_after_commit
from partnerhub.core.models import MailDelivery, OutboundMail

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def test_one_delivery_per_recipient_tied_to_the_user_with_that_address():
    paul = User.objects.create_user("paul", email="Paul@Northwind.example")
    twin = User.objects.create_user("paul2", email="paul@northwind.example")

    mail = send_after_commit(to=["paul@northwind.example", "info@northwind.example"], subject="Approved", body="…")

    assert mail is not None
    rows = sorted(mail.deliveries.values_list("address", "user__username"), key=str)
    assert rows == [
        ("info@northwind.example", None),
        ("paul@northwind.example", "paul"),
        ("paul@northwind.example", "paul2"),
    ]
    assert [d.mail.subject for d in inbox(paul)] == ["[Partnerhub] Approved"]
    assert unread_count(twin) == 1


@pytest.mark.django_db(transaction=True)
def test_a_change_that_rolled_back_leaves_no_inbox_entry():
    User.objects.create_user("paul", email="paul@northwind.example")

    with pytest.raises(RuntimeError), transaction.atomic():
        send_after_commit(to=["paul@northwind.example"], subject="Approved", body="Welcome")
        raise RuntimeError("refused")

    assert MailDelivery.objects.count() == 0
    assert OutboundMail.objects.count() == 0


def test_marking_read_and_unread_is_the_owners_only():
    paul = User.objects.create_user("paul", email="paul@northwind.example")
    carl = User.objects.create_user("carl", email="carl@contoso.example")
    send_after_commit(to=["paul@northwind.example"], subject="One", body="…")
    delivery = inbox(paul).get()

    with pytest.raises(MailDelivery.DoesNotExist):
        mark_read(user=carl, delivery=delivery, read=True, at=NOW)
    assert unread_count(paul) == 1

    mark_read(user=paul, delivery=delivery, read=True, at=NOW)
    assert unread_count(paul) == 0
    mark_read(user=paul, delivery=delivery, read=True, at=NOW + dt.timedelta(hours=1))
    delivery.refresh_from_db()
    assert delivery.read_at == NOW, "reading it again keeps the first reading"
    mark_read(user=paul, delivery=delivery, read=False, at=NOW)
    assert unread_count(paul) == 1


def test_mark_all_read_leaves_what_arrived_after_the_page_was_shown():
    paul = User.objects.create_user("paul", email="paul@northwind.example")
    carl = User.objects.create_user("carl", email="carl@contoso.example")
    send_after_commit(to=["paul@northwind.example", "carl@contoso.example"], subject="One", body="…")
    shown = inbox(paul).first()
    assert shown is not None
    send_after_commit(to=["paul@northwind.example"], subject="Two", body="…")

    assert mark_all_read(user=paul, up_to=shown.pk, at=NOW) == 1

    assert [(d.mail.subject, d.read_at is None) for d in inbox(paul)] == [
        ("[Partnerhub] Two", True),
        ("[Partnerhub] One", False),
    ]
    assert unread_count(carl) == 1, "another user's copy of the same mail is untouched"


def test_the_outbox_filters_by_text_recipient_state_and_date():
    send_after_commit(to=["paul@northwind.example"], subject="Invoice issued", body="Pay by 1 May")
    sent = send_after_commit(to=["carl@contoso.example"], subject="Deal approved", body="Globex")
    assert sent is not None
    OutboundMail.objects.filter(pk=sent.pk).update(sent_at=timezone.now())
    failing = send_after_commit(to=["lena@litware.example"], subject="Reminder", body="…")
    assert failing is not None
    OutboundMail.objects.filter(pk=failing.pk).update(sent_at=None, last_error="SMTPException: refused")
    OutboundMail.objects.exclude(pk=sent.pk).exclude(pk=failing.pk).update(sent_at=None)

    def subjects(**filters):
        return sorted(mail.subject.removeprefix("[Partnerhub] ") for mail in outbox_filtered(**filters))

    assert subjects(text="globex") == ["Deal approved"]
    assert subjects(recipient="northwind") == ["Invoice issued"]
    assert subjects(state="sent") == ["Deal approved"]
    assert subjects(state="pending") == ["Invoice issued"]
    assert subjects(state="failing") == ["Reminder"]
    assert subjects(since=timezone.localdate() + dt.timedelta(days=1)) == []
