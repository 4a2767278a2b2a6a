import pytest

LOCAL_ONLY = ("cdn", "unpkg", "jsdelivr", "googleapis")


def test_the_home_page_offers_anonymous_visitors_the_sign_in_form(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html


def test_signing_in_from_the_home_page_lands_on_the_dashboard(client, partner_user, password):
    response = client.post("/", {"username": "acme-user", "password": password}, follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert "Acme Automation" in response.content.decode()


def test_the_sign_in_page_is_accessible_markup(client):
    html = client.get("/accounts/login/").content.decode()

    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html
    assert 'name="viewport"' in html
    assert not any(outside in html for outside in LOCAL_ONLY)


def test_a_manager_signs_in_and_sees_the_role(client, manager_user, password):
    response = client.post("/accounts/login/", {"username": "manager", "password": password}, follow=True)

    assert response.redirect_chain == [("/", 302)]
    html = response.content.decode()
    assert "Manager console" in html
    assert "Work queues" in html
    assert 'href="/api/v1/docs/"' in html


def test_a_partner_user_sees_its_partner(client, partner_user, password):
    client.post("/accounts/login/", {"username": "acme-user", "password": password})

    html = client.get("/").content.decode()

    assert "Where you stand" in html
    assert "Acme Automation" in html
    assert 'href="/admin/"' not in html
    assert not any(outside in html for outside in LOCAL_ONLY)


def test_staff_get_a_link_to_the_administration(client, manager_user):
    manager_user.is_staff = True
    manager_user.save()
    client.force_login(manager_user)

    assert 'href="/admin/"' in client.get("/").content.decode()


def test_a_wrong_password_is_refused_with_a_message(client, partner_user):
    response = client.post("/accounts/login/", {"username": "acme-user", "password": "wrong"})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_signing_out_takes_a_post_and_ends_the_session(client, partner_user):
    client.force_login(partner_user)

    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"
    assert "Acme Automation" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("path", "marker"),
    [("/static/portal/vendor/htmx.min.js", b"htmx"), ("/static/portal/portal.css", b".skip-link")],
)
def test_the_portals_own_assets_are_served(client, path, marker):
    response = client.get(path)

    assert response.status_code == 200
    assert marker in b"".join(response.streaming_content)
