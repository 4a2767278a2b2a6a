"""Fixtures shared by every test: the two roles, and API clients that sign in with a token."""

import base64
import datetime as dt
import hashlib
import hmac
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db.models import Model
from hypothesis import settings as hypothesis_settings
from knox.models import AuthToken
from rest_framework.test import APIClient

from partnerhub.core.models import SecurityEvent
from partnerhub.core.permissions import MANAGER_GROUP
from partnerhub.partners.models import Classification, Partner, PartnerKind, PartnerStatus, PartnerUser
from partnerhub.policy.decision import Decision, Reason

PASSWORD = "correct-horse-battery-staple"

# No property test is timed: on a shared, busy machine one example's time says nothing, and timings belong to
# the benchmarks (`make bench`). A test's own @settings still chooses its number of examples.
hypothesis_settings.register_profile("partnerhub", deadline=None)
hypothesis_settings.load_profile("partnerhub")

ApiClientFactory = Callable[..., APIClient]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def _schema_key() -> str:
    """What the migrated schema depends on: every installed app's migration files, the locked dependencies (the
    third-party apps' migrations and Django's own) and SQLite's version."""
    import django
    from django.apps import apps

    digest = hashlib.sha256(f"{django.__version__} {sqlite3.sqlite_version}".encode())
    root = Path(__file__).resolve().parent.parent
    for part in (root / "requirements.lock", root / "pyproject.toml"):
        digest.update(part.read_bytes())
    for app in apps.get_app_configs():
        for migration in sorted(Path(app.path).glob("migrations/*.py")):
            digest.update(f"{app.label}/{migration.name}".encode())
            digest.update(migration.read_bytes())
    return digest.hexdigest()[:20]


