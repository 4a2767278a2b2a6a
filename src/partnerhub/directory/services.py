"""Writes of the partner directory (docs/directory.md): a partner's choice to be listed and its public profile.

One transaction with the partner's timeline entry (docs/architecture.md#rule-3). Bad input is refused whole, each
problem named by its field (InvalidInput, 400), and nothing is written (rule 7).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction

from partnerhub.core.errors import InvalidInput
from partnerhub.directory.events import DirectoryEventKind
from partnerhub.directory.models import DESCRIPTION_MAX, PartnerProfile
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner
from partnerhub.policystore.selectors import policy_for_input

WEBSITE_MAX = 200
PUBLISHED = ("listed", "description", "website", "public_email")


def _problems(*, description: str, website: str, public_email: str) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if len(description) > DESCRIPTION_MAX:
        problems["description"] = [f"at most {DESCRIPTION_MAX} characters (this one has {len(description)})"]
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            problems["website"] = ["a web address starting with http:// or https://"]
        if len(website) > WEBSITE_MAX:
            problems.setdefault("website", []).append(f"at most {WEBSITE_MAX} characters")
    if public_email:
        try:
            EmailValidator()(public_email)
        except ValidationError:
            problems["public_email"] = ["an e-mail address such as partners@example.com"]
    return problems


def profile_update(
    *,
    partner: Partner,
    listed: bool,
    description: str,
    website: str,
    public_email: str,
    acting_user: User,
    as_of: dt.date,
) -> PartnerProfile:
    """Set `partner`'s public profile and whether it is listed (opt-in), as of `as_of` (the request's day).

    Who may (the partner's Designated Partner Representative, or a vendor manager) is the caller's check. What is
    published is only what is given here; whether the partner is shown on a day is the directory's rule
    (`policy.directory.directory_listing`), which also asks its status and good standing.
    """
    values: dict[str, Any] = {
        "listed": bool(listed),
        "description": description.strip(),
        "website": website.strip(),
        "public_email": public_email.strip(),
    }
    problems = _problems(
        description=values["description"], website=values["website"], public_email=values["public_email"]
    )
    if problems:
        raise InvalidInput(problems)
    policy = policy_for_input(as_of, "as_of")
    with transaction.atomic():
        profile = PartnerProfile.objects.select_for_update().filter(partner=partner).first()
        if profile is None:
            profile = PartnerProfile(partner=partner, updated_on=as_of)
            before = {"listed": False, "description": "", "website": "", "public_email": ""}
        else:
            before = {field: getattr(profile, field) for field in PUBLISHED}
        changed = {field: values[field] for field in PUBLISHED if before[field] != values[field]}
        if not changed:
            return profile
        for field, value in values.items():
            setattr(profile, field, value)
        profile.updated_on = as_of
        profile.save()
        if "listed" in changed:
            what = "chose to be listed in" if values["listed"] else "withdrew from"
            message = f"{partner.name} {what} the public partner directory"
        else:
            message = f"{partner.name} changed its public directory profile"
        record_event(
            partner=partner,
            kind=DirectoryEventKind.DIRECTORY_PROFILE_CHANGED,
            message=f"{message} ({', '.join(sorted(changed))}).",
            section=policy.directory.section,
            actor=acting_user,
            data={"changed": changed},
            policy_version=policy.version_date,
            effective_on=as_of,
        )
    return profile
