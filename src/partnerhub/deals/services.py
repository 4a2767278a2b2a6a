"""Writes for deal registration and orders (§7.3, §7.1, §7.2): one transaction each, with their events.

Every refusal by a policy rule raises `PolicyViolation` (422) listing each unmet condition with its
section; a contradiction with the current state raises `Conflict` (409); malformed input raises
`InvalidInput` (400, per field). Nothing is written by a refused call. Mail goes out after the commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import pycountry
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.core.errors import (
    Conflict,
    InvalidInput,
    PolicyViolation,
    Violation,
    refuse_date_before,
    refuse_unless,
    violations,
)
from partnerhub.core.mail import SUBJECT_PREFIX, send_templated_after_commit
from partnerhub.core.written import remember
from partnerhub.deals.events import DealsEventKind
from partnerhub.deals.models import (
    WINNING_STATUSES,
    Opportunity,
    Order,
    OrderChannel,
    OrderSource,
    Registration,
    RegistrationChannel,
    RegistrationConflict,
    RegistrationEvent,
    RegistrationEventKind,
    RegistrationStatus,
)
from partnerhub.deals.opportunities import locked_opportunity
from partnerhub.deals.selectors import open_registrations
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner
from partnerhub.partners.periods import partner_state_on
from partnerhub.partners.selectors import is_representative, partner_contacts
from partnerhub.policy.deals import registration_admissible, registration_approvable
from partnerhub.policy.decision import Reason
from partnerhub.policy.model import Policy
from partnerhub.policy.opportunity import customer_of_key, opportunity_key
from partnerhub.policy.protection import protected_until
from partnerhub.policystore.selectors import policy_for_input, policy_in_force


def reasons_json(reasons: Iterable[Reason]) -> list[dict[str, Any]]:
    return [reason.as_dict() for reason in reasons]


def country_code(country: str, field: str = "country") -> str:
    code = country.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise InvalidInput(
            {
                field: [
                    _("%(country)s is not an ISO 3166-1 alpha-2 country code, e.g. DE or US.")
                    % {"country": repr(country)}
                ]
            }
        )
    return code


def _opportunity_key(policy: Policy, end_customer: str, title: str) -> str:
    try:
        return opportunity_key(end_customer, title, policy.compensation.deal_registration.legal_form_suffixes)
    except ValueError as error:
        field = "end_customer" if "end customer" in str(error) else "opportunity"
        raise InvalidInput({field: [str(error)]}) from error


def _event(
    registration: Registration,
    kind: str,
    on: dt.date,
    actor: User | None,
    message: str,
    data: Mapping[str, Any] | None = None,
    *,
    vendor_only: bool = False,
) -> RegistrationEvent:
    return RegistrationEvent.objects.create(
        registration=registration,
        kind=kind,
        on=on,
        actor=actor,
        message=message,
        data=dict(data or {}),
        vendor_only=vendor_only,
    )


def _trace(
    registration: Registration,
    *,
    history: str,
    kind: DealsEventKind,
    on: dt.date,
    actor: User | None,
    message: str,
    policy_section: str,
    data: Mapping[str, Any],
    policy_version: dt.date | None = None,
    separator: str = " ",
    mail: str = "",
    **mail_context: Any,
) -> None:
    """A registration's change leaves its history line, the partner's event and, given `mail`, the mail."""
    _event(registration, history, on, actor, message)
    record_event(
        partner=registration.partner,
        kind=kind,
        message=f"{_describe(registration)}{separator}{message}",
        section=policy_section,
        actor=actor,
        policy_version=policy_version,
        effective_on=on,
        data=dict(data),
    )
    if mail:
        _notify(registration, mail, on, **mail_context)


def _describe(registration: Registration) -> str:
    return f"deal registration #{registration.pk} ({registration.end_customer}: {registration.title})"


def _recipients(registration: Registration) -> list[str]:
    """The partner's contacts, the submitter, and for a registration received by email, its sender."""
    submitter = registration.submitted_by.email if registration.channel == RegistrationChannel.PARTNERHUB else ""
    sender = registration.received_from if "@" in registration.received_from else ""
    return [*partner_contacts(registration.partner), submitter, sender]


