"""The role of a user is looked up once per user object (once per request), and forgotten when its groups change."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerhub.core.permissions import MANAGER_GROUP, is_manager

pytestmark = pytest.mark.django_db


def test_the_role_is_asked_once_per_user_object_and_again_after_its_groups_change() -> None:
    user = User.objects.create_user("maria")
    managers, _ = Group.objects.get_or_create(name=MANAGER_GROUP)

    with CaptureQueriesContext(connection) as asked:
        assert not is_manager(user)
        assert not is_manager(user)
    assert len(asked) == 1

    user.groups.add(managers)
    assert is_manager(user)
    assert is_manager(User.objects.get(pk=user.pk))
    user.groups.remove(managers)
    assert not is_manager(user)
