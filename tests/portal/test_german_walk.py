"""The whole portal in German (docs/languages.md): a vendor manager and a partner's user who chose German walk
every page their navigation and their pages' links reach in the demo, and no page's own words (headings, labels,
buttons, table headings, badges, menus) are left in English. Data stays as written: names, the policy's names
and stored reasons are not the page's words, so only the page's own elements are read."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client

from partnerhub.core.languages import choose_language
from partnerhub.core.models import OutboundMail
from partnerhub.core.permissions import is_manager
from partnerhub.partners.models import PartnerUser

pytestmark = pytest.mark.xdist_group("demo")
# The demo the other demo tests read (tests/test_tenancy.py), so that a worker builds it once for all of them.
AS_OF = dt.date(2019, 11, 20)
MOST_PAGES = 400

# Elements whose text is the page's own words, not data.
OWN_WORDS = {"h1", "h2", "h3", "h4", "th", "label", "button", "legend", "summary", "dt", "caption"}
# English words a German page must not show in its own elements (whole words, case-sensitive); not those German
# shares (Status, Name, Details, in).
ENGLISH = re.compile(
    r"\b(Submit|Save|Cancel|Approve|Reject|Decline|Search|Download|Export|Filter|Confirm|Review|Withdraw|Previous|"
    r"Next|Date|Open|Pending|Approved|Rejected|Paid|Overdue|Due|Amount|Delete|Edit|Add|Yes|No|None|"
    r"Total|Actions|Back|Show|Upload|Invoices?|People|Deals?|Benefits?|Notices?|Dashboard|Inbox|History|"
    r"Why|What|When|Where|Who|Your|the|and|with|from|for|is|are|was|not|this|that|on|by|to)\b"
)
SKIPPED_LINKS = ("/api/", "/admin/", "/static/", "/media/", "/accounts/logout", "/language/")


class PageReader(HTMLParser):
    """The text of the page's own elements, with the element it was found in, and the page's links."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.texts: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.data_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and (href := found.get("href")) and href.startswith("/"):
            self.links.append(href.split("#")[0])
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
            return
        # Names, reasons and the policy's words inside an element the portal marks as data.
        classes = (found.get("class") or "").split()
        marks_data = "wrap" in classes or "section-ref" in classes or tag in ("option", "td", "code", "pre")
        self.open.append(tag)
        self.data_depth += 1 if marks_data or self.data_depth else 0

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open:
                closed = self.open.pop()
                if self.data_depth:
                    self.data_depth -= 1
                if closed == tag:
                    break

    def handle_data(self, data: str) -> None:
        own = next((tag for tag in reversed(self.open) if tag in OWN_WORDS), None)
        if own and not self.data_depth and data.strip():
            self.texts.append((own, data.strip()))


def english_left(texts: list[tuple[str, str]], data: set[str]) -> list[str]:
    found = []
    for tag, text in texts:
        for value in sorted(data, key=len, reverse=True):
            text = text.replace(value, " ")
        if match := ENGLISH.search(text):
            found.append(f"<{tag}> {text!r} ({match.group(0)!r})")
    return found


def walk(client: Client, start: str) -> Iterator[tuple[str, PageReader]]:
    seen, queue = {start}, [start]
    while queue and len(seen) <= MOST_PAGES:
        path = queue.pop(0)
        answer = client.get(path)
        if answer.status_code != 200 or not answer.get("Content-Type", "").startswith("text/html"):
            continue
        reader = PageReader()
        reader.feed(answer.content.decode())
        yield path, reader
        for link in reader.links:
            bare = link.split("?")[0]
            if link not in seen and not bare.startswith(SKIPPED_LINKS) and not bare.endswith((".csv", ".pdf")):
                # One page of each list and each filter is enough: the words are the same on every page.
                if "page=" in link or "after=" in link or "sort=" in link:
                    continue
                seen.add(link)
                queue.append(link)


@pytest.fixture(scope="module")
def programme(demo_programme) -> Iterator[None]:
    with demo_programme(AS_OF):
        yield


def data_values() -> set[str]:
    """What the demo and the policy write, as written: names and texts that are data on any page."""
    from partnerhub.policystore.selectors import policy_in_force

    policy = policy_in_force(AS_OF)
    values = {c.name for c in policy.classifications} | {r.name for r in policy.regions}
    values |= {p.name for p in policy.products} | {b.label for b in policy.benefits}
    # A mail in the inbox keeps the subject it was sent with, in the language the user had then.
    values |= set(OutboundMail.objects.values_list("subject", flat=True))
    return {value for value in values if value}


@pytest.mark.parametrize("role", ["manager", "partner"])
def test_every_page_a_german_user_reaches_speaks_german(programme, db, client, role):
    if role == "manager":
        user = next((u for u in User.objects.order_by("pk") if is_manager(u)), None)
    else:
        member = PartnerUser.objects.filter(representative=True).select_related("user").order_by("pk").first()
        user = member.user if member else None
    assert user is not None
    choose_language(user=user, language="de")
    client.force_login(user)

    data = data_values()
    pages = 0
    left: list[str] = []
    for path, reader in walk(client, "/"):
        pages += 1
        left += [f"{path}: {problem}" for problem in english_left(reader.texts, data)]

    assert pages >= 50
    assert left == [], "\n".join(sorted(set(left)))