def registration_submit(
    *,
    partner: Partner,
    end_customer: str,
    title: str,
    country: str,
    estimated_value: Decimal,
    currency: str | None = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    consent_confirmed: bool,
    submitted_on: dt.date,
    acting_user: User,
    recorded_from_email: bool = False,
    received_from: str = "",
) -> Registration:
    """Register a deal (§7.3): by a Designated Partner Representative of `partner`, or, with
    `recorded_from_email`, by a vendor manager recording a registration received by email on `submitted_on`.

    Refused (PolicyViolation, nothing stored) when an order for the opportunity was placed on or before
    `submitted_on`, the partner's status or classification gives no deal registration, the country is
    outside its designated territories, consent is not confirmed, or the submitter is not a representative.
    The same partner registering an opportunity it already claims is a Conflict. Another partner's open
    registration of the same opportunity is flagged as a conflict for the vendor's managers.
    """
    policy = policy_for_input(submitted_on, "submitted_on")
    code = country_code(country)
    if estimated_value < 0:
        raise InvalidInput({"estimated_value": [_("An estimated value is not negative.")]})
    key = _opportunity_key(policy, end_customer, title)
    currency = (currency or policy.fees.currency).upper()

    if recorded_from_email:
        representative = True
        channel = RegistrationChannel.EMAIL
    else:
        representative = is_representative(acting_user, partner)
        channel = RegistrationChannel.PARTNERHUB

    with transaction.atomic():
        opportunity = locked_opportunity(key, end_customer, title)
        state = partner_state_on(partner, submitted_on)  # the partner as it was on the submission date
        decision = registration_admissible(
            policy,
            partner_status=state.status,
            classification=state.classification,
            territories=list(state.territories),
            country=code,
            consent_confirmed=consent_confirmed,
            order_placed_on=opportunity.order_placed_on,  # type: ignore[attr-defined]
            submitted_on=submitted_on,
            submitter_is_representative=representative,
        )
        if not decision.outcome:
            raise PolicyViolation(violations(decision.reasons))
        claims = open_registrations(opportunity)
        existing = next((claim for claim in claims if claim.partner_id == partner.pk), None)
        if existing is not None:
            raise Conflict(
                _("%(partner)s already registered this opportunity: deal registration #%(pk)s is %(status)s.")
                % {"partner": partner.name, "pk": existing.pk, "status": str(existing.get_status_display()).lower()}
            )

        registration = Registration.objects.create(
            partner=partner,
            opportunity=opportunity,
            end_customer=end_customer.strip(),
            title=title.strip(),
            opportunity_key=key,
            customer_key=customer_of_key(key),
            country=code,
            estimated_value=estimated_value,
            currency=currency,
            contact_name=contact_name.strip(),
            contact_email=contact_email.strip(),
            contact_phone=contact_phone.strip(),
            consent_confirmed=True,
            consent_confirmed_at=timezone.now(),
            consent_confirmed_by=acting_user,
            channel=channel,
            received_from=received_from.strip(),
            submitted_on=submitted_on,
            submitted_by=acting_user,
            policy_version=decision.policy_version,
            admission=reasons_json(decision.reasons),
        )
        if recorded_from_email:
            kind = RegistrationEventKind.RECORDED
            message = (
                f"received by email on {submitted_on.isoformat()}"
                + (f" from {registration.received_from}" if registration.received_from else "")
                + f", recorded by {acting_user.get_username()}"
            )
        else:
            kind = RegistrationEventKind.SUBMITTED
            message = f"submitted by {acting_user.get_username()} on {submitted_on.isoformat()}"
        timeline = [_event(registration, kind, submitted_on, acting_user, message, {"reasons": registration.admission})]
        record_event(
            partner=partner,
            kind=DealsEventKind.DEAL_REGISTERED,
            message=f"{_describe(registration)} {kind}: {message}",
            section=policy.compensation.deal_registration.section,
            actor=acting_user,
            policy_version=decision.policy_version,
            effective_on=submitted_on,
            data={"registration": registration.pk},
        )
        conflicts = []
        for other in (claim for claim in claims if claim.partner_id != partner.pk):
            conflict, event = _flag_conflict(registration, other, submitted_on, acting_user)
            conflicts.append(conflict)
            timeline.append(event)
    # All there is of the new registration's conflicts and timeline, for its answer (nothing read again).
    remember(registration, "conflicts", conflicts)
    remember(registration, "conflicted_by", [])
    remember(registration, "events", timeline)
    return registration


