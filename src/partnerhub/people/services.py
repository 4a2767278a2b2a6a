"""Writes of the people app (docs/architecture.md#rule-3): keyword-only, one transaction, an event on the partner's
timeline.

Every service validates everything first (`checks`), raising `InvalidInput` for malformed input (HTTP 400)
or `PolicyViolation` for a value the policy refuses for this partner (HTTP 422), and writes nothing
then. `as_of` is the day the change is recorded: the policy in force that day decides, and it is the day
the registration check (§2.0) runs for. Services never ask for today's date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction

from partnerhub.core.permissions import is_manager
from partnerhub.core.problems import Conflict, PolicyViolation, Violation
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner, PartnerStatus
from partnerhub.partners.notifications import mail_partner
from partnerhub.people.checks import (
    InvalidInput,
    Problem,
    check_certification,
    check_person,
    default_expiry,
    raise_problems,
)
from partnerhub.people.importing import ImportReport, plan_import
from partnerhub.people.models import (
    Certification,
    CertificationStatus,
    ComplianceTimeline,
    ComplianceVerification,
    FinancialStandingChange,
    GovernanceKind,
    GovernanceRecord,
    Person,
    StandingException,
    TrainingKind,
    TrainingRecord,
)
from partnerhub.policy.model import Policy
from partnerhub.policystore.selectors import policy_in_force

Actor = AbstractBaseUser | AnonymousUser | None

CLOSED_STATUSES = frozenset({PartnerStatus.REJECTED.value, PartnerStatus.TERMINATED.value})
"""A partner in these statuses takes part in nothing: nothing is recorded for it (§2.0)."""

PARTICIPATION_SECTION = "2.0"
COMPLIANCE_SECTION = "9.1"
_SECTION = re.compile(r"\d{1,2}\.\d{1,2}")
REQUIREMENTS_SECTION = "5.0"
DETAILS_SECTION = "5.2"


def _check_partner_open(partner: Partner) -> None:
    if partner.status in CLOSED_STATUSES:
        raise PolicyViolation(
            [
                Violation(
                    "partner_participates",
                    PARTICIPATION_SECTION,
                    f"{partner.name} is {partner.status}: it no longer takes part in the partner program",
                )
            ]
        )


def _email_taken(partner: Partner, email: str, *, exclude: int | None = None) -> bool:
    people = Person.objects.filter(partner=partner, email__iexact=email.strip())
    if exclude is not None:
        people = people.exclude(pk=exclude)
    return people.exists()


def _not_backdated(field: str, day: dt.date | None, as_of: dt.date, acting_user: Actor) -> list[Problem]:
    """Only a vendor manager records a date before the day of the write (docs/dates-and-trust.md); the API
    answers this 403 before the service is reached, the portal shows it beside the field."""
    if day is not None and day < as_of and acting_user is not None and not is_manager(acting_user):
        return [Problem(field, f"{day.isoformat()} is before today: only a vendor manager may record an earlier date")]
    return []


def _not_after(field: str, day: dt.date, as_of: dt.date, what: str) -> list[Problem]:
    if day > as_of:
        return [Problem(field, f"{what} on {day.isoformat()} is after today ({as_of.isoformat()})")]
    return []


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
    _check_partner_open(partner)
    problems = check_person(
        policy, authorized_regions=partner.regions, name=name, email=email, region=region, roles=roles
    )
    if _email_taken(partner, email):
        problems.append(Problem("email", f"{email.strip()} is already a person of {partner.name}"))
    problems += _not_backdated("joined_on", joined_on, as_of, acting_user)
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
                    created_by=_user(acting_user),
                )
        except IntegrityError as error:  # the same address added at the same moment by someone else
            raise InvalidInput({"email": [f"{email.strip()} is already a person of {partner.name}"]}) from error
        record_event(
            partner=partner,
            kind="person_added",
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
    problems = _not_backdated("left_on", left_on, as_of, acting_user)
    if person.left_on is not None:
        problems.append(Problem("left_on", f"{person.name} already left on {person.left_on.isoformat()}"))
    if person.joined_on is not None and left_on <= person.joined_on:
        problems.append(Problem("left_on", f"must be after the day {person.name} joined ({person.joined_on})"))
    raise_problems(problems)
    with transaction.atomic():
        person.left_on = left_on
        person.save(update_fields=["left_on"])
        record_event(
            partner=person.partner,
            kind="person_left",
            message=f"{person.name} no longer works for the partner from {left_on.isoformat()}",
            section=REQUIREMENTS_SECTION,
            actor=acting_user,
            data={"person": person.pk},
            policy_version=policy.version_date,
            effective_on=left_on,
        )
    return person


# -- certifications and training ----------------------------------------------------------------------------


def certification_add(
    *,
    person: Person,
    kind: str,
    product: str = "",
    earned_on: dt.date,
    expires_on: dt.date | None = None,
    acting_user: Actor,
    as_of: dt.date,
) -> Certification:
    """Record a certification `person` earned (§5.0); without `expires_on` it lasts the policy's validity
    (one year). Then check whether the partner now qualifies (§2.0)."""
    partner = person.partner
    policy = policy_in_force(as_of)
    _check_partner_open(partner)
    product = product or ""
    problems = check_certification(
        policy,
        authorized_products=partner.products,
        kind=kind,
        product=product,
        earned_on=earned_on,
        expires_on=expires_on,
        as_of=as_of,
    )
    if not problems and _certification_exists(person, kind, product, earned_on):
        problems.append(Problem("earned_on", f"{person.name} already has this certification from {earned_on}"))
    raise_problems(problems)
    expiry = expires_on or default_expiry(policy, earned_on)
    # A vendor manager's entry is verified on entry; a partner user's is a claim that counts for nothing
    # until a manager verifies it (docs/dates-and-trust.md).
    verified = is_manager(acting_user) if acting_user is not None else True

    with transaction.atomic():
        certification = Certification.objects.create(
            person=person,
            kind=kind,
            product=product,
            earned_on=earned_on,
            expires_on=expiry,
            status=CertificationStatus.VERIFIED if verified else CertificationStatus.CLAIMED,
            decided_on=as_of if verified else None,
            decided_by=_user(acting_user) if verified else None,
            created_by=_user(acting_user),
        )
        claim = "" if verified else " (a claim awaiting a vendor manager's verification)"
        record_event(
            partner=partner,
            kind="certification_added" if verified else "certification_claimed",
            message=f"{person.name}: {_certification_name(certification)}, valid {earned_on} to {expiry}{claim}",
            section=policy.windows.recertification_section,
            actor=acting_user,
            data={
                "person": person.pk,
                "certification": certification.pk,
                "kind": kind,
                "product": product,
                "earned_on": earned_on,
                "expires_on": expiry,
            },
            policy_version=policy.version_date,
            effective_on=earned_on,
        )

    return certification


def _claim(certification: Certification) -> Certification:
    """`certification` locked for a decision; 409 unless it still awaits verification."""
    locked = (
        Certification.objects.select_for_update().select_related("person", "person__partner").get(pk=certification.pk)
    )
    if locked.status != CertificationStatus.CLAIMED:
        raise Conflict(f"this certification is already {locked.get_status_display().lower()}")
    return locked


def certification_verify(*, certification: Certification, acting_user: Actor, as_of: dt.date) -> Certification:
    """A vendor manager confirms a partner's claimed certification: it counts from its `earned_on` on
    (§5.0), and the registration check runs again (§2.0)."""
    policy = policy_in_force(as_of)
    with transaction.atomic():
        certification = _claim(certification)
        partner = certification.person.partner
        certification.status = CertificationStatus.VERIFIED
        certification.decided_on = as_of
        certification.decided_by = _user(acting_user)
        certification.save(update_fields=["status", "decided_on", "decided_by"])
        name = f"{certification.person.name}: {_certification_name(certification)}"
        record_event(
            partner=partner,
            kind="certification_verified",
            message=f"{name}, earned {certification.earned_on}, verified; it counts until {certification.expires_on}",
            section=policy.windows.recertification_section,
            actor=acting_user,
            data={"person": certification.person_id, "certification": certification.pk},
            policy_version=policy.version_date,
            effective_on=certification.earned_on,
        )
        mail_partner(
            partner,
            "certification verified",
            f"{name}, earned on {certification.earned_on}, was verified on {as_of} and now counts toward the "
            f"§5.0 requirements until {certification.expires_on}.",
        )
    return certification


def certification_reject(
    *, certification: Certification, reason: str, acting_user: Actor, as_of: dt.date
) -> Certification:
    """A vendor manager refuses a partner's claimed certification, saying why; it never counts."""
    if not reason.strip():
        raise InvalidInput({"reason": ["say why the certification is rejected; the partner is told"]})
    policy = policy_in_force(as_of)
    with transaction.atomic():
        certification = _claim(certification)
        partner = certification.person.partner
        certification.status = CertificationStatus.REJECTED
        certification.decided_on = as_of
        certification.decided_by = _user(acting_user)
        certification.rejection_reason = reason.strip()
        certification.save(update_fields=["status", "decided_on", "decided_by", "rejection_reason"])
        name = f"{certification.person.name}: {_certification_name(certification)}"
        record_event(
            partner=partner,
            kind="certification_rejected",
            message=f"{name}, claimed as earned {certification.earned_on}, rejected: {certification.rejection_reason}",
            section=policy.windows.recertification_section,
            actor=acting_user,
            data={"person": certification.person_id, "certification": certification.pk},
            policy_version=policy.version_date,
            effective_on=as_of,
        )
        mail_partner(
            partner,
            "certification rejected",
            f"{name}, claimed as earned on {certification.earned_on}, was not verified and does not count: "
            f"{certification.rejection_reason}",
        )
    return certification


