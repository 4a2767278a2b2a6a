"""Deal protection windows through the tick (docs/policy.md#r8-4): reminders, expiry, extensions granted and
refused, a second partner registering after expiry, and the referral fee of the registration in force."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
import yaml
from django.core import mail
from django.core.management import call_command

from partnerhub.compensation.models import ReferralFee
from partnerhub.core.errors import InvalidInput
from partnerhub.deals import protection, services
from partnerhub.deals.models import ExtensionStatus, RegistrationConflict, RegistrationStatus
from partnerhub.partners.models import PartnerEvent, Reminder
from partnerhub.policy.load import SHIPPED_POLICY

pytestmark = pytest.mark.django_db

SUBMITTED = dt.date(2019, 5, 1)
APPROVED = dt.date(2019, 5, 2)
UNTIL = dt.date(2019, 7, 31)  # 90 days after the approval, that day included
FIRST_REMINDER = dt.date(2019, 7, 17)  # 14 days before


@pytest.fixture
def protecting_policy(published_policy, tmp_path):
    """A later policy version (from 1 February 2019) that sets a 90-day window, 30-day extensions, 14 days' lead."""
    document = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
    document["version_date"] = dt.date(2019, 2, 1)
    document["deals"].update(protection_days=90, extension_days=30, reminder_lead_days=14)
    path = tmp_path / "2019-protection.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    call_command("load_policy", str(path), verbosity=0)


@pytest.fixture
def northwind(make_partner):
    return make_partner("Northwind Consulting", contact_email="deals@northwind.example")


@pytest.fixture
def contoso(make_partner):
    return make_partner("Contoso Automation", contact_email="deals@contoso.example")


def register(partner, user, submitted_on=SUBMITTED):
    return services.registration_submit(
        partner=partner,
        end_customer="Globex Corp.",
        title="Amelia pilot",
        country="DE",
        estimated_value=Decimal("250000.00"),
        consent_confirmed=True,
        submitted_on=submitted_on,
        acting_user=user,
    )


@pytest.fixture
def approved(protecting_policy, northwind, make_representative, manager_user):
    registration = register(northwind, make_representative(northwind, "paul"))
    return services.registration_approve(registration=registration, approved_on=APPROVED, acting_user=manager_user)


def tick(committed, day: dt.date) -> list[str]:
    out = StringIO()
    with committed():
        call_command("tick", "--as-of", day.isoformat(), stdout=out)
    return [line for line in out.getvalue().splitlines() if line.startswith("deals: ")]


def status_of(registration) -> str:
    registration.refresh_from_db()
    return str(registration.status)


def test_the_approval_sets_the_window_of_the_policy_in_force_on_its_date(approved):
    assert approved.protected_until == UNTIL
    assert "protected through 2019-07-31 unless won or lost" in approved.events.get(kind="approved").message


def test_the_2019_policy_sets_no_window_and_nothing_expires(
    published_policy, northwind, make_representative, manager_user, committed
):
    registration = register(northwind, make_representative(northwind), submitted_on=dt.date(2018, 6, 1))
    services.registration_approve(registration=registration, approved_on=dt.date(2018, 6, 2), acting_user=manager_user)

    assert registration.protected_until is None
    assert tick(committed, dt.date(2019, 1, 1)) == []
    assert status_of(registration) == RegistrationStatus.APPROVED
    with pytest.raises(Exception) as refused:
        protection.extension_request(
            registration=registration, requested_on=dt.date(2018, 7, 1), reason="slow", acting_user=manager_user
        )
    assert [v.code for v in refused.value.violations] == ["protection_window_set"]  # type: ignore[attr-defined]


