"""One approved registration per opportunity across expiry and re-registration (docs/policy.md#r8-4): PostgreSQL only.

The tick expiring a lapsed registration races managers approving the other partners' registrations of the same
opportunity; then the expired partner registers again and every pending registration is approved at once. At
every moment the opportunity has at most one approved registration, and every refusal is a policy refusal or a
conflict, never an error.
"""

import datetime as dt
from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command

from partnerhub.core.errors import Conflict, PolicyViolation
from partnerhub.deals import protection, services
from partnerhub.deals.models import WINNING_STATUSES, Registration, RegistrationStatus
from partnerhub.policy.load import SHIPPED_POLICY
from tests.deals.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

OTHERS = 8
EXPIRY = dt.date(2019, 8, 1)


@pytest.fixture
def protecting_policy(published_policy, tmp_path):
    document = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
    document["version_date"] = dt.date(2019, 2, 1)
    document["deals"]["protection_days"] = 90
    path = tmp_path / "2019-protection.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    call_command("load_policy", str(path), verbosity=0)


def register(partner, user, submitted_on):
    return services.registration_submit(
        partner=partner,
        end_customer="Globex Corp.",
        title="Amelia pilot",
        country="DE",
        estimated_value=Decimal("1000"),
        consent_confirmed=True,
        submitted_on=submitted_on,
        acting_user=user,
    )


def winners() -> int:
    return Registration.objects.filter(status__in=WINNING_STATUSES).count()


def test_expiry_racing_approvals_and_re_registration_keep_one_winner(
    protecting_policy, make_partner, make_representative, manager_user
):
    holder = make_partner("Holder")
    holder_rep = make_representative(holder)
    held = register(holder, holder_rep, dt.date(2019, 5, 1))
    held = services.registration_approve(registration=held, approved_on=dt.date(2019, 5, 2), acting_user=manager_user)
    assert held.protected_until == dt.date(2019, 7, 31)
    pending = []
    for number in range(OTHERS):
        partner = make_partner(f"Partner {number}")
        pending.append(register(partner, make_representative(partner), dt.date(2019, 7, 1 + number)))

    def expire():
        return protection.registration_expire(registration=held, as_of=EXPIRY)

    def approve(registration, on=EXPIRY):
        return lambda: services.registration_approve(
            registration=registration, approved_on=on, acting_user=manager_user
        )

    outcomes = race([expire, *[approve(registration) for registration in pending]])

    assert isinstance(outcomes[0], Registration) and outcomes[0].status == RegistrationStatus.EXPIRED
    approvals = outcomes[1:]
    assert all(isinstance(outcome, (Registration, PolicyViolation, Conflict)) for outcome in approvals), approvals
    assert sum(isinstance(outcome, Registration) for outcome in approvals) <= 1
    assert winners() <= 1

    # The holder registers again while the opportunity is (or is about to be) someone else's, and every pending
    # registration, the holder's new one included, is approved at the same moment: one winner at most, exactly
    # one when nobody won the first race.
    again = register(holder, holder_rep, dt.date(2019, 8, 2))
    still_pending = list(Registration.objects.filter(status=RegistrationStatus.PENDING))
    assert again in still_pending
    won_before = winners()
    outcomes = race([approve(registration, dt.date(2019, 8, 3)) for registration in still_pending])
    assert all(isinstance(outcome, (Registration, PolicyViolation, Conflict)) for outcome in outcomes), outcomes
    assert sum(isinstance(outcome, Registration) for outcome in outcomes) == 1 - won_before
    assert winners() == 1
