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

PERCENT = {"min_value": 0, "max_value": 100, "max_digits": 5, "decimal_places": 2}


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
