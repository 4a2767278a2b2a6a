"""The portal's forms. They check the shape of what was typed (dates are dates, a choice is a choice);
the rules themselves are the services', whose refusals `common.refuse` puts beside the fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from partnerhub.core import forms
from partnerhub.core.fields import StrictFormDateField


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
    paid_on = StrictFormDateField(happened=True, label="Paid on", widget=DateInput())
    reference = forms.CharField(label="Payment reference", required=False, max_length=200)


class PartnerFilterForm(forms.Form):
    """The filters of the managers' partner list; the filtering itself is the partners API's `PartnerFilter`."""

    name = forms.CharField(label="Name contains", required=False, max_length=100)
    classification = forms.ChoiceField(label="Classification", required=False)
    status = forms.ChoiceField(label="Status", required=False)
    region = forms.ChoiceField(label="Region", required=False)
    good_standing = forms.ChoiceField(
        label="Good standing",
        required=False,
        choices=[("", "All"), ("yes", "In good standing"), ("no", "Not in good standing")],
    )
    sort = forms.ChoiceField(label="Sorted by", required=False)

    def __init__(
        self,
        *args: Any,
        classifications: Sequence[tuple[str, str]] = (),
        statuses: Sequence[tuple[str, str]] = (),
        regions: Sequence[tuple[str, str]] = (),
        sorts: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "classification").choices = [("", "All"), *classifications]
        _choice(self, "status").choices = [("", "All"), *statuses]
        _choice(self, "region").choices = [("", "All"), *regions]
        _choice(self, "sort").choices = [("", "Name"), *sorts]


class ApproveApplicationForm(forms.Form):
    approved_on = StrictFormDateField(
        happened=True,
        label="Approved on",
        widget=DateInput(),
        help_text="The enrollment date: the 6-month qualification window starts.",
    )
    classification = forms.ChoiceField(label="Classification")
    referral_fee_percent = forms.DecimalField(
        label="Referral fee (%)",
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text="Leave empty for the policy's default.",
    )
    resale_discount_percent = forms.DecimalField(
        label="Resale discount (%)",
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text="Only with resale rights (§7.1).",
    )
    reason = forms.CharField(label="Note", required=False, max_length=500)

    def __init__(self, *args: Any, classifications: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "classification").choices = list(classifications)


class RejectApplicationForm(forms.Form):
    rejected_on = StrictFormDateField(happened=True, label="Rejected on", widget=DateInput())
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class ResolveWorkItemForm(forms.Form):
    resolution = forms.CharField(label="Why no action is needed", max_length=500)


class DealFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100, help_text="Customer, opportunity or partner")
    status = forms.ChoiceField(label="Status", required=False)

    def __init__(self, *args: Any, statuses: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "status").choices = [("", "All"), *statuses]


class InvoiceFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False)

    def __init__(self, *args: Any, statuses: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "status").choices = [("", "All"), *statuses]


class ReferralFeeFilterForm(forms.Form):
    period = forms.RegexField(
        label="Quarter",
        required=False,
        regex=r"^\d{4}Q[1-4]$",
        max_length=6,
        error_messages={"invalid": "Write the quarter as year and quarter, for example 2019Q3."},
    )
    status = forms.ChoiceField(label="Status", required=False)
    q = forms.CharField(label="Partner or customer", required=False, max_length=100)

    def __init__(self, *args: Any, statuses: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "status").choices = [("", "All"), *statuses]


class RegisterDealForm(forms.Form):
    """A deal registration (§7.3). Whether it is admissible — territory, an order already placed, consent,
    who submits it — is the deals service's decision; its refusals are shown beside these fields."""

    end_customer = forms.CharField(label="End customer", max_length=200)
    opportunity = forms.CharField(label="Opportunity", max_length=200, help_text="What the customer wants to buy.")
    country = forms.ChoiceField(label="Country", help_text="One of your designated territories (§4.0).")
    estimated_value = forms.DecimalField(label="Estimated value", min_value=0, max_digits=14, decimal_places=2)
    contact_name = forms.CharField(label="Contact name", max_length=200, required=False)
    contact_email = forms.EmailField(label="Contact email", required=False)
    contact_phone = forms.CharField(label="Contact phone", max_length=50, required=False)
    consent_confirmed = forms.BooleanField(
        label="The contact person was told that their data is shared with the vendor for this registration, "
        "and agreed to it.",
        required=False,
        help_text="Required by the personal-data paragraph of §7.3; stored with the time and your name.",
    )
    received_on = StrictFormDateField(
        happened=True,
        label="Received on",
        required=False,
        widget=DateInput(),
        help_text="Managers: the day the email arrived.",
    )
    received_from = forms.CharField(label="Received from", required=False, max_length=200)

    def __init__(self, *args: Any, countries: Sequence[tuple[str, str]] = (), manager: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choice(self, "country").choices = [("", "Choose a country"), *countries]
        if not manager:
            del self.fields["received_on"]
            del self.fields["received_from"]


class DecideDealForm(forms.Form):
    decided_on = StrictFormDateField(happened=True, label="Date", widget=DateInput())
    reason = forms.CharField(
        label="Reason (told to the partner)", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class CloseDealForm(forms.Form):
    outcome = forms.ChoiceField(label="Outcome", choices=[("won", "Won"), ("lost", "Lost")])
    closed_on = StrictFormDateField(happened=True, label="Closed on", widget=DateInput())


class PersonForm(forms.Form):
    """A resource person (§5.0). Whether the region and roles are acceptable for this partner is the people
    service's decision."""

    name = forms.CharField(label="Name", max_length=200)
    email = forms.EmailField(label="Email")
    region = forms.ChoiceField(label="Region", help_text="One of your authorized regions (§2.0).")
    roles = forms.MultipleChoiceField(label="Roles", widget=forms.CheckboxSelectMultiple)
    joined_on = StrictFormDateField(happened=True, label="Works for you since", required=False, widget=DateInput())

    def __init__(
        self,
        *args: Any,
        regions: Sequence[tuple[str, str]] = (),
        roles: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "region").choices = [("", "Choose a region"), *regions]
        _choice(self, "roles").choices = list(roles)


class CertificationForm(forms.Form):
    kind = forms.ChoiceField(label="Certification")
    product = forms.ChoiceField(
        label="Product line", required=False, help_text="For CTL, CIE, CED and Experience Designer."
    )
    earned_on = StrictFormDateField(happened=True, label="Earned on", widget=DateInput())
    expires_on = StrictFormDateField(
        label="Expires on", required=False, widget=DateInput(), help_text="Empty: one year after it was earned (§5.0)."
    )

    def __init__(
        self,
        *args: Any,
        kinds: Sequence[tuple[str, str]] = (),
        products: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "kind").choices = [("", "Choose a certification"), *kinds]
        _choice(self, "product").choices = [("", "—"), *products]


class LeaveForm(forms.Form):
    """A departure cannot be taken back: the box asks for the confirmation a one-click button would not."""

    left_on = StrictFormDateField(happened=True, label="No longer works for you from", widget=DateInput())
    confirmed = forms.BooleanField(
        label="Yes: this person's certifications and roles stop counting for the partner from that day",
        error_messages={"required": "Tick the box to confirm the departure: it cannot be undone."},
    )


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label="Name contains", required=False, max_length=100)
    region = forms.ChoiceField(label="Region", required=False)
    current = forms.ChoiceField(
        label="Show", required=False, choices=[("", "Current people"), ("all", "Everyone, also those who left")]
    )

    def __init__(self, *args: Any, regions: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "region").choices = [("", "All"), *regions]


class BenefitRequestForm(forms.Form):
    details = forms.CharField(
        label="What do you need?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Dates, people, the customer or project it is for.",
    )
    acknowledged_cost = forms.BooleanField(
        label="I understand this benefit may come with a cost, agreed before it is provided.", required=False
    )


class TrademarkRequestForm(forms.Form):
    mark = forms.CharField(label="Mark", max_length=200, initial="Partner program logo")
    medium = forms.CharField(label="Where it is used", max_length=300, help_text="e.g. web site, brochure, booth")
    territory = forms.ChoiceField(label="Territory", help_text="One of your designated territories (§4.0).")
    starts_on = StrictFormDateField(label="From", widget=DateInput())
    ends_on = StrictFormDateField(label="Until", widget=DateInput(), help_text="Within one Program Year (§10.3).")

    def __init__(self, *args: Any, territories: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "territory").choices = [("", "Choose a territory"), *territories]


class RunForm(forms.Form):
    period = forms.ChoiceField(label="Quarter", help_text="A quarter that has ended (§8.0).")
    rerun = forms.BooleanField(
        label="Evaluate it again (the earlier run is kept; a notice is never sent twice)", required=False
    )

    def __init__(self, *args: Any, periods: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "period").choices = [(p, p) for p in periods]


class ScorecardFilterForm(forms.Form):
    q = forms.CharField(label="Partner", required=False, max_length=100)
    outcome = forms.ChoiceField(label="Proposal", required=False)
    decided = forms.ChoiceField(
        label="Decision", required=False, choices=[("", "All"), ("no", "Not decided yet"), ("yes", "Decided")]
    )

    def __init__(self, *args: Any, outcomes: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "outcome").choices = [("", "All"), *outcomes]


class DecideScorecardForm(forms.Form):
    choice = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=[("accept", "Accept the proposal"), ("override", "Decide otherwise")],
        initial="accept",
    )
    outcome = forms.ChoiceField(label="Outcome instead", required=False)
    target = forms.ChoiceField(label="Classification to move to", required=False)
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    decided_on = StrictFormDateField(happened=True, label="Decided on", widget=DateInput())

    def __init__(
        self,
        *args: Any,
        outcomes: Sequence[tuple[str, str]] = (),
        classifications: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "outcome").choices = [("", "—"), *outcomes]
        _choice(self, "target").choices = [("", "the next on the path (§3.0)"), *classifications]