def _flag_conflict(
    registration: Registration, other: Registration, on: dt.date, actor: User
) -> tuple[RegistrationConflict, RegistrationEvent]:
    """Flag the conflict of two open registrations of one opportunity, on both timelines; the conflict and the
    event on `registration`'s timeline."""
    conflict = RegistrationConflict.objects.create(
        opportunity=registration.opportunity, registration=registration, other=other, detected_on=on
    )
    events = [
        _event(
            this,
            RegistrationEventKind.CONFLICT_FLAGGED,
            on,
            actor,
            f"the same opportunity is registered by {that.partner.name} ({_describe(that)}, {that.status}); "
            "only one registration per opportunity can be approved",
            {"other": that.pk, "other_partner": that.partner_id},
            vendor_only=True,
        )
        for this, that in ((registration, other), (other, registration))
    ]
    return conflict, events[0]


def _locked_registration(registration: Registration) -> Registration:
    """The registration re-read under a row lock (with its opportunity locked first, PostgreSQL)."""
    Opportunity.objects.select_for_update().filter(pk=registration.opportunity_id).first()
    return Registration.objects.select_for_update().select_related("partner", "submitted_by").get(pk=registration.pk)


def registration_approve(
    *, registration: Registration, approved_on: dt.date, acting_user: User, note: str = ""
) -> Registration:
    """The vendor qualifies the opportunity (§7.3 step 2); the partner is emailed.

    Only one registration of an opportunity can be approved: the check here answers 422 (§7.3), and the
    database's partial unique index refuses any concurrent second approval (409) that slips past it.
    A referral order already recorded for this partner's opportunity is decided again (§7.2: the vendor's
    approval may come after the order).
    """
    with transaction.atomic():
        registration = _locked_registration(registration)
        if registration.status != RegistrationStatus.PENDING:
            raise Conflict(
                _("%(registration)s is %(status)s; only a pending one can be approved.")
                % {"registration": _describe(registration), "status": registration.status}
            )
        refuse_date_before(approved_on, registration.submitted_on, field="approved_on", what="its submission")
        policy = policy_for_input(approved_on, "approved_on")
        state = partner_state_on(registration.partner, approved_on)
        refuse_unless(registration_approvable(policy, partner_status=state.status))
        winner = (
            Registration.objects.filter(opportunity_id=registration.opportunity_id, status__in=WINNING_STATUSES)
            .exclude(pk=registration.pk)
            .first()
        )
        if winner is not None and policy.compensation.deal_registration.one_approved_registration_per_opportunity:
            raise PolicyViolation(
                [
                    Violation(
                        "one_approved_registration_per_opportunity",
                        policy.compensation.deal_registration.section,
                        _(
                            "this opportunity already has an approved registration (#%(winner)s); "
                            "only one registration per opportunity is approved"
                        )
                        % {"winner": winner.pk},
                    )
                ]
            )
        registration.status = RegistrationStatus.APPROVED
        registration.decided_on = approved_on
        registration.decided_by = acting_user
        registration.decision_reason = note.strip()
        registration.protected_until = protected_until(policy, approved_on)  # docs/policy.md#r8-4
        try:
            with transaction.atomic():
                registration.save(
                    update_fields=("status", "decided_on", "decided_by", "decision_reason", "protected_until")
                )
        except IntegrityError as error:
            raise Conflict(_("Another registration of this opportunity was approved at the same time.")) from error
        until = registration.protected_until
        message = (
            f"approved on {approved_on.isoformat()} by {acting_user.get_username()}"
            + (f": {registration.decision_reason}" if registration.decision_reason else "")
            + (f"; protected through {until.isoformat()} unless won or lost" if until else "")
        )
        _trace(
            registration,
            history=RegistrationEventKind.APPROVED,
            kind=DealsEventKind.DEAL_REGISTRATION_APPROVED,
            on=approved_on,
            actor=acting_user,
            message=message,
            policy_section=policy.compensation.deal_registration.section,
            policy_version=policy.version_date,
            data={"registration": registration.pk},
            mail="deals/mail/registration_approved.txt",
            approved_on=approved_on,
            until=until,
        )
    return registration


