"""Publishing policy versions (SPEC R1.1, R1.2): validated whole, stored whole, never rewritten."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from partnerhub.policy.load import PolicyError
from partnerhub.policystore.models import PolicyVersion, PolicyVersionEvent
from partnerhub.policystore.selectors import forget_versions, parse_policy_text


def policy_version_load(*, path: Path, acting_user: User | None = None) -> tuple[PolicyVersion, bool]:
    """Store the policy file at `path`. Returns (version, created); the same file again changes nothing.

    A file that fails validation, or that reuses a stored version date with other content, raises
    PolicyError and leaves the database as it was.
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
            if existing.sha256 == digest:
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
