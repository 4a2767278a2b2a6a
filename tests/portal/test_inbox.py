"""The inbox (every user's own mails, read and unread, the count in the navigation) and the managers' outbox
(every mail with its recipients). Another user's mail is 404, the outbox is 404 to a partner user, and bad
input is refused with a message and writes nothing."""

import pytest
from django.contrib.auth.models import User

from partnerhub.core.mail import send_after_commit
from partnerhub.core.models import MailDelivery
from partnerhub.partners.models import PartnerUser

pytestmark = pytest.mark.django_db


@pytest.fixture
def carl(partner_in):
    contoso = partner_in("registered")
    user = User.objects.create_user("carl", email="carl@contoso.example")
    PartnerUser.objects.create(user=user, partner=contoso, representative=True)
    return user


@pytest.fixture
def paul(partner_in):
    northwind = partner_in("registered", name="Northwind")
    user = User.objects.create_user("paul", email="paul@northwind.example")
    PartnerUser.objects.create(user=user, partner=northwind, representative=True)
    return user


def mail_to(*addresses, subject="Invoice issued", body="Invoice 2019-0001 is due on 2019-05-15."):
    mail = send_after_commit(to=addresses, subject=subject, body=body)
    assert mail is not None
    return mail


def test_a_partner_user_reads_its_own_mail_and_the_count_in_the_navigation(client, carl, paul):
    mail_to("carl@contoso.example", subject="Contoso: deal approved", body="Globex is yours.\n\nThe team")
    mail_to("paul@northwind.example", subject="Northwind: invoice issued")
    client.force_login(carl)

    page = client.get("/inbox/").content.decode()
    link = client.get("/inbox/unread/").content.decode()

    assert "Contoso: deal approved" in page
    assert "Northwind" not in page
    assert 'hx-get="/inbox/unread/?current=1"' in page, "the header asks for the count once the page is shown"
    assert '<span class="count-badge">1<span class="visually-hidden"> unread</span></span>' in link
    delivery = MailDelivery.objects.get(user=carl)
    opened = client.get(f"/inbox/{delivery.pk}/").content.decode()
    assert "Globex is yours.\n\nThe team" in opened
    assert "count-badge" in client.get("/inbox/unread/").content.decode(), "opening a mail does not mark it read"


def test_another_users_mail_does_not_exist(client, carl, paul):
    mail_to("paul@northwind.example")
    theirs = MailDelivery.objects.get(user=paul)
    client.force_login(carl)

    assert client.get(f"/inbox/{theirs.pk}/").status_code == 404
    assert client.post(f"/inbox/{theirs.pk}/read/", {"read": "1"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_and_unread(client, carl):
    mail_to("carl@contoso.example")
    delivery = MailDelivery.objects.get(user=carl)
    client.force_login(carl)

    response = client.post(f"/inbox/{delivery.pk}/read/", {"read": "1"}, follow=True)

    assert "is marked read" in response.content.decode()
    assert "count-badge" not in client.get("/inbox/unread/").content.decode()
    delivery.refresh_from_db()
    assert delivery.read_at is not None
    client.post(f"/inbox/{delivery.pk}/read/", {"read": "0"})
    delivery.refresh_from_db()
    assert delivery.read_at is None


def test_mark_all_read_up_to_the_newest_listed(client, carl):
    mail_to("carl@contoso.example", subject="One")
    mail_to("carl@contoso.example", subject="Two")
    client.force_login(carl)
    listed = client.get("/inbox/")
    newest = listed.context["newest"]
    mail_to("carl@contoso.example", subject="Three, after the page was shown")

    response = client.post("/inbox/read/", {"up_to": newest}, follow=True)

    assert "2 mails marked read." in response.content.decode()
    assert list(MailDelivery.objects.filter(user=carl, read_at=None).values_list("mail__subject", flat=True)) == [
        "[Partnerhub] Three, after the page was shown"
    ]


@pytest.mark.parametrize(("path", "data"), [("/inbox/read/", {"up_to": "all"}), ("/inbox/read/", {})])
def test_bad_input_marks_nothing_and_says_so(client, carl, db_state, path, data):
    mail_to("carl@contoso.example")
    client.force_login(carl)
    before = db_state()

    response = client.post(path, data, follow=True)

    assert "Nothing was marked" in response.content.decode()
    assert db_state() == before


def test_a_bad_mark_choice_changes_nothing(client, carl, db_state):
    mail_to("carl@contoso.example")
    delivery = MailDelivery.objects.get(user=carl)
    client.force_login(carl)
    before = db_state()

    response = client.post(f"/inbox/{delivery.pk}/read/", {"read": "maybe"}, follow=True)

    assert "Choose whether to mark the mail read or unread." in response.content.decode()
    assert db_state() == before


def test_the_inbox_needs_a_sign_in(client):
    assert client.get("/inbox/").status_code == 302
    assert client.get("/inbox/unread/").status_code == 302


def test_the_count_costs_no_page_a_query(client, carl, django_assert_max_num_queries):
    mail_to("carl@contoso.example")
    client.force_login(carl)
    client.get("/inbox/unread/")

    with django_assert_max_num_queries(4):
        assert "count-badge" in client.get("/inbox/unread/").content.decode()


def test_a_managers_action_lands_in_the_partners_inbox(client, as_manager, partner_in):
    contoso = partner_in("registered")
    carl = User.objects.create_user("carl", email="carl@contoso.example")
    PartnerUser.objects.create(user=carl, partner=contoso)

    as_manager.post(
        f"/partners/{contoso.pk}/manage/terminate/",
        {"step": "confirm", "terminated_on": "2019-06-03", "reason": "breach of the IPPA"},
    )

    client.force_login(carl)
    page = client.get("/inbox/").content.decode()
    assert "Contoso: participation terminated" in page


def test_the_outbox_shows_every_mail_with_its_recipients_to_managers(as_manager, carl):
    mail = mail_to("carl@contoso.example", "info@contoso.example", subject="Contoso: deal approved")

    listed = as_manager.get("/console/outbox/?recipient=contoso").content.decode()
    shown = as_manager.get(f"/console/outbox/{mail.pk}/").content.decode()

    assert "Contoso: deal approved" in listed and "info@contoso.example" in listed
    assert "Invoice 2019-0001 is due on 2019-05-15." in shown
    assert "none (mail only)" in shown, "the contact address has no portal user"
    assert ">carl<" in shown


def test_the_outbox_refuses_a_bad_filter_with_a_message(as_manager):
    mail_to("carl@contoso.example")

    response = as_manager.get("/console/outbox/?since=28/11/2026")

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["since"]
    assert "Nothing is listed until the filter above is corrected." in html


def test_the_outbox_does_not_exist_for_a_partner_user(client, carl):
    mail = mail_to("carl@contoso.example")
    client.force_login(carl)

    assert client.get("/console/outbox/").status_code == 404
    assert client.get(f"/console/outbox/{mail.pk}/").status_code == 404


def test_the_outbox_lists_in_a_constant_number_of_queries(as_manager, django_assert_max_num_queries):
    for n in range(30):
        mail_to(f"user{n}@example.com", "info@example.com", subject=f"Mail {n}")
    with django_assert_max_num_queries(12):
        as_manager.get("/console/outbox/")
