"""Fixtures of the benefits tests: partners brought to a status through the lifecycle services, their users,
and uploads kept in a temporary MEDIA_ROOT."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from partnerhub.partners.models import Partner, PartnerUser

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def user_of(db, password) -> Callable[..., User]:
    """`user_of(partner, "name")`: a sign-in of that partner (a Designated Partner Representative)."""

    def make(partner: Partner, username: str, representative: bool = True) -> User:
        user = User.objects.create_user(username, email=f"{username}@{partner.pk}.partner.example", password=password)
        PartnerUser.objects.create(user=user, partner=partner, representative=representative)
        return user

    return make


@pytest.fixture
def implementation(partner_in):
    """A registered Implementation partner in Germany and France, for Amelia."""
    return partner_in(
        "registered", name="Northwind", classification="implementation", territories=("DE", "FR"), products=("amelia",)
    )


@pytest.fixture
def solution(partner_in):
    """A registered Solution partner in France, for Amelia and 1DESK."""
    return partner_in(
        "registered", name="Fabrikam", classification="solution", territories=("FR",), products=("amelia", "1desk")
    )


@pytest.fixture
def northwind_user(implementation, user_of):
    return user_of(implementation, "nina")


@pytest.fixture
def fabrikam_user(solution, user_of):
    return user_of(solution, "fred")


@pytest.fixture
def violations() -> Callable[..., list[tuple[str, str]]]:
    """`violations(response)`: the (code, section) of each rule a 422 answer cites."""
    return lambda response: [(item["code"], item["section"]) for item in response.json()["violations"]]
