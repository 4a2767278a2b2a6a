"""Program mail, through an outbox: written in the transaction that decided it, sent by a job after the commit.

    send_after_commit(to=partner_contacts(partner), subject="…", body="…")

The message is an `OutboundMail` row created in the current transaction, with one `MailDelivery` per
recipient (the portal's inbox, `core.inbox`): if it rolls back, there is neither message nor inbox entry.
After the commit a job (`partnerhub.core.tasks.deliver_mail`) sends it through Django's
configured backend (a file per mail in var/mail by default, SMTP by settings, the locmem outbox in tests).
A failed send is retried with backoff, and a row whose job was lost is picked up again by the
scheduler's sweep (`mail_sweep`): a committed message is never lost, and the row lock and `sent_at` make
sure it is never sent twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from partnerhub.core.inbox import record_deliveries
from partnerhub.core.models import OutboundMail

SUBJECT_PREFIX = "[Partnerhub] "
# A message whose job has not sent it this long after the commit is taken to be lost by the queue.
LOST_AFTER = dt.timedelta(minutes=5)


def unique_addresses(addresses: Iterable[str | None]) -> list[str]:
    """The non-empty addresses in their first order, each once (compared case-insensitively)."""
    seen: set[str] = set()
    result = []
    for address in addresses:
        cleaned = (address or "").strip()
        if cleaned and cleaned.lower() not in seen:
            seen.add(cleaned.lower())
            result.append(cleaned)
    return result


def send_after_commit(
    *, to: Iterable[str | None], subject: str, body: str, attachment: tuple[str, str] | None = None
) -> OutboundMail | None:
    """Queue one message to `to` for when the current transaction commits (at once outside one).

    `attachment` is (renderer, reference): the dotted path of a function `(reference) -> (filename,
    content, mimetype)` that the sending job calls. Returns the queued message, or None when there is
    nobody to send it to.
    """
    recipients = unique_addresses(to)
    if not recipients:
        return None
    renderer, reference = attachment or ("", "")
    mail = OutboundMail.objects.create(
        to=recipients,
        subject=SUBJECT_PREFIX + subject,
        body=body,
        attachment_renderer=renderer,
        attachment_ref=reference,
        next_attempt_at=timezone.now() + LOST_AFTER,
    )
    record_deliveries(mail)
    transaction.on_commit(lambda: enqueue_mail(mail.pk), robust=True)
    return mail


def enqueue_mail(mail_id: int) -> None:
    from partnerhub.core.tasks import deliver_mail

    deliver_mail.delay(mail_id)
