"""Fixtures shared by every test: the two roles, and API clients that sign in with a token."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from partnerhub.core.permissions import MANAGER_GROUP
from partnerhub.partners.models import Classification, Partner, PartnerKind, PartnerStatus, PartnerUser
from partnerhub.policy.decision import Decision, Reason

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


# Deal registration and compensation (tests/deals/, tests/compensation/) ------------------------------------


@pytest.fixture
def policy_2019(db) -> None:
    """The shipped 2019 policy, published (in force from 2018-01-31)."""
    call_command("load_policy", verbosity=0)


@dataclass
class StandingStub:
    """Good standing for the compensation rules, set per partner by a test (default: in good standing)."""

    bad: dict[int, str] = field(default_factory=dict)

    def fail(self, partner: Partner, message: str = "the program fee invoice is overdue", section: str = "2.0") -> None:
        self.bad[partner.pk] = f"{section}|{message}"

    def __call__(self, partner: Partner, on: date) -> Decision[bool]:
        failure = self.bad.get(partner.pk)
        if failure is None:
            return Decision(True, date(2018, 1, 31), (Reason("fees_paid", "2.0", "fees paid", True),))
        section, message = failure.split("|", 1)
        return Decision(False, date(2018, 1, 31), (Reason("fees_paid", section, message, False),))


@pytest.fixture
def standing(monkeypatch) -> StandingStub:
    stub = StandingStub()
    monkeypatch.setattr("partnerhub.compensation.selectors.partner_good_standing", stub)
    return stub


@pytest.fixture
def make_partner(policy_2019) -> Callable[..., Partner]:
    """A partner with its IPPA terms: registered Alliance in DE and FR, in the referral fee program at 10%."""
    counter = iter(range(1, 1000))

    def make(name: str | None = None, **fields: Any) -> Partner:
        values: dict[str, Any] = {
            "kind": PartnerKind.COMPANY,
            "classification": Classification.ALLIANCE,
            "status": PartnerStatus.REGISTERED,
            "territories": ["DE", "FR"],
            "referral_fee_program": True,
            "referral_fee_percent": Decimal("10.00"),
            "contact_email": "",
            **fields,
        }
        return Partner.objects.create(name=name or f"Partner {next(counter)}", **values)

    return make


@pytest.fixture
def make_representative(db) -> Callable[..., User]:
    """A user of `partner`; a Designated Partner Representative unless `representative=False`."""

    def make(partner: Partner, username: str | None = None, *, representative: bool = True) -> User:
        name = username or f"rep-{partner.pk}-{PartnerUser.objects.count()}"
        user = User.objects.create_user(name, email=f"{name}@partner.example", password=PASSWORD)
        PartnerUser.objects.create(user=user, partner=partner, representative=representative)
        return user

    return make
