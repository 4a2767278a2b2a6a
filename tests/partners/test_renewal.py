"""Automatic renewal on 1 January and written notice of non-renewal around 2 December (§5.1, R2.9, R7.4)."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from partnerhub.billing.models import Invoice, InvoiceOrigin

pytestmark = pytest.mark.django_db


def tick(as_of: str) -> list[str]:
    out = StringIO()
    call_command("tick", "--as-of", as_of, stdout=out)
    return out.getvalue().splitlines()


def notice(api_client, user, partner, received_on):
    return api_client(user).post(
        f"/api/v1/partners/{partner.pk}/non-renewal-notices/", {"received_on": received_on}, format="json"
    )


def test_without_notice_the_membership_renews_on_1_january_with_the_full_fee(partner_in, committed):
    partner = partner_in("registered", classification="implementation")
    mail.outbox.clear()

    with committed():
        lines = tick("2020-01-01")

    assert any("renewed for Program Year 2020" in line for line in lines)
    renewal = Invoice.objects.get(partner=partner, program_year=2020)
    assert (renewal.origin, renewal.amount, renewal.issued_on, renewal.due_on) == (
        InvoiceOrigin.RENEWAL,
        renewal.amount,
        dt.date(2020, 1, 1),
        dt.date(2020, 1, 31),
    )
    assert str(renewal.amount) == "15000.00"
    assert "automatic renewal" in renewal.lines.get().description
    partner.refresh_from_db()
    assert partner.status == "registered"
    assert [e.kind for e in partner.events.filter(effective_on=dt.date(2020, 1, 1))] == ["renewed", "invoice_issued"]
    assert [m.subject for m in mail.outbox] == [
        f"[Partnerhub] Program fee 2020 invoiced: 15000.00 USD (invoice {renewal.pk})"
    ]


def test_a_notice_received_on_2_december_stops_the_renewal(api_client, manager_user, partner_in, committed):
    partner = partner_in("registered")

    response = notice(api_client, manager_user, partner, "2019-12-02")

    assert response.status_code == 201
    body = response.json()
    assert (body["in_time"], body["ends_after_program_year"], body["stops_renewal_into"]) == (True, 2019, 2020)
    assert body["reasons"][0]["section"] == "5.1" and body["reasons"][0]["met"] is True

    with committed():
        lines = tick("2020-01-01")

    partner.refresh_from_db()
    assert (partner.status, partner.status_since) == ("deactivated", dt.date(2020, 1, 1))
    assert not Invoice.objects.filter(partner=partner, program_year=2020).exists()
    assert any("membership ended after Program Year 2019" in line for line in lines)
    ended = partner.events.get(kind="membership_ended")
    assert "5.1" in ended.section and "no refund" in ended.message
    assert mail.outbox[-1].subject == "[Partnerhub] Contoso: membership ended after Program Year 2019"


def test_a_notice_received_on_3_december_is_late_it_renews_once_more(api_client, manager_user, partner_in):
    partner = partner_in("registered")

    body = notice(api_client, manager_user, partner, "2019-12-03").json()

    assert (body["in_time"], body["ends_after_program_year"]) == (False, 2020)
    assert "still renews for 2020" in body["reasons"][0]["message"]
    tick("2020-01-01")
    partner.refresh_from_db()
    assert partner.status == "registered"
    assert Invoice.objects.get(partner=partner, program_year=2020).origin == InvoiceOrigin.RENEWAL
    tick("2021-01-01")
    partner.refresh_from_db()
    assert partner.status == "deactivated"
    assert not Invoice.objects.filter(partner=partner, program_year=2021).exists()


def test_one_notice_per_end_of_membership(api_client, manager_user, partner_in, db_state):
    partner = partner_in("registered")
    notice(api_client, manager_user, partner, "2019-11-01")
    before = db_state()

    again = notice(api_client, manager_user, partner, "2019-11-20")

    assert again.status_code == 409
    assert db_state() == before


def test_a_notice_recorded_after_the_renewal_it_would_stop_is_refused(api_client, manager_user, partner_in, db_state):
    partner = partner_in("registered")
    tick("2020-01-01")
    before = db_state()

    late_entry = notice(api_client, manager_user, partner, "2019-11-30")

    assert late_entry.status_code == 409
    assert "already renewed into Program Year 2020" in late_entry.json()["detail"]
    assert db_state() == before


def test_only_a_running_membership_takes_a_notice(api_client, manager_user, partner_in, db_state):
    applied = partner_in("applied")
    before = db_state()

    response = notice(api_client, manager_user, applied, "2019-11-01")

    assert response.status_code == 422
    assert response.json()["violations"][0]["section"] == "5.1"
    assert db_state() == before


def test_an_approved_partner_in_its_window_renews_too(partner_in):
    partner = partner_in("approved", approved_on=dt.date(2019, 11, 4))

    tick("2020-01-01")

    renewal = Invoice.objects.get(partner=partner, program_year=2020)
    assert str(renewal.amount) == "5000.00"  # the whole year, whatever was paid for 2019Q4


def test_a_partner_approved_on_1_january_has_its_enrollment_invoice_and_no_renewal(partner_in):
    partner = partner_in("approved", applied_on=dt.date(2019, 12, 1), approved_on=dt.date(2020, 1, 1))

    tick("2020-01-01")

    assert [i.origin for i in Invoice.objects.filter(partner=partner)] == [InvoiceOrigin.ENROLLMENT]


def test_a_missed_1_january_is_caught_up_later_in_the_year(partner_in):
    partner = partner_in("registered")

    tick("2020-01-06")

    renewal = Invoice.objects.get(partner=partner, program_year=2020)
    assert renewal.issued_on == dt.date(2020, 1, 1)


def test_ended_partners_do_not_renew(partner_in):
    partner_in("deactivated", name="Gone")
    partner_in("terminated", name="Out")
    partner_in("rejected", name="No")
    partner_in("applied", name="Wait")

    tick("2020-01-01")

    assert not Invoice.objects.filter(program_year=2020).exists()


def test_a_partner_that_left_between_query_and_lock_is_skipped(partner_in, monkeypatch):
    from partnerhub.partners import jobs
    from partnerhub.partners.models import Partner

    partner = partner_in("registered")
    stale = list(Partner.objects.filter(pk=partner.pk))
    Partner.objects.filter(pk=partner.pk).update(status="terminated")
    stub = type("Q", (), {"exclude": lambda s, *a, **k: s, "__iter__": lambda s: iter(stale)})
    monkeypatch.setattr(jobs.Partner.objects, "filter", lambda **kw: stub())

    assert jobs.year_end(jobs.policy_in_force(dt.date(2020, 1, 1)), dt.date(2020, 1, 1)) == []
    assert not Invoice.objects.filter(program_year=2020).exists()


def test_a_prospect_whose_window_ended_unregistered_is_not_renewed_and_stays_on_the_deactivation_list(partner_in):
    """§5.1, §2.0: a prospect that never registered is not renewed into a new Program Year (it was renewed at
    the full fee in the same tick that put it on the deactivation list)."""
    partner = partner_in("approved")  # approved 2019-04-15, window until 2019-10-15, never registered

    lines = tick("2020-01-01")

    assert not Invoice.objects.filter(partner=partner, program_year=2020).exists()
    assert not partner.events.filter(kind="renewed").exists()
    assert not any("renewed" in line for line in lines)
    assert partner.work_items.filter(kind="deactivation_due", resolved_on__isnull=True).count() == 1


def test_a_zero_fee_oem_partner_renews_once_and_is_never_on_the_deactivation_list(partner_in):
    """§3.0: OEM terms come from a separate contract: no deactivation list after 6 months; its renewal
    (no fee, so no invoice) is one timeline entry, not one per tick."""
    partner = partner_in("approved", classification="oem")

    tick("2019-10-16")
    tick("2020-01-01")
    second = tick("2020-01-02")

    assert not partner.work_items.filter(kind="deactivation_due").exists()
    assert partner.events.filter(kind="renewed").count() == 1
    assert second == ["0 change(s)"] or not any(partner.name in line for line in second)


def test_the_notices_answer_says_when_a_notice_was_withdrawn(api_client, manager_user, partner_in, openapi_schema):
    """A withdrawn notice stops nothing: the API's answer says since when, beside the notice still in force."""
    from partnerhub.partners.models import NonRenewalNotice
    from partnerhub.partners.services.renewal import non_renewal_notice_withdraw

    partner = partner_in("registered")
    first = notice(api_client, manager_user, partner, "2019-11-04").json()
    assert first["withdrawn_on"] is None
    non_renewal_notice_withdraw(
        notice=NonRenewalNotice.objects.get(pk=first["id"]), withdrawn_on=dt.date(2019, 11, 20),
        acting_user=manager_user, reason="Letter of 18 November",
    )  # fmt: skip
    notice(api_client, manager_user, partner, "2019-11-25")

    answer = api_client(manager_user).get(f"/api/v1/partners/{partner.pk}/non-renewal-notices/").json()

    assert sorted((n["received_on"], n["withdrawn_on"]) for n in answer) == [
        ("2019-11-04", "2019-11-20"),
        ("2019-11-25", None),
    ]
    described = openapi_schema["components"]["schemas"]["NonRenewalNotice"]["properties"]["withdrawn_on"]
    assert described["format"] == "date" and described.get("nullable") is True
