"""Program mail goes out after the commit, never for a change that rolled back, once, even when SMTP fails."""

import socket

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from partnerhub.core.mail import send_after_commit, unique_addresses
from partnerhub.core.models import OutboundMail
from partnerhub.core.tasks import backoff, deliver_mail, mail_sweep


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


@pytest.mark.django_db(transaction=True)
def test_the_message_is_an_outbox_row_written_with_the_change_and_sent_once():
    with transaction.atomic():
        queued = send_after_commit(to=["a@x.example"], subject="Approved", body="Welcome")
        assert queued is not None
        assert OutboundMail.objects.filter(sent_at__isnull=True).count() == 1

    queued.refresh_from_db()
    assert queued.sent_at is not None
    assert queued.attempts == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<{queued.key}@partnerhub>"

    assert deliver_mail.delay(queued.pk).get() == "nothing to send"
    assert len(mail.outbox) == 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_stays_queued_with_its_reason_and_goes_once_the_server_is_back(settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _closed_port(), 2

    queued = send_after_commit(to=["a@x.example"], subject="Approved", body="Welcome")

    assert queued is not None
    queued.refresh_from_db()
    assert queued.sent_at is None
    assert queued.attempts == 1
    assert "ConnectionRefusedError" in queued.last_error
    assert queued.next_attempt_at > timezone.now()
    assert any("not sent (attempt 1)" in record.getMessage() for record in caplog.records)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboundMail.objects.filter(pk=queued.pk).update(next_attempt_at=timezone.now())
    assert mail_sweep.delay().get() == 1

    queued.refresh_from_db()
    assert queued.sent_at is not None
    assert queued.attempts == 2
    assert len(mail.outbox) == 1
    assert mail_sweep.delay().get() == 0


def test_backoff_doubles_up_to_fifteen_minutes():
    assert [backoff(n) for n in (1, 2, 3, 10, 20)] == [2, 4, 8, 900, 900]


@pytest.mark.django_db(transaction=True)
def test_on_a_worker_a_failed_send_asks_the_queue_to_try_again_after_the_backoff(settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _closed_port(), 2
    with transaction.atomic():  # queued only: the job is run below as a worker runs it
        queued = OutboundMail.objects.create(
            to=["a@x.example"], subject="Approved", body="Welcome", next_attempt_at=timezone.now()
        )
    asked: list[tuple[int, type[BaseException]]] = []

    class Retry(Exception):
        pass

    def retry(*, exc: BaseException, countdown: int) -> Retry:
        asked.append((countdown, type(exc)))
        return Retry()

    monkeypatch.setattr(deliver_mail, "retry", retry)
    deliver_mail.push_request(is_eager=False)
    try:
        with pytest.raises(Retry):
            deliver_mail.run(queued.pk)
        with pytest.raises(Retry):
            deliver_mail.run(queued.pk)
    finally:
        deliver_mail.pop_request()

    queued.refresh_from_db()
    assert asked == [(2, ConnectionRefusedError), (4, ConnectionRefusedError)]
    assert (queued.sent_at, queued.attempts) == (None, 2)
    assert mail.outbox == []
