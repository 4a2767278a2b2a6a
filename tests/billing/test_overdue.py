"""One definition of an overdue invoice (§2.0), by date: `policy.fees.invoice_overdue`, and its SQL form
`billing.selectors.overdue_on`, give the same answers."""

import datetime as dt
from decimal import Decimal

import pytest

from partnerhub.billing.models import Invoice, InvoiceOrigin, InvoiceStatus
from partnerhub.billing.selectors import overdue_on
from partnerhub.policy.fees import invoice_overdue

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2019, 5, 5)

CASES = [
    # (status, due_on, paid_on, overdue on AS_OF)
    (InvoiceStatus.OPEN, dt.date(2019, 5, 1), None, True),
    (InvoiceStatus.OPEN, AS_OF, None, False),
    (InvoiceStatus.OPEN, dt.date(2019, 6, 1), None, False),
    (InvoiceStatus.PAID, dt.date(2019, 5, 1), dt.date(2019, 5, 10), True),
    (InvoiceStatus.PAID, dt.date(2019, 5, 1), AS_OF, False),
    (InvoiceStatus.PAID, dt.date(2019, 5, 1), dt.date(2019, 4, 20), False),
    (InvoiceStatus.WAIVED, None, None, False),
]


@pytest.mark.parametrize(("status", "due_on", "paid_on", "overdue"), CASES)
def test_the_rule_and_the_query_agree(partner, status, due_on, paid_on, overdue):
    invoice = Invoice.objects.create(
        partner=partner,
        origin=InvoiceOrigin.ENROLLMENT,
        program_year=2019,
        classification="alliance",
        amount=Decimal("1000.00"),
        currency="USD",
        issued_on=dt.date(2019, 4, 1),
        due_on=due_on,
        status=status,
        paid_on=paid_on,
        policy_version=dt.date(2018, 1, 31),
    )

    judged = invoice_overdue(due_on=due_on, waived=status == InvoiceStatus.WAIVED, paid_on=paid_on, as_of=AS_OF)

    assert judged is overdue
    assert Invoice.objects.filter(overdue_on(AS_OF), pk=invoice.pk).exists() is overdue
