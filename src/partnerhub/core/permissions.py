"""Roles. A vendor manager is a Django superuser or a member of the "vendor managers" group;
every other signed-in user is at most a partner user (see partnerhub.partners.selectors)."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

MANAGER_GROUP = "vendor managers"


def is_manager(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not isinstance(user, User):
        return False
    return user.is_superuser or user.groups.filter(name=MANAGER_GROUP).exists()


class IsManager(BasePermission):
    message = "Only a vendor manager may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_manager(request.user)
