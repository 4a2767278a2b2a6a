"""Production mode is configured by the environment alone. Each test reads the settings module afresh from an
environment of its own (in this process: a module's top level is all that reads the environment); what only the
`partnerhub` command shows — the deploy check and how a configuration error is reported — runs it in a subprocess."""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

import partnerhub.config.settings

PARTNERHUB = Path(sys.executable).with_name("partnerhub")
SETTINGS_FILE = partnerhub.config.settings.__file__
# What a test's environment starts without: production mode and the data folders come only from what it sets.
DROPPED = ("SECRET_KEY", "DEBUG", "DEVELOPMENT")


def run_partnerhub(*args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """`partnerhub *args` with this environment, less SECRET_KEY, DEBUG and DEVELOPMENT."""
    assert PARTNERHUB.exists(), f"{PARTNERHUB} is missing: install the project with `make .venv`"
    env = {name: value for name, value in os.environ.items() if name not in DROPPED} | environment
    return subprocess.run([str(PARTNERHUB), *args], env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def read_settings(monkeypatch, tmp_path) -> Any:
    """`read_settings(unset=(...), NAME=value, ...)`: the settings module's names as it defines them when read
    in that environment (less SECRET_KEY, DEBUG, DEVELOPMENT and `unset`), from a fresh working directory."""
    monkeypatch.chdir(tmp_path)

    def read(*, unset: tuple[str, ...] = (), **environment: str) -> dict[str, Any]:
        for name in (*DROPPED, *unset):
            monkeypatch.delenv(name, raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(SETTINGS_FILE)

    return read


FOLDER_VARIABLES = ("DATABASE_URL", *(f"PARTNERHUB_{name}_DIR" for name in ("DATA", "MEDIA", "MAIL", "STATIC")))


def folders(settings: dict[str, Any]) -> list[str]:
    return [
        str(settings["DATABASES"]["default"]["NAME"]),
        *(str(settings[name]) for name in ("MEDIA_ROOT", "EMAIL_FILE_PATH", "STATIC_ROOT")),
    ]


def test_the_data_folders_default_to_var_of_the_working_directory(read_settings, tmp_path):
    settings = read_settings(unset=FOLDER_VARIABLES)

    var = tmp_path.resolve() / "var"
    assert folders(settings) == [str(var / "partnerhub.sqlite3"), *(str(var / f) for f in ("media", "mail", "static"))]
    assert var.is_dir()


def test_each_data_folder_comes_from_the_environment(read_settings, tmp_path):
    settings = read_settings(
        unset=FOLDER_VARIABLES,
        PARTNERHUB_DATA_DIR="data",
        PARTNERHUB_MEDIA_DIR=str(tmp_path / "documents"),
        PARTNERHUB_MAIL_DIR="",
    )

    data = tmp_path.resolve() / "data"
    assert folders(settings) == [
        str(data / "partnerhub.sqlite3"),
        str(tmp_path / "documents"),
        str(data / "mail"),
        str(data / "static"),
    ]


def test_the_deploy_check_passes_in_production_mode():
    result = run_partnerhub(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="partners.vendor.example",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_configuration_error_is_one_line_without_a_traceback():
    result = run_partnerhub("check", DEBUG="0", ALLOWED_HOSTS="partners.vendor.example")

    assert result.returncode != 0
    assert result.stderr.startswith("partnerhub: configuration error: SECRET_KEY is not set.")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_production_mode_without_a_secret_key_fails_clearly(read_settings):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        read_settings(DEBUG="0", ALLOWED_HOSTS="partners.vendor.example")


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_debug_value_that_is_not_a_boolean_fails_clearly(read_settings, value):
    with pytest.raises(ImproperlyConfigured, match=f"DEBUG={value!r} is not a boolean"):
        read_settings(DEBUG=value)


def mode(settings: dict[str, Any]) -> tuple[bool, bool, bool]:
    return settings["DEBUG"], settings["DEVELOPMENT"], settings["MFA_REQUIRED_FOR_MANAGERS"]


def test_the_default_is_development_without_debug_pages(read_settings):
    assert mode(read_settings()) == (False, True, False)


def test_debug_pages_only_when_a_developer_asks(read_settings):
    assert mode(read_settings(DEBUG="1")) == (True, True, False)


def test_production_requires_mfa_for_managers_by_default(read_settings):
    settings = read_settings(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="partners.example")

    assert mode(settings) == (False, False, True)


def test_production_refuses_a_short_secret_key(read_settings):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY has 49 characters; production needs 50 or more"):
        read_settings(DEBUG="0", SECRET_KEY="x" * 49, ALLOWED_HOSTS="partners.vendor.example")


def test_debug_pages_are_refused_in_production(read_settings):
    with pytest.raises(ImproperlyConfigured, match="needs DEVELOPMENT=1"):
        read_settings(DEBUG="1", DEVELOPMENT="0", SECRET_KEY=secrets.token_urlsafe(50))
