"""The portal's inbox: what the program mailed each user, with read and unread, and the managers' outbox.

Every program mail goes through `core.mail.send_after_commit`, which calls `record_deliveries` in the
same transaction as the change that decided the mail: one `MailDelivery` per recipient address, tied to
the user (or users) whose address it is. A user's inbox is its own deliveries and nothing else, so a
partner user reads only what was addressed to it (docs/architecture.md#rule-4 for the programme's objects;
here the owner is the user itself). Reading a mail is the user's own state, not a fact of the programme:
it writes no timeline entry.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from partnerhub.core.models import MailDelivery, OutboundMail

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


def record_deliveries(mail: OutboundMail) -> list[MailDelivery]:
    """One delivery per recipient of `mail`: per user with that address (compared case-insensitively),
    or one without a user for an address no user has. Two queries whatever the number of recipients."""
    addresses = {address.lower(): address for address in mail.to}
    users = get_user_model().objects.annotate(address=Lower("email")).filter(address__in=list(addresses))
    owners: dict[str, list[Any]] = {}
    for user_id, address in users.order_by("pk").values_list("pk", "address"):
        owners.setdefault(address, []).append(user_id)
    rows = [
        MailDelivery(mail=mail, address=original, user_id=user_id)
        for lowered, original in addresses.items()
        for user_id in owners.get(lowered, [None])
    ]
    return MailDelivery.objects.bulk_create(rows)


def inbox(user: AbstractBaseUser | AnonymousUser) -> QuerySet[MailDelivery]:
    """The mails `user` received, newest first; nothing for anyone not signed in."""
    if not user.is_authenticated:
        return MailDelivery.objects.none()
    return MailDelivery.objects.filter(user_id=user.pk).select_related("mail").order_by("-pk")


def unread_count(user: AbstractBaseUser | AnonymousUser) -> int:
    return inbox(user).filter(read_at__isnull=True).count() if user.is_authenticated else 0


def outbox() -> QuerySet[OutboundMail]:
    """Every program mail, newest first, for the vendor managers' outbox (the caller checks the role)."""
    return OutboundMail.objects.order_by("-created_at", "-pk")


def outbox_filtered(
    *, text: str = "", recipient: str = "", state: str = "", since: dt.date | None = None
) -> QuerySet[OutboundMail]:
    """The outbox narrowed: `text` in the subject or body, `recipient` within an address, `state` one of
    "sent", "pending" (not sent yet, no failed attempt) or "failing" (not sent, an attempt failed), and
    mails written on or after `since`."""
    mails = outbox()
    if text:
        mails = mails.filter(Q(subject__icontains=text) | Q(body__icontains=text))
    if recipient:
        mails = mails.filter(deliveries__address__icontains=recipient).distinct()
    if state == "sent":
        mails = mails.filter(sent_at__isnull=False)
    elif state == "pending":
        mails = mails.filter(sent_at__isnull=True, last_error="")
    elif state == "failing":
        mails = mails.filter(sent_at__isnull=True).exclude(last_error="")
    if since is not None:
        mails = mails.filter(created_at__date__gte=since)
    return mails


def mark_read(*, user: AbstractBaseUser, delivery: MailDelivery, read: bool, at: dt.datetime) -> MailDelivery:
    """Mark one of `user`'s own mails read (at `at`) or unread again. Another user's mail is not the
    caller's to mark: it reaches this only through `inbox(user)`, which never holds it."""
    if delivery.user_id != user.pk:
        raise MailDelivery.DoesNotExist("No such mail in this inbox.")
    delivery.read_at = (delivery.read_at or at) if read else None
    delivery.save(update_fields=("read_at",))
    return delivery


def mark_all_read(*, user: AbstractBaseUser, up_to: int, at: dt.datetime) -> int:
    """Mark read every unread mail of `user` up to the delivery `up_to` (the newest the user saw listed), so
    that a mail which arrived after the page was shown stays unread. Returns how many were marked."""
    with transaction.atomic():
        return inbox(user).filter(read_at__isnull=True, pk__lte=up_to).update(read_at=at)