@contextmanager
def _migrated_schema_cache(cache_dir: Path) -> Iterator[None]:
    """While the test database is created on SQLite: `migrate` copies the schema (and what migrations and
    post_migrate write) from the cache when one exists for the same migrations and dependencies, and stores
    it there otherwise. Running Django's 86 migrations takes about 10 s of CPU per worker, almost all of it
    rendering model states; copying the result takes milliseconds. A changed migration, dependency or
    SQLite changes the key, so the cache never stands for a schema the migrations would not build."""
    from django.core.management.commands import migrate
    from django.db import connections

    cached = cache_dir / f"schema-{_schema_key()}.sqlite3"
    original = migrate.Command.handle

    def handle(self: Any, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        connection.ensure_connection()
        if cached.exists():
            with sqlite3.connect(cached) as source:
                source.backup(connection.connection)
            source.close()
            return
        original(self, *args, **options)
        partial = cached.with_suffix(f".{os.getpid()}.partial")
        with sqlite3.connect(partial) as target:
            connection.connection.backup(target)
        target.close()
        os.replace(partial, cached)  # atomic: two workers may store the same schema at once

    migrate.Command.handle = handle  # type: ignore[method-assign]
    try:
        yield
    finally:
        migrate.Command.handle = original  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's own (`--reuse-db` and `--no-migrations` included), with the migrated schema taken from
    `.pytest_cache` on SQLite (`_migrated_schema_cache`; `pytest --cache-clear` forgets it)."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    keepdb = django_db_keepdb and not django_db_createdb
    if not django_db_use_migrations:
        _disable_migrations()
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    cached = django_db_use_migrations and all(connections[alias].vendor == "sqlite" for alias in aliases)
    cache = _migrated_schema_cache(request.config.cache.mkdir("partnerhub-schema")) if cached else nullcontext()
    with django_db_blocker.unblock(), cache:
        databases = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            keepdb=keepdb,
            aliases=dict.fromkeys(aliases),
            serialized_aliases=serialized_aliases,
        )
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(databases, verbosity=request.config.option.verbose)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests sign in often and test nothing about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_counters():
    # Lockout and throttle counters live in the cache; each test starts with none, as a fresh server would.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def totp_code() -> Callable[[str], str]:
    """`totp_code(secret)`: the authenticator app's current code for a base32 secret (RFC 6238: SHA-1, 30 s,
    6 digits), computed here independently of the library that checks it."""

    def code(secret: str) -> str:
        key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        digest = hmac.new(key, int(time.time() // 30).to_bytes(8, "big"), hashlib.sha1).digest()
        offset = digest[-1] & 0x0F
        return f"{(int.from_bytes(digest[offset : offset + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"

    return code


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
            _, token = AuthToken.objects.create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make


@pytest.fixture
def published_policy(db) -> None:
    """The shipped 2019 policy, published as `partnerhub load_policy` does."""
    from django.core.management import call_command

    call_command("load_policy", verbosity=0)


def snapshot_rows() -> dict[str, list[tuple]]:
    """Every row of the project's own tables (and the users)."""
    from django.apps import apps

    ours = [a for a in apps.get_app_configs() if a.name.startswith("partnerhub.")]
    # The security event log is the one table a refusal writes to: it records the refusal itself.
    models: list[type[Model]] = [
        User,
        *(model for app in ours for model in app.get_models() if model is not SecurityEvent),
    ]
    return {m._meta.label: list(m._default_manager.order_by("pk").values_list()) for m in models}


@pytest.fixture(scope="session")
def rows_snapshot() -> Callable[[], dict[str, list[tuple]]]:
    """`snapshot_rows` for fixtures wider than one test (which cannot ask for `db_state`)."""
    return snapshot_rows


@pytest.fixture
def db_state(db) -> Callable[[], dict[str, list[tuple]]]:
    """`db_state()`: every row of the project's own tables (and the users), to prove a refused request or a
    second run changed nothing: compare two calls."""
    return snapshot_rows


# The demo programmes built in this process (one per `as_of`), each kept as a copy of the whole SQLite database.
_DEMO_COPIES: dict[date, tuple[str, sqlite3.Connection]] = {}


def _copy(source: sqlite3.Connection, target: sqlite3.Connection | None = None) -> sqlite3.Connection:
    """Every page of `source` into `target` (a new in-memory database unless given): sqlite3's backup API."""
    target = target if target is not None else sqlite3.connect(":memory:")
    source.backup(target)
    return target


@contextmanager
def _demo_programme(django_db_blocker: Any, as_of: date) -> Iterator[str]:
    from io import StringIO

    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import override_settings

    def build() -> str:
        out = StringIO()
        call_command("demo", "--as-of", as_of.isoformat(), stdout=out)
        return out.getvalue()

    # The fast hasher of every test, here for the whole module: the demo sets a password per sign-in.
    hashers = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), hashers:
        before = None
        if connection.vendor == "sqlite":
            # On SQLite the demo is built once per worker and `as_of`, and copied in for every later module
            # that asks for it (milliseconds, where building it takes seconds); the database as it was before
            # is copied back at the end. The modules' own writes stay in the transaction rolled back below.
            connection.ensure_connection()
            before = _copy(connection.connection)
            if as_of not in _DEMO_COPIES:
                with transaction.atomic():
                    printed = build()
                _DEMO_COPIES[as_of] = (printed, _copy(connection.connection))
            printed, copy = _DEMO_COPIES[as_of]
            _copy(copy, connection.connection)
            ContentType.objects.clear_cache()
        outer = transaction.atomic()
        outer.__enter__()
        try:
            if before is None:
                printed = build()
            yield printed
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            if before is not None:
                _copy(before, connection.connection)
                before.close()
                ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def demo_programme(django_db_setup, django_db_blocker) -> Callable[[date], Any]:
    """`with demo_programme(as_of) as printed:` the demo programme built for `as_of` (`printed` is what
    `partnerhub demo` prints) in a transaction left open while the tests run inside it, rolled back at the
    end. For module-scoped fixtures: a module builds the demo once however many of its tests read it, and on
    SQLite a worker builds each `as_of` once for all its modules (`_demo_programme`)."""
    return lambda as_of: _demo_programme(django_db_blocker, as_of)


@pytest.fixture(scope="session")
def openapi_schema(tmp_path_factory, worker_id) -> dict[str, Any]:
    """The OpenAPI schema, generated once per run (it takes seconds) the way `partnerhub spectacular` writes
    it: validated, and any warning is an error. Under pytest-xdist the first worker to need it writes it into
    the run's temporary folder, which every worker shares, and the others read it from there."""
    import fcntl

    from django.core.management import call_command

    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    target = shared / "openapi-schema.yaml"
    with open(shared / "openapi-schema.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other workers wait while one generates it
        if not target.exists():
            partial = shared / f"openapi-schema.{os.getpid()}.partial"
            call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(partial))
            os.replace(partial, target)
    schema: dict[str, Any] = yaml.safe_load(target.read_text())
    return schema


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): …` runs what waits for the commit (mail) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


MET = Reason("minimum_criteria", "2.0", "every minimum criterion is met", True)


@pytest.fixture
def partner_in(published_policy, manager_user) -> Callable[..., Partner]:
    """`partner_in("registered", classification=…, approved_on=…)`: a partner brought to a status through
    the lifecycle services, as a manager would."""
    from partnerhub.partners.services.application import partner_apply, partner_approve, partner_reject
    from partnerhub.partners.services.lifecycle import partner_deactivate, partner_register, partner_terminate

    def make(
        status: str,
        *,
        name: str = "Contoso",
        classification: str = "alliance",
        applied_on: dt.date = dt.date(2019, 1, 2),
        approved_on: dt.date = dt.date(2019, 4, 15),
        regions: tuple[str, ...] = ("EMEA",),
        territories: tuple[str, ...] = ("DE",),
        products: tuple[str, ...] = ("amelia",),
    ) -> Partner:
        partner = partner_apply(
            name=name,
            kind="company",
            classification=classification,
            regions=regions,
            territories=territories,
            products=products,
            applied_on=applied_on,
            acting_user=manager_user,
            contact_email=f"{name.lower().replace(' ', '')}@partner.example",
        )
        if status == "applied":
            return partner
        if status == "rejected":
            return partner_reject(partner=partner, rejected_on=applied_on, acting_user=manager_user, reason="no fit")
        partner = partner_approve(partner=partner, approved_on=approved_on, acting_user=manager_user)
        if status == "approved":
            return partner
        if status == "registered":
            return partner_register(partner=partner, registered_on=approved_on, acting_user=manager_user, reasons=[MET])
        if status == "deactivated":
            assert partner.qualification_deadline is not None
            return partner_deactivate(
                partner=partner,
                deactivated_on=partner.qualification_deadline + dt.timedelta(days=1),
                acting_user=manager_user,
            )
        if status == "terminated":
            return partner_terminate(
                partner=partner, terminated_on=approved_on, acting_user=manager_user, reason="breach of the IPPA"
            )
        raise ValueError(status)

    return make


# Deal registration and compensation (tests/deals/, tests/compensation/) ------------------------------------


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
def make_partner(published_policy) -> Callable[..., Partner]:
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
