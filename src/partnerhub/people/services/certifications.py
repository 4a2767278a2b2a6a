"""Certifications, claimed by the partner and verified or rejected by a manager, and training records
(§5.0, §9.1).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from partnerhub.core.errors import Conflict, InvalidInput
from partnerhub.core.permissions import is_manager
from partnerhub.partners.history import record_event
from partnerhub.partners.notifications import mail_partner
from partnerhub.people.checks import (
    Problem,
    check_certification,
    raise_problems,
)
from partnerhub.people.events import PeopleEventKind
from partnerhub.people.models import (
    Certification,
    CertificationStatus,
    Person,
    TrainingKind,
    TrainingRecord,
)
from partnerhub.people.services.common import Actor, check_partner_open, not_after, not_backdated, user_of
from partnerhub.policy.people import default_expiry
from partnerhub.policystore.selectors import policy_in_force

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
    check_partner_open(partner)
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
        problems.append(
            Problem(
                "earned_on",
                gettext("%(person)s already has this certification from %(earned_on)s")
                % {"person": person.name, "earned_on": earned_on},
            )
        )
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
            decided_by=user_of(acting_user) if verified else None,
            created_by=user_of(acting_user),
        )
        claim = "" if verified else " (a claim awaiting a vendor manager's verification)"
        record_event(
            partner=partner,
            kind=PeopleEventKind.CERTIFICATION_ADDED if verified else PeopleEventKind.CERTIFICATION_CLAIMED,
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
        raise Conflict(
            gettext("this certification is already %(status)s") % {"status": locked.get_status_display().lower()}
        )
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
        certification.decided_by = user_of(acting_user)
        certification.save(update_fields=["status", "decided_on", "decided_by"])
        name = f"{certification.person.name}: {_certification_name(certification)}"
        record_event(
            partner=partner,
            kind=PeopleEventKind.CERTIFICATION_VERIFIED,
            message=f"{name}, earned {certification.earned_on}, verified; it counts until {certification.expires_on}",
            section=policy.windows.recertification_section,
            actor=acting_user,
            data={"person": certification.person_id, "certification": certification.pk},
            policy_version=policy.version_date,
            effective_on=certification.earned_on,
        )
        mail_partner(
            partner, "people/mail/certification_verified.txt", name=name, certification=certification, as_of=as_of
        )
    return certification


def certification_reject(
    *, certification: Certification, reason: str, acting_user: Actor, as_of: dt.date
) -> Certification:
    """A vendor manager refuses a partner's claimed certification, saying why; it never counts."""
    if not reason.strip():
        raise InvalidInput({"reason": [gettext("say why the certification is rejected; the partner is told")]})
    policy = policy_in_force(as_of)
    with transaction.atomic():
        certification = _claim(certification)
        partner = certification.person.partner
        certification.status = CertificationStatus.REJECTED
        certification.decided_on = as_of
        certification.decided_by = user_of(acting_user)
        certification.rejection_reason = reason.strip()
        certification.save(update_fields=["status", "decided_on", "decided_by", "rejection_reason"])
        name = f"{certification.person.name}: {_certification_name(certification)}"
        record_event(
            partner=partner,
            kind=PeopleEventKind.CERTIFICATION_REJECTED,
            message=f"{name}, claimed as earned {certification.earned_on}, rejected: {certification.rejection_reason}",
            section=policy.windows.recertification_section,
            actor=acting_user,
            data={"person": certification.person_id, "certification": certification.pk},
            policy_version=policy.version_date,
            effective_on=as_of,
        )
        mail_partner(partner, "people/mail/certification_rejected.txt", name=name, certification=certification)
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
    check_partner_open(person.partner)
    problems: list[Problem] = []
    if kind not in TrainingKind.values:
        problems.append(
            Problem(
                "kind",
                gettext("unknown training %(kind)s; kinds are %(known)s")
                % {"kind": repr(kind), "known": ", ".join(TrainingKind.values)},
            )
        )
    problems += not_after("completed_on", completed_on, as_of, "completed")
    problems += not_backdated("completed_on", completed_on, as_of, acting_user)
    if not problems and TrainingRecord.objects.filter(person=person, kind=kind, completed_on=completed_on).exists():
        problems.append(
            Problem(
                "completed_on",
                gettext("%(person)s already has this training on %(completed_on)s")
                % {"person": person.name, "completed_on": completed_on},
            )
        )
    raise_problems(problems)
    with transaction.atomic():
        training = TrainingRecord.objects.create(
            person=person, kind=kind, completed_on=completed_on, created_by=user_of(acting_user)
        )
        record_event(
            partner=person.partner,
            kind=PeopleEventKind.TRAINING_RECORDED,
            message=f"{person.name} completed the {training.get_kind_display().lower()} on {completed_on}",
            section=policy.windows.training_section,
            actor=acting_user,
            data={"person": person.pk, "training": training.pk, "kind": kind},
            policy_version=policy.version_date,
            effective_on=completed_on,
        )
    return training