def registration_reject(
    *, registration: Registration, rejected_on: dt.date, reason: str, acting_user: User
) -> Registration:
    """The vendor does not qualify the opportunity (§7.3 step 2); the partner is emailed with the reason."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput({"reason": [_("Say why the registration is rejected; the partner is told.")]})
    with transaction.atomic():
        registration = _locked_registration(registration)
        if registration.status != RegistrationStatus.PENDING:
            raise Conflict(
                _("%(registration)s is %(status)s; only a pending one can be rejected.")
                % {"registration": _describe(registration), "status": registration.status}
            )
        refuse_date_before(rejected_on, registration.submitted_on, field="rejected_on", what="its submission")
        registration.status = RegistrationStatus.REJECTED
        registration.decided_on = rejected_on
        registration.decided_by = acting_user
        registration.decision_reason = reason
        registration.save(update_fields=("status", "decided_on", "decided_by", "decision_reason"))
        _trace(
            registration,
            history=RegistrationEventKind.REJECTED,
            kind=DealsEventKind.DEAL_REGISTRATION_REJECTED,
            on=rejected_on,
            actor=acting_user,
            message=f"rejected on {rejected_on.isoformat()} by {acting_user.get_username()}: {reason}",
            policy_section=policy_in_force(rejected_on).compensation.deal_registration.section,
            data={"registration": registration.pk, "reason": reason},
            mail="deals/mail/registration_rejected.txt",
            rejected_on=rejected_on,
            reason=reason,
        )
    return registration


_KIND_OF_OUTCOME: dict[str, DealsEventKind] = {
    RegistrationStatus.WON: DealsEventKind.DEAL_WON,
    RegistrationStatus.LOST: DealsEventKind.DEAL_LOST,
}


def registration_close(
    *, registration: Registration, outcome: str, closed_on: dt.date, acting_user: User
) -> Registration:
    """An approved registration reached its outcome: won or lost (the conversion rate of §5.0)."""
    if outcome not in (RegistrationStatus.WON, RegistrationStatus.LOST):
        raise InvalidInput(
            {"outcome": [_("%(outcome)s is not an outcome; use won or lost.") % {"outcome": repr(outcome)}]}
        )
    with transaction.atomic():
        registration = _locked_registration(registration)
        if registration.status != RegistrationStatus.APPROVED:
            raise Conflict(
                _("%(registration)s is %(status)s; only an approved one can be closed.")
                % {"registration": _describe(registration), "status": registration.status}
            )
        assert registration.decided_on is not None
        refuse_date_before(closed_on, registration.decided_on, field="closed_on", what="its approval")
        registration.status = outcome
        registration.closed_on = closed_on
        registration.save(update_fields=("status", "closed_on"))
        message = f"closed as {outcome} on {closed_on.isoformat()} by {acting_user.get_username()}"
        _event(registration, RegistrationEventKind.CLOSED, closed_on, acting_user, message, {"outcome": outcome})
        record_event(
            partner=registration.partner,
            kind=_KIND_OF_OUTCOME[outcome],
            message=f"{_describe(registration)} {message}",
            # The outcome counts towards the conversion rate, one of the activity requirements (§5.0).
            section=policy_in_force(closed_on).assessment.rule_conditions["activity_met"],
            actor=acting_user,
            effective_on=closed_on,
            data={"registration": registration.pk, "outcome": outcome},
        )
    return registration


def _notify(registration: Registration, template: str, on: dt.date, **context: Any) -> None:
    """The mail `template` to the registration's recipients, and on its history whom each message went to."""
    context = {"registration": registration, **context}
    for message in send_templated_after_commit(to=_recipients(registration), template=template, context=context):
        _event(
            registration,
            RegistrationEventKind.NOTIFIED,
            on,
            None,
            f"emailed to {', '.join(message.to)}: {message.subject.removeprefix(SUBJECT_PREFIX)}",
            {"to": list(message.to), "subject": message.subject},
        )


def personal_data_export_record(*, registration: Registration, exported_on: dt.date, acting_user: User) -> None:
    """Leave a trace that the lead's personal data was handed out (docs/policy.md#r12-2)."""
    with transaction.atomic():
        _event(
            registration,
            RegistrationEventKind.PERSONAL_DATA_EXPORTED,
            exported_on,
            acting_user,
            f"the lead's personal data was exported by {acting_user.get_username()}",
        )


def personal_data_erase(
    *, registration: Registration, erased_on: dt.date, acting_user: User, request_note: str = ""
) -> Registration:
    """Erase the lead's contact person on request (docs/policy.md#r12-2): name, email and phone are blanked; the
    business record (customer, opportunity, amounts, dates, decisions) stays. Erasing twice changes nothing."""
    with transaction.atomic():
        registration = _locked_registration(registration)
        if registration.personal_data_erased_at is not None:
            return registration
        erased = [name for name in ("contact_name", "contact_email", "contact_phone") if getattr(registration, name)]
        registration.contact_name = registration.contact_email = registration.contact_phone = ""
        registration.personal_data_erased_at = timezone.now()
        registration.save(update_fields=("contact_name", "contact_email", "contact_phone", "personal_data_erased_at"))
        note = request_note.strip()
        _event(
            registration,
            RegistrationEventKind.PERSONAL_DATA_ERASED,
            erased_on,
            acting_user,
            f"the lead's personal data was erased on request by {acting_user.get_username()}"
            + (f": {note}" if note else ""),
            {"fields": erased},
        )
    return registration


