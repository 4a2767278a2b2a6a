"""A partner's benefits (§5.1): what its classification gives, the requests it sent and their answers,
and the trademark uses it asked the vendor to approve (§10.3). Reads through `benefits.selectors`;
requests are benefits services, which decide entitlement and the cost notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pycountry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerhub.benefits import selectors
from partnerhub.benefits.services import benefit_requests, trademark
from partnerhub.core import forms
from partnerhub.policy.benefits import benefit_catalogue
from partnerhub.portal import panels
from partnerhub.portal.common import REFUSALS, refuse, today, visible_partner
from partnerhub.portal.forms import BenefitRequestForm, TrademarkRequestForm
from partnerhub.portal.views.partner import partner_page

BENEFIT_FIELDS = {"cost_acknowledged": "acknowledged_cost"}
TRADEMARK_FIELDS = {
    "trademark_territory": "territory",
    "inside_designated_territory": "territory",
    "trademark_program_year": "ends_on",
    "prior_approval": "ends_on",
}


@login_required
def benefits(request: HttpRequest, pk: int) -> HttpResponse:
    partner = visible_partner(request, pk)
    as_of = today()
    policy = panels.policy_or_none(as_of)
    entitled = panels.entitled_benefits(partner, policy, as_of)
    return partner_page(
        request,
        partner,
        "portal/benefits/list.html",
        "benefits",
        {
            "entitled": entitled,
            "next_tier": panels.next_tier(policy, entitled),
            "requests": selectors.visible_benefit_requests(request.user)
            .filter(partner=partner)
            .order_by("-requested_on", "-id")[:20],
            "trademarks": selectors.visible_trademark_usages(request.user).filter(partner=partner)[:20],
        },
    )


@login_required
def request_benefit(request: HttpRequest, pk: int, benefit: str) -> HttpResponseBase:
    partner = visible_partner(request, pk)
    as_of = today()
    entitled = panels.entitled_benefits(partner, panels.policy_or_none(as_of), as_of)
    found = next((item for item in (entitled.outcome if entitled else ()) if item.key == benefit), None)
    if found is None or not found.requestable:
        raise Http404("No such benefit to request.")
    form = BenefitRequestForm(request.POST or None)
    if not found.may_cost:
        del form.fields["acknowledged_cost"]
    if request.method == "POST" and form.is_valid():
        user = request.user
        assert isinstance(user, User)
        try:
            benefit_requests.benefit_request_create(
                partner=partner,
                benefit=benefit,
                details=form.cleaned_data["details"],
                acknowledged_cost=form.cleaned_data.get("acknowledged_cost", False),
                requested_on=as_of,
                acting_user=user,
            )
        except REFUSALS as error:
            refuse(form, error, fields=BENEFIT_FIELDS)
        else:
            messages.success(
                request,
                gettext("Your request for “%(label)s” is sent; the vendor answers by email.") % {"label": found.label},
            )
            return redirect("portal:partner-benefits", pk=partner.pk)
    preview = benefit_requests.benefit_request_preview(
        partner=partner, benefit=benefit, as_of=as_of, acknowledged_cost=True
    )
    context = {"benefit": found, "form": form, "preview": preview}
    return partner_page(request, partner, "portal/benefits/request.html", "benefits", context)


@login_required
def request_trademark(request: HttpRequest, pk: int) -> HttpResponseBase:
    partner = visible_partner(request, pk)
    as_of = today()
    territories = [(code, _country(code)) for code in partner.territories or []]
    form = TrademarkRequestForm(
        request.POST or None,
        territories=territories,
        initial={"starts_on": as_of + dt.timedelta(days=7), "ends_on": dt.date(as_of.year, 12, 31)},
    )
    if request.method == "POST" and form.is_valid():
        user = request.user
        assert isinstance(user, User)
        data = form.cleaned_data
        try:
            trademark.trademark_usage_request(
                partner=partner,
                mark=data["mark"],
                medium=data["medium"],
                territory=data["territory"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                requested_on=as_of,
                acting_user=user,
            )
        except REFUSALS as error:
            refuse(form, error, fields=TRADEMARK_FIELDS)
        else:
            messages.success(
                request, gettext("Your request to use the mark is sent: use it only once approved in writing.")
            )
            return redirect("portal:partner-benefits", pk=partner.pk)
    return partner_page(request, partner, "portal/benefits/trademark.html", "benefits", {"form": form})


def _country(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return f"{country.name} ({code})" if country is not None else code


class CatalogueForm(forms.Form):
    classification = forms.ChoiceField(label=_("Classification"), required=False)

    def __init__(self, *args: Any, columns: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["classification"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Every classification")), *columns]


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """Every benefit of the policy in force today, per classification, with its section (§5.1, §3.0): the same
    for every signed-in user, since it is the programme's and no partner's."""
    policy = panels.policy_or_none(today())
    decision = benefit_catalogue(policy) if policy is not None else None
    columns = list(zip(decision.facts["columns"], decision.facts["names"], strict=True)) if decision else []
    form = CatalogueForm(request.GET or None, columns=columns)
    chosen = form.cleaned_data["classification"] if form.is_valid() else ""
    shown = [index for index, (key, _) in enumerate(columns) if not chosen or key == chosen]
    rows = [
        (row, [(columns[index][1], row.columns[index]) for index in shown])
        for row in (decision.outcome if decision else ())
        if any(row.columns[index] is not None for index in shown)
    ]
    return render(
        request,
        "portal/benefits/catalogue.html",
        {
            "form": form,
            "catalogue": decision,
            "policy": policy,
            "names": [columns[index][1] for index in shown],
            "rows": rows,
            "active": "benefits",
        },
        status=400 if form.errors else 200,
    )
