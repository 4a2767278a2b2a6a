"""The program's record is true on every date (docs/history.md): each computation for a date uses the
partner's status, classification and terms in force on that date, through the API."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User

from partnerhub.billing.models import Invoice
from partnerhub.billing.services import invoice_pay
from partnerhub.deals import services as deals
from partnerhub.partners.models import Partner, PartnerPeriod
from partnerhub.partners.periods import NOT_YET_APPLIED, partner_state_on, partner_states_on, periods_started
from partnerhub.partners.services.application import partner_apply, partner_approve
from partnerhub.partners.services.lifecycle import partner_reassign, partner_terminate
from partnerhub.people.services.certifications import certification_add
from partnerhub.people.services.obligations import compliance_verification_record
from partnerhub.people.services.persons import person_create

pytestmark = pytest.mark.django_db
D = dt.date


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.json()
    return response.json()


@pytest.fixture
def approved(published_policy, manager_user) -> Partner:
    """Northwind: an Alliance partner applied 2019-01-10, approved 2019-01-15 at a 7.50% referral fee."""
    partner = partner_apply(
        name="Northwind Consulting",
        kind="company",
        classification="alliance",
        regions=["EMEA"],
        territories=["GB", "DE"],
        products=["amelia"],
        applied_on=D(2019, 1, 10),
        acting_user=manager_user,
        contact_email="partners@northwind.example",
    )
    return partner_approve(
        partner=partner, approved_on=D(2019, 1, 15), acting_user=manager_user, referral_fee_percent=Decimal("7.50")
    )


def qualify(partner: Partner, manager: User, *, on: dt.date, paid_on: dt.date) -> None:
    """Certified staff and compliance verified from `on`, the program fee paid on `paid_on`."""
    for name, role in [("Mia Manager", "partner_manager"), ("Sam", "sales"), ("Sue", "sales"), ("Pat", "presales")]:
        person = person_create(
            partner=partner,
            name=name,
            email=f"{name.split()[0].lower()}@northwind.example",
            region="EMEA",
            roles=[role],
            joined_on=on,
            acting_user=manager,
            as_of=on,
        )
        if role != "partner_manager":
            certification_add(person=person, kind=role, earned_on=on, acting_user=manager, as_of=on)
    compliance_verification_record(partner=partner, verified_on=on, acting_user=manager, as_of=on)
    invoice_pay(invoice=Invoice.objects.get(partner=partner), paid_on=paid_on, acting_user=manager)


def standing(client: Any, partner: Partner, on: str) -> Any:
    return ok(client.get(f"/api/v1/partners/{partner.pk}/standing/", {"as_of": on}))


def order(client: Any, partner: Partner, customer: str, ordered_on: str) -> Any:
    body = {
        "end_customer": customer,
        "opportunity": "Amelia pilot",
        "ordered_on": ordered_on,
        "first_year_net_revenue": "200000.00",
        "partner": partner.pk,
        "channel": "referral",
        "net_new": True,
        "country": "DE",
    }
    return ok(client.post("/api/v1/orders/", body, format="json"), 201)["referral_fee"]


def registered_deal(partner: Partner, manager: User, customer: str, submitted_on: dt.date) -> None:
    registration = deals.registration_submit(
        partner=partner,
        end_customer=customer,
        title="Amelia pilot",
        country="DE",
        estimated_value=Decimal("90000"),
        consent_confirmed=True,
        submitted_on=submitted_on,
        acting_user=manager,
        recorded_from_email=True,
        received_from="deals@northwind.example",
    )
    deals.registration_approve(registration=registration, approved_on=submitted_on, acting_user=manager)


def unmet(fee: Any) -> dict[str, Any]:
    return {reason["code"]: reason for reason in fee["reasons"] if not reason["met"]}


def test_2_0_a_partner_registered_on_1_march_is_not_in_good_standing_before_and_earns_no_fee_then(
    approved, manager_user, api_client
):
    """§2.0, §7.2: registered on 2019-03-01 (the fee paid then), Northwind was only approved on 2019-02-01:
    not in good standing, and a referral order of 2019-02-05 earns no fee; from March it does."""
    qualify(approved, manager_user, on=D(2019, 1, 20), paid_on=D(2019, 3, 1))
    approved.refresh_from_db()
    assert (approved.status, approved.registered_on) == ("registered", D(2019, 3, 1))
    manager = api_client(manager_user)

    before = standing(manager, approved, "2019-02-01")
    assert (before["good_standing"], before["status"], before["classification"]) == (False, "approved", "alliance")
    after = standing(manager, approved, "2019-06-01")
    assert (after["good_standing"], after["status"]) == (True, "registered")

    fee = order(manager, approved, "Globex", "2019-02-05")
    assert fee["eligible"] is False
    assert "not in good standing on 2019-02-05" in unmet(fee)["good_standing"]["message"]


def test_2_0_after_a_termination_on_1_september_earlier_dates_keep_good_standing_and_fees(
    approved, manager_user, api_client
):
    """§2.0, §7.2: terminated on 2019-09-01, Northwind was in good standing on 2019-06-01 and its order of
    2019-06-10 (deal registered in May) earns its 7.50% fee; on 2019-09-15 it is terminated."""
    qualify(approved, manager_user, on=D(2019, 1, 20), paid_on=D(2019, 2, 10))
    registered_deal(approved, manager_user, "Globex", D(2019, 5, 2))
    manager = api_client(manager_user)
    ok(
        manager.post(
            f"/api/v1/partners/{approved.pk}/terminate/",
            {"terminated_on": "2019-09-01", "reason": "breach of the IPPA"},
            format="json",
        )
    )

    june = standing(manager, approved, "2019-06-01")
    assert (june["good_standing"], june["status"]) == (True, "registered")
    september = standing(manager, approved, "2019-09-15")
    assert (september["good_standing"], september["status"]) == (False, "terminated")

    fee = order(manager, approved, "Globex", "2019-06-10")
    assert fee["eligible"] is True, unmet(fee)
    assert fee["amount"] == "15000.00"


def test_3_0_after_a_reassignment_earlier_dates_are_judged_against_the_old_classification(
    approved, manager_user, api_client
):
    """§3.0, §5.1: re-assigned from Alliance to Advisory on 2019-07-01; standing and benefits of June
    name Alliance, those of August name Advisory."""
    qualify(approved, manager_user, on=D(2019, 1, 20), paid_on=D(2019, 2, 10))
    manager = api_client(manager_user)
    ok(
        manager.post(
            f"/api/v1/partners/{approved.pk}/reassign/",
            {"classification": "advisory", "effective_on": "2019-07-01", "reason": "asked for it"},
            format="json",
        )
    )
    assert standing(manager, approved, "2019-06-01")["classification"] == "alliance"
    assert standing(manager, approved, "2019-08-01")["classification"] == "advisory"

    june = ok(manager.get(f"/api/v1/partners/{approved.pk}/benefits/", {"as_of": "2019-06-01"}))
    august = ok(manager.get(f"/api/v1/partners/{approved.pk}/benefits/", {"as_of": "2019-08-01"}))
    assert (june["classification"], june["status"]) == ("alliance", "registered")
    assert (august["classification"], august["status"]) == ("advisory", "registered")


def test_5_1_benefits_for_a_past_date_follow_the_status_then(approved, manager_user, api_client):
    """§5.1, §2.0: before its application Northwind was not in the program; approved but not registered
    in February it had no benefits of a Registered Partner; registered in March it has them."""
    qualify(approved, manager_user, on=D(2019, 1, 20), paid_on=D(2019, 3, 1))
    manager = api_client(manager_user)

    def benefits(on: str) -> Any:
        return ok(manager.get(f"/api/v1/partners/{approved.pk}/benefits/", {"as_of": on}))

    assert benefits("2019-01-05")["status"] == NOT_YET_APPLIED
    assert benefits("2019-02-01")["status"] == "approved"
    assert benefits("2019-04-01")["status"] == "registered"
    assert len(benefits("2019-04-01")["benefits"]) > len(benefits("2019-02-01")["benefits"])


def test_8_0_a_change_dated_after_its_recording_is_a_future_period_started_by_the_tick(approved, manager_user):
    """§8.0: a re-assignment recorded on 2019-06-20, effective 2019-07-01 after its notice, does not change
    the state of earlier dates nor the row's current state until the tick of 2019-07-01 starts it."""
    qualify(approved, manager_user, on=D(2019, 1, 20), paid_on=D(2019, 2, 10))
    partner_reassign(
        partner=approved,
        classification="advisory",
        effective_on=D(2019, 7, 1),
        acting_user=manager_user,
        reason="quarterly evaluation",
        notice="notice of change",
        notice_on=D(2019, 6, 20),
        recorded_on=D(2019, 6, 20),
    )
    approved.refresh_from_db()
    assert approved.classification == "alliance", "the cache keeps the state in force on the recording day"
    assert partner_state_on(approved, D(2019, 6, 30)).classification == "alliance"
    assert partner_state_on(approved, D(2019, 7, 1)).classification == "advisory"

    assert periods_started(D(2019, 6, 30)) == []
    assert len(periods_started(D(2019, 7, 1))) == 1
    approved.refresh_from_db()
    assert (approved.classification, approved.state_on) == ("advisory", D(2019, 7, 1))
    assert periods_started(D(2019, 7, 1)) == [], "idempotent"


