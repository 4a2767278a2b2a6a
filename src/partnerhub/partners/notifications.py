"""Mail to a partner's contacts about its lifecycle, and reminders that are sent once per deadline."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from partnerhub.core.mail import send_after_commit
from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner, Reminder
from partnerhub.partners.selectors import partner_contacts

SIGNATURE = "\n\n-- \nThe partner program team"


def mail_partner(partner: Partner, subject: str, body: str) -> None:
    """One mail to `partner`'s contacts after the current transaction commits."""
    send_after_commit(to=partner_contacts(partner), subject=f"{partner.name}: {subject}", body=body + SIGNATURE)


def reminder_send_once(
    *,
    partner: Partner,
    kind: str,
    key: str,
    deadline: dt.date,
    as_of: dt.date,
    subject: str,
    body: str,
    section: str,
    policy_version: dt.date | None = None,
) -> bool:
    """Send the reminder (`kind`, `key`) to `partner` unless it was sent before; True if sent now.

    The Reminder row, the timeline entry and the mail commit together; the unique (partner, kind, key)
    makes a second run, even a concurrent one, send nothing.
    """
    if Reminder.objects.filter(partner=partner, kind=kind, key=key).exists():
        return False
    recipients = partner_contacts(partner)
    try:
        with transaction.atomic():
            Reminder.objects.create(
                partner=partner, kind=kind, key=key, deadline=deadline, sent_on=as_of, recipients=recipients
            )
            record_event(
                partner=partner,
                kind=PartnersEventKind.REMINDER_SENT,
                message=f"Reminder sent to {', '.join(recipients) or 'nobody (no contact address)'}: {subject}",
                section=section,
                actor=None,
                policy_version=policy_version,
                effective_on=as_of,
                data={"reminder": kind, "key": key, "deadline": deadline},
            )
            mail_partner(partner, subject, body)
    except IntegrityError:
        return False
    return True
