"""Reads scoped by who is asking. Tenancy lives here and nowhere else (docs/architecture.md#rule-4):
a partner user sees only its own partner; another partner's objects simply do not exist for it.

Other apps scope their own partner-owned models with `visible_to(user, queryset)`, so the one rule
("a manager sees all, a partner user its own partner's, anyone else nothing") is written once.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, OuterRef, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from partnerhub.core.mail import unique_addresses
from partnerhub.core.permissions import is_manager, manager_role_of, remember_role
from partnerhub.partners.models import Partner, PartnerEvent, PartnerUser

UserLike = AbstractBaseUser | AnonymousUser
M = TypeVar("M", bound=Model)


_MEMBERSHIP = "_partnerhub_membership"


def membership_of(user: UserLike) -> PartnerUser | None:
    """The user's membership of a partner (with the partner), looked up once per user object, so once per
    request, as its role is (`core.permissions.is_manager`): the navigation, the page and its panels all ask."""
    if not user.is_authenticated:
        return None
    known: tuple[PartnerUser | None] | None = getattr(user, _MEMBERSHIP, None)
    if known is None:
        member = (
            PartnerUser.objects.select_related("partner")
            .filter(user_id=user.pk)
            .annotate(manager=manager_role_of(OuterRef("user_id")))
            .first()
        )
        if member is not None and isinstance(user, User):
            remember_role(user, member.manager)  # so a partner user's role costs no query of its own
        known = (member,)
        setattr(user, _MEMBERSHIP, known)
    return known[0]


@receiver(post_save, sender=PartnerUser)
@receiver(post_delete, sender=PartnerUser)
def _forget_membership(sender: Any, instance: PartnerUser, **kwargs: Any) -> None:
    """A membership changed: the user object it holds asks again next time."""
    user = instance._state.fields_cache.get("user")
    if user is not None and hasattr(user, _MEMBERSHIP):
        delattr(user, _MEMBERSHIP)


def partner_for_user(user: UserLike) -> Partner | None:
    member = membership_of(user)
    return member.partner if member is not None else None


def is_representative(user: UserLike, partner: Partner) -> bool:
    """Whether `user` is a Designated Partner Representative of `partner` (§7.3)."""
    member = membership_of(user)
    return member is not None and member.partner_id == partner.pk and member.representative


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
