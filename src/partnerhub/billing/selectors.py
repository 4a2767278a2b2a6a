"""Reads of billing, scoped by `partners.selectors.visible_to` (a partner user sees its own invoices)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from partnerhub.billing.models import Invoice, InvoiceKind, InvoiceStatus
from partnerhub.partners.models import Partner
from partnerhub.partners.selectors import UserLike, visible_to


def visible_invoices(user: UserLike) -> QuerySet[Invoice]:
    return visible_to(user, Invoice.objects.select_related("partner").prefetch_related("lines"))


def program_fee_invoices(partner: Partner, program_year: int) -> QuerySet[Invoice]:
    """The partner's program-fee invoices of a Program Year (enrollment, renewal, rejoining)."""
    return Invoice.objects.filter(partner=partner, kind=InvoiceKind.PROGRAM_FEE, program_year=program_year)


def program_fee_invoiced(partner: Partner, program_year: int) -> bool:
    """Whether the partner's fee of a Program Year was invoiced (or waived) already: what a rejoining in the
    same year asks before its fee is waived (§2.0), and what makes a renewal a repeat."""
    return program_fee_invoices(partner, program_year).exists()


def program_fee_settled(partner: Partner, program_year: int) -> bool:
    """§2.0 minimum criterion (b): a program-fee invoice of the year exists and none of them is still open."""
    invoices = program_fee_invoices(partner, program_year)
    return invoices.exists() and not invoices.filter(status=InvoiceStatus.OPEN).exists()


def overdue_on(as_of: dt.date) -> Q:
    """The invoices overdue on `as_of`, as a filter: `policy.fees.invoice_overdue` in SQL (a test holds
    the two to the same answers)."""
    return Q(due_on__lt=as_of) & ~Q(status=InvoiceStatus.WAIVED) & (Q(paid_on__isnull=True) | Q(paid_on__gt=as_of))
