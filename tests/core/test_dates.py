"""Who may write which date, and the bounds on every date the API accepts (docs/dates-and-trust.md).

Issue faults reproduced through the API: a partner user backdating its own writes with `?as_of=` (it made
itself Registered inside a closed §2.0 qualification window), future dates for things that already happened
(an approval on 2030-01-01 issuing a 2030 invoice, an invoice paid on 2035-06-01, a person who joined on
9999-12-31, a reassignment effective 9999-12-31), and loose formats (`2019-1-1`, `20190101`).
"""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from partnerhub.billing.models import Invoice
from partnerhub.partners.models import Partner, PartnerEvent, PartnerUser
from partnerhub.people.models import Certification, Person, TrainingRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_user(partner_in, password) -> tuple[Partner, User]:
    partner = partner_in("approved")
    user = User.objects.create_user("nora", email="nora@contoso.example", password=password)
    PartnerUser.objects.create(user=user, partner=partner, representative=True)
    return partner, user


def person_body(**fields):
    return {"name": "Sam Sales", "email": "sam@contoso.example", "region": "EMEA", "roles": ["sales"], **fields}


def assert_problem(response, status: int, field: str) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    if status == 400:
        assert field in body["errors"], body
    else:
        assert field in body["detail"], body


# -- who may backdate -----------------------------------------------------------------------------------------


def test_a_partner_users_as_of_on_a_write_is_403_and_writes_nothing(api_client, partner_user, db_state):
    """§2.0: a partner recorded its people `?as_of=` inside its closed qualification window."""
    partner, user = partner_user
    client = api_client(user)
    before = db_state()

    response = client.post(f"/api/v1/partners/{partner.pk}/people/?as_of=2019-05-01", person_body(), format="json")

    assert_problem(response, 403, "as_of")
    assert db_state() == before


def test_every_partner_write_with_as_of_is_403(api_client, partner_user, manager_user):
    partner, user = partner_user
    person = api_client(manager_user).post(
        f"/api/v1/partners/{partner.pk}/people/?as_of=2019-05-01", person_body(), format="json"
    )
    assert person.status_code == 201, person.json()
    pk = person.json()["id"]
    client = api_client(user)
    today = timezone.localdate().isoformat()

    for path, body in [
        (f"/api/v1/people/{pk}/certifications/", {"kind": "sales", "earned_on": "2019-05-01"}),
        (f"/api/v1/people/{pk}/trainings/", {"kind": "online", "completed_on": today}),
        (f"/api/v1/people/{pk}/leave/", {"left_on": today}),
    ]:
        assert_problem(client.post(f"{path}?as_of=2019-05-02", body, format="json"), 403, "as_of")
    assert not Certification.objects.exists()
    assert not TrainingRecord.objects.exists()
    assert Person.objects.get(pk=pk).left_on is None


