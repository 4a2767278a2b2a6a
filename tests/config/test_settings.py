"""Production mode is configured by the environment alone; the `partnerhub` command runs in a subprocess
so that each test gets settings read from its own environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PARTNERHUB = Path(sys.executable).with_name("partnerhub")


def run_partnerhub(
    *args: str, cwd: Path | None = None, unset: tuple[str, ...] = (), **environment: str
) -> subprocess.CompletedProcess[str]:
    """`partnerhub *args` with this environment, less SECRET_KEY and the variables in `unset`."""
    assert PARTNERHUB.exists(), f"{PARTNERHUB} is missing: install the project with `make .venv`"
    dropped = {"SECRET_KEY", "DEBUG", "DEVELOPMENT", *unset}
    env = {name: value for name, value in os.environ.items() if name not in dropped} | environment
    return subprocess.run(
        [str(PARTNERHUB), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


FOLDER_VARIABLES = ("DATABASE_URL", *(f"PARTNERHUB_{name}_DIR" for name in ("DATA", "MEDIA", "MAIL", "STATIC")))
PRINT_FOLDERS = (
    "from django.conf import settings as s; "
    "print(s.DATABASES['default']['NAME'], s.MEDIA_ROOT, s.EMAIL_FILE_PATH, s.STATIC_ROOT, sep='\\n')"
)


def test_the_data_folders_default_to_var_of_the_working_directory(tmp_path):
    result = run_partnerhub("shell", "--no-imports", "-c", PRINT_FOLDERS, cwd=tmp_path, unset=FOLDER_VARIABLES)

    assert result.returncode == 0, result.stderr
    var = tmp_path.resolve() / "var"
    assert result.stdout.split() == [
        str(var / "partnerhub.sqlite3"),
        *(str(var / f) for f in ("media", "mail", "static")),
    ]
    assert var.is_dir()


def test_each_data_folder_comes_from_the_environment(tmp_path):
    result = run_partnerhub(
        "shell",
        "--no-imports",
        "-c",
        PRINT_FOLDERS,
        cwd=tmp_path,
        unset=FOLDER_VARIABLES,
        PARTNERHUB_DATA_DIR="data",
        PARTNERHUB_MEDIA_DIR=str(tmp_path / "documents"),
        PARTNERHUB_MAIL_DIR="",
    )

    assert result.returncode == 0, result.stderr
    data = tmp_path.resolve() / "data"
    assert result.stdout.split() == [
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


def test_production_mode_without_a_secret_key_fails_clearly():
    result = run_partnerhub("check", DEBUG="0", ALLOWED_HOSTS="partners.vendor.example")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_debug_value_that_is_not_a_boolean_fails_clearly(value):
    result = run_partnerhub("check", DEBUG=value)

    assert result.returncode != 0
    assert f"DEBUG={value!r} is not a boolean" in result.stderr


SHOW_MODE = (
    "from django.conf import settings; print(settings.DEBUG, settings.DEVELOPMENT, settings.MFA_REQUIRED_FOR_MANAGERS)"
)


def test_the_default_is_development_without_debug_pages():
    result = run_partnerhub("shell", "-c", SHOW_MODE)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["False", "True", "False"]


def test_debug_pages_only_when_a_developer_asks():
    result = run_partnerhub("shell", "-c", SHOW_MODE, DEBUG="1")

    assert result.stdout.splitlines()[-1].split() == ["True", "True", "False"]


def test_production_requires_mfa_for_managers_by_default():
    result = run_partnerhub(
        "shell", "-c", SHOW_MODE, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="partners.example"
    )

    assert result.stdout.splitlines()[-1].split() == ["False", "False", "True"]


def test_production_refuses_a_short_secret_key():
    result = run_partnerhub("check", DEBUG="0", SECRET_KEY="x" * 49, ALLOWED_HOSTS="partners.vendor.example")

    assert result.returncode != 0
    assert "SECRET_KEY has 49 characters; production needs 50 or more" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_pages_are_refused_in_production():
    result = run_partnerhub("check", DEBUG="1", DEVELOPMENT="0", SECRET_KEY=secrets.token_urlsafe(50))

    assert result.returncode != 0
    assert "needs DEVELOPMENT=1" in result.stderr
