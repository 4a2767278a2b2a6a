"""Program mail, sent after the transaction that decided it commits (DESIGN rule 3).

    send_after_commit(to=partner_contacts(partner), subject="…", body="…")

The message goes through Django's configured backend (a file per mail in var/mail by default, SMTP by
settings, the locmem outbox in tests). If the transaction rolls back, nothing is sent; if sending fails
after the commit, the failure is logged and the committed change stands.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.mail import EmailMessage
from django.db import transaction

SUBJECT_PREFIX = "[Partnerhub] "


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


def send_after_commit(*, to: Iterable[str | None], subject: str, body: str) -> EmailMessage | None:
    """Queue one message to `to` for when the current transaction commits (at once outside one).

    Returns the message, or None when there is nobody to send it to.
    """
    recipients = unique_addresses(to)
    if not recipients:
        return None
    message = EmailMessage(subject=SUBJECT_PREFIX + subject, body=body, to=recipients)
    transaction.on_commit(message.send, robust=True)
    return message
