"""Writes of the benefits app: Marketing services (§10.2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from partnerhub.benefits.events import BenefitsEventKind
from partnerhub.benefits.models import (
    GranteeKind,
    MarketingAccessGrant,
    MarketingDocument,
    MarketingPayment,
    MarketingReview,
    ReviewOutcome,
)
from partnerhub.benefits.services.common import locked, refuse
from partnerhub.benefits.uploads import sniff_upload, upload_problems
from partnerhub.core.errors import Conflict, InvalidInput, refuse_unless
from partnerhub.core.languages import program_text
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner, PartnerUser
from partnerhub.partners.notifications import mail_partner
from partnerhub.partners.periods import partner_state_on
from partnerhub.policy import licenses
from partnerhub.policystore.selectors import policy_for_input


@transaction.atomic
def marketing_access_grant(
    *,
    partner: Partner,
    grantee_kind: str,
    user: User | None,
    third_party_name: str,
    third_party_contact: str,
    responsible: User,
    scope: str,
    granted_on: dt.date,
    acting_user: User,
) -> MarketingAccessGrant:
    """Give the partner's staff, or a third party acting for it, access to the Marketing Services (§10.2).
    The partner answers for the third party's use: `responsible` names the partner user who does."""
    state = partner_state_on(partner, granted_on)
    decision = licenses.marketing_access_admissible(
        policy_for_input(granted_on, "granted_on"),
        classification=state.classification,
        status=state.status,
        as_of=granted_on,
    )
    refuse_unless(decision)
    members = set(PartnerUser.objects.filter(partner=partner).values_list("user_id", flat=True))
    if responsible.pk not in members or (user is not None and user.pk not in members):
        refuse(
            "partner_responsible",
            licenses.MARKETING_SERVICES_SECTION,
            gettext("the grantee and the person responsible must be users of %(partner)s") % {"partner": partner},
        )
    grant = MarketingAccessGrant.objects.create(
        partner=partner,
        grantee_kind=grantee_kind,
        user=user if grantee_kind == GranteeKind.PARTNER_STAFF else None,
        third_party_name=third_party_name if grantee_kind == GranteeKind.THIRD_PARTY else "",
        third_party_contact=third_party_contact if grantee_kind == GranteeKind.THIRD_PARTY else "",
        responsible=responsible,
        scope=scope,
        granted_on=granted_on,
        granted_by=acting_user,
        policy_version=decision.policy_version,
    )
    record_event(
        partner=partner,
        kind=BenefitsEventKind.MARKETING_ACCESS_GRANTED,
        message=f"Marketing Services access for {grant.grantee}"
        + (f", a third party acting for the partner; {responsible} is responsible" if grant.third_party_name else ""),
        section=licenses.MARKETING_SERVICES_SECTION,
        actor=acting_user,
        data={"grant": grant.pk, "grantee_kind": grantee_kind, "responsible": responsible.pk},
        policy_version=decision.policy_version,
        effective_on=granted_on,
    )
    return grant


@transaction.atomic
def marketing_access_revoke(
    *, grant: MarketingAccessGrant, revoked_on: dt.date, acting_user: User
) -> MarketingAccessGrant:
    grant = locked(grant)
    if grant.revoked_on is not None:
        raise Conflict(gettext("the access was already revoked on %(revoked_on)s") % {"revoked_on": grant.revoked_on})
    grant.revoked_on = revoked_on
    grant.revoked_by = acting_user
    grant.save(update_fields=["revoked_on", "revoked_by"])
    record_event(
        partner=grant.partner,
        kind=BenefitsEventKind.MARKETING_ACCESS_REVOKED,
        message=f"Marketing Services access of {grant.grantee} revoked",
        section=licenses.MARKETING_SERVICES_SECTION,
        actor=acting_user,
        data={"grant": grant.pk},
        effective_on=revoked_on,
    )
    return grant


@transaction.atomic
def marketing_review_record(
    *,
    partner: Partner,
    grant: MarketingAccessGrant | None,
    subject: str,
    outcome: str,
    required_changes: str,
    due_on: dt.date | None,
    reviewed_on: dt.date,
    acting_user: User,
) -> MarketingReview:
    """The vendor's compliance review of the partner's use of the Marketing Services (§10.2)."""
    if grant is not None and grant.partner_id != partner.pk:
        raise InvalidInput("grant", gettext("That access grant belongs to another partner."))
    if outcome != ReviewOutcome.COMPLIANT and not required_changes.strip():
        raise InvalidInput("required_changes", gettext("A review that is not compliant says what to change."))
    policy = policy_for_input(reviewed_on, "reviewed_on")
    review = MarketingReview.objects.create(
        partner=partner,
        grant=grant,
        subject=subject,
        outcome=outcome,
        required_changes=required_changes,
        due_on=due_on,
        reviewed_on=reviewed_on,
        reviewer=acting_user,
        policy_version=policy.version_date,
    )
    record_event(
        partner=partner,
        kind=BenefitsEventKind.MARKETING_REVIEW_RECORDED,
        message=f"Marketing review of {subject!r}: {program_text(ReviewOutcome(review.outcome).label)}"
        + (f"; required: {required_changes}" if required_changes else ""),
        section=licenses.MARKETING_SERVICES_SECTION,
        actor=acting_user,
        data={"review": review.pk, "outcome": outcome, "due_on": due_on},
        policy_version=policy.version_date,
        effective_on=reviewed_on,
    )
    if outcome != ReviewOutcome.COMPLIANT:
        mail_partner(partner, "benefits/mail/marketing_review.txt", review=review)
    return review


@transaction.atomic
def marketing_payment_record(
    *, partner: Partner, amount: Decimal, currency: str, paid_on: dt.date, basis: str, acting_user: User
) -> MarketingPayment:
    payment = MarketingPayment.objects.create(
        partner=partner, amount=amount, currency=currency, paid_on=paid_on, basis=basis, recorded_by=acting_user
    )
    record_event(
        partner=partner,
        kind=BenefitsEventKind.MARKETING_PAYMENT_RECORDED,
        message=f"Marketing payment of {amount} {currency} on {paid_on}: {basis}",
        section=licenses.MARKETING_SERVICES_SECTION,
        actor=acting_user,
        data={"payment": payment.pk, "amount": amount, "currency": currency},
        effective_on=paid_on,
    )
    return payment


@transaction.atomic
def marketing_document_add(
    *, payment: MarketingPayment, upload: UploadedFile, uploaded_on: dt.date, acting_user: User
) -> MarketingDocument:
    """Attach a copy of a supporting record: a PDF, PNG, JPEG or CSV within the size limit (`uploads`)."""
    problems = upload_problems(upload)
    if problems:
        raise InvalidInput("file", " ".join(problems))
    content_type = sniff_upload(upload)
    assert content_type is not None
    document = MarketingDocument(
        payment=payment,
        original_name=(upload.name or "document")[:200],
        content_type=content_type,
        size=upload.size or 0,
        uploaded_on=uploaded_on,
        uploaded_by=acting_user,
    )
    document.file.save(upload.name or "document", upload, save=False)
    document.save()
    record_event(
        partner=payment.partner,
        kind=BenefitsEventKind.MARKETING_DOCUMENT_ADDED,
        message=f"Supporting document {document.original_name!r} for the payment of {payment.paid_on}",
        section=licenses.MARKETING_SERVICES_SECTION,
        actor=acting_user,
        data={"payment": payment.pk, "document": document.pk, "content_type": content_type},
        effective_on=uploaded_on,
    )
    return document
