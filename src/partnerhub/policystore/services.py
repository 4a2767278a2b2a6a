"""Publishing policy versions (docs/policy.md#r1-1, R1.2): validated whole, stored whole, never rewritten."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from partnerhub.policy.diff import differs_only_in_wording
from partnerhub.policy.load import PolicyError
from partnerhub.policy.model import Policy
from partnerhub.policystore.models import PolicyVersion, PolicyVersionEvent
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
