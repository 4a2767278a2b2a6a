"""Deactivation, termination, re-assignment, rejoining (§2.0), users and the timeline over the API."""

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.test import RequestFactory

from partnerhub.billing.models import Invoice, InvoiceStatus
from partnerhub.partners.models import ClassificationChange, PartnerUser

pytestmark = pytest.mark.django_db


def post(api_client, user, partner, path, **body):
    return api_client(user).post(f"/api/v1/partners/{partner.pk}/{path}/", body, format="json")


def test_deactivation_waits_for_the_end_of_the_qualification_window(api_client, manager_user, partner_in, db_state):
    partner = partner_in("approved")  # approved 2019-04-15, window until 2019-10-15
    before = db_state()

    early = post(api_client, manager_user, partner, "deactivate", deactivated_on="2019-10-15")

    assert early.status_code == 422
    assert early.json()["violations"][0]["code"] == "qualification_window_open"
    assert early.json()["violations"][0]["section"] == "2.0"
    assert db_state() == before

    done = post(api_client, manager_user, partner, "deactivate", deactivated_on="2019-10-16")

    assert done.status_code == 200
    assert (done.json()["status"], done.json()["status_since"]) == ("deactivated", "2019-10-16")
    event = partner.events.get(kind="deactivated")
    assert "no refund of program fees (§2.0)" in event.message
    # the invoice stays as it was: open, not refunded, not cancelled
    assert Invoice.objects.get(partner=partner).status == InvoiceStatus.OPEN


def test_termination_keeps_paid_invoices_and_says_no_refund(api_client, manager_user, partner_in, committed):
    partner = partner_in("registered")
    invoice = Invoice.objects.get(partner=partner)
    api_client(manager_user).post(f"/api/v1/invoices/{invoice.pk}/pay/", {"paid_on": "2019-05-01"}, format="json")
    mail.outbox.clear()

    assert post(api_client, manager_user, partner, "terminate", terminated_on="2019-08-01").status_code == 400
    with committed():
        response = post(api_client, manager_user, partner, "terminate", terminated_on="2019-08-01", reason="fraud")

    assert response.json()["status"] == "terminated"
    invoice.refresh_from_db()
    assert (invoice.status, invoice.amount) == (InvoiceStatus.PAID, invoice.amount)
    assert "no refund of program fees (§2.0)" in partner.events.get(kind="terminated").message
    assert "not refunded" in mail.outbox[0].body


def test_reassigning_keeps_the_classification_history(api_client, manager_user, partner_in):
    partner = partner_in("registered", classification="implementation")

    response = post(
        api_client,
        manager_user,
        partner,
        "reassign",
        classification="alliance",
        effective_on="2019-08-02",
        reason="not enough certified CIEs (Q2 evaluation)",
        notice="Q2 2019 evaluation notice",
        notice_on="2019-08-01",
    )

    assert response.status_code == 200
    assert (response.json()["classification"], response.json()["status"]) == ("alliance", "registered")
    history = api_client(manager_user).get(f"/api/v1/partners/{partner.pk}/classification-history/").json()
    assert [(h["from_classification"], h["to_classification"]) for h in history] == [
        ("", "implementation"),
        ("implementation", "alliance"),
    ]
    assert history[1] | {"id": None} == {
        "id": None,
        "from_classification": "implementation",
        "to_classification": "alliance",
        "changed_on": "2019-08-02",
        "changed_by": "manager",
        "reason": "not enough certified CIEs (Q2 evaluation)",
        "notice": "Q2 2019 evaluation notice",
        "notice_on": "2019-08-01",
        "policy_version": "2018-01-31",
    }
    # this year's invoice is not touched by the re-assignment
    assert Invoice.objects.filter(partner=partner).count() == 1


