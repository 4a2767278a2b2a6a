"""What the partners app must ask of the apps above it, handed down to it when those apps start.

`partners` sits below `billing` and `people` (docs/architecture.md#layers-and-apps), yet three of its
answers need them: whether a partner rejoining fulfils the participation requirements (§2.0, judged by
people), whether a Program Year's fee was already invoiced (billing), and the invoice an approval or a
rejoining issued, which the API answers with (billing). Each upper app names its function here in its
`AppConfig.ready`, as policystore names the first policy date to `core.fields`; partners asks through this
module and never imports an app above it. An app left out of INSTALLED_APPS leaves its question
unanswered, which is an error at the first question, not a silent default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.models import Partner

RequirementsJudge = Callable[[Partner, dt.date], bool]
FeeInvoiced = Callable[[Partner, int], bool]
IssuedInvoice = Callable[[Partner, PartnersEventKind], "dict[str, Any] | None"]

_answers: dict[str, Callable[..., Any]] = {}


def register(
    *,
    requirements_met: RequirementsJudge | None = None,
    fee_invoiced: FeeInvoiced | None = None,
    issued_invoice: IssuedInvoice | None = None,
) -> None:
    """Name the functions that answer partners' questions (each upper app names its own, once)."""
    named = {"requirements_met": requirements_met, "fee_invoiced": fee_invoiced, "issued_invoice": issued_invoice}
    _answers.update({name: function for name, function in named.items() if function is not None})


def _answer(name: str) -> Callable[..., Any]:
    try:
        return _answers[name]
    except KeyError:
        raise ImproperlyConfigured(f"no installed app answers partners' question {name!r}") from None


def participation_requirements_met(partner: Partner, day: dt.date) -> bool:
    """Whether `partner` fulfils the §2.0 participation requirements on `day` (the people app judges)."""
    return bool(_answer("requirements_met")(partner, day))


def program_fee_invoiced(partner: Partner, program_year: int) -> bool:
    """Whether a program-fee invoice of `program_year` exists for `partner` (billing)."""
    return bool(_answer("fee_invoiced")(partner, program_year))


def issued_invoice(partner: Partner, event_kind: PartnersEventKind) -> dict[str, Any] | None:
    """The invoice the change `event_kind` (approved, rejoined) just issued, as the API shows an invoice;
    None when it issued none (a fee of zero)."""
    answer: dict[str, Any] | None = _answer("issued_invoice")(partner, event_kind)
    return answer
