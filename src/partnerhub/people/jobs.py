"""The people app's part of `partnerhub tick --as-of DATE`, each step idempotent and set-based.

1. Registration (§2.0, R2.3, R2.4): every approved partner that meets the minimum criteria inside its
   qualification window on `as_of` becomes a Registered Partner (the same `registration_decide` the
   services run on each event; the tick catches what no event completed, e.g. an exception that began).
2. Reminders (§5.0, §9.1, R10.1): `windows.reminder_lead_days` before a person's certification or annual
   training lapses, the partner's contacts and the person are reminded, once per item and due date.
3. Standing forecast (R2.7): a partner in good standing today that would lose it within the lead time
   if nothing new is earned is warned once per break date, with what will be missing; the vendor's
   managers get one mail listing the partners newly warned.

Facts are gathered once per step for all the partners concerned (docs/architecture.md#rule-5); each partner's change
is its own transaction, so one failure does not undo the others and the next run picks up what is left.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from partnerhub.core.mail import send_templated_after_commit
from partnerhub.core.permissions import MANAGER_GROUP
from partnerhub.partners.models import MEMBER_STATUSES, Partner, PartnerStatus, Reminder
from partnerhub.partners.notifications import reminder_send_once
from partnerhub.people.facts import gather_facts
from partnerhub.people.models import Person
from partnerhub.people.registration import registration_decide
from partnerhub.policy.facts import PartnerFacts
from partnerhub.policy.model import Policy
from partnerhub.policy.standing import DueDate, due_dates, good_standing, registration_criteria, standing_forecast
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force

CERTIFICATION_REMINDER = "certification_due"
TRAINING_REMINDER = "training_due"
STANDING_WARNING = "standing_breaks"


def run(as_of: dt.date) -> list[str]:
    try:
        policy = policy_in_force(as_of)
    except NoPolicyInForce:
        return []
    return [
        *registrations(policy, as_of),
        *due_date_reminders(policy, as_of),
        *standing_warnings(policy, as_of),
    ]


def registrations(policy: Policy, as_of: dt.date) -> list[str]:
    """Register every approved partner whose criteria are met on `as_of` (§2.0), as of the first day its
    records met them (`people.registration`): the same day whatever day the tick runs."""
    waiting = Partner.objects.filter(status=PartnerStatus.APPROVED, approved_on__lte=as_of)
    lines = []
    for partner_id, facts in gather_facts(as_of, waiting).items():
        if not registration_criteria(policy, facts, as_of).outcome:
            continue
        with transaction.atomic():
            partner = Partner.objects.select_for_update().get(pk=partner_id)
            if registration_decide(partner, until=as_of, recorded_on=as_of) is None:
                continue
            partner.refresh_from_db()
        assert partner.registered_on is not None
        lines.append(
            f"{facts.name}: registered on {partner.registered_on.isoformat()}, the minimum criteria are met (§2.0)"
        )
    return lines


def _remindable(item: DueDate, facts: PartnerFacts, as_of: dt.date) -> bool:
    """A real lapse to come: not already past, and not a training nobody ever recorded (that is missing,
    not lapsing; its due date is always `as_of`, so reminding it would remind every day)."""
    if item.overdue:
        return False
    if item.kind != "training":
        return True
    person = next((p for p in facts.people if p.person_id == item.person_id), None)
    return person is not None and (bool(person.trainings) or bool(person.certifications))


def due_date_reminders(policy: Policy, as_of: dt.date) -> list[str]:
    """Remind what lapses within the lead time: each certification and annual training, once per due date."""
    lead = policy.windows.reminder_lead_days
    members = Partner.objects.filter(status__in=MEMBER_STATUSES)
    facts_by_partner = gather_facts(as_of, members, history=True)
    sent = set(
        Reminder.objects.filter(
            kind__in=(CERTIFICATION_REMINDER, TRAINING_REMINDER), partner__in=members, deadline__gte=as_of
        ).values_list("partner_id", "kind", "key")
    )
    due: list[tuple[PartnerFacts, DueDate, str, str]] = []
    for facts in facts_by_partner.values():
        for item in due_dates(policy, facts, as_of, lead):
            if not _remindable(item, facts, as_of):
                continue
            kind = CERTIFICATION_REMINDER if item.kind == "certification" else TRAINING_REMINDER
            key = f"person {item.person_id}: {item.what}, due {item.due_on.isoformat()}"[:100]
            if (facts.partner_id, kind, key) not in sent:
                due.append((facts, item, kind, key))
    if not due:
        return []
    partners = Partner.objects.in_bulk({facts.partner_id for facts, *_ in due})
    emails = dict(Person.objects.filter(pk__in={item.person_id for _, item, *_ in due}).values_list("pk", "email"))
    lines = []
    for facts, item, kind, key in due:
        partner = partners[facts.partner_id]
        if reminder_send_once(
            partner=partner,
            kind=kind,
            key=key,
            deadline=item.due_on,
            as_of=as_of,
            template="people/mail/renewal_due.txt",
            context={"item": item},
            section=item.section,
            policy_version=policy.version_date,
        ):
            send_templated_after_commit(
                to=[emails.get(item.person_id)],
                template="people/mail/renewal_due.txt",
                context={"partner": partner, "item": item},
            )
            lines.append(f"{facts.name}: reminded that {item.person}: {item.what} due on {item.due_on.isoformat()}")
    return lines


def _why(policy: Policy, facts: PartnerFacts, day: dt.date) -> str:
    """What the partner will be missing on `day`: the requirement lines' shortfalls, then other conditions."""
    decision = good_standing(policy, facts, day)
    requirement_keys = {row.key for row in policy.requirements}
    missing = [line.missing for line in decision.facts.get("lines", ()) if not line.met and line.missing]
    missing += [r.message for r in decision.unmet if r.code not in requirement_keys]
    return "; ".join(missing) or "a condition of good standing"


