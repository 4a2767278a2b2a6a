"""The kinds of timeline event the directory app records (`partnerhub.partners.history.record_event`)."""

from __future__ import annotations

from partnerhub.partners.history import EventKind


class DirectoryEventKind(EventKind):
    DIRECTORY_PROFILE_CHANGED = "directory_profile_changed"