def test_a_partner_user_may_not_give_a_past_joining_leaving_or_training_date(api_client, partner_user, manager_user):
    partner, user = partner_user
    client = api_client(user)

    assert_problem(
        client.post(f"/api/v1/partners/{partner.pk}/people/", person_body(joined_on="2019-05-01"), format="json"),
        403,
        "joined_on",
    )
    created = client.post(f"/api/v1/partners/{partner.pk}/people/", person_body(), format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert_problem(
        client.post(f"/api/v1/people/{pk}/trainings/", {"kind": "online", "completed_on": "2019-05-01"}, format="json"),
        403,
        "completed_on",
    )
    assert_problem(client.post(f"/api/v1/people/{pk}/leave/", {"left_on": "2019-06-01"}, format="json"), 403, "left_on")


def test_a_manager_backdates_within_the_policys_validity(api_client, partner_user, manager_user):
    partner, _ = partner_user
    client = api_client(manager_user)

    response = client.post(f"/api/v1/partners/{partner.pk}/people/?as_of=2019-05-01", person_body(), format="json")
    assert response.status_code == 201, response.json()
    event = PartnerEvent.objects.get(partner=partner, kind="person_added")
    assert event.policy_version == dt.date(2018, 1, 31)

    early = client.post(
        f"/api/v1/partners/{partner.pk}/people/?as_of=2017-12-31", person_body(email="x@contoso.example"), format="json"
    )
    assert_problem(early, 400, "as_of")
    assert "first policy version (2018-01-31)" in early.json()["errors"]["as_of"][0]
    late = client.post(
        f"/api/v1/partners/{partner.pk}/people/?as_of=2030-01-01", person_body(email="y@contoso.example"), format="json"
    )
    assert_problem(late, 400, "as_of")


# -- nothing recorded after today -----------------------------------------------------------------------------


def test_an_approval_after_today_is_400_and_issues_no_invoice(api_client, partner_in, manager_user):
    partner = partner_in("applied")

    response = api_client(manager_user).post(
        f"/api/v1/partners/{partner.pk}/approve/", {"approved_on": "2030-01-01"}, format="json"
    )

    assert_problem(response, 400, "approved_on")
    assert "after today" in response.json()["errors"]["approved_on"][0]
    assert not Invoice.objects.exists()
    partner.refresh_from_db()
    assert partner.status == "applied"


def test_an_invoice_paid_after_today_is_400(api_client, partner_in, manager_user):
    partner_in("approved")
    invoice = Invoice.objects.get()

    response = api_client(manager_user).post(f"/api/v1/invoices/{invoice.pk}/pay/", {"paid_on": "2035-06-01"})

    assert_problem(response, 400, "paid_on")
    invoice.refresh_from_db()
    assert invoice.paid_on is None


def test_a_person_who_joined_on_9999_12_31_is_400(api_client, partner_user, manager_user):
    partner, _ = partner_user

    response = api_client(manager_user).post(
        f"/api/v1/partners/{partner.pk}/people/", person_body(joined_on="9999-12-31"), format="json"
    )

    assert_problem(response, 400, "joined_on")
    assert not Person.objects.exists()


def test_a_reassignment_effective_9999_12_31_is_400_and_changes_nothing(api_client, partner_in, manager_user):
    """§8.0: a reassignment in the far future changed the classification at once."""
    partner = partner_in("registered")

    response = api_client(manager_user).post(
        f"/api/v1/partners/{partner.pk}/reassign/",
        {"classification": "implementation", "effective_on": "9999-12-31", "reason": "growth"},
        format="json",
    )

    assert_problem(response, 400, "effective_on")
    partner.refresh_from_db()
    assert partner.classification == "alliance"


def test_an_approval_before_the_first_policy_version_is_400_not_500(api_client, partner_in, manager_user):
    partner = partner_in("applied")

    response = api_client(manager_user).post(
        f"/api/v1/partners/{partner.pk}/approve/", {"approved_on": "2017-06-01"}, format="json"
    )

    assert_problem(response, 400, "approved_on")


# -- one strict format, on bodies, query parameters and filters -------------------------------------------------


@pytest.mark.parametrize("raw", ["2019-1-1", "20190101", "2019-02-30", "01/02/2019", "2019-01-01T00:00"])
def test_only_yyyy_mm_dd_is_a_date_in_a_body(api_client, partner_in, manager_user, raw):
    partner = partner_in("applied")

    response = api_client(manager_user).post(f"/api/v1/partners/{partner.pk}/approve/", {"approved_on": raw})

    assert_problem(response, 400, "approved_on")
    assert "YYYY-MM-DD" in response.json()["errors"]["approved_on"][0]


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/invoices/", "issued_after"),
        ("/api/v1/partners/", "qualification_deadline_before"),
        ("/api/v1/certifications/", "valid_on"),
        ("/api/v1/policy/", "as_of"),
    ],
)
@pytest.mark.parametrize("raw", ["2019-1-1", "20190101", "9999-12-31"])
def test_query_dates_are_strict_and_bounded(api_client, manager_user, published_policy, path, parameter, raw):
    response = api_client(manager_user).get(path, {parameter: raw})

    assert_problem(response, 400, parameter)


def test_the_portal_path_refuses_a_partner_users_past_dates_too(partner_user, manager_user):
    """The services, which the portal calls directly, refuse a partner user's backdating as the API does."""
    from partnerhub.core.errors import InvalidInput
    from partnerhub.people.services.certifications import training_record
    from partnerhub.people.services.persons import person_create, person_leave

    partner, user = partner_user
    today = timezone.localdate()

    with pytest.raises(InvalidInput) as refused:
        person_create(partner=partner, acting_user=user, as_of=today, joined_on=dt.date(2019, 5, 1), **person_body())
    assert "joined_on" in refused.value.message_dict
    person = person_create(partner=partner, acting_user=user, as_of=today, **person_body())
    with pytest.raises(InvalidInput):
        training_record(person=person, kind="online", completed_on=dt.date(2019, 5, 1), acting_user=user, as_of=today)
    with pytest.raises(InvalidInput):
        person_leave(person=person, left_on=dt.date(2019, 6, 1), acting_user=user, as_of=today)
    assert person_leave(person=person, left_on=today + dt.timedelta(days=1), acting_user=manager_user, as_of=today)
