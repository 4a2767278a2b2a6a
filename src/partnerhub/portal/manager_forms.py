"""The forms of the managers' console for one partner: its lifecycle, terms, users and obligations.

As everywhere in the portal, a form checks only the shape of what was typed; whether the action is allowed
is the service's decision, whose refusal `common.refuse` shows beside the field it concerns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from partnerhub.core import forms
from partnerhub.core.fields import StrictFormDateField
from partnerhub.portal.forms import DateInput
from partnerhub.portal.workqueues import DEADLINE_HORIZON_DAYS


def percent_field(label: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2, help_text=help_text
    )


def _choices(form: forms.BaseForm, name: str, choices: Sequence[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)


class TerminateForm(forms.Form):
    terminated_on = StrictFormDateField(happened=True, policy=True, label="Terminated on", widget=DateInput())
    reason = forms.CharField(
        label="Reason (told to the partner)", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class DeactivateForm(forms.Form):
    deactivated_on = StrictFormDateField(happened=True, policy=True, label="Deactivated on", widget=DateInput())
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text="Empty: the qualification window ended without registration (§2.0).",
    )


class ReassignForm(forms.Form):
    classification = forms.ChoiceField(label="New classification")
    effective_on = StrictFormDateField(
        policy=True,
        label="Takes effect on",
        widget=DateInput(),
        help_text="A later date keeps the current classification until then.",
    )
    reason = forms.CharField(
        label="Reason (told to the partner)", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
    notice = forms.CharField(
        label="Notice given", required=False, max_length=500, help_text="The notice the partner received (§8.0)."
    )
    notice_on = StrictFormDateField(happened=True, label="Notice given on", required=False, widget=DateInput())

    def __init__(self, *args: Any, classifications: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "classification", [("", "Choose a classification"), *classifications])


class RejoinForm(forms.Form):
    rejoined_on = StrictFormDateField(happened=True, policy=True, label="Rejoins on", widget=DateInput())
    classification = forms.ChoiceField(label="Classification", required=False)
    reason = forms.CharField(label="Note", required=False, max_length=500)

    def __init__(self, *args: Any, classifications: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "classification", [("", "The one it had"), *classifications])


class NonRenewalNoticeForm(forms.Form):
    received_on = StrictFormDateField(
        happened=True,
        policy=True,
        label="Written notice received on",
        widget=DateInput(),
        help_text="On or before 2 December it stops the renewal on 1 January (§5.1).",
    )
    note = forms.CharField(label="Note", required=False, max_length=500)


class ComplianceVerificationForm(forms.Form):
    verified_on = StrictFormDateField(happened=True, label="Verified on", widget=DateInput())
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class GovernanceRecordForm(forms.Form):
    kind = forms.ChoiceField(label="Record")
    effective_on = StrictFormDateField(
        happened=True, label="Held on, or on file from", widget=DateInput(), help_text="The day it happened."
    )
    valid_until = StrictFormDateField(
        label="On file until", required=False, widget=DateInput(), help_text="Empty: until replaced."
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    def __init__(self, *args: Any, kinds: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "kind", [("", "Choose a record"), *kinds])


class FinancialStandingForm(forms.Form):
    flagged = forms.TypedChoiceField(
        label="Financial standing",
        coerce=lambda value: value == "flag",
        choices=[
            ("flag", "Not in sufficiently good financial standing"),
            ("clear", "Back in good financial standing"),
        ],
        widget=forms.RadioSelect,
    )
    effective_on = StrictFormDateField(label="From", widget=DateInput())
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class StandingExceptionForm(forms.Form):
    qualification = forms.ChoiceField(label="Qualification excepted")
    starts_on = StrictFormDateField(label="From", widget=DateInput())
    ends_on = StrictFormDateField(label="Until", widget=DateInput())
    approved_by = forms.CharField(
        label="Approved by", max_length=200, help_text="The vendor's designated leader who approved it (§5.2)."
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    def __init__(self, *args: Any, qualifications: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "qualification", [("", "Choose a qualification"), *qualifications])


class ComplianceTimelineForm(forms.Form):
    requirement = forms.CharField(label="What the partner must do", max_length=500)
    section = forms.CharField(label="Policy section", max_length=10, help_text="e.g. 9.1")
    communicated_on = StrictFormDateField(happened=True, label="Communicated on", widget=DateInput())
    due_on = StrictFormDateField(label="Due on", widget=DateInput())


class CompleteTimelineForm(forms.Form):
    completed_on = StrictFormDateField(happened=True, label="Completed on", widget=DateInput())


class RepresentativeForm(forms.Form):
    representative = forms.TypedChoiceField(
        label="Designated Partner Representative",
        coerce=lambda value: value == "yes",
        choices=[("yes", "Mark"), ("no", "Unmark")],
    )


class DeactivateUserForm(forms.Form):
    reason = forms.CharField(
        label="Reason", required=False, max_length=500, help_text="Kept on the partner's timeline."
    )


class WebLeadForm(forms.Form):
    """A lead the vendor received; it is offered at once to every partner entitled to web leads (§5.1)."""

    end_customer = forms.CharField(label="End customer", max_length=200)
    country = forms.ChoiceField(label="Country")
    product = forms.ChoiceField(label="Product line")
    contact_name = forms.CharField(label="Contact name", max_length=200)
    contact_email = forms.EmailField(label="Contact email", required=False)
    contact_phone = forms.CharField(label="Contact phone", max_length=50, required=False)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    received_on = StrictFormDateField(happened=True, policy=True, label="Received on", widget=DateInput())

    def __init__(
        self,
        *args: Any,
        countries: Sequence[tuple[str, str]] = (),
        products: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "country", [("", "Choose a country"), *countries])
        _choices(self, "product", [("", "Choose a product line"), *products])


class OfferLeadForm(forms.Form):
    partner = forms.TypedChoiceField(label="Offer to", coerce=int)

    def __init__(self, *args: Any, partners: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "partner", [("", "Choose a partner"), *((str(pk), name) for pk, name in partners)])


class ListingReviewForm(forms.Form):
    """A review against the set standards (§3.0): one box per standard, all ticked to approve publication."""

    notes = forms.CharField(
        label="Notes to the partner", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )

    def __init__(self, *args: Any, standards: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in standards:
            self.fields[f"standard_{key}"] = forms.BooleanField(label=label, required=False)
        self.order_fields([*(f"standard_{key}" for key, _ in standards), "notes"])

    def checklist(self) -> dict[str, bool]:
        return {
            name.removeprefix("standard_"): bool(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("standard_")
        }


class WithdrawListingForm(forms.Form):
    reason = forms.CharField(
        label="Why it is withdrawn (told to the partner)", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


HORIZONS = [(30, "30 days"), (60, "60 days"), (90, "90 days"), (180, "6 months"), (365, "a year")]
DEFAULT_HORIZON = DEADLINE_HORIZON_DAYS


class DeadlineHorizonForm(forms.Form):
    """How far ahead the deadlines page looks, and which kind of deadline it shows."""

    days = forms.TypedChoiceField(
        label="Next", coerce=int, choices=[(str(days), label) for days, label in HORIZONS], required=False
    )
    kind = forms.ChoiceField(label="Kind", required=False)

    def __init__(self, *args: Any, kinds: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "kind", [("", "All"), *kinds])

    def horizon(self) -> int:
        return (self.cleaned_data.get("days") or DEFAULT_HORIZON) if self.is_valid() else DEFAULT_HORIZON

    def chosen_kind(self) -> str:
        return str(self.cleaned_data.get("kind") or "") if self.is_valid() else ""


YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class TermsForm(forms.Form):
    """The terms of participation; what is left as it was is kept (the service says what changes)."""

    regions = forms.MultipleChoiceField(label="Authorized regions", widget=forms.CheckboxSelectMultiple)
    territories = forms.CharField(
        label="Designated territories",
        required=False,
        max_length=400,
        help_text="ISO country codes separated by commas, e.g. DE, AT, CH (§4.0).",
    )
    products = forms.MultipleChoiceField(label="Product lines", required=False, widget=forms.CheckboxSelectMultiple)
    referral_fee_program = forms.TypedChoiceField(
        label="In the referral fee program", coerce=_yes_no, choices=YES_NO, empty_value=None
    )
    referral_fee_percent = percent_field("Referral fee (%)")
    reseller_agreement_signed = forms.TypedChoiceField(
        label="Reseller agreement signed", coerce=_yes_no, choices=YES_NO, empty_value=None
    )
    resale_discount_percent = percent_field("Resale discount (%)", "Only with resale rights (§7.1).")
    effective_on = StrictFormDateField(policy=True, label="From", widget=DateInput())
    reason = forms.CharField(label="Reason (told to the partner)", max_length=500)

    def __init__(
        self,
        *args: Any,
        regions: Sequence[tuple[str, str]] = (),
        products: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "regions", regions)
        _choices(self, "products", products)


class ResellerAgreementForm(forms.Form):
    effective_on = StrictFormDateField(happened=True, policy=True, label="Signed on", widget=DateInput())
    resale_discount_percent = percent_field("Resale discount (%)", "Empty: the partner's, else the policy's.")
    reason = forms.CharField(label="Note", max_length=500, initial="Reseller agreement signed")


class WithdrawNoticeForm(forms.Form):
    withdrawn_on = StrictFormDateField(happened=True, policy=True, label="Taken back on", widget=DateInput())
    reason = forms.CharField(
        label="How the partner took it back", max_length=500, help_text="e.g. its letter of 25 November"
    )
