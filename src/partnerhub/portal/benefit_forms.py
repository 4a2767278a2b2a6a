"""The forms of a partner's benefits and licences in the managers' console (§9.1, §10.1, §10.2, §10.3):
product subscriptions, Marketing Services access, reviews, payments and their documents, demonstration
notices and trademark withdrawals. They check the shape of the input; the benefits services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pycountry
from django.utils.translation import gettext_lazy as _

from partnerhub.benefits.models import GranteeKind, ReviewOutcome, SubscriptionPurpose
from partnerhub.benefits.uploads import upload_problems
from partnerhub.core import forms
from partnerhub.core.fields import StrictFormDateField
from partnerhub.portal.forms import DateInput


def _choices(form: forms.BaseForm, name: str, choices: Sequence[tuple[Any, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)


class SubscriptionForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Partner user"), coerce=int)
    product = forms.ChoiceField(label=_("Product"))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=SubscriptionPurpose.choices)
    starts_on = StrictFormDateField(label=_("From"), widget=DateInput())
    ends_on = StrictFormDateField(label=_("Until"), widget=DateInput())
    login_hint = forms.CharField(
        label=_("Account name"), required=False, max_length=200, help_text=_("Never a password.")
    )
    credential_reference = forms.CharField(
        label=_("Where the secret is kept"), max_length=300, help_text=_("e.g. vault://partners/acme/amelia-demo")
    )

    def __init__(
        self,
        *args: Any,
        users: Sequence[tuple[int, str]] = (),
        products: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "user", [("", _("Choose a user")), *users])
        _choices(self, "product", [("", _("Choose a product")), *products])


class RevokeSubscriptionForm(forms.Form):
    reason = forms.CharField(label=_("Why it is revoked"), max_length=500)


class MarketingAccessForm(forms.Form):
    grantee_kind = forms.ChoiceField(label=_("Access for"), choices=GranteeKind.choices, widget=forms.RadioSelect)
    user = forms.TypedChoiceField(label=_("Partner user (own staff)"), coerce=int, required=False, empty_value=None)
    third_party_name = forms.CharField(label=_("Third party"), required=False, max_length=200)
    third_party_contact = forms.CharField(label=_("Third party's contact"), required=False, max_length=200)
    responsible = forms.TypedChoiceField(
        label=_("Responsible at the partner"), coerce=int, help_text=_("The partner answers for a third party's use.")
    )
    scope = forms.CharField(label=_("What for"), max_length=500)

    def __init__(self, *args: Any, users: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "user", [("", "—"), *users])
        _choices(self, "responsible", [("", _("Choose a user")), *users])

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        kind = self.cleaned_data.get("grantee_kind")
        if kind == GranteeKind.PARTNER_STAFF and not self.cleaned_data.get("user"):
            self.add_error("user", _("Choose the partner user who gets the access."))
        if kind == GranteeKind.THIRD_PARTY and not self.cleaned_data.get("third_party_name", "").strip():
            self.add_error("third_party_name", _("Name the third party acting for the partner."))
        return cleaned


class RevokeAccessForm(forms.Form):
    confirmed = forms.BooleanField(label=_("Yes, the access ends today"))


class MarketingReviewForm(forms.Form):
    subject = forms.CharField(label=_("What was reviewed"), max_length=300)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    required_changes = forms.CharField(
        label=_("What must change"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    due_on = StrictFormDateField(label=_("By"), required=False, widget=DateInput())
    reviewed_on = StrictFormDateField(happened=True, label=_("Reviewed on"), widget=DateInput())

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        outcome = self.cleaned_data.get("outcome")
        if outcome and outcome != ReviewOutcome.COMPLIANT and not self.cleaned_data.get("required_changes", "").strip():
            self.add_error("required_changes", _("Say what the partner must change: it is told."))
        return cleaned


class MarketingPaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=12, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3, initial="EUR", help_text=_("e.g. EUR"))
    paid_on = StrictFormDateField(happened=True, label=_("Paid on"), widget=DateInput())
    basis = forms.CharField(label=_("For"), max_length=500, help_text=_("What the payment is for (§10.2)."))

    def clean_currency(self) -> str:
        code = str(self.cleaned_data["currency"])
        if not code.isupper() or pycountry.currencies.get(alpha_3=code) is None:
            raise forms.ValidationError(f"{code} is not a currency: write its three capital letters, e.g. EUR.")
        return code


class DocumentForm(forms.Form):
    document = forms.FileField(label=_("Supporting document"), help_text=_("PDF, PNG, JPEG or CSV."))

    def clean_document(self) -> Any:
        upload = self.cleaned_data["document"]
        problems = upload_problems(upload)
        if problems:
            raise forms.ValidationError(problems)
        return upload


class DemonstrationForm(forms.Form):
    prospect = forms.CharField(label=_("Prospect"), max_length=200)
    demo_on = StrictFormDateField(label=_("Demonstration on"), widget=DateInput())
    sales_force = forms.IntegerField(label=_("Prospect's sales force"), min_value=0, max_value=10_000_000)
    customer_service_group = forms.IntegerField(
        label=_("Prospect's customer-service group"), min_value=0, max_value=10_000_000
    )
    advised_on = StrictFormDateField(
        happened=True,
        label=_("Vendor advised on"),
        required=False,
        widget=DateInput(),
        help_text=_("The notice (§9.1)."),
    )


class TrademarkWithdrawalForm(forms.Form):
    notice_on = StrictFormDateField(happened=True, label=_("Written notice given on"), widget=DateInput())
    effective_on = StrictFormDateField(
        label=_("Takes effect on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: the latest day allowed (§10.3)."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)
