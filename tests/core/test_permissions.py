from django.contrib.auth.models import AnonymousUser, User

from partnerhub.core.permissions import is_manager


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
