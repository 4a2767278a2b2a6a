"""Production mode is configured by the environment alone; the `partnerhub` command runs in a subprocess
so that each test gets settings read from its own environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PARTNERHUB = Path(sys.executable).with_name("partnerhub")


def run_partnerhub(*args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    assert PARTNERHUB.exists(), f"{PARTNERHUB} is missing: install the project with `make .venv`"
    env = {name: value for name, value in os.environ.items() if name != "SECRET_KEY"} | environment
    return subprocess.run([str(PARTNERHUB), *args], env=env, capture_output=True, text=True, timeout=120, check=False)


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
