"""What the browser tests share: where Chromium is and how it is launched, the viewports, the screenshots
folder, and signing in through the form."""

from __future__ import annotations

import os
import re
from pathlib import Path

CHROMIUM = Path(os.environ.get("PARTNERHUB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}


class Screens:
    """`screens.save(page, "name")` writes test-artifacts/screenshots/name.png (the whole page)."""

    def __init__(self) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(self, page, name: str) -> Path:
        path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


def sign_in(page, username: str, password: str) -> None:
    page.goto("/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
