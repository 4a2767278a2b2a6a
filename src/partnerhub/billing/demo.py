"""The demo partners' program fees paid (`partners.demo` built them and billing invoiced their approval):
Northwind Consulting and Litware Solutions pay, and with the criteria met they become Registered Partners.

Runs after `partners.demo` (INSTALLED_APPS order) and, like it, once: a partner already registered is left
alone, so running the demo again changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from partnerhub.billing.models import Invoice, InvoiceStatus
from partnerhub.billing.services import invoice_pay
from partnerhub.core.demodata import DemoContext
from partnerhub.partners.models import Partner, PartnerStatus
from partnerhub.partners.services.lifecycle import partner_register
from partnerhub.policy.decision import Reason
from partnerhub.policy.model import Policy
from partnerhub.policystore.selectors import policy_in_force

D = dt.date


def criteria_met(policy: Policy) -> tuple[Reason, ...]:
    """What the registration rules decide for a partner that meets the criteria."""
    section = policy.assessment.conditions["program_fee_paid"]
    return (
        Reason("certification_requirements", section, "the certification requirements are met in every region", True),
        Reason("program_fee_paid", section, "the program fee invoice is fully paid", True),
    )


# Partner: the day it pays its enrollment invoice, the day it is registered.
PAYERS = {
    "Northwind Consulting": (D(2019, 2, 20), D(2019, 3, 15)),
    "Litware Solutions": (D(2019, 2, 5), D(2019, 5, 2)),
}


def build(ctx: DemoContext) -> None:
    manager = User.objects.get(username="maria")
    for name, (paid_on, registered_on) in PAYERS.items():
        partner = Partner.objects.filter(name=name, status=PartnerStatus.APPROVED).first()
        if partner is None:
            continue
        invoice = Invoice.objects.filter(partner=partner, status=InvoiceStatus.OPEN).latest("id")
        invoice_pay(invoice=invoice, paid_on=paid_on, acting_user=manager, reference=f"DEMO-{invoice.pk}")
        reasons = criteria_met(policy_in_force(registered_on))
        partner_register(partner=partner, registered_on=registered_on, acting_user=manager, reasons=reasons)
