"""The rows of each list a user can export, under the list's filters: one function per list, called by its page
and by its CSV export (`portal.exports`), so that the file holds exactly the rows the page shows under the same
filters, read through the same tenancy-scoped selectors (another partner's rows are never among them).

Each function takes the signed-in user, the list's scope (the partner, or the evaluation run, or None for a
console-wide list), the query string and the portal's today, and returns the filter form (None for a list
without filters) and the rows. Its caller decides what a filter that could not be read means: the page shows
the list unfiltered, as it always did; the export refuses and writes nothing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import Q, QuerySet
from django.http import QueryDict

from partnerhub.billing.models import InvoiceStatus
from partnerhub.billing.selectors import visible_invoices
from partnerhub.compensation.models import FeeStatus, ReferralFee
from partnerhub.compensation.selectors import quarter_bounds, visible_referral_fees
from partnerhub.core import forms
from partnerhub.deals import selectors as deal_selectors
from partnerhub.deals.models import Registration, RegistrationStatus
from partnerhub.evaluations.models import EvaluationRun, Outcome, Scorecard
from partnerhub.evaluations.selectors import latest_per_quarter, partner_scorecards, visible_scorecards
from partnerhub.partners.models import Partner
from partnerhub.partners.selectors import UserLike
from partnerhub.people import selectors as people_selectors
from partnerhub.people.facts import active_people
from partnerhub.people.models import Certification, CertificationStatus, Person
from partnerhub.portal import panels
from partnerhub.portal.forms import (
    DealFilterForm,
    InvoiceFilterForm,
    PeopleFilterForm,
    ReferralFeeFilterForm,
    ScorecardFilterForm,
)


def applied(form: forms.Form | None) -> dict[str, Any] | None:
    """The filters to apply: the form's cleaned data, or None when there are none to apply (no filter given, or
    one that could not be read)."""
    if form is None or not form.is_bound or not form.is_valid():
        return None
    return form.cleaned_data


def deals(user: UserLike, partner: Partner | None, query: QueryDict, as_of: dt.date) -> tuple[DealFilterForm, Any]:
    """A partner's registrations, newest first; without a partner, the managers' review queue, oldest first
    and, unless the query says otherwise, only what waits for a decision."""
    rows = deal_selectors.visible_registrations(user)
    if partner is not None:
        rows = rows.filter(partner=partner).order_by("-submitted_on", "-id")
    else:
        rows = rows.order_by("submitted_on", "id")
        query = query.copy()
        query.setdefault("status", RegistrationStatus.PENDING)
    form = DealFilterForm(query or None, statuses=RegistrationStatus.choices)
    return form, filter_deals(rows, applied(form))


def filter_deals(rows: QuerySet[Registration], data: dict[str, Any] | None) -> QuerySet[Registration]:
    if data:
        if data["status"]:
            rows = rows.filter(status=data["status"])
        if data["q"]:
            rows = deal_selectors.search_registrations(rows, data["q"])
    return rows


def invoices(
    user: UserLike, partner: Partner | None, query: QueryDict, as_of: dt.date
) -> tuple[InvoiceFilterForm, Any]:
    rows = visible_invoices(user).select_related("partner").order_by("-issued_on", "-id")
    if partner is not None:
        rows = rows.filter(partner=partner)
    form = InvoiceFilterForm(query or None, statuses=[(value, str(label)) for value, label in InvoiceStatus.choices])
    data = applied(form)
    if data and data["status"]:
        rows = rows.filter(status=data["status"])
    return form, rows


def people(user: UserLike, partner: Partner | None, query: QueryDict, as_of: dt.date) -> tuple[PeopleFilterForm, Any]:
    """A partner's people, by name; without the filter "everyone", only those who count today."""
    assert partner is not None
    regions = panels.region_names(panels.policy_or_none(as_of))
    form = PeopleFilterForm(query or None, regions=[(key, regions.get(key, key)) for key in partner.regions or []])
    rows: QuerySet[Person] = people_selectors.partner_people(partner).order_by("name", "id")
    data = applied(form)
    if data:
        if data["q"]:
            rows = rows.filter(name__icontains=data["q"])
        if data["region"]:
            rows = rows.filter(region=data["region"])
    if not data or data["current"] != "all":
        rows = rows.filter(active_people(as_of))
    return form, rows


def certifications(
    user: UserLike, partner: Partner | None, query: QueryDict, as_of: dt.date
) -> tuple[forms.Form | None, Any]:
    """Without a partner, the managers' queue of certifications to verify (no filters); with one, the
    certifications of the partner's people under the people list's filters, newest first."""
    found = people_selectors.visible_certifications(user).select_related("person__partner", "created_by")
    if partner is None:
        return None, found.filter(status=CertificationStatus.CLAIMED).order_by("created_at", "id")
    form, holders = people(user, partner, query, as_of)
    rows: QuerySet[Certification] = found.filter(person__in=holders.values("pk"))
    return form, rows.order_by("person__name", "person_id", "-earned_on", "-id")


def scorecards(
    user: UserLike, scope: Partner | EvaluationRun | None, query: QueryDict, as_of: dt.date
) -> tuple[forms.Form | None, Any]:
    """One run's scorecards (the managers' run page, with its filters), or a partner's own scorecards, the last
    run's of each evaluated quarter (no filters)."""
    if isinstance(scope, Partner):
        return None, latest_per_quarter(partner_scorecards(user, scope))
    assert isinstance(scope, EvaluationRun)
    form = ScorecardFilterForm(query or None, outcomes=Outcome.choices)
    rows: QuerySet[Scorecard] = visible_scorecards(user, scope)
    data = applied(form)
    if data:
        if data["q"]:
            rows = rows.filter(partner__name__icontains=data["q"])
        if data["outcome"]:
            rows = rows.filter(outcome=data["outcome"])
        if data["decided"]:
            rows = rows.filter(decision__isnull=data["decided"] == "no")
    return form, rows.order_by("partner__name", "pk")


def referral_fees(
    user: UserLike, partner: Partner | None, query: QueryDict, as_of: dt.date
) -> tuple[ReferralFeeFilterForm, Any]:
    """Referral fees by order date (the statement's order), of one partner or of every partner a manager sees."""
    rows: QuerySet[ReferralFee] = visible_referral_fees(user).order_by("decided_on", "id")
    if partner is not None:
        rows = rows.filter(partner=partner)
    form = ReferralFeeFilterForm(query or None, statuses=FeeStatus.choices)
    data = applied(form)
    if data:
        if data["period"]:
            match = re.fullmatch(r"(\d{4})Q([1-4])", data["period"])
            assert match is not None  # the form checked the shape
            rows = rows.filter(decided_on__range=quarter_bounds(int(match[1]), int(match[2])))
        if data["status"]:
            rows = rows.filter(status=data["status"])
        if data.get("q"):
            rows = rows.filter(Q(partner__name__icontains=data["q"]) | Q(order__end_customer__icontains=data["q"]))
    return form, rows
