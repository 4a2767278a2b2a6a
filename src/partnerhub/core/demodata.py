"""Demo data for `make run`: each app may have a `demo` module with `build(ctx)`, run in INSTALLED_APPS order.

Builders must be idempotent (`make run` runs them at every start) and write through the apps' services
where those exist, so the demo shows the same history a real programme would.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from django.apps import apps
from django.contrib.auth.models import User
from django.db import transaction


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str


@dataclass
class DemoContext:
    as_of: dt.date
    logins: list[DemoLogin] = field(default_factory=list)

    def user(self, role: str, username: str, password: str, **fields: object) -> User:
        """The demo user `username` with `password`, created or reset, and listed among the sign-ins."""
        user, _ = User.objects.get_or_create(username=username)
        for name, value in fields.items():
            setattr(user, name, value)
        user.set_password(password)
        user.save()
        self.logins.append(DemoLogin(role, username, password))
        return user


def build_demo(as_of: dt.date) -> DemoContext:
    context = DemoContext(as_of=as_of)
    with transaction.atomic():
        for builder in _builders():
            builder(context)
    return context


def _builders() -> list[Callable[[DemoContext], None]]:
    builders = []
    for app in apps.get_app_configs():
        module_name = f"{app.name}.demo"
        if app.name.startswith("partnerhub.") and importlib.util.find_spec(module_name) is not None:
            module = importlib.import_module(module_name)
            builders.append(cast(Callable[[DemoContext], None], module.build))
    return builders
