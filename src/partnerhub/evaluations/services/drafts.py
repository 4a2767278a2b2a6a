"""Policy drafts (R1.4): uploaded and validated like a published version, published once."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext

from partnerhub.core.errors import Conflict
from partnerhub.evaluations.models import (
    PolicyDraft,
)
from partnerhub.policy.load import PolicyError, load_policy_text
from partnerhub.policystore.models import PolicyVersion
from partnerhub.policystore.services import policy_version_publish


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