def test_the_tick_reminds_before_and_expires_after_the_last_protected_day(approved, committed):
    assert tick(committed, FIRST_REMINDER - dt.timedelta(days=1)) == []
    mail.outbox.clear()

    lines = tick(committed, FIRST_REMINDER)
    assert lines == [
        f"deals: Northwind Consulting: deal registration #{approved.pk} (Globex Corp.: Amelia pilot) protected "
        "through 2019-07-31; partner reminded"
    ]
    assert [message.subject for message in mail.outbox] == [
        f"[Partnerhub] Northwind Consulting: Deal registration #{approved.pk}: protection ends on 2019-07-31"
    ]
    assert tick(committed, FIRST_REMINDER) == []  # idempotent
    assert tick(committed, UNTIL) == []  # reminded once per last day; still protected on it
    assert status_of(approved) == RegistrationStatus.APPROVED

    mail.outbox.clear()
    lines = tick(committed, UNTIL + dt.timedelta(days=1))
    assert lines == [
        f"deals: Northwind Consulting: deal registration #{approved.pk} (Globex Corp.: Amelia pilot) expired, "
        "protected through 2019-07-31; the opportunity is free again"
    ]
    approved.refresh_from_db()
    assert approved.status == RegistrationStatus.EXPIRED
    assert approved.expired_on == dt.date(2019, 8, 1)
    assert [message.subject for message in mail.outbox] == [f"[Partnerhub] Deal registration #{approved.pk} expired"]
    assert "deals@northwind.example" in mail.outbox[0].to
    event = PartnerEvent.objects.get(partner=approved.partner, kind="deal_registration_expired")
    assert event.effective_on == dt.date(2019, 8, 1) and event.section == "7.3"
    assert tick(committed, dt.date(2019, 8, 2)) == []  # idempotent


def test_a_tick_run_late_expires_on_the_day_after_the_window(approved, committed):
    tick(committed, dt.date(2019, 9, 30))
    approved.refresh_from_db()
    assert approved.status == RegistrationStatus.EXPIRED and approved.expired_on == dt.date(2019, 8, 1)


def test_a_granted_extension_moves_the_expiry_and_earns_a_new_reminder(approved, manager_user, committed):
    rep = approved.submitted_by
    extension = protection.extension_request(
        registration=approved, requested_on=dt.date(2019, 7, 20), reason="board meets in August", acting_user=rep
    )
    mail.outbox.clear()
    with committed():
        protection.extension_grant(extension=extension, granted_on=dt.date(2019, 7, 25), acting_user=manager_user)

    approved.refresh_from_db()
    assert approved.protected_until == dt.date(2019, 8, 30)
    extension.refresh_from_db()
    assert (extension.status, extension.until_before, extension.until_after) == (
        ExtensionStatus.GRANTED,
        UNTIL,
        dt.date(2019, 8, 30),
    )
    assert [message.subject for message in mail.outbox] == [
        f"[Partnerhub] Deal registration #{approved.pk}: protection extended"
    ]
    assert tick(committed, dt.date(2019, 8, 1)) == []
    assert status_of(approved) == RegistrationStatus.APPROVED
    assert len(tick(committed, dt.date(2019, 8, 16))) == 1  # the new window's reminder
    assert Reminder.objects.filter(kind="deal_protection").count() == 1  # none had been sent for the old one
    assert tick(committed, dt.date(2019, 8, 30)) == []
    assert len(tick(committed, dt.date(2019, 8, 31))) == 1
    assert status_of(approved) == RegistrationStatus.EXPIRED


def test_a_refused_extension_leaves_the_window_and_the_tick_expires_it(approved, manager_user, committed):
    extension = protection.extension_request(
        registration=approved, requested_on=dt.date(2019, 7, 20), reason="need more", acting_user=manager_user
    )
    with pytest.raises(InvalidInput, match="Say why the extension is refused"):
        protection.extension_refuse(
            extension=extension, refused_on=dt.date(2019, 7, 21), reason="  ", acting_user=manager_user
        )
    mail.outbox.clear()
    with committed():
        protection.extension_refuse(
            extension=extension,
            refused_on=dt.date(2019, 7, 21),
            reason="no activity since May",
            acting_user=manager_user,
        )
    assert "no activity since May" in mail.outbox[0].body
    approved.refresh_from_db()
    assert approved.protected_until == UNTIL
    assert tick(committed, dt.date(2019, 8, 1))
    assert status_of(approved) == RegistrationStatus.EXPIRED


