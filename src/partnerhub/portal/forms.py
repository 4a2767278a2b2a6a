"""The portal's forms. They check the shape of what was typed (dates are dates, a choice is a choice);
the rules themselves are the services', whose refusals `common.refuse` puts beside the fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label="What happened", required=False)

    def __init__(self, *args: Any, kinds: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "kind").choices = [("", "Everything"), *((k, k.replace("_", " ").capitalize()) for k in kinds)]


class PayInvoiceForm(forms.Form):
    paid_on = forms.DateField(label="Paid on", widget=DateInput())
    reference = forms.CharField(label="Payment reference", required=False, max_length=200)


class PartnerFilterForm(forms.Form):
    """The filters of the managers' partner list; the filtering itself is the partners API's `PartnerFilter`."""

    name = forms.CharField(label="Name contains", required=False, max_length=100)
    classification = forms.ChoiceField(label="Classification", required=False)
    status = forms.ChoiceField(label="Status", required=False)
    region = forms.ChoiceField(label="Region", required=False)

    def __init__(
        self,
        *args: Any,
        classifications: Sequence[tuple[str, str]] = (),
        statuses: Sequence[tuple[str, str]] = (),
        regions: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "classification").choices = [("", "All"), *classifications]
        _choice(self, "status").choices = [("", "All"), *statuses]
        _choice(self, "region").choices = [("", "All"), *regions]


class ApproveApplicationForm(forms.Form):
    approved_on = forms.DateField(
        label="Approved on",
        widget=DateInput(),
        help_text="The enrollment date: the 6-month qualification window starts.",
    )
    classification = forms.ChoiceField(label="Classification")
    referral_fee_percent = forms.DecimalField(
        label="Referral fee (%)", required=False, min_value=0, max_value=100, decimal_places=2,
        help_text="Leave empty for the policy's default.",
    )
    resale_discount_percent = forms.DecimalField(
        label="Resale discount (%)", required=False, min_value=0, max_value=100, decimal_places=2,
        help_text="Only with resale rights (§7.1).",
    )
    reason = forms.CharField(label="Note", required=False, max_length=500)

    def __init__(self, *args: Any, classifications: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "classification").choices = list(classifications)


class RejectApplicationForm(forms.Form):
    rejected_on = forms.DateField(label="Rejected on", widget=DateInput())
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class ResolveWorkItemForm(forms.Form):
    resolution = forms.CharField(label="Why no action is needed", max_length=500)
