"""Program mail goes out after the commit, never for a change that rolled back."""

import pytest
from django.core import mail
from django.db import transaction

from partnerhub.core.mail import send_after_commit, unique_addresses


def test_addresses_are_deduplicated_case_insensitively_and_blanks_dropped():
    assert unique_addresses(["a@x.example", "", None, " A@x.example ", "b@x.example"]) == ["a@x.example", "b@x.example"]


@pytest.mark.django_db
def test_mail_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = send_after_commit(to=["a@x.example", "A@x.example"], subject="Approved", body="Welcome")
        assert mail.outbox == []

    assert len(callbacks) == 1
    assert message is not None
    assert [(m.subject, m.to, m.body) for m in mail.outbox] == [("[Partnerhub] Approved", ["a@x.example"], "Welcome")]


@pytest.mark.django_db(transaction=True)
def test_no_mail_for_a_change_that_rolled_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_after_commit(to=["a@x.example"], subject="Approved", body="Welcome")
        raise RuntimeError("refused")

    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_mail_outside_a_transaction_goes_at_once():
    send_after_commit(to=["a@x.example"], subject="Hello", body="…")

    assert len(mail.outbox) == 1


def test_nobody_to_write_to_sends_nothing():
    assert send_after_commit(to=["", None], subject="Hello", body="…") is None
    assert mail.outbox == []