def standing_warnings(policy: Policy, as_of: dt.date) -> list[str]:
    """Warn each partner in good standing today that loses it within the lead time, once per break date."""
    lead = policy.windows.reminder_lead_days
    on = as_of + dt.timedelta(days=lead)
    registered = Partner.objects.filter(status=PartnerStatus.REGISTERED)
    sent = set(
        Reminder.objects.filter(kind=STANDING_WARNING, partner__in=registered, deadline__gte=as_of).values_list(
            "partner_id", "key"
        )
    )
    warnings: list[tuple[PartnerFacts, dt.date]] = []
    for facts in gather_facts(as_of, registered).values():
        forecast = standing_forecast(policy, facts, as_of, on)
        breaks_on = forecast.facts.get("breaks_on")
        if breaks_on is not None and (facts.partner_id, f"breaks {breaks_on.isoformat()}") not in sent:
            warnings.append((facts, breaks_on))
    if not warnings:
        return []
    partners = Partner.objects.in_bulk({facts.partner_id for facts, _ in warnings})
    lines = []
    for facts, breaks_on in warnings:
        why = _why(policy, facts, breaks_on)
        line = f"{facts.name} loses good standing on {breaks_on.isoformat()}: {why}"
        if reminder_send_once(
            partner=partners[facts.partner_id],
            kind=STANDING_WARNING,
            key=f"breaks {breaks_on.isoformat()}",
            deadline=breaks_on,
            as_of=as_of,
            template="people/mail/standing_warning.txt",
            context={"breaks_on": breaks_on, "why": why},
            section=policy.compensation.participation_section,
            policy_version=policy.version_date,
        ):
            lines.append(line)
    if lines:
        send_templated_after_commit(
            to=manager_addresses(),
            template="people/mail/standing_summary.txt",
            context={"lead": lead, "as_of": as_of, "lines": lines},
        )
    return lines


def manager_addresses() -> list[str]:
    """The vendor managers' addresses: superusers and members of the managers group, active, with an email."""
    managers = User.objects.filter(Q(is_superuser=True) | Q(groups__name=MANAGER_GROUP), is_active=True)
    return sorted({email for email in managers.exclude(email="").values_list("email", flat=True)})