def test_2_0_a_backdated_change_stops_at_the_next_change_of_the_same_field(approved, manager_user):
    """§2.0, §3.0: a re-assignment on 2019-08-01, then a termination recorded later but dated 2019-06-01:
    the termination holds from June on, and the August classification stays."""
    qualify(approved, manager_user, on=D(2019, 1, 20), paid_on=D(2019, 2, 10))
    partner_reassign(
        partner=approved, classification="advisory", effective_on=D(2019, 8, 1), acting_user=manager_user, reason="r"
    )
    partner_terminate(partner=approved, terminated_on=D(2019, 6, 1), acting_user=manager_user, reason="t")
    states = [(p.valid_from, p.status, p.classification) for p in PartnerPeriod.objects.filter(partner=approved)]
    assert states == [
        (D(2019, 1, 10), "applied", "alliance"),
        (D(2019, 1, 15), "approved", "alliance"),
        (D(2019, 2, 10), "registered", "alliance"),
        (D(2019, 6, 1), "terminated", "alliance"),
        (D(2019, 8, 1), "terminated", "advisory"),
    ]
    approved.refresh_from_db()
    assert (approved.status, approved.classification) == ("terminated", "advisory")


def test_the_state_of_many_partners_on_a_date_is_one_query_at_any_size(
    make_partner: Callable[..., Partner], django_assert_num_queries
):
    """§2.0: the set-based read of the state by date costs one query for 3 partners as for 30."""
    for count in (3, 30):
        for _ in range(count):
            make_partner()
        with django_assert_num_queries(1):
            states = partner_states_on(D(2019, 6, 1))
        assert len(states) == Partner.objects.count()