_KIND_OF_ORDER: dict[str, DealsEventKind] = {
    OrderChannel.REFERRAL: DealsEventKind.REFERRAL_ORDER_RECORDED,
    OrderChannel.RESALE: DealsEventKind.RESALE_ORDER_RECORDED,
}


def order_record(
    *,
    end_customer: str,
    title: str,
    ordered_on: dt.date,
    first_year_net_revenue: Decimal,
    channel: str,
    net_new: bool,
    country: str,
    acting_user: User,
    partner: Partner | None = None,
    currency: str | None = None,
    list_price: Decimal | None = None,
    source: str = OrderSource.API,
) -> Order:
    """An order placed by the end customer (§7). After it, no registration of the opportunity is considered
    (§7.3 item 4). A referral order with a partner gets its referral-fee decision (§7.2); a resale order is
    priced under §7.1 and refused with the reasons when the partner may not resell there and then (both by
    the compensation app's reactions to the order's event, in this transaction).
    One order per opportunity: a second is a Conflict.
    """
    if channel not in OrderChannel.values:
        raise InvalidInput(
            {"channel": [_("%(channel)s is not a channel; use referral or resale.") % {"channel": repr(channel)}]}
        )
    if first_year_net_revenue < 0:
        raise InvalidInput({"first_year_net_revenue": [_("First Year Net Revenue is not negative.")]})
    if channel == OrderChannel.RESALE:
        if partner is None:
            raise InvalidInput({"partner": [_("A resale order names the reselling partner.")]})
        if list_price is None:
            raise InvalidInput({"list_price": [_("A resale order gives the list price (§7.1).")]})
        if list_price < 0:
            raise InvalidInput({"list_price": [_("A list price is not negative.")]})
    policy = policy_for_input(ordered_on, "ordered_on")
    code = country_code(country)
    key = _opportunity_key(policy, end_customer, title)
    currency = (currency or policy.fees.currency).upper()

    with transaction.atomic():
        opportunity = locked_opportunity(key, end_customer, title)
        existing = Order.objects.filter(opportunity=opportunity).first()
        if existing is not None:
            raise Conflict(
                _("An order for this opportunity is already recorded (order #%(existing)s of %(ordered_on)s).")
                % {"existing": existing.pk, "ordered_on": existing.ordered_on.isoformat()}
            )
        order = Order.objects.create(
            opportunity=opportunity,
            end_customer=end_customer.strip(),
            title=title.strip(),
            ordered_on=ordered_on,
            first_year_net_revenue=first_year_net_revenue,
            currency=currency,
            partner=partner,
            channel=channel,
            net_new=net_new,
            country=code,
            source=source,
            recorded_by=acting_user,
        )
        for registration in opportunity.registrations.select_related("partner"):
            _event(
                registration,
                RegistrationEventKind.ORDER_PLACED,
                ordered_on,
                acting_user,
                f"the end customer placed an order on {ordered_on.isoformat()} (order #{order.pk}); no registration "
                "of this opportunity is considered after it (§7.3)",
                {"order": order.pk},
                vendor_only=registration.partner_id != order.partner_id,
            )
        if partner is not None:
            record_event(
                partner=partner,
                kind=_KIND_OF_ORDER[channel],
                message=f"{channel} order #{order.pk} for {order.end_customer}: {order.title} placed on "
                f"{ordered_on.isoformat()}, first-year net revenue {first_year_net_revenue} {currency}",
                section=(
                    policy.compensation.referral_fee.section
                    if channel == OrderChannel.REFERRAL
                    else policy.compensation.resale.section
                ),
                actor=acting_user,
                policy_version=policy.version_date,
                effective_on=ordered_on,
                # The reactions to this event decide what the order earns (partnerhub.reactions): a referral
                # fee (§7.2), or a resale price, refused with its reasons and then nothing is written (§7.1).
                data={"order": order.pk, **({"list_price": str(list_price)} if channel == OrderChannel.RESALE else {})},
            )
    return order
