"""Tenancy: who sees which partners."""

import pytest
from django.contrib.auth.models import AnonymousUser, User

from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Classification, Partner, PartnerEvent, PartnerKind, PartnerUser
from partnerhub.partners.selectors import partner_contacts, partner_for_user, visible_partners, visible_to


@pytest.fixture
def other_partner(db) -> Partner:
    return Partner.objects.create(
        name="Globex Services", kind=PartnerKind.COMPANY, classification=Classification.IMPLEMENTATION
    )


def test_a_manager_sees_every_partner(manager_user, partner, other_partner):
    assert list(visible_partners(manager_user)) == [partner, other_partner]


def test_a_partner_user_sees_only_its_own_partner(partner_user, partner, other_partner):
    assert list(visible_partners(partner_user)) == [partner]
    assert not visible_partners(partner_user).filter(pk=other_partner.pk).exists()


def test_a_user_without_a_role_sees_no_partner(partner, db):
    assert not visible_partners(User.objects.create_user("nobody")).exists()


def test_an_anonymous_visitor_sees_no_partner(partner):
    assert not visible_partners(AnonymousUser()).exists()


def test_partner_for_user_is_the_users_own_partner(partner_user, partner, other_partner):
    PartnerUser.objects.create(user=User.objects.create_user("globex-user"), partner=other_partner)

    assert partner_for_user(partner_user) == partner


def test_managers_and_anonymous_visitors_belong_to_no_partner(manager_user):
    assert partner_for_user(manager_user) is None
    assert partner_for_user(AnonymousUser()) is None


def test_contacts_are_the_partner_address_and_its_active_users(partner, partner_user):
    partner.contact_email = "programme@acme.example"
    partner.save()
    PartnerUser.objects.create(
        user=User.objects.create_user("gone", email="gone@acme.example", is_active=False), partner=partner
    )
    PartnerUser.objects.create(user=User.objects.create_user("same", email="USER@acme.example"), partner=partner)

    assert partner_contacts(partner) == ["programme@acme.example", "user@acme.example"]


def test_visible_to_scopes_any_partner_owned_rows(manager_user, partner_user, partner, other_partner):
    record_event(partner=partner, kind=PartnersEventKind.USER_ADDED, message="own", section="", actor=None)
    record_event(partner=other_partner, kind=PartnersEventKind.USER_ADDED, message="other", section="", actor=None)
    events = PartnerEvent.objects.all()

    assert [e.message for e in visible_to(partner_user, events)] == ["own"]
    assert visible_to(manager_user, events).count() == 2
    assert not visible_to(AnonymousUser(), events).exists()
