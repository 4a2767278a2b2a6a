"""Program mail, through an outbox: written in the transaction that decided it, sent by a job after the commit.

    send_templated_after_commit(to=partner_contacts(partner), template="deals/mail/registration_approved.txt",
                                context={"registration": registration, …})

Every program mail's words are a template, `<app>/templates/<app>/mail/<name>.txt`: its first line is the
subject, the rest the body (`render_mail`). The recipients are grouped by the language each one chose
(`recipient_languages`), and each group gets one message rendered in its language.

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
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.template import Context, Engine
from django.utils import timezone, translation

from partnerhub.core.inbox import record_deliveries
from partnerhub.core.models import LanguagePreference, OutboundMail

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


# Mail is plain text: nothing is HTML-escaped. `mail` holds the filters that format a date or an amount for the
# language being rendered.
ENGINE = Engine(
    app_dirs=True,
    autoescape=False,
    libraries={"i18n": "django.templatetags.i18n", "mail": "partnerhub.core.mailformat"},
)


class RenderedMail(NamedTuple):
    subject: str
    body: str


def render_mail(template: str, context: Mapping[str, Any], language: str | None = None) -> RenderedMail:
    """The mail `template` rendered with `context` in `language` (the default language when None).

    The first non-empty line is the subject; the rest, without the blank lines around it, is the body.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        text = ENGINE.get_template(template).render(Context(dict(context), autoescape=False))
    subject, _, body = text.lstrip().partition("\n")
    return RenderedMail(subject.strip(), body.strip("\n").rstrip())


def send_templated_after_commit(
    *,
    to: Iterable[str | None],
    template: str,
    context: Mapping[str, Any],
    attachment: tuple[str, str] | None = None,
) -> list[OutboundMail]:
    """`send_after_commit` of the mail `template`: one message per language among the recipients, each in
    its language. Returns the queued messages (none when there is nobody to send it to)."""
    messages = []
    for language, addresses in group_by_language(unique_addresses(to)).items():
        rendered = render_mail(template, context, language)
        attached = (attachment[0], with_language(attachment[1], language)) if attachment else None
        message = send_after_commit(to=addresses, subject=rendered.subject, body=rendered.body, attachment=attached)
        if message is not None:
            messages.append(message)
    return messages


def with_language(reference: str, language: str) -> str:
    """An attachment's reference for a mail in `language`: `reference` itself in the default language (as
    before languages), `reference/language` in another, so that the renderer prints the mail's language."""
    if language == settings.LANGUAGE_CODE:
        return reference
    return f"{reference}/{language}"


def attachment_reference(reference: str) -> tuple[int, str | None]:
    """The object's primary key and the language (None: the default) of an attachment's reference."""
    pk, _, language = reference.partition("/")
    return int(pk), language or None


def group_by_language(addresses: list[str]) -> dict[str, list[str]]:
    """`addresses` grouped by the language their user chose, in their first order; an address no user has
    chosen a language for gets the default language."""
    chosen = recipient_languages(addresses)
    groups: dict[str, list[str]] = {}
    for address in addresses:
        groups.setdefault(chosen.get(address.lower(), settings.LANGUAGE_CODE), []).append(address)
    return groups


def recipient_languages(addresses: list[str]) -> dict[str, str]:
    """The language chosen (`LanguagePreference`) by the active user of each address that has one, by the
    address lower-cased (compared as `core.inbox` does); one query. Two users sharing an address: the earlier
    account's choice."""
    chosen = (
        LanguagePreference.objects.annotate(address=Lower("user__email"))
        .filter(address__in={address.lower() for address in addresses}, user__is_active=True)
        .exclude(language="")
        .order_by("-user_id")
        .values_list("address", "language")
    )
    offered = {code for code, _name in settings.LANGUAGES}
    return {address: language for address, language in chosen if language in offered}


def send_after_commit(
    *, to: Iterable[str | None], subject: str, body: str, attachment: tuple[str, str] | None = None
) -> OutboundMail | None:
    """Queue one message to `to` for when the current transaction commits (at once outside one).

    `attachment` is (renderer, reference): the dotted path of a function `(reference) -> (filename,
    content, mimetype)` that the sending job calls (a reference of `send_templated_after_commit` carries the
    mail's language, see `with_language`). Returns the queued message, or None when there is
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