def _certification_exists(person: Person, kind: str, product: str, earned_on: dt.date) -> bool:
    return Certification.objects.filter(person=person, kind=kind, product=product, earned_on=earned_on).exists()


def _certification_name(certification: Certification) -> str:
    product = f" for {certification.product}" if certification.product else ""
    return f"{certification.get_kind_display()} certification{product}"


def training_record(
    *, person: Person, kind: str, completed_on: dt.date, acting_user: Actor, as_of: dt.date
) -> TrainingRecord:
    """Record an annual training `person` completed (§9.1): online, or advanced for technical delivery."""
    policy = policy_in_force(as_of)
    _check_partner_open(person.partner)
    problems: list[Problem] = []
    if kind not in TrainingKind.values:
        problems.append(Problem("kind", f"unknown training {kind!r}; kinds are {', '.join(TrainingKind.values)}"))
    problems += _not_after("completed_on", completed_on, as_of, "completed")
    problems += _not_backdated("completed_on", completed_on, as_of, acting_user)
    if not problems and TrainingRecord.objects.filter(person=person, kind=kind, completed_on=completed_on).exists():
        problems.append(Problem("completed_on", f"{person.name} already has this training on {completed_on}"))
    raise_problems(problems)
    with transaction.atomic():
        training = TrainingRecord.objects.create(
            person=person, kind=kind, completed_on=completed_on, created_by=_user(acting_user)
        )
        record_event(
            partner=person.partner,
            kind="training_recorded",
            message=f"{person.name} completed the {training.get_kind_display().lower()} on {completed_on}",
            section=policy.windows.training_section,
            actor=acting_user,
            data={"person": person.pk, "training": training.pk, "kind": kind},
            policy_version=policy.version_date,
            effective_on=completed_on,
        )
    return training