class AcceptAllForm(forms.Form):
    outcomes = forms.MultipleChoiceField(label="Proposals to accept", widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label="Reason", max_length=500, initial="As the scorecard proposes.")

    def __init__(self, *args: Any, outcomes: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "outcomes").choices = list(outcomes)


class AnswerRequestForm(forms.Form):
    """Fulfil or decline a benefit request; approve or reject a trademark use."""

    on = StrictFormDateField(happened=True, label="Date", widget=DateInput())
    note = forms.CharField(
        label="Note to the partner",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text="Required to decline or reject; for an approval, the written approval as sent.",
    )


class ApplicationForm(forms.Form):
    """The public application (§2.0 "request to enroll"). `website` is a trap for robots: the field is hidden
    from people (and from assistive technology), so a value in it means the form was not filled in by one."""

    name = forms.CharField(label="Organization name", max_length=200)
    kind = forms.ChoiceField(label="You apply as")
    classification = forms.ChoiceField(label="Classification you apply for")
    regions = forms.MultipleChoiceField(
        label="Regions", widget=forms.CheckboxSelectMultiple, help_text="Where you will work (§2.0, §4.0)."
    )
    territories = forms.CharField(
        label="Territories",
        required=False,
        max_length=300,
        help_text="Countries you will work in, as two-letter codes separated by commas, e.g. DE, FR.",
    )
    products = forms.MultipleChoiceField(label="Products", widget=forms.CheckboxSelectMultiple, required=False)
    solution_name = forms.CharField(label="Name of your solution", required=False, max_length=200)
    contact_email = forms.EmailField(
        label="Contact email", help_text="The vendor answers your application at this address."
    )
    website = forms.CharField(label="Leave this field empty", required=False, max_length=200)

    def __init__(
        self,
        *args: Any,
        kinds: Sequence[tuple[str, str]] = (),
        classifications: Sequence[tuple[str, str]] = (),
        regions: Sequence[tuple[str, str]] = (),
        products: Sequence[tuple[str, str]] = (),
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
        label="Why you decline it",
        required=False,
        max_length=500,
        help_text="Optional: it helps the vendor offer the next lead well.",
    )


class ListingForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    summary = forms.CharField(label="Summary", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    product = forms.ChoiceField(label="Built on")
    url = forms.URLField(label="Web page", required=False, max_length=200, assume_scheme="https")

    def __init__(self, *args: Any, products: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "product").choices = list(products)


class OrderImportForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="UTF-8, with the header row of the orders import (docs).")
    dry_run = forms.BooleanField(label="Dry run: check and decide everything, store nothing", required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label="Search partners, deals and people", max_length=100)
