"""Demo deal registrations and orders (Program Year 2019), written through the services.

It builds on the lifecycle's demo partners:
- Northwind Consulting (Alliance, GB and IE; `paul` is its representative), in good standing from
  February to August 2019 as the people demo staffs it: its deals are in every status (pending, approved,
  rejected, won, lost) and its referral orders earn fees (one approved for payment, one paid).
- Contoso Automation (Implementation, DE, AT and CH, still in its qualification window, not in good
  standing; `carl` is its representative): its registration of Northwind's Globex opportunity is a
  conflict, another one a near duplicate of Northwind's Initech, and its referral order gets an
  ineligible decision that says why.

Idempotent: every step looks for what it would create first. Dates are fixed in 2019, on or before
31 May, so the demo reads the same with `--as-of 2019-06-01` and later.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User

from partnerhub.core.demodata import DemoContext
from partnerhub.deals import services
from partnerhub.deals.models import Order, Registration, RegistrationStatus
from partnerhub.partners.models import MEMBER_STATUSES, Partner, PartnerUser
from partnerhub.partners.services.users import partner_user_create

D = dt.date


def build(ctx: DemoContext) -> None:
    manager = User.objects.filter(username="maria").first()
    northwind = Partner.objects.filter(name="Northwind Consulting", status__in=MEMBER_STATUSES).first()
    contoso = Partner.objects.filter(name="Contoso Automation").first()
    paul = User.objects.filter(username="paul", partner_membership__partner=northwind).first()
    if manager is None or contoso is None:
        return  # the lifecycle's demo partners are not there: nothing to build on
    # carl signs in (and `make run` prints it) whatever Contoso's status became since: a manager may have
    # deactivated or terminated it in the console.
    carl = _representative(ctx, contoso, "carl", "carl-demo-2019", "Carl Conti", manager)
    if northwind is None or paul is None or contoso.status not in MEMBER_STATUSES:
        return

    pending = _register(northwind, paul, "Initech", "1DESK service desk", D(2019, 5, 6), "Peter Gibbons")
    approved = _register(northwind, paul, "Globex Corporation", "Amelia pilot", D(2019, 4, 1), "Hank Scorpio")
    rejected = _register(northwind, paul, "Umbrella Corp", "Customer service chatbot", D(2019, 4, 3), "Ada Wong")
    won = _register(northwind, paul, "Hooli", "1RPA automation", D(2019, 4, 8), "Gavin Belson")
    lost = _register(northwind, paul, "Vandelay Industries", "Amelia HR assistant", D(2019, 4, 10), "Art Vandelay")
    # Contoso claims Northwind's Globex opportunity (a conflict) and names Initech almost alike (a near duplicate).
    _register(contoso, carl, "GLOBEX Corp.", "Amelia Pilot", D(2019, 4, 20), "Hank Scorpio")
    _register(contoso, carl, "Inetech", "1DESK service desk", D(2019, 5, 8), "Peter Gibbons")
    stark = _register(contoso, carl, "Stark Industries", "Amelia voice", D(2019, 4, 22), "Pepper Potts")

    _approve(approved, D(2019, 4, 4), manager)
    _reject(rejected, D(2019, 4, 5), manager, "The customer is already in the vendor's direct pipeline.")
    _approve(won, D(2019, 4, 9), manager)
    _close(won, RegistrationStatus.WON, D(2019, 5, 20), manager)
    _approve(lost, D(2019, 4, 12), manager)
    _close(lost, RegistrationStatus.LOST, D(2019, 5, 2), manager)
    _approve(stark, D(2019, 4, 24), manager)
    del pending  # stays pending

    # Their referral fees are decided as the orders are recorded; the compensation demo approves and pays two.
    _order(manager, northwind, "Globex Corporation Ltd", "Amelia pilot", D(2019, 5, 15), "240000.00")
    _order(manager, northwind, "Hooli", "1RPA automation", D(2019, 5, 18), "96500.00")
    _order(manager, contoso, "Stark Industries", "Amelia voice", D(2019, 5, 22), "150000.00")


def _representative(
    ctx: DemoContext, partner: Partner, username: str, password: str, full_name: str, manager: User
) -> User:
    if not PartnerUser.objects.filter(user__username=username).exists():
        partner_user_create(
            partner=partner,
            username=username,
            password=password,
            email=f"{username}@{partner.name.split()[0].lower()}.example",
            representative=True,
            acting_user=manager,
            as_of=ctx.as_of,
        )
    first, last = full_name.split()
    return ctx.user("partner", username, password, first_name=first, last_name=last)


def _register(
    partner: Partner, user: User, end_customer: str, title: str, submitted_on: dt.date, contact: str
) -> Registration:
    existing = Registration.objects.filter(partner=partner, end_customer=end_customer, title=title).first()
    if existing is not None:
        return existing
    first = contact.split()[0].lower()
    return services.registration_submit(
        partner=partner,
        end_customer=end_customer,
        title=title,
        country=partner.territories[0],
        estimated_value=Decimal("120000.00"),
        contact_name=contact,
        contact_email=f"{first}@{end_customer.split()[0].lower()}.example",
        contact_phone="+49 30 5550100",
        consent_confirmed=True,
        submitted_on=submitted_on,
        acting_user=user,
    )


def _approve(registration: Registration, on: dt.date, manager: User) -> None:
    registration.refresh_from_db()
    if registration.status == RegistrationStatus.PENDING:
        services.registration_approve(registration=registration, approved_on=on, acting_user=manager)


def _reject(registration: Registration, on: dt.date, manager: User, reason: str) -> None:
    registration.refresh_from_db()
    if registration.status == RegistrationStatus.PENDING:
        services.registration_reject(registration=registration, rejected_on=on, reason=reason, acting_user=manager)


def _close(registration: Registration, outcome: str, on: dt.date, manager: User) -> None:
    registration.refresh_from_db()
    if registration.status == RegistrationStatus.APPROVED:
        services.registration_close(registration=registration, outcome=outcome, closed_on=on, acting_user=manager)


def _order(manager: User, partner: Partner, end_customer: str, title: str, ordered_on: dt.date, revenue: str) -> Order:
    existing = Order.objects.filter(partner=partner, end_customer=end_customer, title=title).first()
    return existing or services.order_record(
        end_customer=end_customer,
        title=title,
        ordered_on=ordered_on,
        first_year_net_revenue=Decimal(revenue),
        channel="referral",
        net_new=True,
        country=partner.territories[0],
        acting_user=manager,
        partner=partner,
        source="demo",
    )
