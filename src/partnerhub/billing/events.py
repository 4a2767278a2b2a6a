"""The kinds of timeline event the billing app records (`partnerhub.partners.history.record_event`)."""

from __future__ import annotations

from partnerhub.partners.history import EventKind


class BillingEventKind(EventKind):
    INVOICE_ISSUED = "invoice_issued"
    INVOICE_WAIVED = "invoice_waived"
    INVOICE_PAID = "invoice_paid"
