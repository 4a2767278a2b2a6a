import pytest
from django.contrib.auth.models import AnonymousUser, User
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request

from partnerhub.core.permissions import IsManager, is_manager, require_manager


def test_members_of_the_vendor_managers_group_are_managers(manager_user):
    assert is_manager(manager_user)


def test_every_superuser_is_a_manager(db):
    assert is_manager(User.objects.create_superuser("root", password="x"))


def test_partner_users_are_not_managers(partner_user):
    assert not is_manager(partner_user)


def test_staff_without_the_group_are_not_managers(db):
    assert not is_manager(User.objects.create_user("clerk", is_staff=True))


def test_anonymous_visitors_are_not_managers():
    assert not is_manager(AnonymousUser())


def test_require_manager_is_is_manager_inside_a_handler(rf, manager_user, partner_user):
    """The check after an object is looked up answers as `IsManager` does before: the manager, or its 403."""

    def request_of(user: User) -> Request:
        request = Request(rf.post("/api/v1/anything/"))
        request.user = user
        return request

    assert require_manager(request_of(manager_user)) == manager_user
    with pytest.raises(PermissionDenied) as refused:
        require_manager(request_of(partner_user))
    assert refused.value.detail == IsManager.message
    assert not IsManager().has_permission(request_of(partner_user), None)
