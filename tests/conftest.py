"""Fixtures shared by every test: the two roles, and API clients that sign in with a token."""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from partnerhub.core.permissions import MANAGER_GROUP
from partnerhub.partners.models import Classification, Partner, PartnerKind, PartnerUser

PASSWORD = "correct-horse-battery-staple"

ApiClientFactory = Callable[..., APIClient]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests sign in often and test nothing about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def manager_user(db) -> User:
    user = User.objects.create_user("manager", email="manager@vendor.example", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=MANAGER_GROUP)[0])
    return user


@pytest.fixture
def partner(db) -> Partner:
    return Partner.objects.create(
        name="Acme Automation", kind=PartnerKind.COMPANY, classification=Classification.ALLIANCE
    )


@pytest.fixture
def partner_user(partner) -> User:
    user = User.objects.create_user("acme-user", email="user@acme.example", password=PASSWORD)
    PartnerUser.objects.create(user=user, partner=partner)
    return user


@pytest.fixture
def api_client(db) -> ApiClientFactory:
    """`api_client(user)` signs in with that user's token; `api_client()` stays anonymous."""

    def make(user: User | None = None) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
