"""Mail to a partner's contacts about its lifecycle, and reminders that are sent once per deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from partnerhub.core.mail import render_mail, send_templated_after_commit
from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner, Reminder
from partnerhub.partners.selectors import partner_contacts


def mail_partner(partner: Partner, template: str, **context: Any) -> None:
    """The mail `template` (with `partner` and `context`) to `partner`'s contacts after the current transaction
    commits, in each contact's language."""
    send_templated_after_commit(
        to=partner_contacts(partner), template=template, context={"partner": partner, **context}
    )


def reminder_send_once(
    *,
    partner: Partner,
    kind: str,
    key: str,
    deadline: dt.date,
    as_of: dt.date,
    template: str,
    context: dict[str, Any],
    section: str,
    policy_version: dt.date | None = None,
) -> bool:
    """Send the reminder (`kind`, `key`), the mail `template` with `context`, to `partner` unless it was sent
    before; True if sent now. The timeline gives its subject in the default language.

    The Reminder row, the timeline entry and the mail commit together; the unique (partner, kind, key)
    makes a second run, even a concurrent one, send nothing.
    """
    if Reminder.objects.filter(partner=partner, kind=kind, key=key).exists():
        return False
    recipients = partner_contacts(partner)
    # The timeline is the partner's own: its subject without the partner's name the mail begins with.
    subject = render_mail(template, {"partner": partner, **context}).subject.removeprefix(f"{partner.name}: ")
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
            mail_partner(partner, template, **context)
    except IntegrityError:
        return False
    return True
