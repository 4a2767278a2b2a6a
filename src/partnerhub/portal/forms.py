"""The portal's forms. They check the shape of what was typed (dates are dates, a choice is a choice);
the rules themselves are the services', whose refusals `common.refuse` puts beside the fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from partnerhub.core import forms
from partnerhub.core.fields import StrictFormDateField

if TYPE_CHECKING:
    # A label that may be lazily translated (django-stubs' name for str or a Promise).
    from django_stubs_ext import StrOrPromise


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), required=False)

    def __init__(self, *args: Any, kinds: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "kind").choices = [("", _("Everything")), *((k, k.replace("_", " ").capitalize()) for k in kinds)]


class PayInvoiceForm(forms.Form):
    paid_on = StrictFormDateField(happened=True, label=_("Paid on"), widget=DateInput())
    reference = forms.CharField(label=_("Payment reference"), required=False, max_length=200)


class PartnerFilterForm(forms.Form):
    """The filters of the managers' partner list; the filtering itself is the partners API's `PartnerFilter`."""

    name = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    classification = forms.ChoiceField(label=_("Classification"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    good_standing = forms.ChoiceField(
        label=_("Good standing"),
        required=False,
        choices=[("", _("All")), ("yes", _("In good standing")), ("no", _("Not in good standing"))],
    )
    sort = forms.ChoiceField(label=_("Sorted by"), required=False)

    def __init__(
        self,
        *args: Any,
        classifications: Sequence[tuple[str, StrOrPromise]] = (),
        statuses: Sequence[tuple[str, StrOrPromise]] = (),
        regions: Sequence[tuple[str, StrOrPromise]] = (),
        sorts: Sequence[tuple[str, StrOrPromise]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "classification").choices = [("", _("All")), *classifications]
        _choice(self, "status").choices = [("", _("All")), *statuses]
        _choice(self, "region").choices = [("", _("All")), *regions]
        _choice(self, "sort").choices = [("", _("Name")), *sorts]


class ApproveApplicationForm(forms.Form):
    approved_on = StrictFormDateField(
        happened=True,
        label=_("Approved on"),
        widget=DateInput(),
        help_text=_("The enrollment date: the 6-month qualification window starts."),
    )
    classification = forms.ChoiceField(label=_("Classification"))
    referral_fee_percent = forms.DecimalField(
        label=_("Referral fee (%)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("Leave empty for the policy's default."),
    )
    resale_discount_percent = forms.DecimalField(
        label=_("Resale discount (%)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("Only with resale rights (§7.1)."),
    )
    reason = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, classifications: Sequence[tuple[str, StrOrPromise]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "classification").choices = list(classifications)


class RejectApplicationForm(forms.Form):
    rejected_on = StrictFormDateField(happened=True, label=_("Rejected on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class ResolveWorkItemForm(forms.Form):
    resolution = forms.CharField(label=_("Why no action is needed"), max_length=500)


class DealFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, help_text=_("Customer, opportunity or partner")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, statuses: Sequence[tuple[str, StrOrPromise]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "status").choices = [("", _("All")), *statuses]


class InvoiceFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, statuses: Sequence[tuple[str, StrOrPromise]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "status").choices = [("", _("All")), *statuses]


class ReferralFeeFilterForm(forms.Form):
    period = forms.RegexField(
        label=_("Quarter"),
        required=False,
        regex=r"^\d{4}Q[1-4]$",
        max_length=6,
        error_messages={"invalid": "Write the quarter as year and quarter, for example 2019Q3."},
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    q = forms.CharField(label=_("Partner or customer"), required=False, max_length=100)

    def __init__(self, *args: Any, statuses: Sequence[tuple[str, StrOrPromise]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "status").choices = [("", _("All")), *statuses]


class RegisterDealForm(forms.Form):
    """A deal registration (§7.3). Whether it is admissible — territory, an order already placed, consent,
    who submits it — is the deals service's decision; its refusals are shown beside these fields."""

    end_customer = forms.CharField(label=_("End customer"), max_length=200)
    opportunity = forms.CharField(
        label=_("Opportunity"), max_length=200, help_text=_("What the customer wants to buy.")
    )
    country = forms.ChoiceField(label=_("Country"), help_text=_("One of your designated territories (§4.0)."))
    estimated_value = forms.DecimalField(label=_("Estimated value"), min_value=0, max_digits=14, decimal_places=2)
    contact_name = forms.CharField(label=_("Contact name"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=50, required=False)
    consent_confirmed = forms.BooleanField(
        label=_(
            "The contact person was told that their data is shared with the vendor for this registration, "
            "and agreed to it."
        ),
        required=False,
        help_text=_("Required by the personal-data paragraph of §7.3; stored with the time and your name."),
    )
    received_on = StrictFormDateField(
        happened=True,
        label=_("Received on"),
        required=False,
        widget=DateInput(),
        help_text=_("Managers: the day the email arrived."),
    )
    received_from = forms.CharField(label=_("Received from"), required=False, max_length=200)

    def __init__(
        self, *args: Any, countries: Sequence[tuple[str, StrOrPromise]] = (), manager: bool = False, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        _choice(self, "country").choices = [("", _("Choose a country")), *countries]
        if not manager:
            del self.fields["received_on"]
            del self.fields["received_from"]


class DecideDealForm(forms.Form):
    decided_on = StrictFormDateField(happened=True, label=_("Date"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason (told to the partner)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class CloseDealForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("won", _("Won")), ("lost", _("Lost"))])
    closed_on = StrictFormDateField(happened=True, label=_("Closed on"), widget=DateInput())


class ExtensionRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the deal needs more time (the vendor decides)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class ExtensionDecisionForm(forms.Form):
    decided_on = StrictFormDateField(happened=True, label=_("Date"), widget=DateInput())
    reason = forms.CharField(
        label=_("Note or reason (told to the partner; a refusal needs one)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )


class PersonForm(forms.Form):
    """A resource person (§5.0). Whether the region and roles are acceptable for this partner is the people
    service's decision."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    region = forms.ChoiceField(label=_("Region"), help_text=_("One of your authorized regions (§2.0)."))
    roles = forms.MultipleChoiceField(label=_("Roles"), widget=forms.CheckboxSelectMultiple)
    joined_on = StrictFormDateField(happened=True, label=_("Works for you since"), required=False, widget=DateInput())

    def __init__(
        self,
        *args: Any,
        regions: Sequence[tuple[str, StrOrPromise]] = (),
        roles: Sequence[tuple[str, StrOrPromise]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "region").choices = [("", _("Choose a region")), *regions]
        _choice(self, "roles").choices = list(roles)


class CertificationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Certification"))
    product = forms.ChoiceField(
        label=_("Product line"), required=False, help_text=_("For CTL, CIE, CED and Experience Designer.")
    )
    earned_on = StrictFormDateField(happened=True, label=_("Earned on"), widget=DateInput())
    expires_on = StrictFormDateField(
        label=_("Expires on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: one year after it was earned (§5.0)."),
    )

    def __init__(
        self,
        *args: Any,
        kinds: Sequence[tuple[str, StrOrPromise]] = (),
        products: Sequence[tuple[str, StrOrPromise]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "kind").choices = [("", _("Choose a certification")), *kinds]
        _choice(self, "product").choices = [("", "—"), *products]


class LeaveForm(forms.Form):
    """A departure cannot be taken back: the box asks for the confirmation a one-click button would not."""

    left_on = StrictFormDateField(happened=True, label=_("No longer works for you from"), widget=DateInput())
    confirmed = forms.BooleanField(
        label=_("Yes: this person's certifications and roles stop counting for the partner from that day"),
        error_messages={"required": "Tick the box to confirm the departure: it cannot be undone."},
    )


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("Region"), required=False)
    current = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Current people")), ("all", _("Everyone, also those who left"))],
    )

    def __init__(self, *args: Any, regions: Sequence[tuple[str, StrOrPromise]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "region").choices = [("", _("All")), *regions]


class BenefitRequestForm(forms.Form):
    details = forms.CharField(
        label=_("What do you need?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Dates, people, the customer or project it is for."),
    )
    acknowledged_cost = forms.BooleanField(
        label=_("I understand this benefit may come with a cost, agreed before it is provided."), required=False
    )


class TrademarkRequestForm(forms.Form):
    mark = forms.CharField(label=_("Mark"), max_length=200, initial="Partner program logo")
    medium = forms.CharField(label=_("Where it is used"), max_length=300, help_text=_("e.g. web site, brochure, booth"))
    territory = forms.ChoiceField(label=_("Territory"), help_text=_("One of your designated territories (§4.0)."))
    starts_on = StrictFormDateField(label=_("From"), widget=DateInput())
    ends_on = StrictFormDateField(label=_("Until"), widget=DateInput(), help_text=_("Within one Program Year (§10.3)."))

    def __init__(self, *args: Any, territories: Sequence[tuple[str, StrOrPromise]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "territory").choices = [("", _("Choose a territory")), *territories]


class RunForm(forms.Form):
    period = forms.ChoiceField(label=_("Quarter"), help_text=_("A quarter that has ended (§8.0)."))
    rerun = forms.BooleanField(
        label=_("Evaluate it again (the earlier run is kept; a notice is never sent twice)"), required=False
    )

    def __init__(self, *args: Any, periods: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "period").choices = [(p, p) for p in periods]


class ScorecardFilterForm(forms.Form):
    q = forms.CharField(label=_("Partner"), required=False, max_length=100)
    outcome = forms.ChoiceField(label=_("Proposal"), required=False)
    decided = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", _("All")), ("no", _("Not decided yet")), ("yes", _("Decided"))],
    )

    def __init__(self, *args: Any, outcomes: Sequence[tuple[str, StrOrPromise]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "outcome").choices = [("", _("All")), *outcomes]


class DecideScorecardForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("accept", _("Accept the proposal")), ("override", _("Decide otherwise"))],
        initial="accept",
    )
    outcome = forms.ChoiceField(label=_("Outcome instead"), required=False)
    target = forms.ChoiceField(label=_("Classification to move to"), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    decided_on = StrictFormDateField(happened=True, label=_("Decided on"), widget=DateInput())

    def __init__(
        self,
        *args: Any,
        outcomes: Sequence[tuple[str, StrOrPromise]] = (),
        classifications: Sequence[tuple[str, StrOrPromise]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "outcome").choices = [("", "—"), *outcomes]
        _choice(self, "target").choices = [("", "the next on the path (§3.0)"), *classifications]


class AcceptAllForm(forms.Form):
    outcomes = forms.MultipleChoiceField(label=_("Proposals to accept"), widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("Reason"), max_length=500, initial="As the scorecard proposes.")

    def __init__(self, *args: Any, outcomes: Sequence[tuple[str, StrOrPromise]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "outcomes").choices = list(outcomes)


class AnswerRequestForm(forms.Form):
    """Fulfil or decline a benefit request; approve or reject a trademark use."""

    on = StrictFormDateField(happened=True, label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note to the partner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("Required to decline or reject; for an approval, the written approval as sent."),
    )


class ApplicationForm(forms.Form):
    """The public application (§2.0 "request to enroll"). `website` is a trap for robots: the field is hidden
    from people (and from assistive technology), so a value in it means the form was not filled in by one."""

    name = forms.CharField(label=_("Organization name"), max_length=200)
    kind = forms.ChoiceField(label=_("You apply as"))
    classification = forms.ChoiceField(label=_("Classification you apply for"))
    regions = forms.MultipleChoiceField(
        label=_("Regions"), widget=forms.CheckboxSelectMultiple, help_text=_("Where you will work (§2.0, §4.0).")
    )
    territories = forms.CharField(
        label=_("Territories"),
        required=False,
        max_length=300,
        help_text=_("Countries you will work in, as two-letter codes separated by commas, e.g. DE, FR."),
    )
    products = forms.MultipleChoiceField(label=_("Products"), widget=forms.CheckboxSelectMultiple, required=False)
    solution_name = forms.CharField(label=_("Name of your solution"), required=False, max_length=200)
    contact_email = forms.EmailField(
        label=_("Contact email"), help_text=_("The vendor answers your application at this address.")
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(
        self,
        *args: Any,
        kinds: Sequence[tuple[str, StrOrPromise]] = (),
        classifications: Sequence[tuple[str, StrOrPromise]] = (),
        regions: Sequence[tuple[str, StrOrPromise]] = (),
        products: Sequence[tuple[str, StrOrPromise]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "kind").choices = list(kinds)
        _choice(self, "classification").choices = list(classifications)
        _choice(self, "regions").choices = list(regions)
        _choice(self, "products").choices = list(products)

    def clean_territories(self) -> list[str]:
        text: str = self.cleaned_data["territories"]
        return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class DeclineLeadForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you decline it"),
        required=False,
        max_length=500,
        help_text=_("Optional: it helps the vendor offer the next lead well."),
    )


class ListingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    product = forms.ChoiceField(label=_("Built on"))
    url = forms.URLField(label=_("Web page"), required=False, max_length=200, assume_scheme="https")

    def __init__(self, *args: Any, products: Sequence[tuple[str, StrOrPromise]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "product").choices = list(products)


class OrderImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8, with the header row of the orders import (docs)."))
    dry_run = forms.BooleanField(label=_("Dry run: check and decide everything, store nothing"), required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search partners, deals and people"), max_length=100)