# -- the partner's own obligations --------------------------------------------------------------------------


def compliance_verification_record(
    *, partner: Partner, verified_on: dt.date, note: str = "", acting_user: Actor, as_of: dt.date
) -> ComplianceVerification:
    """The partner's verification that everyone working on the vendor's behalf completed compliance
    training and certification (§9.1, docs/policy.md#r10-2)."""
    policy = policy_in_force(as_of)
    _check_partner_open(partner)
    raise_problems(_not_after("verified_on", verified_on, as_of, "verified"))
    with transaction.atomic():
        verification = ComplianceVerification.objects.create(
            partner=partner, verified_on=verified_on, note=note, created_by=_user(acting_user)
        )
        record_event(
            partner=partner,
            kind="compliance_verified",
            message=f"compliance training and certification verified on {verified_on}",
            section=COMPLIANCE_SECTION,
            actor=acting_user,
            data={"verification": verification.pk},
            policy_version=policy.version_date,
            effective_on=verified_on,
        )
    return verification


def compliance_timeline_set(
    *,
    partner: Partner,
    requirement: str,
    section: str,
    communicated_on: dt.date,
    due_on: dt.date,
    acting_user: Actor,
    as_of: dt.date,
) -> ComplianceTimeline:
    """Record a timeline communicated to the partner for programme compliance (§2.0): what, by when, and
    the section it comes from. Until it is completed, being past `due_on` breaks good standing (R2.7)."""
    policy = policy_in_force(as_of)
    _check_partner_open(partner)
    problems = _not_after("communicated_on", communicated_on, as_of, "communicated")
    if not requirement.strip():
        problems.append(Problem("requirement", "say what the partner must do"))
    if not _SECTION.fullmatch(section):
        problems.append(Problem("section", f"{section!r} is not a section of the policy document, e.g. 2.0 or 10.2"))
    if due_on < communicated_on:
        problems.append(Problem("due_on", f"due on {due_on.isoformat()}, before it was communicated"))
    raise_problems(problems)
    with transaction.atomic():
        timeline = ComplianceTimeline.objects.create(
            partner=partner,
            requirement=requirement.strip(),
            section=section,
            communicated_on=communicated_on,
            due_on=due_on,
            created_by=_user(acting_user),
        )
        record_event(
            partner=partner,
            kind="compliance_timeline_set",
            message=f"{timeline.requirement} by {due_on.isoformat()} (§{section}), communicated on "
            f"{communicated_on.isoformat()}",
            section=PARTICIPATION_SECTION,
            actor=acting_user,
            data={"timeline": timeline.pk, "due_on": due_on.isoformat(), "obligation_section": section},
            policy_version=policy.version_date,
            effective_on=communicated_on,
        )
    return timeline


