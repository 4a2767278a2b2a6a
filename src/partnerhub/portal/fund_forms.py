"""The forms of the joint-marketing pages (docs/funds.md). They check shapes; the services decide."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from partnerhub.core import forms
from partnerhub.core.fields import StrictFormDateField
from partnerhub.portal.forms import DateInput


def money(label: str, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, max_digits=12, decimal_places=2, min_value=0)


class AllocateForm(forms.Form):
    period = forms.CharField(label=_('Period ("2019", or "2019Q2" when funds are per quarter)'), max_length=6)
    amount = money("Budget")
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of activity"))
    title = forms.CharField(label=_("Activity"), max_length=200)
    description = forms.CharField(label=_("What it is"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    starts_on = StrictFormDateField(label=_("From"), widget=DateInput())
    ends_on = StrictFormDateField(label=_("To"), widget=DateInput())
    planned_cost = money("Planned cost")
    expected_leads = forms.IntegerField(label=_("Expected leads"), min_value=0, max_value=1_000_000)

    def __init__(self, *args: Any, kinds: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(kind, kind.replace("_", " ").capitalize()) for kind in kinds]


class ClaimForm(forms.Form):
    plan = forms.IntegerField(widget=forms.HiddenInput())
    amount = money("Cost claimed")
    leads_generated = forms.IntegerField(label=_("Leads generated"), min_value=0, max_value=1_000_000)
    proof = forms.FileField(label=_("Proof of performance (PDF, PNG, JPEG or CSV)"))


class DecideForm(forms.Form):
    target = forms.IntegerField(widget=forms.HiddenInput())
    decided_on = StrictFormDateField(happened=True, label=_("Date"), widget=DateInput())
    amount = money("Amount approved (less than claimed: in part)", required=False)
    reason = forms.CharField(label=_("Reason or note (told to the partner)"), required=False, max_length=1000)
