"""The portal's language: each user's choice, else the browser's, else English; the API always English
(core.languages, docs/languages.md)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from partnerhub.core.errors import InvalidInput
from partnerhub.core.languages import SESSION_KEY, choose_language
from partnerhub.core.models import LanguagePreference, SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db

GERMAN_SKIP_LINK = "Zum Hauptinhalt springen"
ENGLISH_SKIP_LINK = "Skip to main content"


def _page(client, url: str, accept: str = ""):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    return client.get(url, **headers)


def test_a_visitor_gets_the_browsers_language_when_the_portal_has_it(client):
    german = _page(client, reverse("portal:login"), "de-DE,de;q=0.9,en;q=0.8")
    assert GERMAN_SKIP_LINK in german.content.decode()
    assert '<html lang="de">' in german.content.decode()
    assert german["Content-Language"] == "de"
    assert "Accept-Language" in german["Vary"]

    french = _page(client, reverse("portal:login"), "fr-FR,fr;q=0.9")
    assert ENGLISH_SKIP_LINK in french.content.decode()
    assert french["Content-Language"] == "en"


def test_a_signed_in_users_choice_beats_the_browser(client, partner_user):
    choose_language(user=partner_user, language="de")
    client.force_login(partner_user)
    page = _page(client, reverse("portal:home"), "en-GB,en;q=0.9")
    assert GERMAN_SKIP_LINK in page.content.decode()
    assert "Abmelden" in page.content.decode()

    choose_language(user=partner_user, language="")
    client.force_login(partner_user)
    assert ENGLISH_SKIP_LINK in _page(client, reverse("portal:home"), "en-GB").content.decode()
    assert GERMAN_SKIP_LINK in _page(client, reverse("portal:home"), "de").content.decode()


def test_signing_in_with_the_form_brings_the_choice_into_the_session(client, partner_user, password):
    choose_language(user=partner_user, language="de")
    client.post(reverse("portal:login"), {"username": partner_user.username, "password": password})
    assert client.session[SESSION_KEY] == "de"
    assert GERMAN_SKIP_LINK in _page(client, reverse("portal:home")).content.decode()


def test_a_session_from_before_the_setting_looks_the_choice_up_once(client, partner_user):
    client.force_login(partner_user)
    session = client.session
    del session[SESSION_KEY]
    session.save()
    LanguagePreference.objects.create(user=partner_user, language="de")
    assert GERMAN_SKIP_LINK in _page(client, reverse("portal:home")).content.decode()
    assert client.session[SESSION_KEY] == "de"


def test_the_api_answers_in_english_whatever_the_user_and_the_browser_say(client, partner_user):
    # Django REST framework has German messages of its own: the API must not use them.
    anonymous = client.get("/api/v1/deals/", HTTP_ACCEPT_LANGUAGE="de-DE")
    assert anonymous.status_code in (401, 403)
    assert "Authentication credentials were not provided." in anonymous.content.decode()
    assert anonymous["Content-Language"] == "en"
    assert "Accept-Language" not in anonymous.get("Vary", "")

    choose_language(user=partner_user, language="de")
    client.force_login(partner_user)
    missing = client.get("/api/v1/deals/999999/", HTTP_ACCEPT_LANGUAGE="de-DE")
    assert missing.status_code == 404
    assert missing["Content-Language"] == "en"
    assert "Nicht gefunden" not in missing.content.decode()
    assert "ot found" in missing.content.decode()


def test_choosing_a_language_writes_the_preference_and_one_event(partner_user):
    choose_language(user=partner_user, language="de")
    assert LanguagePreference.objects.get(user=partner_user).language == "de"
    events = SecurityEvent.objects.filter(user=partner_user, kind=SecurityEventKind.LANGUAGE_CHANGED)
    assert [event.detail for event in events] == [{"from": "", "to": "de"}]

    choose_language(user=partner_user, language="de")
    assert events.count() == 1

    choose_language(user=partner_user, language="")
    assert LanguagePreference.objects.get(user=partner_user).language == ""
    assert [event.detail for event in events.order_by("pk")] == [{"from": "", "to": "de"}, {"from": "de", "to": ""}]


def test_a_language_the_portal_lacks_is_refused_and_nothing_is_written(partner_user):
    with pytest.raises(InvalidInput) as refused:
        choose_language(user=partner_user, language="fr")
    assert "fr" in str(refused.value.errors["language"])
    assert not LanguagePreference.objects.exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.LANGUAGE_CHANGED).exists()


def test_the_language_page_sets_the_language_for_the_next_pages(client, manager_user):
    client.force_login(manager_user)
    page = client.get(reverse("portal:language"))
    assert page.status_code == 200
    assert 'value="de"' in page.content.decode()

    answer = client.post(reverse("portal:language"), {"language": "de"})
    assert answer.status_code == 302
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    after = client.get(answer["Location"], HTTP_ACCEPT_LANGUAGE="en")
    text = after.content.decode()
    assert "Das Portal spricht jetzt die von Ihnen gewählte Sprache." in text
    assert "Arbeitslisten" in text  # the manager's navigation
    # The portal's own words win over Django's catalogs, which say "Sichern" for "Save" (settings.LOCALE_PATHS).
    assert ">Speichern</button>" in text
    assert LanguagePreference.objects.get(user=manager_user).language == "de"

    back = client.post(reverse("portal:language"), {"language": "en"})
    assert ENGLISH_SKIP_LINK in client.get(back["Location"], HTTP_ACCEPT_LANGUAGE="de").content.decode()


def test_the_language_page_refuses_an_unknown_language_beside_the_field(client, partner_user):
    client.force_login(partner_user)
    answer = client.post(reverse("portal:language"), {"language": "xx"})
    assert answer.status_code == 200
    assert "xx" in answer.content.decode()
    assert not LanguagePreference.objects.exists()


def test_after_signing_out_the_sign_in_page_keeps_the_chosen_language(client, partner_user):
    client.force_login(partner_user)
    client.post(reverse("portal:language"), {"language": "de"})
    client.post(reverse("portal:logout"))
    assert GERMAN_SKIP_LINK in client.get(reverse("portal:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