def compliance_timeline_complete(
    *, timeline: ComplianceTimeline, completed_on: dt.date, acting_user: Actor, as_of: dt.date
) -> ComplianceTimeline:
    """The partner did what the timeline asked, on `completed_on` (late or not: the dates say which)."""
    policy = policy_in_force(as_of)
    problems = _not_after("completed_on", completed_on, as_of, "completed")
    if completed_on < timeline.communicated_on:
        problems.append(Problem("completed_on", "completed before the timeline was communicated"))
    raise_problems(problems)
    with transaction.atomic():
        timeline = ComplianceTimeline.objects.select_for_update().get(pk=timeline.pk)
        if timeline.completed_on is not None:
            raise Conflict(f"this timeline was already completed on {timeline.completed_on.isoformat()}")
        timeline.completed_on = completed_on
        timeline.save(update_fields=("completed_on",))
        late = completed_on > timeline.due_on
        record_event(
            partner=timeline.partner,
            kind="compliance_timeline_completed",
            message=f"{timeline.requirement}: completed on {completed_on.isoformat()}"
            + (f", late (due {timeline.due_on.isoformat()})" if late else ", in time"),
            section=PARTICIPATION_SECTION,
            actor=acting_user,
            data={"timeline": timeline.pk, "late": late},
            policy_version=policy.version_date,
            effective_on=completed_on,
        )
    return timeline


def governance_record_add(
    *,
    partner: Partner,
    kind: str,
    effective_on: dt.date,
    valid_until: dt.date | None = None,
    note: str = "",
    acting_user: Actor,
    as_of: dt.date,
) -> GovernanceRecord:
    """A governance or co-marketing fact of §5.0: a plan on file, a pipeline review or governance meeting
    held, the logo on the partner's site, an agreed go-to-market strategy."""
    policy = policy_in_force(as_of)
    _check_partner_open(partner)
    problems: list[Problem] = []
    if kind not in GovernanceKind.values:
        problems.append(Problem("kind", f"unknown record {kind!r}; kinds are {', '.join(GovernanceKind.values)}"))
    problems += _not_after("effective_on", effective_on, as_of, "dated")
    if valid_until is not None and valid_until < effective_on:
        problems.append(Problem("valid_until", f"must not be before effective_on ({effective_on})"))
    raise_problems(problems)
    with transaction.atomic():
        record = GovernanceRecord.objects.create(
            partner=partner,
            kind=kind,
            effective_on=effective_on,
            valid_until=valid_until,
            note=note,
            created_by=_user(acting_user),
        )
        until = f" until {valid_until}" if valid_until else ""
        record_event(
            partner=partner,
            kind="governance_recorded",
            message=f"{record.get_kind_display()} on {effective_on}{until}",
            section=REQUIREMENTS_SECTION,
            actor=acting_user,
            data={"record": record.pk, "kind": kind},
            policy_version=policy.version_date,
            effective_on=effective_on,
        )
    return record