def test_2_0_the_migration_gives_existing_rows_their_history(approved, manager_user):
    """§2.0, §3.0: rows from before periods existed get them from the timeline and classification history."""
    qualify(approved, manager_user, on=D(2019, 1, 20), paid_on=D(2019, 2, 10))
    partner_reassign(
        partner=approved, classification="advisory", effective_on=D(2019, 7, 1), acting_user=manager_user, reason="r"
    )
    written = list(PartnerPeriod.objects.filter(partner=approved).values_list("valid_from", "status", "classification"))
    PartnerPeriod.objects.all().delete()
    Partner.objects.update(state_on=None)

    from importlib import import_module

    import_module("partnerhub.partners.migrations.0005_partner_periods_history").forwards(apps, None)
    migrated = list(
        PartnerPeriod.objects.filter(partner=approved).values_list("valid_from", "status", "classification")
    )
    assert migrated == written
    assert Partner.objects.get(pk=approved.pk).state_on == D(2019, 7, 1)


def test_8_0_the_timeline_lists_entries_by_effective_date_then_recording_time(approved, manager_user, api_client):
    """§2.0, §8.0: a verification dated 2019-03-01 but recorded after a re-assignment effective 2019-07-01
    comes before it on the timeline; each entry shows both its effective date and its recording time."""
    partner_reassign(
        partner=approved, classification="advisory", effective_on=D(2019, 7, 1), acting_user=manager_user, reason="r"
    )
    compliance_verification_record(
        partner=approved, verified_on=D(2019, 3, 1), acting_user=manager_user, as_of=D(2019, 8, 1)
    )
    body = ok(api_client(manager_user).get(f"/api/v1/partners/{approved.pk}/events/"))
    entries = body["results"] if isinstance(body, dict) else body
    kinds = [entry["kind"] for entry in entries]
    assert kinds.index("compliance_verified") < kinds.index("classification_changed")
    dated = [entry["effective_on"] for entry in entries if entry["effective_on"]]
    assert dated == sorted(dated)
    assert all(entry["created_at"] for entry in entries)


def test_2_0_a_manager_views_a_partner_page_as_of_a_chosen_date_partner_users_see_today(
    approved, manager_user, client, password
):
    """§2.0: the partner page "as of" 2019-02-01 shows Northwind approved (registered only on 2019-03-01);
    its own user asking for that date still sees today, and a malformed date is refused (400)."""
    qualify(approved, manager_user, on=D(2019, 1, 20), paid_on=D(2019, 3, 1))
    user = User.objects.create_user("nora", email="nora@northwind.example", password=password)
    approved.users.create(user=user)

    client.force_login(manager_user)
    then = client.get(f"/partners/{approved.pk}/", {"as_of": "2019-02-01"}).content.decode()
    assert "as it stood on 1 February 2019" in then
    assert 'value="2019-02-01"' in then
    assert "Qualification window ends" in then, "approved on that day: its window is shown"
    now = client.get(f"/partners/{approved.pk}/").content.decode()
    assert "Registered Partner since" in now and "as it stood on" not in now
    assert client.get(f"/partners/{approved.pk}/", {"as_of": "2019-2-1"}).status_code == 400

    client.force_login(user)
    own = client.get(f"/partners/{approved.pk}/", {"as_of": "2019-02-01"}).content.decode()
    assert "as it stood on" not in own and "Registered Partner since" in own
