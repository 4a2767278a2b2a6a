"""The admin shows managers the programme, read-only: changes go through the services."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_manager(manager_user, client):
    manager_user.is_staff = True
    manager_user.save()
    client.force_login(manager_user)
    return client


@pytest.mark.parametrize(
    "path", ["partners/partner/", "partners/partnerevent/", "partners/workitem/", "billing/invoice/"]
)
def test_a_staff_manager_reads_the_lists(staff_manager, partner_in, path):
    partner_in("approved")

    assert staff_manager.get(f"/admin/{path}").status_code == 200


def test_a_partner_page_shows_its_timeline_and_nothing_can_be_changed(staff_manager, partner_in):
    partner = partner_in("approved")

    page = staff_manager.get(f"/admin/partners/partner/{partner.pk}/change/")

    assert page.status_code == 200
    assert b"until 2019-10-15" in page.content
    assert staff_manager.post(f"/admin/partners/partner/{partner.pk}/change/", {"name": "x"}).status_code == 403
    assert staff_manager.get("/admin/billing/invoice/add/").status_code == 403
