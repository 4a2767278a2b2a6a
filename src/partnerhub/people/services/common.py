"""What the people services share: who acts, whether a partner still takes part, and the date checks."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext

from partnerhub.core.errors import PolicyViolation, Violation
from partnerhub.core.permissions import is_manager
from partnerhub.partners.models import Partner, PartnerStatus
from partnerhub.people.checks import (
    Problem,
)
from partnerhub.people.models import (
    Person,
)
from partnerhub.policy.lifecycle import ENROLLMENT_SECTION

Actor = AbstractBaseUser | AnonymousUser | None

CLOSED_STATUSES = frozenset({PartnerStatus.REJECTED.value, PartnerStatus.TERMINATED.value})
"""A partner in these statuses takes part in nothing: nothing is recorded for it (§2.0)."""

SECTION_NUMBER = re.compile(r"\d{1,2}\.\d{1,2}")


def check_partner_open(partner: Partner) -> None:
    if partner.status in CLOSED_STATUSES:
        raise PolicyViolation(
            [
                Violation(
                    "partner_participates",
                    ENROLLMENT_SECTION,
                    gettext("%(partner)s is %(status)s: it no longer takes part in the partner program")
                    % {"partner": partner.name, "status": partner.status},
                )
            ]
        )


def email_taken(partner: Partner, email: str, *, exclude: int | None = None) -> bool:
    people = Person.objects.filter(partner=partner, email__iexact=email.strip())
    if exclude is not None:
        people = people.exclude(pk=exclude)
    return people.exists()


def not_backdated(field: str, day: dt.date | None, as_of: dt.date, acting_user: Actor) -> list[Problem]:
    """Only a vendor manager records a date before the day of the write (docs/dates-and-trust.md); the API
    answers this 403 before the service is reached, the portal shows it beside the field."""
    if day is not None and day < as_of and acting_user is not None and not is_manager(acting_user):
        return [
            Problem(
                field,
                gettext("%(day)s is before today: only a vendor manager may record an earlier date")
                % {"day": day.isoformat()},
            )
        ]
    return []


def not_after(field: str, day: dt.date, as_of: dt.date, what: str) -> list[Problem]:
    if day > as_of:
        return [
            Problem(
                field,
                gettext("%(what)s on %(day)s is after today (%(as_of)s)")
                % {"what": what, "day": day.isoformat(), "as_of": as_of.isoformat()},
            )
        ]
    return []


def user_of(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None
