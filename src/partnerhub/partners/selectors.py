"""Reads scoped by who is asking. Tenancy lives here and nowhere else (DESIGN.md rule 4):
a partner user sees only its own partner; another partner's objects simply do not exist for it."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from partnerhub.core.permissions import is_manager
from partnerhub.partners.models import Partner

UserLike = AbstractBaseUser | AnonymousUser


def partner_for_user(user: UserLike) -> Partner | None:
    if not user.is_authenticated:
        return None
    return Partner.objects.filter(users__user_id=user.pk).first()


def visible_partners(user: UserLike) -> QuerySet[Partner]:
    if is_manager(user):
        return Partner.objects.all()
    if not user.is_authenticated:
        return Partner.objects.none()
    return Partner.objects.filter(users__user_id=user.pk)
