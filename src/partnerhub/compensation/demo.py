"""Demo referral fees (Program Year 2019), written through the services: of the fees the deals demo's orders
were decided, Northwind's Globex fee is approved for payment and its Hooli fee approved and paid; Contoso's
Stark Industries fee stays ineligible and says why.

Idempotent: a fee already approved or paid is left as it is.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from partnerhub.compensation import services
from partnerhub.compensation.models import FeeStatus, ReferralFee
from partnerhub.core.demodata import DemoContext

D = dt.date


def build(ctx: DemoContext) -> None:
    manager = User.objects.filter(username="maria").first()
    fees = ReferralFee.objects.filter(partner__name="Northwind Consulting", order__source="demo")
    globex = fees.filter(order__end_customer="Globex Corporation Ltd", order__title="Amelia pilot").first()
    hooli = fees.filter(order__end_customer="Hooli", order__title="1RPA automation").first()
    if manager is None or globex is None or hooli is None:
        return  # the deals demo's orders are not there: nothing to build on
    _approve(globex, D(2019, 5, 28), manager)
    _approve(hooli, D(2019, 5, 28), manager)
    _pay(hooli, D(2019, 5, 31), manager, "DEMO-WIRE-0001")


def _approve(fee: ReferralFee, on: dt.date, manager: User) -> None:
    if fee.status == FeeStatus.ACCRUED:
        services.referral_fee_approve(fee=fee, approved_on=on, acting_user=manager)


def _pay(fee: ReferralFee, on: dt.date, manager: User, reference: str) -> None:
    fee.refresh_from_db()
    if fee.status == FeeStatus.APPROVED:
        services.referral_fee_pay(fee=fee, paid_on=on, acting_user=manager, reference=reference)
