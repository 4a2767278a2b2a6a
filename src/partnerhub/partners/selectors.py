"""Reads scoped by who is asking. Tenancy lives here and nowhere else (docs/architecture.md#rule-4):
a partner user sees only its own partner; another partner's objects simply do not exist for it.

Other apps scope their own partner-owned models with `visible_to(user, queryset)`, so the one rule
("a manager sees all, a partner user its own partner's, anyone else nothing") is written once.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.db.models.functions import Coalesce, TruncDate

from partnerhub.core.mail import unique_addresses
from partnerhub.core.permissions import is_manager
from partnerhub.partners.models import Partner, PartnerEvent, PartnerUser

UserLike = AbstractBaseUser | AnonymousUser
M = TypeVar("M", bound=Model)


def partner_for_user(user: UserLike) -> Partner | None:
    if not user.is_authenticated:
        return None
    return Partner.objects.filter(users__user_id=user.pk).first()


def visible_partners(user: UserLike) -> QuerySet[Partner]:
    return visible_to(user, Partner.objects.all(), partner_field="pk")


def visible_to(user: UserLike, queryset: QuerySet[M], *, partner_field: str = "partner") -> QuerySet[M]:
    """`queryset` narrowed to what `user` may see; `partner_field` leads from the model to its Partner
    ("pk" for Partner itself, "partner" by default, "invoice__partner" for a line of an invoice …)."""
    if is_manager(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    own = "users__user_id" if partner_field == "pk" else f"{partner_field}__users__user_id"
    return queryset.filter(**{own: user.pk})


def partner_events(partner: Partner) -> QuerySet[PartnerEvent]:
    """The timeline of a partner already reached through `visible_partners`, by effective date (the day
    of recording for an entry without one), then by recording time: oldest first (docs/history.md)."""
    return (
        partner.events.select_related("actor")
        .annotate(on=Coalesce("effective_on", TruncDate("created_at")))
        .order_by("on", "created_at", "id")
    )


def partner_contacts(partner: Partner) -> list[str]:
    """Who gets the program's mail about `partner`: its contact address, then its active users'."""
    members = (
        PartnerUser.objects.filter(partner=partner, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    return unique_addresses([partner.contact_email, *(member.user.email for member in members)])
