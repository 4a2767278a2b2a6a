"""What the people API's views share: a date before every policy version answered as 404."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rest_framework.exceptions import NotFound

from partnerhub.policystore.selectors import NoPolicyInForce


@contextmanager
def service_answers() -> Iterator[None]:
    """No policy in force on the date asked about: 404. A service's refusals (bad input 400, conflict 409,
    policy 422) need nothing here: the project's problem handler answers them (`core.problems`)."""
    try:
        yield
    except NoPolicyInForce as error:
        raise NotFound(str(error)) from error