def test_reassigning_drops_terms_the_new_classification_cannot_have(api_client, manager_user, partner_in):
    partner = partner_in("applied", classification="solution")
    post(api_client, manager_user, partner, "approve", approved_on="2019-02-01", solution_name="Claims bot")

    body = post(
        api_client, manager_user, partner, "reassign", classification="alliance", effective_on="2019-05-02", reason="r"
    ).json()

    assert (body["resale_discount_percent"], body["solution_name"]) == (None, "")
    assert "resale discount of 20.00% ends" in partner.events.get(kind="classification_changed").message


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"classification": "alliance", "reason": "same"}, 400),
        ({"classification": "implementation"}, 400),
        (
            {
                "classification": "implementation",
                "reason": "r",
                "effective_on": "2019-08-01",
                "notice_on": "2019-08-02",
            },
            422,
        ),
        ({"classification": "implementation", "reason": "r", "rank": "Gold", "effective_on": "2019-08-01"}, 200),
        ({"classification": "advisory", "reason": "r", "rank": "Gold"}, 422),
    ],
)
def test_reassign_refusals_change_nothing(api_client, manager_user, partner_in, db_state, body, status):
    partner = partner_in("approved", classification="alliance")
    before = db_state()

    response = post(api_client, manager_user, partner, "reassign", **body)

    assert response.status_code == status, response.json()
    if status != 200:
        assert db_state() == before


def fulfil_the_requirements(partner, manager_user, on: dt.date) -> None:
    """§2.0 participation requirements of an Alliance partner in EMEA: a partner manager, two certified sales
    and one certified presales person, compliance verified, the year's program fee paid."""
    from partnerhub.billing.services import invoice_pay
    from partnerhub.people.services.certifications import certification_add
    from partnerhub.people.services.obligations import compliance_verification_record
    from partnerhub.people.services.persons import person_create

    for name, roles, kind in [
        ("Mia", ["partner_manager"], None),
        ("Sam", ["sales"], "sales"),
        ("Sue", ["sales"], "sales"),
        ("Pat", ["presales"], "presales"),
    ]:
        person = person_create(
            partner=partner,
            name=name,
            email=f"{name.lower()}@contoso.example",
            region="EMEA",
            roles=roles,
            acting_user=manager_user,
            as_of=on,
        )
        if kind:
            certification_add(person=person, kind=kind, earned_on=on, acting_user=manager_user, as_of=on)
    compliance_verification_record(partner=partner, verified_on=on, acting_user=manager_user, as_of=on)
    invoice = Invoice.objects.get(partner=partner, program_year=on.year)
    invoice_pay(invoice=invoice, paid_on=on, acting_user=manager_user)


def test_rejoining_without_fulfilling_the_requirements_pays_the_fee(api_client, manager_user, partner_in):
    """§2.0: the fee is waived only for a partner that "subsequently fulfills the Participation Requirements in
    the same Program Year and seeks to re-join"; one that never did pays it again."""
    partner = partner_in("deactivated")  # approved 2019-04-15, deactivated 2019-10-16, nobody certified

    body = post(api_client, manager_user, partner, "rejoin", rejoined_on="2019-11-20").json()

    assert body["invoice"]["status"] == "open"
    assert body["invoice"]["amount"] != "0.00"
    assert not any(r["code"] == "rejoin_waiver" for r in body["invoice"]["reasons"])
    assert "does not fulfil the participation requirements" in partner.events.get(kind="rejoined").message


def test_rejoining_in_the_same_program_year_waives_the_fee(api_client, manager_user, partner_in, committed):
    partner = partner_in("deactivated")  # approved 2019-04-15, deactivated 2019-10-16
    fulfil_the_requirements(partner, manager_user, dt.date(2019, 11, 1))
    mail.outbox.clear()

    with committed():
        response = post(api_client, manager_user, partner, "rejoin", rejoined_on="2019-11-20", reason="now certified")

    body = response.json()
    assert response.status_code == 200, body
    assert (body["status"], body["approved_on"], body["qualification_deadline"]) == (
        "approved",
        "2019-11-20",
        "2020-05-20",
    )
    invoice = body["invoice"]
    assert (invoice["status"], invoice["amount"], invoice["origin"], invoice["due_on"]) == (
        "waived",
        "0.00",
        "rejoin",
        None,
    )
    assert invoice["lines"][-1]["section"] == "2.0" and "Waived" in invoice["lines"][-1]["description"]
    assert any(r["code"] == "rejoin_waiver" for r in invoice["reasons"])
    assert "waived" in partner.events.get(kind="rejoined").message
    assert "[Partnerhub] Program fee 2019 waived: 0.00 USD" in mail.outbox[-1].subject
    # a waived invoice cannot be paid
    assert api_client(manager_user).post(f"/api/v1/invoices/{invoice['id']}/pay/", {}, format="json").status_code == 409


