from rest_framework.authtoken.models import Token

from partnerhub.core.problems import PROBLEM_CONTENT_TYPE


def test_good_credentials_get_the_users_token(api_client, partner_user, password):
    response = api_client().post("/api/v1/auth/token/", {"username": "acme-user", "password": password}, format="json")

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=partner_user).key}


def test_bad_credentials_are_a_400_problem(api_client, partner_user):
    response = api_client().post("/api/v1/auth/token/", {"username": "acme-user", "password": "wrong"}, format="json")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert body["type"] == "https://partnerhub.example/problems/validation-error"
    assert body["errors"] == {"non_field_errors": ["Unable to log in with provided credentials."]}
    assert body["detail"] == "Unable to log in with provided credentials."
    assert not Token.objects.exists()


def test_missing_password_names_the_field(api_client, partner_user):
    response = api_client().post("/api/v1/auth/token/", {"username": "acme-user"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"password": ["This field is required."]}
