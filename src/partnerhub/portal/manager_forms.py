"""The forms of the managers' console for one partner: its lifecycle, terms, users and obligations.

As everywhere in the portal, a form checks only the shape of what was typed; whether the action is allowed
is the service's decision, whose refusal `common.refuse` shows beside the field it concerns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from partnerhub.core import forms
from partnerhub.core.fields import StrictFormDateField
from partnerhub.portal.forms import DateInput
from partnerhub.portal.workqueues import DEADLINE_HORIZON_DAYS

if TYPE_CHECKING:
    # A label that may be lazily translated (django-stubs' name for str or a Promise).
    from django_stubs_ext import StrOrPromise


def percent_field(label: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2, help_text=help_text
    )


def _choices(form: forms.BaseForm, name: str, choices: Sequence[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)


class TerminateForm(forms.Form):
    terminated_on = StrictFormDateField(happened=True, policy=True, label=_("Terminated on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason (told to the partner)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class DeactivateForm(forms.Form):
    deactivated_on = StrictFormDateField(happened=True, policy=True, label=_("Deactivated on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("Empty: the qualification window ended without registration (§2.0)."),
    )


class ReassignForm(forms.Form):
    classification = forms.ChoiceField(label=_("New classification"))
    effective_on = StrictFormDateField(
        policy=True,
        label=_("Takes effect on"),
        widget=DateInput(),
        help_text=_("A later date keeps the current classification until then."),
    )
    reason = forms.CharField(
        label=_("Reason (told to the partner)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
    notice = forms.CharField(
        label=_("Notice given"), required=False, max_length=500, help_text=_("The notice the partner received (§8.0).")
    )
    notice_on = StrictFormDateField(happened=True, label=_("Notice given on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, classifications: Sequence[tuple[str, StrOrPromise]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "classification", [("", _("Choose a classification")), *classifications])


class RejoinForm(forms.Form):
    rejoined_on = StrictFormDateField(happened=True, policy=True, label=_("Rejoins on"), widget=DateInput())
    classification = forms.ChoiceField(label=_("Classification"), required=False)
    reason = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, classifications: Sequence[tuple[str, StrOrPromise]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "classification", [("", _("The one it had")), *classifications])


class NonRenewalNoticeForm(forms.Form):
    received_on = StrictFormDateField(
        happened=True,
        policy=True,
        label=_("Written notice received on"),
        widget=DateInput(),
        help_text=_("On or before 2 December it stops the renewal on 1 January (§5.1)."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ComplianceVerificationForm(forms.Form):
    verified_on = StrictFormDateField(happened=True, label=_("Verified on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class GovernanceRecordForm(forms.Form):
    kind = forms.ChoiceField(label=_("Record"))
    effective_on = StrictFormDateField(
        happened=True, label=_("Held on, or on file from"), widget=DateInput(), help_text=_("The day it happened.")
    )
    valid_until = StrictFormDateField(
        label=_("On file until"), required=False, widget=DateInput(), help_text=_("Empty: until replaced.")
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    def __init__(self, *args: Any, kinds: Sequence[tuple[str, StrOrPromise]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "kind", [("", _("Choose a record")), *kinds])


class FinancialStandingForm(forms.Form):
    flagged = forms.TypedChoiceField(
        label=_("Financial standing"),
        coerce=lambda value: value == "flag",
        choices=[
            ("flag", _("Not in sufficiently good financial standing")),
            ("clear", _("Back in good financial standing")),
        ],
        widget=forms.RadioSelect,
    )
    effective_on = StrictFormDateField(label=_("From"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class StandingExceptionForm(forms.Form):
    qualification = forms.ChoiceField(label=_("Qualification excepted"))
    starts_on = StrictFormDateField(label=_("From"), widget=DateInput())
    ends_on = StrictFormDateField(label=_("Until"), widget=DateInput())
    approved_by = forms.CharField(
        label=_("Approved by"), max_length=200, help_text=_("The vendor's designated leader who approved it (§5.2).")
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    def __init__(self, *args: Any, qualifications: Sequence[tuple[str, StrOrPromise]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "qualification", [("", _("Choose a qualification")), *qualifications])


class ComplianceTimelineForm(forms.Form):
    requirement = forms.CharField(label=_("What the partner must do"), max_length=500)
    section = forms.CharField(label=_("Policy section"), max_length=10, help_text=_("e.g. 9.1"))
    communicated_on = StrictFormDateField(happened=True, label=_("Communicated on"), widget=DateInput())
    due_on = StrictFormDateField(label=_("Due on"), widget=DateInput())


class CompleteTimelineForm(forms.Form):
    completed_on = StrictFormDateField(happened=True, label=_("Completed on"), widget=DateInput())


class RepresentativeForm(forms.Form):
    representative = forms.TypedChoiceField(
        label=_("Designated Partner Representative"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("Mark")), ("no", _("Unmark"))],
    )


class DeactivateUserForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=500, help_text=_("Kept on the partner's timeline.")
    )


class WebLeadForm(forms.Form):
    """A lead the vendor received; it is offered at once to every partner entitled to web leads (§5.1)."""

    end_customer = forms.CharField(label=_("End customer"), max_length=200)
    country = forms.ChoiceField(label=_("Country"))
    product = forms.ChoiceField(label=_("Product line"))
    contact_name = forms.CharField(label=_("Contact name"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=50, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    received_on = StrictFormDateField(happened=True, policy=True, label=_("Received on"), widget=DateInput())

    def __init__(
        self,
        *args: Any,
        countries: Sequence[tuple[str, StrOrPromise]] = (),
        products: Sequence[tuple[str, StrOrPromise]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "country", [("", _("Choose a country")), *countries])
        _choices(self, "product", [("", _("Choose a product line")), *products])


class OfferLeadForm(forms.Form):
    partner = forms.TypedChoiceField(label=_("Offer to"), coerce=int)

    def __init__(self, *args: Any, partners: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "partner", [("", _("Choose a partner")), *((str(pk), name) for pk, name in partners)])


class ListingReviewForm(forms.Form):
    """A review against the set standards (§3.0): one box per standard, all ticked to approve publication."""

    notes = forms.CharField(
        label=_("Notes to the partner"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )

    def __init__(self, *args: Any, standards: Sequence[tuple[str, StrOrPromise]] = (), **kwargs: Any) -> None:
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
        label=_("Why it is withdrawn (told to the partner)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


HORIZONS = [(30, _("30 days")), (60, _("60 days")), (90, _("90 days")), (180, _("6 months")), (365, _("a year"))]
DEFAULT_HORIZON = DEADLINE_HORIZON_DAYS


class DeadlineHorizonForm(forms.Form):
    """How far ahead the deadlines page looks, and which kind of deadline it shows."""

    days = forms.TypedChoiceField(
        label=_("Next"), coerce=int, choices=[(str(days), label) for days, label in HORIZONS], required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args: Any, kinds: Sequence[tuple[str, Any]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "kind", [("", _("All")), *kinds])

    def horizon(self) -> int:
        return (self.cleaned_data.get("days") or DEFAULT_HORIZON) if self.is_valid() else DEFAULT_HORIZON

    def chosen_kind(self) -> str:
        return str(self.cleaned_data.get("kind") or "") if self.is_valid() else ""


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class TermsForm(forms.Form):
    """The terms of participation; what is left as it was is kept (the service says what changes)."""

    regions = forms.MultipleChoiceField(label=_("Authorized regions"), widget=forms.CheckboxSelectMultiple)
    territories = forms.CharField(
        label=_("Designated territories"),
        required=False,
        max_length=400,
        help_text=_("ISO country codes separated by commas, e.g. DE, AT, CH (§4.0)."),
    )
    products = forms.MultipleChoiceField(label=_("Product lines"), required=False, widget=forms.CheckboxSelectMultiple)
    referral_fee_program = forms.TypedChoiceField(
        label=_("In the referral fee program"), coerce=_yes_no, choices=YES_NO, empty_value=None
    )
    referral_fee_percent = percent_field("Referral fee (%)")
    reseller_agreement_signed = forms.TypedChoiceField(
        label=_("Reseller agreement signed"), coerce=_yes_no, choices=YES_NO, empty_value=None
    )
    resale_discount_percent = percent_field("Resale discount (%)", "Only with resale rights (§7.1).")
    effective_on = StrictFormDateField(policy=True, label=_("From"), widget=DateInput())
    reason = forms.CharField(label=_("Reason (told to the partner)"), max_length=500)

    def __init__(
        self,
        *args: Any,
        regions: Sequence[tuple[str, StrOrPromise]] = (),
        products: Sequence[tuple[str, StrOrPromise]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "regions", regions)
        _choices(self, "products", products)


class ResellerAgreementForm(forms.Form):
    effective_on = StrictFormDateField(happened=True, policy=True, label=_("Signed on"), widget=DateInput())
    resale_discount_percent = percent_field("Resale discount (%)", "Empty: the partner's, else the policy's.")
    reason = forms.CharField(label=_("Note"), max_length=500, initial="Reseller agreement signed")


class WithdrawNoticeForm(forms.Form):
    withdrawn_on = StrictFormDateField(happened=True, policy=True, label=_("Taken back on"), widget=DateInput())
    reason = forms.CharField(
        label=_("How the partner took it back"), max_length=500, help_text=_("e.g. its letter of 25 November")
    )
