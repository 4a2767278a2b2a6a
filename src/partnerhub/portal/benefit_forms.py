"""The forms of a partner's benefits and licences in the managers' console (§9.1, §10.1, §10.2, §10.3):
product subscriptions, Marketing Services access, reviews, payments and their documents, demonstration
notices and trademark withdrawals. They check the shape of the input; the benefits services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pycountry

from partnerhub.benefits.models import GranteeKind, ReviewOutcome, SubscriptionPurpose
from partnerhub.benefits.uploads import upload_problems
from partnerhub.core import forms
from partnerhub.core.fields import StrictFormDateField
from partnerhub.portal.forms import DateInput


def _choices(form: forms.BaseForm, name: str, choices: Sequence[tuple[Any, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)


class SubscriptionForm(forms.Form):
    user = forms.TypedChoiceField(label="Partner user", coerce=int)
    product = forms.ChoiceField(label="Product")
    purpose = forms.ChoiceField(label="Purpose", choices=SubscriptionPurpose.choices)
    starts_on = StrictFormDateField(label="From", widget=DateInput())
    ends_on = StrictFormDateField(label="Until", widget=DateInput())
    login_hint = forms.CharField(label="Account name", required=False, max_length=200, help_text="Never a password.")
    credential_reference = forms.CharField(
        label="Where the secret is kept", max_length=300, help_text="e.g. vault://partners/acme/amelia-demo"
    )

    def __init__(
        self,
        *args: Any,
        users: Sequence[tuple[int, str]] = (),
        products: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "user", [("", "Choose a user"), *users])
        _choices(self, "product", [("", "Choose a product"), *products])


class RevokeSubscriptionForm(forms.Form):
    reason = forms.CharField(label="Why it is revoked", max_length=500)


class MarketingAccessForm(forms.Form):
    grantee_kind = forms.ChoiceField(label="Access for", choices=GranteeKind.choices, widget=forms.RadioSelect)
    user = forms.TypedChoiceField(label="Partner user (own staff)", coerce=int, required=False, empty_value=None)
    third_party_name = forms.CharField(label="Third party", required=False, max_length=200)
    third_party_contact = forms.CharField(label="Third party's contact", required=False, max_length=200)
    responsible = forms.TypedChoiceField(
        label="Responsible at the partner", coerce=int, help_text="The partner answers for a third party's use."
    )
    scope = forms.CharField(label="What for", max_length=500)

    def __init__(self, *args: Any, users: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "user", [("", "—"), *users])
        _choices(self, "responsible", [("", "Choose a user"), *users])

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        kind = self.cleaned_data.get("grantee_kind")
        if kind == GranteeKind.PARTNER_STAFF and not self.cleaned_data.get("user"):
            self.add_error("user", "Choose the partner user who gets the access.")
        if kind == GranteeKind.THIRD_PARTY and not self.cleaned_data.get("third_party_name", "").strip():
            self.add_error("third_party_name", "Name the third party acting for the partner.")
        return cleaned


class RevokeAccessForm(forms.Form):
    confirmed = forms.BooleanField(label="Yes, the access ends today")


class MarketingReviewForm(forms.Form):
    subject = forms.CharField(label="What was reviewed", max_length=300)
    outcome = forms.ChoiceField(label="Outcome", choices=ReviewOutcome.choices)
    required_changes = forms.CharField(
        label="What must change", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    due_on = StrictFormDateField(label="By", required=False, widget=DateInput())
    reviewed_on = StrictFormDateField(happened=True, label="Reviewed on", widget=DateInput())

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        outcome = self.cleaned_data.get("outcome")
        if outcome and outcome != ReviewOutcome.COMPLIANT and not self.cleaned_data.get("required_changes", "").strip():
            self.add_error("required_changes", "Say what the partner must change: it is told.")
        return cleaned


class MarketingPaymentForm(forms.Form):
    amount = forms.DecimalField(label="Amount", min_value=0, max_digits=12, decimal_places=2)
    currency = forms.CharField(label="Currency", max_length=3, min_length=3, initial="EUR", help_text="e.g. EUR")
    paid_on = StrictFormDateField(happened=True, label="Paid on", widget=DateInput())
    basis = forms.CharField(label="For", max_length=500, help_text="What the payment is for (§10.2).")

    def clean_currency(self) -> str:
        code = str(self.cleaned_data["currency"])
        if not code.isupper() or pycountry.currencies.get(alpha_3=code) is None:
            raise forms.ValidationError(f"{code} is not a currency: write its three capital letters, e.g. EUR.")
        return code


class DocumentForm(forms.Form):
    document = forms.FileField(label="Supporting document", help_text="PDF, PNG, JPEG or CSV.")

    def clean_document(self) -> Any:
        upload = self.cleaned_data["document"]
        problems = upload_problems(upload)
        if problems:
            raise forms.ValidationError(problems)
        return upload


class DemonstrationForm(forms.Form):
    prospect = forms.CharField(label="Prospect", max_length=200)
    demo_on = StrictFormDateField(label="Demonstration on", widget=DateInput())
    sales_force = forms.IntegerField(label="Prospect's sales force", min_value=0, max_value=10_000_000)
    customer_service_group = forms.IntegerField(
        label="Prospect's customer-service group", min_value=0, max_value=10_000_000
    )
    advised_on = StrictFormDateField(
        happened=True, label="Vendor advised on", required=False, widget=DateInput(), help_text="The notice (§9.1)."
    )


class TrademarkWithdrawalForm(forms.Form):
    notice_on = StrictFormDateField(happened=True, label="Written notice given on", widget=DateInput())
    effective_on = StrictFormDateField(
        label="Takes effect on", required=False, widget=DateInput(), help_text="Empty: the latest day allowed (§10.3)."
    )
    reason = forms.CharField(label="Reason", max_length=500)
