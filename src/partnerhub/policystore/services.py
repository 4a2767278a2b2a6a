"""Publishing policy versions (docs/policy.md#r1-1, R1.2): validated whole, stored whole, never rewritten; and
the drafts uploaded before they are published (R1.4), validated like a published version, published once."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext

from partnerhub.core.errors import Conflict
from partnerhub.policy.diff import differs_only_in_wording
from partnerhub.policy.load import PolicyError, load_policy_text
from partnerhub.policy.model import Policy
from partnerhub.policystore.models import PolicyDraft, PolicyVersion, PolicyVersionEvent
from partnerhub.policystore.selectors import forget_versions, parse_policy_text


def policy_version_load(*, path: Path, acting_user: User | None = None) -> tuple[PolicyVersion, bool]:
    """Store the policy file at `path`. Returns (version, created); the same file again changes nothing.

    A file that fails validation, or that reuses a stored version date with other rules, raises
    PolicyError and leaves the database as it was. A file that differs from the stored version only in
    the wording of its interpretations (or in comments and layout) is that version: unchanged, the stored
    text kept, so that a database loaded from an earlier text of the shipped file still starts.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError(str(path), [("", f"cannot be read: {error.strerror or error}")]) from error
    return policy_version_publish(text=text, source_name=path.name, acting_user=acting_user, source=str(path))


def policy_version_publish(
    *, text: str, source_name: str, acting_user: User | None = None, source: str | None = None
) -> tuple[PolicyVersion, bool]:
    """Publish the policy document `text` (YAML) as the version in force from its version date.

    `source_name` is stored as where it came from; `source` (default: the same) names it in errors.
    Returns (version, created), as `policy_version_load` does, with the same refusals.
    """
    where = source or source_name
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    policy = parse_policy_text(text, source=where, sha256=digest)

    with transaction.atomic():
        existing = PolicyVersion.objects.select_for_update().filter(version_date=policy.version_date).first()
        if existing is not None:
            if existing.sha256 == digest or _same_rules(existing, policy):
                return existing, False
            raise PolicyError(
                where,
                [
                    (
                        "version_date",
                        f"version {policy.version_date.isoformat()} is already published with other content; "
                        "a published version is never rewritten: give the changed policy a later version date",
                    )
                ],
            )
        version = PolicyVersion.objects.create(
            version_date=policy.version_date,
            program_year=policy.program_year,
            title=policy.title,
            source_name=source_name,
            source_text=text,
            sha256=digest,
            document=policy.model_dump(mode="json"),
            loaded_by=acting_user,
        )
        forget_versions()
        PolicyVersionEvent.objects.create(
            version=version,
            kind="published",
            message=f"published from {source_name}; in force from {policy.version_date.isoformat()}",
            actor=acting_user,
        )
    return version, True


def _same_rules(stored: PolicyVersion, policy: Policy) -> bool:
    """Whether `policy` decides what the `stored` version decides (see `differs_only_in_wording`)."""
    try:
        published = parse_policy_text(stored.source_text, source=stored.source_name, sha256=stored.sha256)
    except PolicyError:
        return False
    return differs_only_in_wording(published, policy)


def policy_draft_upload(*, text: str, name: str, acting_user: User | None) -> PolicyDraft:
    """Store a draft policy version, validated exactly as a published one would be (raises PolicyError)."""
    source = (name or "draft.yaml").strip() or "draft.yaml"
    policy = load_policy_text(text, source=source)
    published = PolicyVersion.objects.filter(version_date=policy.version_date).first()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if published is not None and published.sha256 != digest:
        raise PolicyError(
            source,
            [
                (
                    "version_date",
                    f"version {policy.version_date.isoformat()} is already published with other content; "
                    "give the draft a later version date",
                )
            ],
        )
    return PolicyDraft.objects.create(
        name=source,
        source_text=text,
        sha256=digest,
        version_date=policy.version_date,
        program_year=policy.program_year,
        title=policy.title,
        uploaded_by=acting_user,
    )


def policy_draft_publish(*, draft: PolicyDraft, acting_user: User) -> PolicyVersion:
    """Publish a draft: it becomes the version in force from its version date (policystore's service)."""
    with transaction.atomic():
        locked = PolicyDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.published_id is not None:
            raise Conflict(
                gettext("draft %(locked)s was published on %(published_at)s")
                % {"locked": locked.pk, "published_at": locked.published_at}
            )
        version, _ = policy_version_publish(text=locked.source_text, source_name=locked.name, acting_user=acting_user)
        locked.published = version
        locked.published_at = version.loaded_at
        locked.save(update_fields=("published", "published_at"))
    draft.refresh_from_db()
    return version