def test_an_extension_is_asked_before_the_window_ends_and_once_at_a_time(approved, manager_user, committed):
    protection.extension_request(registration=approved, requested_on=UNTIL, reason="last day", acting_user=manager_user)
    with pytest.raises(Exception, match="awaiting an answer"):
        protection.extension_request(
            registration=approved, requested_on=UNTIL, reason="again", acting_user=manager_user
        )
    # Not answered before the window ended: it lapses with the registration.
    tick(committed, UNTIL + dt.timedelta(days=1))
    assert approved.extensions.get().status == ExtensionStatus.LAPSED
    with pytest.raises(Exception, match="only an approved one"):
        protection.extension_request(
            registration=approved, requested_on=dt.date(2019, 8, 1), reason="too late", acting_user=manager_user
        )


def test_an_extension_asked_after_the_last_day_is_refused_even_before_the_tick(approved, manager_user):
    with pytest.raises(Exception) as refused:
        protection.extension_request(
            registration=approved, requested_on=dt.date(2019, 8, 1), reason="late", acting_user=manager_user
        )
    assert [v.code for v in refused.value.violations] == ["requested_before_expiry"]  # type: ignore[attr-defined]
    assert not approved.extensions.exists()


def test_a_second_partner_registers_after_expiry_and_is_approved(
    approved, contoso, make_representative, manager_user, committed
):
    carl = make_representative(contoso, "carl")
    early = register(contoso, carl, submitted_on=dt.date(2019, 7, 1))
    assert RegistrationConflict.objects.filter(registration=early).exists()
    with pytest.raises(Exception, match="already has an approved registration"):
        services.registration_approve(registration=early, approved_on=dt.date(2019, 7, 2), acting_user=manager_user)
    services.registration_reject(
        registration=early, rejected_on=dt.date(2019, 7, 2), reason="Northwind holds it", acting_user=manager_user
    )

    tick(committed, dt.date(2019, 8, 1))
    later = register(contoso, carl, submitted_on=dt.date(2019, 8, 2))
    assert not RegistrationConflict.objects.filter(registration=later).exists()  # the expired one claims nothing
    services.registration_approve(registration=later, approved_on=dt.date(2019, 8, 3), acting_user=manager_user)
    assert status_of(later) == RegistrationStatus.APPROVED
    assert later.protected_until == dt.date(2019, 11, 1)


def order(manager_user, partner, ordered_on):
    return services.order_record(
        end_customer="Globex Corp.",
        title="Amelia pilot",
        ordered_on=ordered_on,
        first_year_net_revenue=Decimal("100000.00"),
        channel="referral",
        net_new=True,
        country="DE",
        acting_user=manager_user,
        partner=partner,
    )


def reasons(fee: ReferralFee) -> dict[str, bool]:
    return {reason["code"]: reason["met"] for reason in fee.reasons}


def test_an_order_inside_the_window_earns_the_fee_and_the_registration_does_not_expire(
    approved, manager_user, standing, committed
):
    fee = order(manager_user, approved.partner, dt.date(2019, 7, 20)).referral_fee
    assert fee.eligible and fee.amount == Decimal("10000.00")
    assert reasons(fee)["registration_in_force_on_order_date"] is True
    tick(committed, dt.date(2019, 8, 1))
    assert status_of(approved) == RegistrationStatus.APPROVED  # ordered while protected: closed as won, not expired


def test_the_fee_follows_the_registration_in_force_on_the_order_date(
    approved, contoso, make_representative, manager_user, standing, committed
):
    tick(committed, dt.date(2019, 8, 1))
    later = register(contoso, make_representative(contoso, "carl"), submitted_on=dt.date(2019, 8, 2))
    services.registration_approve(registration=later, approved_on=dt.date(2019, 8, 3), acting_user=manager_user)

    fee = order(manager_user, contoso, dt.date(2019, 8, 20)).referral_fee
    assert fee.eligible
    assert fee.facts["registration_id"] == later.pk


