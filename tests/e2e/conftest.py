"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's `live_server`.

Everything under tests/e2e/ is marked `e2e`. Without /usr/bin/chromium the tests skip with a message that
says what to install; `.ci/run` installs it, so CI always runs them. Playwright's own browser download is
never used: the browser is launched from `executable_path`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, Screens

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(
        reason=f"needs Chromium at {CHROMIUM}: install it with `apt-get install chromium` (Debian) to run the e2e tests"
    )
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.fixture(scope="module", autouse=True)
def _async_unsafe_allowed() -> Iterator[None]:
    """Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make to set up
    (and flush) their data would otherwise be refused as "called from an async context". Only for the
    browser tests' modules: the rest of the suite (and `check --deploy`) never sees the variable."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(_async_unsafe_allowed: None) -> Iterator[Browser]:
    """One Chromium per test module, closed with it, so that no event loop outlives the browser tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screens() -> Screens:
    return Screens()


@pytest.fixture
def open_page(browser, live_server):
    """`open_page(viewport=DESKTOP)`: a fresh browser context (own cookies) on the live server."""
    contexts = []

    def make(viewport: dict[str, int] = DESKTOP):
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        return page

    yield make
    for context in contexts:
        context.close()
