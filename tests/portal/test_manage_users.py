"""A partner's users in the managers' console: marking and unmarking the Designated Partner Representative,
deactivating a user after a confirmation page; refusals write nothing; another partner's users are 404."""

import pytest
from django.contrib.auth.models import User
from knox.models import AuthToken

from partnerhub.partners.models import PartnerEvent, PartnerUser

pytestmark = pytest.mark.django_db


@pytest.fixture
def contoso(partner_in):
    return partner_in("registered")


def member_of(user):
    return PartnerUser.objects.get(user=user)


def test_the_users_page_lists_users_with_their_mark_and_the_invitation_form(as_manager, contoso, make_representative):
    make_representative(contoso, "carla")
    make_representative(contoso, "ben", representative=False)

    html = as_manager.get(f"/partners/{contoso.pk}/manage/users/").content.decode()

    assert "Unmark carla" in html and "Mark ben" in html
    assert "Send the invitation" in html


def test_a_representative_is_marked_and_unmarked_with_timeline_entries(as_manager, contoso, make_representative):
    ben = member_of(make_representative(contoso, "ben", representative=False))
    base = f"/partners/{contoso.pk}/manage/users/{ben.pk}/representative/"

    as_manager.post(base, {"representative": "yes"})
    ben.refresh_from_db()
    assert ben.representative
    as_manager.post(base, {"representative": "no"})
    ben.refresh_from_db()
    assert not ben.representative
    kinds = list(
        PartnerEvent.objects.filter(partner=contoso, kind__startswith="representative").values_list("kind", flat=True)
    )
    assert kinds == ["representative_marked", "representative_unmarked"]


@pytest.mark.parametrize("value", ["yes", "maybe", ""])
def test_a_mark_already_there_or_a_bad_value_writes_nothing(as_manager, contoso, make_representative, db_state, value):
    carla = member_of(make_representative(contoso, "carla"))
    before = db_state()

    response = as_manager.post(
        f"/partners/{contoso.pk}/manage/users/{carla.pk}/representative/", {"representative": value}, follow=True
    )

    assert db_state() == before
    assert "Not changed" in response.content.decode()


def test_deactivation_asks_first_then_ends_access(as_manager, contoso, make_representative):
    carla_user = make_representative(contoso, "carla")
    AuthToken.objects.create(user=carla_user)
    carla = member_of(carla_user)
    page = f"/partners/{contoso.pk}/manage/users/{carla.pk}/deactivate/"

    question = as_manager.get(page).content.decode()
    assert "Deactivate carla?" in question and "no longer a Designated Partner Representative" in question
    assert User.objects.get(pk=carla_user.pk).is_active

    as_manager.post(page, {"reason": "left the company"})

    carla_user.refresh_from_db()
    carla.refresh_from_db()
    assert not carla_user.is_active and not carla.representative
    assert not AuthToken.objects.filter(user=carla_user).exists()
    assert PartnerEvent.objects.filter(partner=contoso, kind="user_deactivated").count() == 1


def test_deactivating_twice_is_refused_and_writes_nothing(as_manager, contoso, make_representative, db_state):
    carla = member_of(make_representative(contoso, "carla"))
    page = f"/partners/{contoso.pk}/manage/users/{carla.pk}/deactivate/"
    as_manager.post(page, {"reason": ""})
    before = db_state()

    response = as_manager.post(page, {"reason": ""})

    assert "carla is already deactivated" in response.content.decode()
    assert db_state() == before


def test_another_partners_user_is_404_even_to_a_manager_through_this_partner(
    as_manager, contoso, partner_in, make_representative
):
    other = member_of(make_representative(partner_in("registered", name="Fabrikam"), "fred"))

    assert as_manager.get(f"/partners/{contoso.pk}/manage/users/{other.pk}/deactivate/").status_code == 404
    assert (
        as_manager.post(
            f"/partners/{contoso.pk}/manage/users/{other.pk}/representative/", {"representative": "no"}
        ).status_code
        == 404
    )


@pytest.mark.parametrize("path", ["users/", "users/{member}/deactivate/", "users/{member}/representative/"])
def test_a_partner_user_gets_404_for_another_partner_and_403_for_its_own(
    client, contoso, partner_in, make_representative, path
):
    fabrikam = partner_in("registered", name="Fabrikam")
    fred = member_of(make_representative(fabrikam, "fred"))
    carla = member_of(make_representative(contoso, "carla"))
    client.force_login(carla.user)

    assert (
        client.post(
            f"/partners/{fabrikam.pk}/manage/" + path.format(member=fred.pk), {"representative": "no"}
        ).status_code
        == 404
    )
    assert client.get(f"/partners/{contoso.pk}/manage/" + path.format(member=carla.pk)).status_code == 403
    fred.refresh_from_db()
    assert fred.representative and fred.user.is_active


def test_recording_a_departure_asks_for_the_confirmation_first(client, contoso, make_representative, db_state):
    from django.utils import timezone

    from partnerhub.people.models import Person

    today = timezone.localdate().isoformat()
    carla = make_representative(contoso, "carla")
    person = Person.objects.create(
        partner=contoso, name="Ada", email="ada@contoso.example", region="EMEA", roles=["technical"]
    )
    client.force_login(carla)
    before = db_state()

    unconfirmed = client.post(f"/people/{person.pk}/", {"action": "leave", "leave-left_on": today})

    assert "Tick the box to confirm the departure" in unconfirmed.content.decode()
    assert db_state() == before
    client.post(f"/people/{person.pk}/", {"action": "leave", "leave-left_on": today, "leave-confirmed": "on"})
    person.refresh_from_db()
    assert str(person.left_on) == today
