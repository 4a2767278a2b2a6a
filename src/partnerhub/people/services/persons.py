"""Resource persons: joining a partner and leaving it (§5.0)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from partnerhub.core.errors import InvalidInput
from partnerhub.core.permissions import is_manager
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner
from partnerhub.people.checks import (
    Problem,
    check_person,
    raise_problems,
)
from partnerhub.people.events import PeopleEventKind
from partnerhub.people.models import (
    Person,
)
from partnerhub.people.services.common import (
    Actor,
    check_partner_open,
    email_taken,
    not_backdated,
    user_of,
)
from partnerhub.policy.people import REQUIREMENTS_SECTION
from partnerhub.policystore.selectors import policy_in_force

# -- resource persons ------------------------------------------------------------------------------------


def person_create(
    *,
    partner: Partner,
    name: str,
    email: str,
    region: str,
    roles: Sequence[str],
    joined_on: dt.date | None = None,
    acting_user: Actor,
    as_of: dt.date,
) -> Person:
    """Add a resource person to `partner` (§5.0) and check whether the partner now qualifies (§2.0)."""
    policy = policy_in_force(as_of)
    check_partner_open(partner)
    problems = check_person(
        policy, authorized_regions=partner.regions, name=name, email=email, region=region, roles=roles
    )
    if email_taken(partner, email):
        problems.append(
            Problem(
                "email",
                gettext("%(email)s is already a person of %(partner)s")
                % {"email": email.strip(), "partner": partner.name},
            )
        )
    problems += not_backdated("joined_on", joined_on, as_of, acting_user)
    raise_problems(problems)
    if joined_on is None and acting_user is not None and not is_manager(acting_user):
        # A partner user's writes are recorded today: the person counts from today, not "from always".
        joined_on = as_of

    with transaction.atomic():
        try:
            with transaction.atomic():
                person = Person.objects.create(
                    partner=partner,
                    name=name.strip(),
                    email=email.strip(),
                    region=region,
                    roles=list(roles),
                    joined_on=joined_on,
                    created_by=user_of(acting_user),
                )
        except IntegrityError as error:  # the same address added at the same moment by someone else
            raise InvalidInput(
                {
                    "email": [
                        gettext("%(email)s is already a person of %(partner)s")
                        % {"email": email.strip(), "partner": partner.name}
                    ]
                }
            ) from error
        record_event(
            partner=partner,
            kind=PeopleEventKind.PERSON_ADDED,
            message=f"{person.name} added as {', '.join(person.roles)} in {region}",
            section=REQUIREMENTS_SECTION,
            actor=acting_user,
            data={"person": person.pk, "region": region, "roles": person.roles},
            policy_version=policy.version_date,
            effective_on=joined_on or as_of,
        )
    return person


def person_leave(*, person: Person, left_on: dt.date, acting_user: Actor, as_of: dt.date) -> Person:
    """The person stops working for the partner from `left_on` on; it no longer counts (§5.0)."""
    policy = policy_in_force(as_of)
    problems = not_backdated("left_on", left_on, as_of, acting_user)
    if person.left_on is not None:
        problems.append(
            Problem(
                "left_on",
                gettext("%(person)s already left on %(left_on)s")
                % {"person": person.name, "left_on": person.left_on.isoformat()},
            )
        )
    if person.joined_on is not None and left_on <= person.joined_on:
        problems.append(
            Problem(
                "left_on",
                gettext("must be after the day %(person)s joined (%(joined_on)s)")
                % {"person": person.name, "joined_on": person.joined_on},
            )
        )
    raise_problems(problems)
    with transaction.atomic():
        person.left_on = left_on
        person.save(update_fields=["left_on"])
        record_event(
            partner=person.partner,
            kind=PeopleEventKind.PERSON_LEFT,
            message=f"{person.name} no longer works for the partner from {left_on.isoformat()}",
            section=REQUIREMENTS_SECTION,
            actor=acting_user,
            data={"person": person.pk},
            policy_version=policy.version_date,
            effective_on=left_on,
        )
    return person