def financial_standing_set(
    *,
    partner: Partner,
    flagged: bool,
    effective_on: dt.date,
    reason: str,
    acting_user: Actor,
    as_of: dt.date,
) -> FinancialStandingChange:
    """A manager flags the partner as not in sufficiently good financial standing, or clears the flag (§5.2)."""
    policy = policy_in_force(as_of)
    raise_problems([Problem("reason", "a reason is required")] if not reason.strip() else [])
    with transaction.atomic():
        change = FinancialStandingChange.objects.create(
            partner=partner,
            flagged=flagged,
            effective_on=effective_on,
            reason=reason.strip(),
            created_by=_user(acting_user),
        )
        what = "flagged as not in sufficiently good" if flagged else "cleared: back in good"
        record_event(
            partner=partner,
            kind="financial_standing_flagged" if flagged else "financial_standing_cleared",
            message=f"financial standing {what} standing from {effective_on}: {change.reason}",
            section=DETAILS_SECTION,
            actor=acting_user,
            data={"change": change.pk, "flagged": flagged},
            policy_version=policy.version_date,
            effective_on=effective_on,
        )
    return change


def qualifications(policy: Policy) -> list[str]:
    """What an exception may name: a requirement row of the policy or a condition of standing (§5.2)."""
    return [row.key for row in policy.requirements] + list(policy.assessment.conditions)


def standing_exception_grant(
    *,
    partner: Partner,
    qualification: str,
    starts_on: dt.date,
    ends_on: dt.date,
    reason: str,
    approved_by: str,
    acting_user: Actor,
    as_of: dt.date,
) -> StandingException:
    """Record an exception to one named qualification for `partner`, approved by a designated leader of the
    vendor, with a reason and an end date (§5.2, docs/policy.md#r2-8)."""
    policy = policy_in_force(as_of)
    _check_partner_open(partner)
    problems: list[Problem] = []
    known = qualifications(policy)
    if qualification not in known:
        problems.append(Problem("qualification", f"unknown qualification {qualification!r}; one of {', '.join(known)}"))
    if ends_on < starts_on:
        problems.append(Problem("ends_on", f"must not be before starts_on ({starts_on})"))
    if not reason.strip():
        problems.append(Problem("reason", "a reason is required"))
    if not approved_by.strip():
        problems.append(Problem("approved_by", "name the designated leader who approved the exception"))
    raise_problems(problems)
    section = policy.assessment.exception_section
    with transaction.atomic():
        exception = StandingException.objects.create(
            partner=partner,
            qualification=qualification,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason.strip(),
            approved_by=approved_by.strip(),
            created_by=_user(acting_user),
        )
        record_event(
            partner=partner,
            kind="exception_granted",
            message=(
                f"exception to {qualification} from {starts_on} to {ends_on}, approved by "
                f"{exception.approved_by}: {exception.reason}"
            ),
            section=section,
            actor=acting_user,
            data={"exception": exception.pk, "qualification": qualification},
            policy_version=policy.version_date,
            effective_on=starts_on,
        )
    return exception


# -- bulk import -------------------------------------------------------------------------------------------------


def people_import(*, partner: Partner, text: str, dry_run: bool, acting_user: Actor, as_of: dt.date) -> ImportReport:
    """Import people and certifications from a CSV file (`importing` describes the columns).

    Every row is judged first; a file with any bad row imports nothing and the report lists every bad row
    by line number. A dry run judges and writes nothing. A good file is written in one transaction with one
    `people_imported` event, then the partner's registration is checked (§2.0).
    """
    policy = policy_in_force(as_of)
    _check_partner_open(partner)
    existing = [email.lower() for email in Person.objects.filter(partner=partner).values_list("email", flat=True)]
    plan = plan_import(
        policy,
        text=text,
        partner_name=partner.name,
        authorized_regions=partner.regions,
        authorized_products=partner.products,
        existing_emails=existing,
        as_of=as_of,
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

    user = _user(acting_user)
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
            raise InvalidInput({"file": ["a person of the file was added meanwhile; check the file again"]}) from error
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
            kind="people_imported",
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


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None