def test_rejoining_in_a_later_program_year_pays_that_years_fee(api_client, manager_user, partner_in):
    partner = partner_in("deactivated")

    invoice = post(api_client, manager_user, partner, "rejoin", rejoined_on="2020-05-04").json()["invoice"]

    assert (invoice["status"], invoice["program_year"], invoice["amount"]) == ("open", 2020, "3750.00")


def test_rejoining_may_change_the_classification(api_client, manager_user, partner_in):
    partner = partner_in("deactivated")

    body = post(api_client, manager_user, partner, "rejoin", rejoined_on="2019-11-20", classification="advisory").json()

    assert body["classification"] == "advisory"
    assert ClassificationChange.objects.filter(partner=partner).latest("id").to_classification == "advisory"


def test_a_manager_adds_users_and_representatives(api_client, manager_user, partner_in, partner_user, db_state):
    partner = partner_in("approved")
    client = api_client(manager_user)

    response = client.post(
        f"/api/v1/partners/{partner.pk}/users/",
        {"username": "rita", "password": "a-long-pass-phrase", "email": "rita@contoso.example", "representative": True},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json() | {"id": 0, "user_id": 0} == {
        "id": 0,
        "user_id": 0,
        "username": "rita",
        "email": "rita@contoso.example",
        "representative": True,
        "partner": partner.pk,
    }
    assert authenticate(RequestFactory().post("/accounts/login/"), username="rita", password="a-long-pass-phrase")
    assert PartnerUser.objects.get(user__username="rita").representative
    assert partner.events.get(kind="user_added").section == "7.3"
    assert [u["username"] for u in client.get(f"/api/v1/partners/{partner.pk}/users/").json()] == ["rita"]

    before = db_state()
    taken = client.post(
        f"/api/v1/partners/{partner.pk}/users/",
        {"username": "rita", "password": "1234", "email": "rita2@contoso.example"},
        format="json",
    )
    assert taken.status_code == 400
    assert set(taken.json()["errors"]) == {"username", "password"}
    assert db_state() == before
    # partner users may not add users, not even to their own partner
    assert (
        api_client(partner_user)
        .post(
            f"/api/v1/partners/{partner.pk}/users/", {"username": "x", "password": "y", "email": "x@y.z"}, format="json"
        )
        .status_code
        == 403
    )


def test_the_timeline_tells_who_did_what_when_why_and_under_which_rule(api_client, manager_user, partner_in):
    partner = partner_in("deactivated")

    events = api_client(manager_user).get(f"/api/v1/partners/{partner.pk}/events/").json()["results"]

    assert [e["kind"] for e in events] == ["applied", "approved", "invoice_issued", "deactivated"]
    approved = events[1]
    assert approved["actor"] == "manager"
    assert approved["section"] == "2.0"
    assert approved["policy_version"] == "2018-01-31"
    assert approved["effective_on"] == "2019-04-15"
    assert "until 2019-10-15" in approved["message"]
    assert events[2]["data"]["amount"] == "3750.00"
    only = api_client(manager_user).get(f"/api/v1/partners/{partner.pk}/events/", {"kind": "deactivated"}).json()
    assert [e["kind"] for e in only["results"]] == ["deactivated"]


def test_a_refused_request_writes_no_event_and_sends_no_mail(api_client, manager_user, partner_in, committed):
    partner = partner_in("approved")
    events = partner.events.count()
    mail.outbox.clear()

    with committed():
        response = post(api_client, manager_user, partner, "deactivate", deactivated_on="2019-05-01")

    assert response.status_code == 422
    assert partner.events.count() == events
    assert mail.outbox == []


def test_dates_default_to_today_at_the_api_edge(api_client, manager_user, partner_in, monkeypatch):
    monkeypatch.setattr("partnerhub.partners.api.partners.today", lambda: dt.date(2019, 12, 1))
    partner = partner_in("approved")

    assert post(api_client, manager_user, partner, "deactivate").json()["status_since"] == "2019-12-01"
