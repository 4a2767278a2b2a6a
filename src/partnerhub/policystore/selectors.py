"""Which policy applies on a date (docs/policy.md#r1-3), parsed once per stored version and process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from partnerhub.policy.load import load_policy_document, load_policy_text
from partnerhub.policy.model import Policy
from partnerhub.policystore.models import PolicyDraft, PolicyVersion

# Versions are immutable once stored and their document is a function of the published text, so the
# text's sha256 identifies a parsed policy for the process's life.
_parsed: dict[str, Policy] = {}


class NoPolicyInForce(LookupError):
    def __init__(self, as_of: dt.date) -> None:
        self.as_of = as_of
        super().__init__(f"no policy version is in force on {as_of.isoformat()}")


# Inside a request (`VersionsPerRequest`), the version in force on each date is looked up once: a page asks
# for the policy from many places. Publishing a version forgets what was looked up.
_looked_up: ContextVar[dict[dt.date, PolicyVersion | None] | None] = ContextVar("policy_versions", default=None)


@contextmanager
def versions_looked_up_once() -> Iterator[None]:
    token = _looked_up.set({})
    try:
        yield
    finally:
        _looked_up.reset(token)


def forget_versions() -> None:
    looked_up = _looked_up.get()
    if looked_up is not None:
        looked_up.clear()


class VersionsPerRequest:
    """Middleware: each request looks up the version in force on a date once (`versions_looked_up_once`)."""

    def __init__(self, get_response: Callable[[object], object]) -> None:
        self.get_response = get_response

    def __call__(self, request: object) -> object:
        with versions_looked_up_once():
            return self.get_response(request)


def _latest_first(as_of: dt.date) -> QuerySet[PolicyVersion]:
    """The versions published on or before `as_of`, the one in force first, without their document: it is
    read (`policy_of`) only the first time this process parses that version."""
    return PolicyVersion.objects.filter(version_date__lte=as_of).order_by("-version_date").defer("document")


def version_in_force(as_of: dt.date) -> PolicyVersion:
    looked_up = _looked_up.get()
    if looked_up is not None and as_of in looked_up:
        version = looked_up[as_of]
    else:
        version = _latest_first(as_of).first()
        if looked_up is not None:
            looked_up[as_of] = version
    if version is None:
        raise NoPolicyInForce(as_of)
    return version


def policy_in_force(as_of: dt.date) -> Policy:
    return policy_of(version_in_force(as_of))


def policy_for_input(day: dt.date, field: str) -> Policy:
    """The policy in force on a date the caller supplied as `field`; a date before every published version
    is bad input on that field (answered 400), not a server error."""
    try:
        return policy_in_force(day)
    except NoPolicyInForce as error:
        raise ValidationError({field: [str(error)]}) from error


def policy_of(version: PolicyVersion) -> Policy:
    policy = _parsed.get(version.sha256)
    if policy is None:
        policy = _parsed[version.sha256] = load_policy_document(version.document, source=version.source_name)
    return policy


def parse_policy_text(text: str, *, source: str, sha256: str) -> Policy:
    """The policy a file's text defines, parsed once per process (tests publish the same file again and again)."""
    policy = _parsed.get(sha256)
    if policy is None:
        policy = _parsed[sha256] = load_policy_text(text, source=source)
    return policy


def first_policy_date() -> dt.date | None:
    """The version date of the first published policy (None: nothing published yet)."""
    return PolicyVersion.objects.order_by("version_date").values_list("version_date", flat=True).first()


def all_versions() -> list[PolicyVersion]:
    return list(PolicyVersion.objects.order_by("-version_date"))


def drafts() -> QuerySet[PolicyDraft]:
    return PolicyDraft.objects.select_related("published").order_by("-uploaded_at", "-id")


def draft_policy(draft: PolicyDraft) -> Policy:
    """The policy a draft would put in force (validated on upload, so it parses)."""
    return load_policy_text(draft.source_text, source=draft.name)
