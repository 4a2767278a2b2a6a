"""The partner's own obligations: compliance verifications and timelines (§9.1), governance records
(§5.0), financial standing and exceptions (§5.2).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from partnerhub.core.errors import Conflict
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner
from partnerhub.people.checks import (
    Problem,
    raise_problems,
)
from partnerhub.people.events import PeopleEventKind
from partnerhub.people.models import (
    ComplianceTimeline,
    ComplianceVerification,
    FinancialStandingChange,
    GovernanceKind,
    GovernanceRecord,
    StandingException,
)
from partnerhub.people.services.common import (
    SECTION_NUMBER,
    Actor,
    check_partner_open,
    not_after,
    user_of,
)
from partnerhub.policy.lifecycle import ENROLLMENT_SECTION
from partnerhub.policy.model import Policy
from partnerhub.policy.people import COMPLIANCE_SECTION, DETAILS_SECTION, REQUIREMENTS_SECTION
from partnerhub.policystore.selectors import policy_in_force

# -- the partner's own obligations --------------------------------------------------------------------------


def compliance_verification_record(
    *, partner: Partner, verified_on: dt.date, note: str = "", acting_user: Actor, as_of: dt.date
) -> ComplianceVerification:
    """The partner's verification that everyone working on the vendor's behalf completed compliance
    training and certification (§9.1, docs/policy.md#r10-2)."""
    policy = policy_in_force(as_of)
    check_partner_open(partner)
    raise_problems(not_after("verified_on", verified_on, as_of, "verified"))
    with transaction.atomic():
        verification = ComplianceVerification.objects.create(
            partner=partner, verified_on=verified_on, note=note, created_by=user_of(acting_user)
        )
        record_event(
            partner=partner,
            kind=PeopleEventKind.COMPLIANCE_VERIFIED,
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
    communicated_on: dt.date,
    due_on: dt.date,
    acting_user: Actor,
    as_of: dt.date,
    section: str | None = None,
) -> ComplianceTimeline:
    """Record a timeline communicated to the partner for programme compliance (§2.0): what, by when, and
    the section it comes from (by default the one the policy gives the compliance-timelines condition).
    Until it is completed, being past `due_on` breaks good standing (R2.7)."""
    policy = policy_in_force(as_of)
    if section is None:
        section = policy.assessment.conditions["compliance_timelines"]
    check_partner_open(partner)
    problems = not_after("communicated_on", communicated_on, as_of, "communicated")
    if not requirement.strip():
        problems.append(Problem("requirement", gettext("say what the partner must do")))
    if not SECTION_NUMBER.fullmatch(section):
        problems.append(
            Problem(
                "section",
                gettext("%(section)s is not a section of the policy document, e.g. 2.0 or 10.2")
                % {"section": repr(section)},
            )
        )
    if due_on < communicated_on:
        problems.append(
            Problem("due_on", gettext("due on %(due_on)s, before it was communicated") % {"due_on": due_on.isoformat()})
        )
    raise_problems(problems)
    with transaction.atomic():
        timeline = ComplianceTimeline.objects.create(
            partner=partner,
            requirement=requirement.strip(),
            section=section,
            communicated_on=communicated_on,
            due_on=due_on,
            created_by=user_of(acting_user),
        )
        record_event(
            partner=partner,
            kind=PeopleEventKind.COMPLIANCE_TIMELINE_SET,
            message=f"{timeline.requirement} by {due_on.isoformat()} (§{section}), communicated on "
            f"{communicated_on.isoformat()}",
            section=ENROLLMENT_SECTION,
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
    problems = not_after("completed_on", completed_on, as_of, "completed")
    if completed_on < timeline.communicated_on:
        problems.append(Problem("completed_on", gettext("completed before the timeline was communicated")))
    raise_problems(problems)
    with transaction.atomic():
        timeline = ComplianceTimeline.objects.select_for_update().get(pk=timeline.pk)
        if timeline.completed_on is not None:
            raise Conflict(
                gettext("this timeline was already completed on %(completed_on)s")
                % {"completed_on": timeline.completed_on.isoformat()}
            )
        timeline.completed_on = completed_on
        timeline.save(update_fields=("completed_on",))
        late = completed_on > timeline.due_on
        record_event(
            partner=timeline.partner,
            kind=PeopleEventKind.COMPLIANCE_TIMELINE_COMPLETED,
            message=f"{timeline.requirement}: completed on {completed_on.isoformat()}"
            + (f", late (due {timeline.due_on.isoformat()})" if late else ", in time"),
            section=ENROLLMENT_SECTION,
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
    check_partner_open(partner)
    problems: list[Problem] = []
    if kind not in GovernanceKind.values:
        problems.append(
            Problem(
                "kind",
                gettext("unknown record %(kind)s; kinds are %(known)s")
                % {"kind": repr(kind), "known": ", ".join(GovernanceKind.values)},
            )
        )
    problems += not_after("effective_on", effective_on, as_of, "dated")
    if valid_until is not None and valid_until < effective_on:
        problems.append(
            Problem(
                "valid_until",
                gettext("must not be before effective_on (%(effective_on)s)") % {"effective_on": effective_on},
            )
        )
    raise_problems(problems)
    with transaction.atomic():
        record = GovernanceRecord.objects.create(
            partner=partner,
            kind=kind,
            effective_on=effective_on,
            valid_until=valid_until,
            note=note,
            created_by=user_of(acting_user),
        )
        until = f" until {valid_until}" if valid_until else ""
        record_event(
            partner=partner,
            kind=PeopleEventKind.GOVERNANCE_RECORDED,
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
    raise_problems([Problem("reason", gettext("a reason is required"))] if not reason.strip() else [])
    with transaction.atomic():
        change = FinancialStandingChange.objects.create(
            partner=partner,
            flagged=flagged,
            effective_on=effective_on,
            reason=reason.strip(),
            created_by=user_of(acting_user),
        )
        what = "flagged as not in sufficiently good" if flagged else "cleared: back in good"
        record_event(
            partner=partner,
            kind=PeopleEventKind.FINANCIAL_STANDING_FLAGGED if flagged else PeopleEventKind.FINANCIAL_STANDING_CLEARED,
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
    check_partner_open(partner)
    problems: list[Problem] = []
    known = qualifications(policy)
    if qualification not in known:
        problems.append(
            Problem(
                "qualification",
                gettext("unknown qualification %(qualification)s; one of %(known)s")
                % {"qualification": repr(qualification), "known": ", ".join(known)},
            )
        )
    if ends_on < starts_on:
        problems.append(
            Problem("ends_on", gettext("must not be before starts_on (%(starts_on)s)") % {"starts_on": starts_on})
        )
    if not reason.strip():
        problems.append(Problem("reason", gettext("a reason is required")))
    if not approved_by.strip():
        problems.append(Problem("approved_by", gettext("name the designated leader who approved the exception")))
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
            created_by=user_of(acting_user),
        )
        record_event(
            partner=partner,
            kind=PeopleEventKind.EXCEPTION_GRANTED,
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