def test_an_order_after_the_expiry_earns_the_expired_registrant_nothing(approved, manager_user, standing, committed):
    tick(committed, dt.date(2019, 8, 1))
    fee = order(manager_user, approved.partner, dt.date(2019, 8, 5)).referral_fee
    assert not fee.eligible and fee.amount == Decimal("0.00")
    assert reasons(fee)["registration_in_force_on_order_date"] is False
    assert reasons(fee)["registration_approved"] is True


# Through the API and the portal ----------------------------------------------------------------------------------


def test_a_partner_user_asks_through_the_api_and_a_manager_grants(
    approved, api_client, manager_user, contoso, make_representative
):
    rep = approved.submitted_by
    response = api_client(rep).post(
        "/api/v1/deal-extensions/", {"registration": approved.pk, "reason": "board meets in August"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["until_before"], body["requested_on"]) == ("pending", "2019-07-31", "2019-05-15")

    stranger = make_representative(contoso, "carl")
    assert api_client(stranger).get(f"/api/v1/deal-extensions/{body['id']}/").status_code == 404
    assert api_client(stranger).get("/api/v1/deal-extensions/").json()["count"] == 0
    assert (
        api_client(stranger)
        .post("/api/v1/deal-extensions/", {"registration": approved.pk, "reason": "mine"}, format="json")
        .status_code
        == 404
    )
    assert api_client(rep).post(f"/api/v1/deal-extensions/{body['id']}/grant/", {}, format="json").status_code == 403

    granted = api_client(manager_user).post(
        f"/api/v1/deal-extensions/{body['id']}/grant/", {"granted_on": "2019-05-15"}, format="json"
    )
    assert granted.status_code == 200, granted.json()
    assert granted.json()["until_after"] == "2019-08-30"
    deal = api_client(rep).get(f"/api/v1/deals/{approved.pk}/").json()
    assert (deal["protected_until"], deal["expired_on"]) == ("2019-08-30", None)


def test_the_api_refuses_a_refusal_without_reason_and_an_extension_without_window(approved, api_client, manager_user):
    created = api_client(manager_user).post(
        "/api/v1/deal-extensions/", {"registration": approved.pk, "reason": "x"}, format="json"
    )
    pk = created.json()["id"]
    response = api_client(manager_user).post(f"/api/v1/deal-extensions/{pk}/refuse/", {"reason": ""}, format="json")
    assert response.status_code == 400
    assert approved.extensions.get().status == ExtensionStatus.PENDING
    again = api_client(manager_user).post(
        "/api/v1/deal-extensions/", {"registration": approved.pk, "reason": "y"}, format="json"
    )
    assert again.status_code == 409


def test_the_portal_shows_the_window_and_takes_a_request_and_a_refusal(approved, client, manager_user, monkeypatch):
    monkeypatch.setattr("partnerhub.portal.views.deal_protection.today", lambda: dt.date(2019, 5, 15))
    client.force_login(approved.submitted_by)
    page = client.get(f"/deals/{approved.pk}/")
    assert "through 31 July 2019 unless won or lost" in page.content.decode()
    assert "Ask for more time" in page.content.decode()

    blank = client.post(f"/deals/{approved.pk}/", {"action": "extend", "extend-reason": ""})
    assert blank.status_code == 200 and not approved.extensions.exists()
    done = client.post(f"/deals/{approved.pk}/", {"action": "extend", "extend-reason": "board meets in August"})
    assert done.status_code == 302
    assert approved.extensions.get().reason == "board meets in August"
    assert client.post(f"/deals/{approved.pk}/", {"action": "refuse", "extension-reason": "no"}).status_code == 403

    client.force_login(manager_user)
    assert "Protection extensions to decide" in client.get("/console/deals/").content.decode()
    refused = client.post(
        f"/deals/{approved.pk}/",
        {"action": "refuse", "extension-decided_on": "2019-05-15", "extension-reason": "no activity since May"},
    )
    assert refused.status_code == 302
    assert approved.extensions.get().status == ExtensionStatus.REFUSED
