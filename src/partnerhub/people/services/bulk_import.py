"""People and certifications from a CSV file: checked whole, then written in one transaction or not at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from partnerhub.core.errors import InvalidInput
from partnerhub.core.permissions import is_manager
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner
from partnerhub.people.events import PeopleEventKind
from partnerhub.people.importing import ImportReport, count_rows, plan_import
from partnerhub.people.models import (
    Certification,
    CertificationStatus,
    Person,
)
from partnerhub.people.services.common import Actor, check_partner_open, user_of
from partnerhub.policy.people import REQUIREMENTS_SECTION
from partnerhub.policystore.selectors import policy_in_force

# -- bulk import -------------------------------------------------------------------------------------------------


def people_import(
    *,
    partner: Partner,
    text: str,
    dry_run: bool,
    acting_user: Actor,
    as_of: dt.date,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import people and certifications from a CSV file (`importing` describes the columns).

    Every row is judged first; a file with any bad row imports nothing and the report lists every bad row
    by line number. A dry run judges and writes nothing. A good file is written in one transaction with one
    `people_imported` event, then the partner's registration is checked (§2.0). `progress`, if given, hears
    (rows judged, rows in the file) as the rows are judged (its caller tells the end).
    """
    policy = policy_in_force(as_of)
    check_partner_open(partner)
    existing = [email.lower() for email in Person.objects.filter(partner=partner).values_list("email", flat=True)]
    judged = None
    if progress is not None:
        total = count_rows(text)
        progress(0, total)

        def judged(rows: int) -> None:
            progress(rows, max(total, rows))

    plan = plan_import(
        policy,
        text=text,
        partner_name=partner.name,
        authorized_regions=partner.regions,
        authorized_products=partner.products,
        existing_emails=existing,
        as_of=as_of,
        judged=judged,
    )
    report = ImportReport(
        dry_run=dry_run,
        imported=False,
        rows=plan.rows,
        people=len(plan.people),
        certifications=plan.certification_count,
        errors=tuple(plan.errors),
    )
    if plan.errors or dry_run:
        return report

    user = user_of(acting_user)
    # As in the forms: a manager's import is verified on entry; a partner user's people count from today and
    # its certifications are claims until a manager verifies them.
    verified = is_manager(acting_user) if acting_user is not None else True
    with transaction.atomic():
        try:
            with transaction.atomic():
                Person.objects.bulk_create(
                    Person(
                        partner=partner,
                        name=item.name,
                        email=item.email,
                        region=item.region,
                        roles=list(item.roles),
                        joined_on=None if verified else as_of,
                        created_by=user,
                    )
                    for item in plan.people
                )
        except IntegrityError as error:  # someone added one of these people meanwhile
            raise InvalidInput(
                {"file": [gettext("a person of the file was added meanwhile; check the file again")]}
            ) from error
        created = {person.email.lower(): person for person in Person.objects.filter(partner=partner)}
        Certification.objects.bulk_create(
            Certification(
                person=created[item.email.lower()],
                kind=certification.kind,
                product=certification.product,
                earned_on=certification.earned_on,
                expires_on=certification.expires_on,
                status=CertificationStatus.VERIFIED if verified else CertificationStatus.CLAIMED,
                decided_on=as_of if verified else None,
                decided_by=user if verified else None,
                created_by=user,
            )
            for item in plan.people
            for certification in item.certifications
        )
        record_event(
            partner=partner,
            kind=PeopleEventKind.PEOPLE_IMPORTED,
            message=(
                f"imported {report.people} people and {report.certifications} certifications "
                f"from a CSV file of {report.rows} rows"
            ),
            section=REQUIREMENTS_SECTION,
            actor=acting_user,
            data={
                "people": [created[item.email.lower()].pk for item in plan.people],
                "certifications": report.certifications,
            },
            policy_version=policy.version_date,
            effective_on=as_of,
        )

    return ImportReport(
        dry_run=False,
        imported=True,
        rows=report.rows,
        people=report.people,
        certifications=report.certifications,
    )
